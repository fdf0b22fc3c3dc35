"""Per-article analysis that digests reuse: word stems per sentence, dated mentions, attributed statements.

Made once per article when it is picked up (in the worker processes) and kept in
the store under a key of the settings it depends on, so composing a digest of
thousands of articles does not redo it.
"""

from __future__ import annotations

import hashlib
import json
import re
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from .lang import stems
from .models import Attribution, DateMention, Precision, SplitArticle
from .timeline import find_date_mentions
from .voices import find_attributions

#: Raise when what an analysis holds, or how it is made, changes: stored ones are then made anew.
VERSION = 10


@dataclass(frozen=True)
class Analysis:
    """What a digest needs of one article besides its text."""

    stems: tuple[frozenset[str], ...]  # per body sentence, in order
    mentions: tuple[tuple[int, DateMention], ...]  # (sentence index, mention)
    attributions: tuple[tuple[int, Attribution], ...]  # (sentence index, attribution)
    topic_counts: tuple[int, ...] = ()  # per body sentence: how many topics it speaks of (when known)


def analysis_key(aliases: Mapping[str, str], topics: TopicMatcher | None = None) -> str:
    """What an analysis depends on besides the article: our version, the speakers and the topics."""
    text = json.dumps([VERSION, sorted(aliases.items()), topics.key if topics else None],
                      ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


_WORD_CHAR = re.compile(r"\w")


class Keywords:
    """A topic's keywords: each matches at the start of a word, in any case.

    Case is ignored by comparing lower-cased text with lower-cased keywords: Python's
    regular expressions are several times slower with IGNORECASE and a look-behind for
    the word start, and topics are searched in every sentence picked up. The word start
    is checked at each hit instead.
    """

    def __init__(self, words: Iterable[str]):
        lowered = {w.strip().lower() for w in words if w.strip()}
        self.words = tuple(sorted(lowered, key=lambda w: (-len(w), w)))  # longest first: it wins
        self._pattern = re.compile("|".join(map(re.escape, self.words))) if self.words else None

    def first(self, low: str, pos: int = 0) -> re.Match[str] | None:
        """The first hit at a word start at or after pos in lower-cased text (the longest keyword there)."""
        if self._pattern is None:
            return None
        while (match := self._pattern.search(low, pos)) is not None:
            start = match.start()
            if start == 0 or not _WORD_CHAR.match(low, start - 1):
                return match
            pos = start + 1  # a hit inside a word: no keyword starts a word here
        return None

    def search(self, text: str) -> bool:
        """True when the text speaks of the topic."""
        return self.first(text.lower()) is not None

    def count(self, text: str) -> int:
        """How many times the keywords occur in the text (not overlapping)."""
        low, pos, found = text.lower(), 0, 0
        while (match := self.first(low, pos)) is not None:
            found += 1
            pos = max(match.end(), match.start() + 1)
        return found


class TopicMatcher:
    """All configured topics' keywords: which topics each sentence speaks of."""

    def __init__(self, keywords: Iterable[Iterable[str]]):
        self.topics = tuple(Keywords(words) for words in keywords)

    @property
    def key(self) -> list[list[str]]:
        """What matching depends on, for the keys of stored results."""
        return [list(topic.words) for topic in self.topics]

    def hits(self, sentence: str) -> frozenset[int]:
        """The indexes of the topics a sentence speaks of."""
        return self.per_sentence([sentence])[0]

    def per_sentence(self, sentences: Sequence[str]) -> list[frozenset[int]]:
        """For each sentence the indexes of the topics it speaks of.

        Each keyword is looked for as a plain string (twice as fast as a regular expression of a
        topic's keywords); a place inside a word does not count.
        """
        lows = [s.lower().replace("\n", " ") for s in sentences]
        starts, offset = [], 0
        for low in lows:
            starts.append(offset)
            offset += len(low) + 1
        text = "\n".join(lows)  # a keyword has no line break, so no hit spans two sentences
        found: list[set[int]] = [set() for _ in sentences]
        for index, topic in enumerate(self.topics):
            for word in topic.words:
                at = text.find(word)
                while at >= 0:
                    if at == 0 or not _WORD_CHAR.match(text, at - 1):
                        found[bisect_right(starts, at) - 1].add(index)
                    at = text.find(word, at + 1)
        return [frozenset(hits) for hits in found]


def topics_key(topics: Sequence[tuple[str, Sequence[str]]]) -> str:
    """What a topic index depends on: our version and the configured topics' keywords."""
    text = json.dumps([VERSION, [[key, sorted(words)] for key, words in topics]], ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def analyze(split: SplitArticle, aliases: Mapping[str, str], topics: TopicMatcher | None = None,
            hits: Sequence[frozenset[int]] | None = None) -> Analysis:
    """Stems, dated mentions (against the article's own date), attributions and topic counts.

    ``hits`` are the topics of each sentence when the caller has them already (``topics.per_sentence``).
    """
    article = split.article
    sentences = split.sentences
    reference = article.published if article.published.known else None
    return Analysis(
        stems=tuple(stems(s, article.language) for s in sentences),
        mentions=tuple((i, m) for i, s in enumerate(sentences)
                       for m in find_date_mentions(s, article.language, reference)),
        attributions=tuple(find_attributions(sentences, article.language, aliases)),
        topic_counts=tuple(map(len, hits if hits is not None else topics.per_sentence(sentences)))
        if topics else (),
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
