"""The multi-article digest: key points, state per topic, timeline, voices, the window's articles."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence, Set
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import lru_cache

from .analysis import Analysis, Keywords, TopicMatcher, analyze
from .chronicle import Pick, Placed, choose
from .config import Settings, Topic
from .models import (
    Article,
    ArticleEntry,
    Attribution,
    Digest,
    PartyPosition,
    Precision,
    PublicationDate,
    Skipped,
    Sourced,
    SpeakerVoices,
    SplitArticle,
    Summary,
    TimelineEvent,
    TopicState,
    Voice,
)
from .parties import Dated, Parties, TopicWords, batched, dated, parties_of, speaks_for
from .standalone import needs_predecessor
from .voices import speaker_aliases
from .window import Window, day_window  # noqa: F401 - day_window re-exported: callers import it from here

WORD = re.compile(r"\w[\w-]*\w|\w", re.UNICODE)

#: Key-point candidates shorter or longer than this (in words) are passed over.
MIN_KEY_WORDS, MAX_KEY_WORDS = 6, 60
#: How fast a sentence's weight falls with its position in the article (lead first).
POSITION_DECAY = 0.25
#: At most this many key points come from one article.
KEY_POINTS_PER_ARTICLE = 2
#: A quote is shown on its own only when it makes up at least this share of its sentence;
#: a shorter one ("„Ultimaten gestellt“") means nothing without the rest of the sentence.
QUOTE_SHARE = 0.7
#: A topic's state looks at most this many articles that speak of it (newest first).
STATE_SCAN = 60
#: A sentence that names a date this long before its article's is background, not a position.
BACKGROUND = timedelta(days=365)
YEAR = re.compile(r"(?<![\w.,])((?:19|20)\d\d)(?![\w.,]\d|\w)")


def effective_date(article: Article, tz: tzinfo) -> datetime:
    """When an article counts: its publication date if known, else its arrival (local time)."""
    return placed_at(article.published.value, article.received_at, tz)


def placed_at(published: datetime | None, received_at: datetime, tz: tzinfo) -> datetime:
    """Publication time if known, else arrival time in local time (naive)."""
    if published is not None:
        return published
    return received_at.astimezone(tz).replace(tzinfo=None)


def placed_date(article: Article, tz: tzinfo) -> PublicationDate:
    """The publication date, or the arrival day marked as such (origin 'arrival')."""
    if article.published.known:
        return article.published
    return PublicationDate(effective_date(article, tz), Precision.DAY, "arrival")


def topic_pattern(topic: Topic) -> Keywords:
    """A topic's keywords: they match case-insensitively at the start of a word."""
    return Keywords(topic.keywords)


def topic_matcher(topics: Sequence[Topic]) -> TopicMatcher:
    """All topics' keywords, to find which topics each sentence speaks of."""
    return _matcher(tuple(tuple(t.keywords) for t in topics))


@lru_cache(maxsize=16)
def _matcher(keywords: tuple[tuple[str, ...], ...]) -> TopicMatcher:
    """One matcher per set of keywords: pick-up asks for it for every article, and building it
    (sorting and compiling each topic's keywords) cost as much as 2% of reading an article."""
    return TopicMatcher(keywords)


def sourced(text: str, article: Article, also: tuple[str, ...] = ()) -> Sourced:
    """A sentence with the article it comes from; near-duplicate copies' sources count as 'also'."""
    others = tuple(s for s in article.other_sources if s != article.source and s not in also)
    return Sourced(text, article.id, article.title, article.source, article.published,
                   article.received_at, also + others)


def with_also(item: Sourced, source: str | None) -> Sourced:
    """The item with one more source that reported the same, unless it is already named."""
    if not source or source == item.source or source in item.also:
        return item
    return replace(item, also=item.also + (source,))


class SameStatement:
    """Greedy merging of sentences that say the same thing (stem Jaccard ≥ threshold).

    Kept sentences are indexed by a prefix of their stems (prefix filtering): two sets
    with Jaccard ≥ t share a stem among the first n - ⌈t·n⌉ + 1 of each (n its size,
    stems in one fixed order), so a new sentence is compared only with kept ones that
    share such a stem, not with all of them. Which twin is found does not change.
    """

    def __init__(self, threshold: float):
        self.threshold = threshold
        self.kept: list[tuple[Sourced, frozenset[str]]] = []
        self._by_stem: dict[str, list[int]] = {}

    def _prefix(self, stem_set: frozenset[str]) -> list[str]:
        size = len(stem_set) - math.ceil(self.threshold * len(stem_set) - 1e-9) + 1
        return sorted(stem_set)[:size]

    def keep(self, item: Sourced, stem_set: frozenset[str]) -> None:
        """Keep a sentence (as a new statement)."""
        index = len(self.kept)
        self.kept.append((item, stem_set))
        for stem in self._prefix(stem_set):
            self._by_stem.setdefault(stem, []).append(index)

    def twin(self, stem_set: frozenset[str]) -> int | None:
        """Index of a kept sentence that says the same, if any (the first one kept)."""
        threshold, size = self.threshold, len(stem_set)
        if threshold <= 0:
            return 0 if self.kept else None  # everything is the same
        candidates = {i for stem in self._prefix(stem_set) for i in self._by_stem.get(stem, ())}
        for i in sorted(candidates):
            kept = self.kept[i][1]
            other = len(kept)
            # Jaccard is at most the smaller size over the larger: most pairs need no intersection
            if min(size, other) < threshold * max(size, other) - 1e-9:
                continue
            common = len(kept & stem_set)
            union = size + other - common
            if (common / union if union else 0.0) >= threshold:
                return i
        return None

    def add(self, item: Sourced, stem_set: frozenset[str]) -> bool:
        """Keep the item, or credit its source to the sentence it repeats; True if kept."""
        i = self.twin(stem_set)
        if i is None:
            self.keep(item, stem_set)
            return True
        kept, kept_stems = self.kept[i]
        self.kept[i] = (with_also(kept, item.source), kept_stems)
        return False

    def items(self) -> tuple[Sourced, ...]:
        return tuple(item for item, _ in self.kept)


def key_points(window: Sequence[SplitArticle], limit: int, topics: TopicMatcher,
               threshold: float, analyses: Mapping[str, Analysis]) -> tuple[Sourced, ...]:
    """The sentences that matter most across the window's articles, each statement once.

    Linear in the number of sentences: a sentence scores by how many articles
    of the window share its word stems (what many report matters), weighted
    towards the lead of its article, plus a bonus per topic it touches. Picks
    are greedy; a candidate that says what a pick says adds its source to it.
    """
    candidates = []
    per_article: dict[str, set[str]] = {}
    for split in window:
        analysis = analyses[split.article.id]
        counts = analysis.topic_counts  # stored at pick-up when the topics were the same
        for position, text in enumerate(split.sentences):
            stem_set = analysis.stems[position]
            per_article.setdefault(split.article.id, set()).update(stem_set)
            if MIN_KEY_WORDS <= len(text.split()) <= MAX_KEY_WORDS and not text.rstrip().endswith("?"):
                touched = counts[position] if counts else len(topics.hits(text))
                candidates.append((split.article, position, text, stem_set, touched))
    spread = Counter(s for stem_set in per_article.values() for s in stem_set)
    scored = []
    for article, position, text, stem_set, touched in candidates:
        if not stem_set:
            continue
        centrality = sum(spread[s] for s in stem_set) / math.sqrt(len(stem_set))
        lead = 1 / (1 + POSITION_DECAY * position)
        score = centrality * lead * (1 + 0.25 * touched)
        scored.append((-score, article.id, position, text, article, stem_set))
    scored.sort(key=lambda c: c[:3])
    merged = SameStatement(threshold)
    taken: Counter[str] = Counter()
    for _, _, position, text, article, stem_set in scored:
        if merged.twin(stem_set) is not None:
            merged.add(sourced(text, article), stem_set)
        elif (len(merged.kept) < limit and taken[article.id] < KEY_POINTS_PER_ARTICLE
              and (position == 0 or not needs_predecessor(text, article.language))):
            merged.add(sourced(text, article), stem_set)
            taken[article.id] += 1
    return merged.items()


@dataclass(frozen=True)
class _Said:
    """A sentence of an article that speaks of a topic, for a party (None: a reported fact)."""

    party: str | None
    speaker: str | None
    item: Sourced
    stems: frozenset[str]
    dated: Dated
    is_new: bool

    @property
    def order(self) -> tuple[bool, datetime]:
        """Newer first; an unknown date below every known one."""
        return (self.dated.key is not None, self.dated.key or datetime.min)


def standalone(text: str, speaker: str | None, language: str) -> str | None:
    """The sentence as it can stand alone: as it is, with its opening pronoun resolved in
    brackets ("Er [Donald Trump] …"), or None when it needs the sentence before it."""
    if not needs_predecessor(text, language):
        return text
    first, _, rest = text.partition(" ")
    if speaker is None or first.lower() not in ("er", "sie", "he", "she") or not rest:
        return None
    return f"{first} [{speaker}] {rest}" if not needs_predecessor(f"{speaker} {rest}", language) else None


def _said(split: SplitArticle, words: TopicWords, shown: frozenset[str], context: _StateContext,
          is_new: bool) -> list[_Said]:
    """Per party (and for the facts), the article's best sentence on the topic that stands alone."""
    article = split.article
    stored = context.analyses.get(article.id)
    if stored is not None and stored.topic_counts and not any(stored.topic_counts):
        return []  # speaks of no topic (as matched at pick-up)
    if not words.keywords.search("\n".join(split.sentences)):
        return []  # one search of the whole text before one per sentence
    counts = {i: n for i, text in enumerate(split.sentences)
              if text not in shown and (n := words.count(text))}
    if not counts:  # the analysis of an older article is made only when it speaks of the topic
        return []
    analysis = stored or context.analyzed(split)
    speakers = dict(analysis.attributions)
    known = context.judged is None or article.id in context.judged
    alone = known and article.received_at not in context.batch
    when = dated(article, context.tz, alone, [m for _, m in analysis.mentions])
    background = _background(split, analysis, when.key or placed_at(None, article.received_at, context.tz))
    best: dict[str | None, tuple[tuple[int, bool, int], int, str, str | None]] = {}
    for index, hits in counts.items():
        if index in background:
            continue
        text = split.sentences[index]
        speaker = speakers[index].speaker if index in speakers else None
        side = speaks_for(text, speaker, context.parties, article.language)
        party, who = side if side is not None else (None, None)
        shown_text = standalone(text, speaker, article.language) if index else text
        rank = (hits, speaker is None, -index)  # most hits; a party as the subject states its stance
        if shown_text is not None and (party not in best or rank > best[party][0]):
            best[party] = (rank, index, shown_text, who)
    return [_Said(party, who, sourced(text, article), analysis.stems[index], when, is_new)
            for party, (_, index, text, who) in best.items()]


def _background(split: SplitArticle, analysis: Analysis, reference: datetime) -> set[int]:
    """Sentences that tell of a date long before their article's (background, not a position):
    a dated mention over BACKGROUND before it, or a bare year two or more years before its year."""
    old = {i for i, mention in analysis.mentions if mention.value < reference - BACKGROUND}
    return old | {i for i, text in enumerate(split.sentences)
                  if any(int(y) <= reference.year - 2 for y in YEAR.findall(text))}


@dataclass
class _Latest:
    """The newest sentence per party, and the newest from before this digest."""

    latest: dict[str | None, _Said] = field(default_factory=dict)
    before: dict[str | None, _Said] = field(default_factory=dict)
    undated: dict[str | None, _Said] = field(default_factory=dict)  # newest arrived of unknown date
    seen: list[_Said] = field(default_factory=list)

    def add(self, said: _Said) -> None:
        self.seen.append(said)
        if said.dated.key is None:
            self.undated.setdefault(said.party, said)
        for slot in (self.latest, self.before) if not said.is_new else (self.latest,):
            if said.party not in slot or said.order > slot[said.party].order:
                slot[said.party] = said

    def settled(self, sides: Sequence[str | None], when: datetime) -> bool:
        """True when nothing placed at ``when`` or before can change any side's positions."""
        def holds(said: _Said | None) -> bool:
            return said is not None and said.dated.key is not None and said.dated.key > when
        return all(holds(self.latest.get(s)) and (not self.latest[s].is_new or holds(self.before.get(s)))
                   for s in sides)


@dataclass(frozen=True)
class _StateContext:
    """What every topic's state needs besides the topic: parties, analyses, how to date articles."""

    parties: Parties
    analyses: Mapping[str, Analysis]
    tz: tzinfo
    batch: frozenset[datetime]
    judged: frozenset[str] | None = None  # articles whose batch is known (None: all)
    aliases: Mapping[str, str] = field(default_factory=dict)
    made: dict[str, Analysis] = field(default_factory=dict)  # analyses of older articles, made here
    stored: Mapping[str, Analysis] = field(default_factory=dict)  # what the caller has (or reads) of others

    def analyzed(self, split: SplitArticle) -> Analysis:
        """The stored analysis of an article, or one made here once (when none is stored)."""
        article_id = split.article.id
        if article_id not in self.made:
            self.made[article_id] = self.stored.get(article_id) or analyze(split, self.aliases)
        return self.made[article_id]


def _position(said: _Said, found: _Latest, threshold: float) -> PartyPosition:
    """A side's latest position, credited to the sources that say the same, with its previous one."""
    merged = SameStatement(threshold)
    merged.keep(said.item, said.stems)
    for other in found.seen:
        if other.item.article_id != said.item.article_id and merged.twin(other.stems) is not None:
            merged.add(other.item, other.stems)
    before = found.before.get(said.party)
    changed = said.is_new and before is not None and before.item.text != said.item.text
    previous = before.item if changed and before is not None else None
    return PartyPosition(said.party, said.speaker, merged.items()[0], said.is_new, said.dated.since,
                         said.dated.estimated, previous)


def _chosen(found: _Latest) -> list[_Said]:
    """Each side's newest position, newest side first (the newest fact when no party spoke). A
    position of unknown date follows an estimated one: neither is known to be newer."""
    sides = [p for p in found.latest if p is not None] or [p for p in found.latest if p is None]
    chosen = []
    for said in sorted((found.latest[p] for p in sides), key=lambda s: s.order, reverse=True):
        chosen.append(said)
        other = found.undated.get(said.party)
        if said.dated.estimated is not None and other is not None and other.item.text != said.item.text:
            chosen.append(other)
    return chosen


def topic_state(topic: Topic, newest_first: Iterable[tuple[datetime, SplitArticle]], new_ids: set[str],
                count: int, threshold: float, shown: frozenset[str] = frozenset(),
                analyses: Mapping[str, Analysis] | None = None, *,
                context: _StateContext | None = None) -> TopicState:
    """Where each party stands on a topic: its newest position (see digest.parties for how
    positions are dated), newest party first; the newest reported fact when no party spoke.

    Articles are scanned newest first; the scan stops when no older article can change a
    side's position, or after STATE_SCAN articles that speak of the topic.
    """
    context = context or _StateContext(parties_of(Settings()), analyses or {}, UTC, frozenset())
    words, found, scanned = TopicWords(topic), _Latest(), 0
    sides: tuple[str | None, ...] = (*context.parties.order, None)
    for when, split in newest_first:
        if scanned >= STATE_SCAN or (scanned and found.settled(sides, when)):
            break
        said = _said(split, words, shown, context, split.article.id in new_ids)
        scanned += bool(said)
        for item in said:
            found.add(item)
    positions = tuple(_position(said, found, threshold) for said in _chosen(found))
    if not positions:
        return TopicState(topic.key, topic.label, (), False, None)
    newest = positions[0].sentence
    return TopicState(topic.key, topic.label, tuple(p.sentence for p in positions),
                      any(p.is_new for p in positions), newest.published, positions)


def topic_states(topics: Sequence[Topic], newest_first: Iterable[tuple[datetime, SplitArticle]],
                 new_ids: set[str], count: int, threshold: float,
                 by_topic: Mapping[str, Iterable[tuple[datetime, SplitArticle]]] | None = None,
                 analyses: Mapping[str, Analysis] | None = None,
                 context: _StateContext | None = None) -> tuple[TopicState, ...]:
    """The state of every topic, in configured order, each sentence shown for one topic only."""
    states: list[TopicState] = []
    shown: set[str] = set()
    for topic in topics:
        candidates = (by_topic or {}).get(topic.key, newest_first)
        state = topic_state(topic, candidates, new_ids, count, threshold, frozenset(shown), analyses,
                            context=context)
        shown.update(s.text for s in state.sentences)
        shown.update(p.sentence.text.replace(f" [{p.speaker}]", "") for p in state.positions if p.speaker)
        states.append(state)
    return tuple(states)


def _placed(split: SplitArticle, analysis: Analysis, tz: tzinfo) -> Placed:
    """An article on the day it is published (known to the day), or in its month when only that is
    known; an undated article is on no day (its arrival says nothing about its news)."""
    when = placed_date(split.article, tz)
    if when.value is None or when.origin == "arrival":
        return Placed(split, analysis, None)
    if when.precision in (Precision.DAY, Precision.MINUTE):
        return Placed(split, analysis, when.value.date())
    month = when.value.date().replace(day=1) if when.precision == Precision.MONTH else None
    return Placed(split, analysis, None, month)


def _event(pick: Pick, item: Placed, items: Sequence[Placed]) -> TimelineEvent:
    """A chosen sentence as a dated event: on its article's own day (as dated), else named in its text."""
    article = item.split.article
    own = article.published.origin if article.published.known else "arrival"
    origin = own if pick.day in (item.day, item.month) else "text"
    when = PublicationDate(datetime.combine(pick.day, time()), pick.precision, origin)
    also = tuple(dict.fromkeys(s for n in pick.also for s in (items[n].split.article.source,) if s))
    item_sourced = sourced(item.split.sentences[pick.index], article)
    for source in also:
        item_sourced = with_also(item_sourced, source)
    return TimelineEvent(when, item_sourced)


def timeline(articles: Iterable[SplitArticle], end: datetime, tz: tzinfo, threshold: float,
             limit: int | None = None, analyses: Mapping[str, Analysis] | None = None,
             aliases: Mapping[str, str] | None = None, *, start: datetime | None = None,
             dates: int | None = None, per_date: int = 1) -> tuple[TimelineEvent, ...]:
    """The most important days before ``end`` (from ``start``), newest first, each with its
    most central sentences (see chronicle); at most ``limit`` sentences in all."""
    known = analyses or {}
    items = [_placed(s, known.get(s.article.id) or analyze(s, aliases or {}), tz) for s in articles]
    last = (end - timedelta(microseconds=1)).date()
    picks = choose(items, last, first=start.date() if start is not None else None, dates=dates,
                   per_date=per_date, threshold=threshold)
    events = tuple(_event(pick, items[pick.article], items) for pick in picks)
    return events if limit is None else events[:limit]


def shown_voice(attribution: Attribution, article: Article) -> Voice:
    """The statement as shown: the quote when it carries the sentence, else the whole sentence."""
    quote_words = len(attribution.statement.split())
    if attribution.is_quote and quote_words >= QUOTE_SHARE * len(attribution.sentence.split()):
        return Voice(attribution.statement, True, sourced(attribution.sentence, article))
    return Voice(attribution.sentence, False, sourced(attribution.sentence, article))


def voices(window: Sequence[SplitArticle], analyses: Mapping[str, Analysis], tz: tzinfo, threshold: float,
           limit: int, per_speaker: int) -> tuple[SpeakerVoices, ...]:
    """Attributed statements of the window, grouped by speaker, newest first."""
    found: dict[str, list[tuple[datetime, str, int, Voice, frozenset[str]]]] = {}
    for split in window:
        article = split.article
        when = effective_date(article, tz)
        analysis = analyses[article.id]
        for index, attribution in analysis.attributions:
            voice = shown_voice(attribution, article)
            if not voice.is_quote and index:  # a whole sentence is shown: it must stand on its own
                text = standalone(voice.statement, attribution.speaker, article.language)
                if text is None:
                    continue
                voice = replace(voice, statement=text)
            stem_set = analysis.stems[index]
            found.setdefault(attribution.speaker, []).append((when, article.id, index, voice, stem_set))
    groups = []
    for speaker, items in found.items():
        items.sort(key=lambda v: (-v[0].timestamp(), v[1], v[2]))
        merged = SameStatement(threshold)
        statements: list[Voice] = []
        for *_, voice, stem_set in items:
            if merged.add(voice.sentence, stem_set):
                statements.append(voice)
            else:
                i = merged.twin(stem_set)
                statements[i] = replace(statements[i], sentence=merged.kept[i][0])
        groups.append((items[0][0], len(statements), speaker, tuple(statements[:per_speaker])))
    groups.sort(key=lambda g: (-g[0].timestamp(), -g[1], g[2]))
    counts = spread([len(statements) for *_, statements in groups], limit)
    return tuple(SpeakerVoices(speaker, statements[:n])
                 for (*_, speaker, statements), n in zip(groups, counts, strict=True) if n)


def spread(available: Sequence[int], limit: int) -> list[int]:
    """How many statements each speaker gets: one each in order before anyone gets a second, and
    so on, at most ``limit`` in all."""
    counts = [0] * len(available)
    left = limit
    for round_ in range(max(available, default=0)):
        for i, have in enumerate(available):
            if left and have > round_:
                counts[i] += 1
                left -= 1
    return counts


@dataclass(frozen=True)
class Selection:
    """The articles a digest needs: those new in its window, and all known up to its end, newest first.

    ``newest_first`` may be lazy (the store loads pages as a scan goes on); it is
    iterated once per topic, each time from the newest, and a topic stops early.
    """

    new: tuple[SplitArticle, ...]
    newest_first: Iterable[tuple[datetime, SplitArticle]]
    total: int
    #: per topic key, only the articles that may speak of it (from the store's topic index)
    by_topic: Mapping[str, Iterable[tuple[datetime, SplitArticle]]] = field(default_factory=dict)
    #: when each known article arrived (to tell batches); empty: only the new ones' are known, and
    #: an older undated article's arrival is not taken for its publication
    arrivals: tuple[datetime, ...] = ()


def select(articles: Iterable[SplitArticle], window: Window, tz: tzinfo,
           late: Set[str] = frozenset()) -> Selection:
    """Choose the articles of a digest from articles held in memory.

    New are the articles dated in the window, and the ``late`` ones: taken in since
    the previous digest was written although dated before its window ended.
    """
    dated = [(effective_date(a.article, tz), a) for a in articles]
    known = sorted(((when, a) for when, a in dated if when < window.end),
                   key=lambda pair: (pair[0], pair[1].article.id), reverse=True)
    new = tuple(a for when, a in known if window.contains(when) or a.article.id in late)
    return Selection(new, known, len(known), arrivals=tuple(a.article.received_at for _, a in known))


def compose(selection: Selection, summaries: Mapping[str, Summary], day: date, window: Window,
            settings: Settings, *, skipped: Sequence[Skipped], tz: tzinfo,
            analyses: Mapping[str, Analysis] | None = None) -> Digest:
    """Build the digest for ``day``: the state as of the day, and what is new in the window.

    ``analyses`` are the stored analyses of the window's articles; missing ones are made here.
    An older article's analysis, when the state needs it, is asked of ``analyses`` too (the
    pipeline's mapping reads it from the store) and made here only when it has none.
    """
    options = settings.digest
    threshold = settings.similarity.sentence
    new = selection.new
    new_ids = {s.article.id for s in new}
    aliases = speaker_aliases((s.name, s.aliases) for s in settings.speakers)
    known = analyses or {}
    topics = topic_matcher(settings.topics)
    analyses = {s.article.id: known.get(s.article.id) or analyze(s, aliases, topics) for s in new}
    arrivals = selection.arrivals or tuple(s.article.received_at for s in new)
    judged = None if selection.arrivals else frozenset(new_ids)  # else only the window's are known
    context = _StateContext(parties_of(settings), analyses, tz, batched(arrivals), judged, aliases,
                            stored=known)
    return Digest(
        date=day,
        window_start=window.start,
        window_end=window.end,
        language=settings.language,
        key_points=key_points(new, options.key_points, topics, threshold, analyses),
        topics=topic_states(settings.topics, selection.newest_first, new_ids, options.topic_sentences,
                            threshold, selection.by_topic, analyses, context),
        articles=tuple(ArticleEntry(s.article, summaries[s.article.id]) for s in new),
        skipped=tuple(skipped),
        sources=tuple(sorted({src for s in new for src in (s.article.source, *s.article.other_sources)
                              if src})),
        total_articles=selection.total,
        timeline=timeline(new, window.end, tz, threshold, options.timeline_events, analyses,
                          dates=options.timeline_dates, per_date=options.timeline_per_date),
        voices=voices(new, analyses, tz, threshold, options.voices, options.voices_per_speaker),
    )
