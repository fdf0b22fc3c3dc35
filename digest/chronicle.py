"""Choosing a timeline: the days that matter most in a set of articles, and what to say about each.

Unsupervised, from what pick-up stored (the sentences' stems and their dated mentions):

* **The story.** Every candidate sentence (below) is a TF-IDF vector over stems; their centroid
  is the story. A sentence's relevance is its cosine to it: radio listings, ads and asides
  that landed in the inbox are far from it.
* **Which days.** A day counts the articles that name it to the day (an event mentioned
  later: "on 20 April", "yesterday", "died on Thursday") and the articles published on it,
  each by its relevance (that of its most relevant sentence naming the day, or of its most
  relevant lead sentence). A month, season or year named in a sentence ("in June 2010") counts
  its articles the same way, spread over the days of its span, so it helps the days it covers
  but is never shown as a day. A day
  named after its article's publication is an announcement, not an event, and counts for
  nothing. An article whose publication is known only to the month speaks for its month: the
  month competes with the days by its articles (as a day by those published on it) and, when
  chosen, is shown as the month, never as a day. An undated article is on no day.
* **What to say.** A day's candidates are the sentences naming it and the first
  :data:`LEAD_SENTENCES` sentences (naming no other day) of the articles published on it, or
  on the day after when that day is not in the timeline itself (:data:`LEAD_DAYS`). Each is
  scored by its cosine to the day's centroid (the mean of the naming sentences' centroid and
  the lead sentences'), times its relevance squared, divided by its position in its article
  (:data:`POSITION_DECAY`). The best are taken greedily, passing over one that says the same
  as one taken (stem Jaccard at the configured sentence similarity; its source is named as
  'also') and one that needs the sentence before it ("Nun reagiert Russland.").
* **No sentence twice.** Days are filled in order of importance; a sentence (or its exact
  text in another article) chosen for one day is not offered to another, and a sentence
  repeated word for word in articles of :data:`BOILERPLATE_DAYS` or more publication days is
  page furniture nobody removed, not news of a day.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from .analysis import Analysis
from .models import Precision, SplitArticle
from .similarity import jaccard
from .standalone import needs_predecessor

__all__ = ["LEAD_SENTENCES", "Month", "Pick", "Placed", "choose", "default_dates"]

LEAD_SENTENCES = 5
"""How many of an article's first sentences speak for its publication day (news put the event first)."""

LEAD_DAYS = 2
"""An article's lead sentences speak for its publication day and, when that day is not in the
timeline, for the days before it, this many in all: news of a morning reports the day before."""

RELEVANCE_POWER_DAY, RELEVANCE_POWER_SENTENCE = 1, 2
"""How much relevance to the story (cosine to the centroid of every candidate sentence) counts: a
day's articles and naming sentences count by their relevance to this power; a sentence's
centrality within its day is multiplied by it to this power (off-topic listings, ads and asides
that share a day's words lose)."""

POSITION_DECAY = 0.1
"""A sentence's score is divided by 1 + this times its position in its article (leads first)."""

BOILERPLATE_DAYS = 3
"""A sentence found word for word in articles of this many publication days is furniture, not news."""

MIN_WORDS, MAX_WORDS = 6, 60
"""Shorter sentences say too little alone, longer ones are lists or run-ons of the page."""

_DAY_PRECISIONS = frozenset({Precision.DAY, Precision.MINUTE})
_SPANS = frozenset({Precision.MONTH, Precision.SEASON, Precision.YEAR})

Key = tuple[int, int]  # (article number, sentence index)


@dataclass(frozen=True, order=True)
class Month:
    """A month as a timeline entry: that of articles whose publication is known only to the month."""

    start: date  # its first day

    def toordinal(self) -> int:
        """The ordinal of its first day (a month sorts with the 1st, before the days after it)."""
        return self.start.toordinal()


Entry = date | Month


@dataclass(frozen=True)
class Placed:
    """An article as a timeline sees it: its sentences, their analysis, and the day it is placed on."""

    split: SplitArticle
    analysis: Analysis
    day: date | None  # publication day; None when not known to the day
    month: date | None = None  # first day of the publication month when only the month is known


@dataclass(frozen=True)
class Pick:
    """A chosen sentence: its day (the first of its month when ``precision`` is MONTH), article
    number (in the input), sentence index, and the numbers of other articles with a sentence of
    that day saying the same."""

    day: date
    article: int
    index: int
    also: tuple[int, ...] = ()
    precision: Precision = Precision.DAY


@dataclass
class _Pool:
    """Each day's candidates (its articles' leads, the sentences naming it); the sentences naming spans."""

    spans: defaultdict[tuple[date, date], list[Key]]
    named: defaultdict[Entry, list[Key]]
    lead: defaultdict[Entry, list[Key]]


def default_dates(days_with_news: int) -> int:
    """How many dates a timeline shows when not told: the square root of the days with news, rounded up."""
    return math.ceil(math.sqrt(days_with_news)) if days_with_news > 0 else 0


def _in_window(day: date, first: date | None, last: date) -> bool:
    """Whether a day lies within first..last (no lower bound without first)."""
    return day <= last and (first is None or day >= first)


def _span(value: datetime, precision: Precision) -> tuple[date, date]:
    """The first day of a month, season or year mention and the first day after it."""
    start = value.date()
    months = {Precision.MONTH: 1, Precision.SEASON: 3}.get(precision, 12)
    month = start.month - 1 + months
    return start, date(start.year + month // 12, month % 12 + 1, 1)


def _spread(weight: Counter[Entry], spans: dict[tuple[date, date], float], first: date | None,
            last: date) -> None:
    """Each span's weight, spread evenly over its days, added to the days within first..last."""
    for (start, end), total in spans.items():
        share = total / (end - start).days
        day = max(start, first) if first is not None else start
        while day < end and day <= last:
            weight[day] += share
            day += timedelta(days=1)


def _add_mentions(pool: _Pool, number: int, item: Placed, first: date | None, last: date) -> set[int]:
    """File an article's dated mentions under their days and spans; the sentences naming a day."""
    naming: set[int] = set()
    for index, mention in item.analysis.mentions:
        day = mention.value.date()
        if item.day is not None and day > item.day:
            continue  # announced, not happened (yet)
        if mention.precision in _DAY_PRECISIONS:
            naming.add(index)
            if _in_window(day, first, last):
                pool.named[day].append((number, index))
        elif mention.precision in _SPANS:
            pool.spans[_span(mention.value, mention.precision)].append((number, index))
    return naming


def _entry(item: Placed, first: date | None, last: date) -> Entry | None:
    """The day an article is published on, or its month when only that is known, within first..last."""
    if item.day is not None:
        return item.day if _in_window(item.day, first, last) else None
    if item.month is None:
        return None
    end = _span(datetime.combine(item.month, datetime.min.time()), Precision.MONTH)[1]
    return Month(item.month) if item.month <= last and (first is None or end > first) else None


def _pool(items: Sequence[Placed], first: date | None, last: date) -> _Pool:
    """Every day's weight and candidates."""
    pool = _Pool(defaultdict(list), defaultdict(list), defaultdict(list))
    for number, item in enumerate(items):
        naming = _add_mentions(pool, number, item, first, last)
        entry = _entry(item, first, last)
        if entry is None:
            continue
        leads = (i for i in range(min(LEAD_SENTENCES, len(item.split.sentences))) if i not in naming)
        pool.lead[entry].extend((number, i) for i in leads)
    return pool


def _by_article(keys: Iterable[Key], relevance: Callable[[Key], float]) -> float:
    """The sum over the articles of keys of the relevance of each article's most relevant key."""
    best: dict[int, float] = {}
    for key in keys:
        best[key[0]] = max(best.get(key[0], 0.0), relevance(key))
    return sum(best.values())


def _weights(pool: _Pool, vectors: _Vectors, first: date | None, last: date,
             ) -> tuple[Counter[Entry], dict[str, float]]:
    """How much each day matters, and the story's centroid (of every candidate sentence).

    A day counts the articles naming it and the articles published on it, each by its relevance
    to the story (by its most relevant sentence naming the day, or its most relevant lead
    sentence: the same measure for both, so an article published on a day counts as much as one
    naming it), and the spans over it (the articles naming a span by the same measure, spread
    over its days).
    """
    every = [k for keys in (*pool.named.values(), *pool.lead.values()) for k in keys]
    story = _centroid(map(vectors, every))
    known = {k: _cosine(vectors(k), story) ** RELEVANCE_POWER_DAY for k in every}

    def relevance(key: Key) -> float:
        if key not in known:
            known[key] = _cosine(vectors(key), story) ** RELEVANCE_POWER_DAY
        return known[key]

    weight: Counter[Entry] = Counter()
    _spread(weight, {span: _by_article(keys, relevance) for span, keys in pool.spans.items()}, first, last)
    for day, keys in pool.named.items():
        weight[day] += _by_article(keys, relevance)
    for day, keys in pool.lead.items():  # the articles published on the day, by their leads
        weight[day] += _by_article(keys, relevance)
    return weight, story


def _score(vector: dict[str, float], position: int, centroid: dict[str, float], story: dict[str, float],
           ) -> float:
    """A candidate's centrality in its day, weighed by its relevance to the story and its position."""
    relevance = _cosine(vector, story) ** RELEVANCE_POWER_SENTENCE
    return _cosine(vector, centroid) * relevance / (1 + POSITION_DECAY * position)


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """The cosine of two unit vectors."""
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(s, 0.0) for s, v in a.items())


def _boilerplate(items: Sequence[Placed]) -> frozenset[str]:
    """Sentences found word for word in articles of BOILERPLATE_DAYS or more days."""
    first_day: dict[str, date | None] = {}
    days: defaultdict[str, set[date | None]] = defaultdict(set)
    for item in items:
        for text in item.split.sentences:
            seen = first_day.setdefault(text, item.day)
            if seen != item.day:
                days[text].update((seen, item.day))
    return frozenset(text for text, found in days.items() if len(found) >= BOILERPLATE_DAYS)


class _Vectors:
    """TF-IDF vectors (binary term frequency over stems) of candidate sentences, unit length."""

    def __init__(self, items: Sequence[Placed], keys: Iterable[Key]):
        self._items = items
        keys = list(dict.fromkeys(keys))
        df: Counter[str] = Counter()
        for number, index in keys:
            df.update(items[number].analysis.stems[index])
        total = len(keys) + 1
        self._idf = {stem: math.log(total / n) for stem, n in df.items()}
        self._cache: dict[Key, dict[str, float]] = {}

    def __call__(self, key: Key) -> dict[str, float]:
        """The unit vector of a sentence."""
        vector = self._cache.get(key)
        if vector is None:
            stems = self._items[key[0]].analysis.stems[key[1]]
            raw = {stem: self._idf.get(stem, 0.0) for stem in stems}
            norm = math.sqrt(sum(v * v for v in raw.values())) or 1.0
            vector = self._cache[key] = {stem: v / norm for stem, v in raw.items()}
        return vector


def _centroid(vectors: Iterable[dict[str, float]]) -> dict[str, float]:
    """The mean of vectors, unit length."""
    total: defaultdict[str, float] = defaultdict(float)
    for vector in vectors:
        for stem, value in vector.items():
            total[stem] += value
    norm = math.sqrt(sum(v * v for v in total.values())) or 1.0
    return {stem: v / norm for stem, v in total.items()}


def _day_centroid(vectors: _Vectors, named: list[Key], lead: list[Key]) -> dict[str, float]:
    """The mean of the naming sentences' centroid and the lead sentences' centroid."""
    parts = [_centroid(map(vectors, keys)) for keys in (named, lead) if keys]
    return _centroid(parts)


def _usable(items: Sequence[Placed], key: Key, skip: frozenset[str] | set[str]) -> bool:
    """A sentence of fitting length that is not furniture and not used yet."""
    text = items[key[0]].split.sentences[key[1]]
    return text not in skip and MIN_WORDS <= len(text.split()) <= MAX_WORDS


def _leads(pool: _Pool, day: Entry, planned: set[Entry]) -> list[Key]:
    """The lead sentences that speak for a day: its articles', and those of the LEAD_DAYS - 1 days
    after it that are not in the timeline themselves (a month's: its articles')."""
    leads = list(pool.lead.get(day, ()))
    if isinstance(day, Month):
        return leads
    for after in range(1, LEAD_DAYS):
        later = day + timedelta(days=after)
        if later in planned:
            break
        leads += pool.lead.get(later, ())
    return leads


def _fill_day(items: Sequence[Placed], vectors: _Vectors, pool: _Pool, day: Entry, per_date: int,
              threshold: float, skip: set[str], story: dict[str, float], planned: set[Entry],
              ) -> list[tuple[Key, list[int]]]:
    """The day's most central sentences, none saying the same as another, each with the articles
    of the candidates that say the same."""
    named, lead = pool.named.get(day, []), _leads(pool, day, planned)
    candidates = [k for k in dict.fromkeys(named + lead) if _usable(items, k, skip)]
    if not candidates:
        return []
    usable = set(candidates)
    centroid = _day_centroid(vectors, [k for k in named if k in usable], [k for k in lead if k in usable])
    scored = sorted(candidates, key=lambda k: (-_score(vectors(k), k[1], centroid, story), k))
    chosen: list[tuple[Key, list[int]]] = []
    for key in scored:
        split = items[key[0]].split
        if needs_predecessor(split.sentences[key[1]], split.article.language):
            continue  # 'Nun reagiert Russland.' says nothing without the sentence before it
        stems = items[key[0]].analysis.stems[key[1]]
        twin = next((c for c in chosen
                     if jaccard(stems, items[c[0][0]].analysis.stems[c[0][1]]) >= threshold), None)
        if twin is not None:
            twin[1].append(key[0])
        elif len(chosen) < per_date:
            chosen.append((key, []))
    return chosen


def choose(items: Sequence[Placed], last: date, *, first: date | None = None, dates: int | None = None,
           per_date: int = 1, threshold: float = 0.5) -> list[Pick]:
    """The ``dates`` most important days within first..last and up to ``per_date`` sentences for each.

    Without ``dates``, :func:`default_dates` of the days with news. Picks come newest day first,
    a day's sentences best first.
    """
    pool = _pool(items, first, last)
    wanted = default_dates(len(pool.named.keys() | pool.lead.keys())) if dates is None else dates
    vectors = _Vectors(items, (k for keys in (*pool.named.values(), *pool.lead.values()) for k in keys))
    weight, story = _weights(pool, vectors, first, last)
    ranked = sorted(weight, key=lambda d: (-weight[d], -d.toordinal()))
    planned = set([d for d in ranked if pool.named.get(d) or _leads(pool, d, set())][:wanted])
    skip = set(_boilerplate(items))
    chosen: dict[Entry, list[tuple[Key, list[int]]]] = {}
    for day in ranked:
        if len(chosen) >= wanted:
            break
        keys = _fill_day(items, vectors, pool, day, per_date, threshold, skip, story, planned)
        if keys:
            chosen[day] = keys
            skip.update(items[n].split.sentences[i] for (n, i), _ in keys)
    return [_pick(day, n, i, also)
            for day in sorted(chosen, key=_newest_first) for (n, i), also in chosen[day]]


def _newest_first(entry: Entry) -> tuple[int, bool]:
    """Sort key: newest first, a month after the days from its first on."""
    return -entry.toordinal(), isinstance(entry, Month)


def _pick(entry: Entry, article: int, index: int, also: list[int]) -> Pick:
    """A chosen sentence of a day or month."""
    others = tuple(dict.fromkeys(a for a in also if a != article))
    if isinstance(entry, Month):
        return Pick(entry.start, article, index, others, Precision.MONTH)
    return Pick(entry, article, index, others)
