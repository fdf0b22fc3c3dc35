"""Per-article analysis that digests reuse: word stems per sentence, dated mentions, attributed statements.

Made once per article when it is picked up (in the worker processes) and kept in
the store under a key of the settings it depends on, so composing a digest of
thousands of articles does not redo it.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache, lru_cache

from .models import Attribution, DateMention, Precision, SplitArticle
from .timeline import find_date_mentions
from .voices import find_attributions

#: Raise when what an analysis holds, or how it is made, changes: stored ones are then made anew.
VERSION = 1

WORD = re.compile(r"\w[\w-]*\w|\w", re.UNICODE)


@dataclass(frozen=True)
class Analysis:
    """What a digest needs of one article besides its text."""

    stems: tuple[frozenset[str], ...]  # per body sentence, in order
    mentions: tuple[tuple[int, DateMention], ...]  # (sentence index, mention)
    attributions: tuple[tuple[int, Attribution], ...]  # (sentence index, attribution)
    topic_counts: tuple[int, ...] = ()  # per body sentence: how many topics it speaks of (when known)


@cache
def _stemmer(language: str) -> Callable[[str], str]:
    from sumy.nlp.stemmers import Stemmer  # imported when first needed: it loads all of NLTK

    return Stemmer(language)


@cache
def _stop_words(language: str) -> frozenset[str]:
    from sumy.utils import get_stop_words

    return frozenset(get_stop_words(language))


@lru_cache(maxsize=500_000)
def stem_word(word: str, language: str) -> str:
    """The stem of a lower-cased word; cached, as news vocabulary repeats a lot."""
    return _stemmer(language)(word)


def stems(sentence: str, language: str) -> frozenset[str]:
    """Distinct stems of a sentence's content words."""
    stop = _stop_words(language)
    words = (w.lower() for w in WORD.findall(sentence))
    return frozenset(stem_word(w, language) for w in words if len(w) > 2 and w not in stop)


def analysis_key(aliases: Mapping[str, str], topics: re.Pattern[str] | None = None) -> str:
    """What an analysis depends on besides the article: our version, the speakers and the topics."""
    text = json.dumps([VERSION, sorted(aliases.items()), topics.pattern if topics else None],
                      ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def topics_regex(patterns: Sequence[re.Pattern[str]]) -> re.Pattern[str] | None:
    """One pattern for all topics, so a sentence is scanned once: group tN matches topic N."""
    if not patterns:
        return None
    return re.compile("|".join(f"(?P<t{i}>{p.pattern})" for i, p in enumerate(patterns)), re.IGNORECASE)


def topic_hits(topics: re.Pattern[str] | None, sentence: str) -> frozenset[int]:
    """The indexes of the topics a sentence speaks of (group tN of ``topics_regex`` is topic N)."""
    if topics is None:
        return frozenset()
    return frozenset(int(m.lastgroup[1:]) for m in topics.finditer(sentence) if m.lastgroup)


def count_topics(topics: re.Pattern[str] | None, sentence: str) -> int:
    """How many different topics a sentence speaks of."""
    return len(topic_hits(topics, sentence))


def topics_key(topics: Sequence[tuple[str, Sequence[str]]]) -> str:
    """What a topic index depends on: our version and the configured topics' keywords."""
    text = json.dumps([VERSION, [[key, sorted(words)] for key, words in topics]], ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def topics_of(split: SplitArticle, patterns: Mapping[str, re.Pattern[str]]) -> list[str]:
    """Keys of the topics any sentence of the article speaks of (each topic's own pattern: exact)."""
    text = "\n".join(split.sentences)  # one search per topic; keywords never span a line break
    return [key for key, pattern in patterns.items() if pattern.search(text)]


def analyze(split: SplitArticle, aliases: Mapping[str, str],
            topics: re.Pattern[str] | None = None) -> Analysis:
    """Stems, dated mentions (against the article's own date), attributions and topic counts."""
    article = split.article
    sentences = split.sentences
    reference = article.published if article.published.known else None
    return Analysis(
        stems=tuple(stems(s, article.language) for s in sentences),
        mentions=tuple((i, m) for i, s in enumerate(sentences)
                       for m in find_date_mentions(s, article.language, reference)),
        attributions=tuple(find_attributions(sentences, article.language, aliases)),
        topic_counts=tuple(count_topics(topics, s) for s in sentences) if topics else (),
    )


def to_json(analysis: Analysis) -> str:
    """An analysis as JSON for the store."""
    return json.dumps({
        "stems": [sorted(s) for s in analysis.stems],
        "mentions": [[i, m.value.isoformat(), m.precision.value, m.text, m.start, m.end]
                     for i, m in analysis.mentions],
        "attributions": [[i, a.speaker, a.statement, a.sentence, a.is_quote]
                         for i, a in analysis.attributions],
        "topic_counts": list(analysis.topic_counts),
    }, ensure_ascii=False)


def from_json(text: str) -> Analysis:
    """An analysis back from the store."""
    data = json.loads(text)
    return Analysis(
        stems=tuple(frozenset(s) for s in data["stems"]),
        mentions=tuple((i, DateMention(datetime.fromisoformat(v), Precision(p), t, a, b))
                       for i, v, p, t, a, b in data["mentions"]),
        attributions=tuple((i, Attribution(sp, st, se, q)) for i, sp, st, se, q in data["attributions"]),
        topic_counts=tuple(data.get("topic_counts", ())),
    )
