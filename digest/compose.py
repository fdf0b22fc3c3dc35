"""The multi-article digest: key points, state per topic, the articles of the window."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from functools import cache

from sumy.nlp.stemmers import Stemmer
from sumy.utils import get_stop_words

from .config import Topic
from .models import (
    Article,
    ArticleEntry,
    Digest,
    Skipped,
    Sourced,
    SplitArticle,
    Summary,
    TopicState,
)

WORD = re.compile(r"\w[\w-]*\w|\w", re.UNICODE)

#: Two sentences whose word stems overlap this much (Jaccard) say the same thing.
REDUNDANCY_THRESHOLD = 0.5


@dataclass(frozen=True)
class Window:
    """The span of a digest in naive local time: [start, end); start None means 'from the start'."""

    start: datetime | None
    end: datetime

    def contains(self, moment: datetime) -> bool:
        return moment < self.end and (self.start is None or moment >= self.start)


def day_window(day: date, previous_end: datetime | None, first_days: int) -> Window:
    """A digest for ``day`` covers everything since the previous digest, else ``first_days`` days."""
    end = datetime.combine(day + timedelta(days=1), time())
    start = previous_end if previous_end is not None else end - timedelta(days=first_days)
    return Window(start, end)


def effective_date(article: Article, tz: tzinfo) -> datetime:
    """When an article counts: its publication date if known, else its arrival (local time)."""
    if article.published.value is not None:
        return article.published.value
    return article.received_at.astimezone(tz).replace(tzinfo=None)


@cache
def _stemmer(language: str) -> Stemmer:
    return Stemmer(language)


@cache
def _stop_words(language: str) -> frozenset[str]:
    return frozenset(get_stop_words(language))


def stems(sentence: str, language: str) -> frozenset[str]:
    """Distinct stems of a sentence's content words."""
    stem = _stemmer(language)
    stop = _stop_words(language)
    words = (w.lower() for w in WORD.findall(sentence))
    return frozenset(stem(w) for w in words if len(w) > 2 and w not in stop)


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def topic_pattern(topic: Topic) -> re.Pattern[str]:
    """Keywords match case-insensitively at the start of a word."""
    words = sorted(topic.keywords, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + ")", re.IGNORECASE)


def sourced(text: str, article: Article, also: tuple[str, ...] = ()) -> Sourced:
    """A sentence with the article it comes from."""
    return Sourced(text, article.id, article.title, article.source, article.published,
                   article.received_at, also)


def key_points(entries: Sequence[ArticleEntry], limit: int,
               patterns: Sequence[re.Pattern[str]]) -> tuple[Sourced, ...]:
    """The sentences that matter most across the window, each story once.

    Linear in the number of candidate sentences: a sentence scores by how many
    articles of the window share its word stems, plus a bonus per topic it
    touches; picks are greedy, and a candidate saying what a pick already says
    only adds its source to that pick ("also reported by").
    """
    candidates = []
    for entry in entries:
        language = entry.article.language
        for position, text in enumerate(entry.summary.sentences):
            candidates.append((entry.article, position, text, stems(text, language)))
    per_article: dict[str, set[str]] = {}
    for article, _, _, stem_set in candidates:
        per_article.setdefault(article.id, set()).update(stem_set)
    spread = Counter(s for stem_set in per_article.values() for s in stem_set)
    scored = []
    for article, position, text, stem_set in candidates:
        if not stem_set:
            continue
        weight = sum(spread[s] for s in stem_set) / math.sqrt(len(stem_set))
        topics = sum(1 for p in patterns if p.search(text))
        scored.append((-(weight + topics), position, article.id, text, article, stem_set))
    scored.sort(key=lambda c: c[:4])
    picks: list[tuple[Sourced, frozenset[str]]] = []
    for *_, text, article, stem_set in scored:
        twin = next((i for i, (_, s) in enumerate(picks) if _jaccard(s, stem_set) >= REDUNDANCY_THRESHOLD),
                    None)
        if twin is not None:
            pick, pick_stems = picks[twin]
            other = article.source
            if other and other != pick.source and other not in pick.also:
                picks[twin] = (Sourced(pick.text, pick.article_id, pick.title, pick.source,
                                       pick.published, pick.received_at, pick.also + (other,)),
                               pick_stems)
            continue
        if len(picks) < limit:
            picks.append((sourced(text, article), stem_set))
    return tuple(p for p, _ in picks)


def topic_state(topic: Topic, known: Sequence[SplitArticle], new_ids: set[str],
                count: int, tz: tzinfo) -> TopicState:
    """The latest position on a topic: best matching sentences of the newest article about it."""
    pattern = topic_pattern(topic)
    for split in sorted(known, key=lambda s: (effective_date(s.article, tz), s.article.id),
                        reverse=True):
        sentences = split.sentences
        hits = [(len(pattern.findall(s)), -i, s) for i, s in enumerate(sentences) if pattern.search(s)]
        if not hits:
            continue
        best = sorted(hits, reverse=True)[:count]
        chosen = [s for _, _, s in sorted(best, key=lambda h: -h[1])]
        article = split.article
        return TopicState(topic.key, topic.label, tuple(sourced(s, article) for s in chosen),
                          article.id in new_ids, article.published)
    return TopicState(topic.key, topic.label, (), False, None)


def compose(articles: Iterable[SplitArticle], summaries: Mapping[str, Summary], day: date,
            window: Window, *, topics: Sequence[Topic], key_point_count: int,
            topic_sentences: int, skipped: Sequence[Skipped], language: str,
            tz: tzinfo) -> Digest:
    """Build the digest for ``day``: state as of the day, what is new in the window."""
    known = [a for a in articles if effective_date(a.article, tz) < window.end]
    new = [a for a in known if window.contains(effective_date(a.article, tz))]
    new.sort(key=lambda s: (effective_date(s.article, tz), s.article.id), reverse=True)
    entries = tuple(ArticleEntry(s.article, summaries[s.article.id]) for s in new)
    new_ids = {s.article.id for s in new}
    patterns = [topic_pattern(t) for t in topics]
    return Digest(
        date=day,
        window_start=window.start,
        window_end=window.end,
        language=language,
        key_points=key_points(entries, key_point_count, patterns),
        topics=tuple(topic_state(t, known, new_ids, topic_sentences, tz) for t in topics),
        articles=entries,
        skipped=tuple(skipped),
        sources=tuple(sorted({s.article.source for s in new if s.article.source})),
        total_articles=len(known),
    )
