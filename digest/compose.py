"""The multi-article digest: key points, state per topic, timeline, voices, the window's articles."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence, Set
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta, tzinfo
from functools import lru_cache

from .analysis import Analysis, Keywords, TopicMatcher, analyze, stems
from .config import Settings, Topic
from .models import (
    Article,
    ArticleEntry,
    Attribution,
    Digest,
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
from .voices import speaker_aliases

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


@dataclass(frozen=True)
class Window:
    """The span of a digest in naive local time: [start, end); start None means 'from the start'."""

    start: datetime | None
    end: datetime

    def contains(self, moment: datetime) -> bool:
        return moment < self.end and (self.start is None or moment >= self.start)


def day_window(day: date, previous_end: datetime | None, first_days: int) -> Window:
    """A digest for ``day`` covers what came since the previous digest, else ``first_days`` days."""
    end = datetime.combine(day + timedelta(days=1), time())
    start = previous_end if previous_end is not None else end - timedelta(days=first_days)
    return Window(start, end)


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
    for *_, text, article, stem_set in scored:
        if merged.twin(stem_set) is not None:
            merged.add(sourced(text, article), stem_set)
        elif len(merged.kept) < limit and taken[article.id] < KEY_POINTS_PER_ARTICLE:
            merged.add(sourced(text, article), stem_set)
            taken[article.id] += 1
    return merged.items()


def topic_state(topic: Topic, newest_first: Iterable[tuple[datetime, SplitArticle]], new_ids: set[str],
                count: int, threshold: float, shown: frozenset[str] = frozenset(),
                analyses: Mapping[str, Analysis] | None = None) -> TopicState:
    """The latest position on a topic: best matching sentences of the newest article about it.

    Articles are scanned newest first and the scan stops after the day of the
    newest match, so the cost does not grow with the archive. Among that day's
    articles one whose sentence no other topic shows yet (``shown``) is preferred;
    the others that say the same are credited as "also reported by".
    """
    pattern = topic_pattern(topic)
    day = None
    matching = []
    for when, split in newest_first:
        if day is not None and when.date() != day:
            break
        hits = [(s not in shown, n, -i, s) for i, s in enumerate(split.sentences) if (n := pattern.count(s))]
        if hits:
            day = when.date()
            matching.append((split, hits))
    if not matching:
        return TopicState(topic.key, topic.label, (), False, None)
    latest, hits = next((m for m in matching if any(h[0] for h in m[1])), matching[0])
    best = sorted(hits, reverse=True)[:count]
    article = latest.article
    chosen = [sourced(s, article) for *_, s in sorted(best, key=lambda h: -h[2])]
    def stems_of(split: SplitArticle, text: str) -> frozenset[str]:
        analysis = (analyses or {}).get(split.article.id)
        if analysis is not None:
            return analysis.stems[split.sentences.index(text)]
        return stems(text, split.article.language)

    merged = SameStatement(threshold)
    for item in chosen:
        merged.keep(item, stems_of(latest, item.text))
    for split, other_hits in matching:
        if split is latest:
            continue
        for *_, text in other_hits:
            stem_set = stems_of(split, text)
            if merged.twin(stem_set) is not None:
                merged.add(sourced(text, split.article), stem_set)
    return TopicState(topic.key, topic.label, merged.items(), article.id in new_ids, article.published)


def topic_states(topics: Sequence[Topic], newest_first: Iterable[tuple[datetime, SplitArticle]],
                 new_ids: set[str], count: int, threshold: float,
                 by_topic: Mapping[str, Iterable[tuple[datetime, SplitArticle]]] | None = None,
                 analyses: Mapping[str, Analysis] | None = None) -> tuple[TopicState, ...]:
    """The state of every topic, in configured order, each sentence shown for one topic only."""
    states: list[TopicState] = []
    shown: set[str] = set()
    for topic in topics:
        candidates = (by_topic or {}).get(topic.key, newest_first)
        state = topic_state(topic, candidates, new_ids, count, threshold, frozenset(shown), analyses)
        shown.update(s.text for s in state.sentences)
        states.append(state)
    return tuple(states)


def article_events(split: SplitArticle, analysis: Analysis, tz: tzinfo) -> list[tuple[TimelineEvent, int]]:
    """An article's main event (its lead, at its date) and the dated mentions in its text,
    each with the index of its sentence."""
    article = split.article
    sentences = split.sentences
    if not sentences:
        return []
    events = [(TimelineEvent(placed_date(article, tz), sourced(sentences[0], article)), 0)]
    for index, mention in analysis.mentions:
        when = PublicationDate(mention.value, mention.precision, "text")
        events.append((TimelineEvent(when, sourced(sentences[index], article)), index))
    return events


def timeline(articles: Iterable[SplitArticle], end: datetime, tz: tzinfo, threshold: float,
             limit: int | None = None, analyses: Mapping[str, Analysis] | None = None,
             aliases: Mapping[str, str] | None = None) -> tuple[TimelineEvent, ...]:
    """Dated events before ``end``, newest first; the same event from several sources once."""
    events = []
    for split in articles:
        analysis = (analyses or {}).get(split.article.id) or analyze(split, aliases or {})
        for event, index in article_events(split, analysis, tz):
            if event.when.value is not None and event.when.value < end:
                events.append((event, analysis.stems[index]))
    events.sort(key=lambda e: (e[0].when.value, e[0].sentence.article_id), reverse=True)
    groups: dict[tuple[datetime | None, Precision], SameStatement] = {}
    order: list[tuple[PublicationDate, tuple[datetime | None, Precision], int]] = []
    for event, stem_set in events:
        key = (event.when.value, event.when.precision)
        group = groups.setdefault(key, SameStatement(threshold))
        if group.add(event.sentence, stem_set):
            order.append((event.when, key, len(group.kept) - 1))
    if limit is not None:
        order = order[:limit]
    return tuple(TimelineEvent(when, groups[key].kept[i][0]) for when, key, i in order)


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
    shown, result = 0, []
    for *_, speaker, statements in groups:
        if shown >= limit:
            break
        statements = statements[: limit - shown]
        shown += len(statements)
        result.append(SpeakerVoices(speaker, statements))
    return tuple(result)


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
    return Selection(new, known, len(known))


def compose(selection: Selection, summaries: Mapping[str, Summary], day: date, window: Window,
            settings: Settings, *, skipped: Sequence[Skipped], tz: tzinfo,
            analyses: Mapping[str, Analysis] | None = None) -> Digest:
    """Build the digest for ``day``: the state as of the day, and what is new in the window.

    ``analyses`` are the stored analyses of the window's articles; missing ones are made here.
    """
    options = settings.digest
    threshold = settings.similarity.sentence
    new = selection.new
    new_ids = {s.article.id for s in new}
    aliases = speaker_aliases((s.name, s.aliases) for s in settings.speakers)
    known = analyses or {}
    topics = topic_matcher(settings.topics)
    analyses = {s.article.id: known.get(s.article.id) or analyze(s, aliases, topics) for s in new}
    return Digest(
        date=day,
        window_start=window.start,
        window_end=window.end,
        language=settings.language,
        key_points=key_points(new, options.key_points, topics, threshold, analyses),
        topics=topic_states(settings.topics, selection.newest_first, new_ids, options.topic_sentences,
                            threshold, selection.by_topic, analyses),
        articles=tuple(ArticleEntry(s.article, summaries[s.article.id]) for s in new),
        skipped=tuple(skipped),
        sources=tuple(sorted({src for s in new for src in (s.article.source, *s.article.other_sources)
                              if src})),
        total_articles=selection.total,
        timeline=timeline(new, window.end, tz, threshold, options.timeline_events, analyses),
        voices=voices(new, analyses, tz, threshold, options.voices, options.voices_per_speaker),
    )
