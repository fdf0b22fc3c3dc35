"""NewsRank: a fast extractive summarizer for news articles, with a sumy summarizer's interface.

Each body sentence i (0-based) gets a score that is a weighted sum of features, all computed
in one pass over the sentences (linear time, no sentence-by-sentence similarity matrix):

* position prior ``1 / (1 + i / horizon)``, and ``first``: 1 for the first sentence when it opens with
  a dateline ("Wien – Die Gewerkschaft …"; feature ``dateline``). On the dev source 340 of 343 first
  sentences do, so what the data says of the first sentence it says of a datelined one; an
  article that opens without a dateline (a press agency's or broadcaster's lead) keeps the plain prior.
* ``centrality``: cosine between the sentence's set of content keys and the key
  frequencies of the *rest* of the document (its own occurrences removed, so a sentence
  does not support itself).
* ``lead``: for every sentence but the first, the cosine of its content keys with the
  first sentence's; 0 for the first sentence (sentences that carry on the lead's story).
* ``title``: the same against the title (the document's first heading); 0 without a title,
  and 0 when the title was only taken from the first sentence (see ``summarize.to_document``).
* ``length``: ``min(n, 40) / 40`` for n words; ``number``: 1 for a sentence with a digit.
* ``opening``: the cosine of its content keys with those of the article's first two sentences
  (for the first: with the second; for the second: with the first): the opening's story.
* penalties ``question``, ``quote``: 1 for a sentence that ends with "?" or holds quotation marks.
* penalty ``speech``: 1 for a sentence with a verb of saying ("sagte", "erklärte", "zufolge",
  "said", ...).

Content keys are the words that are not stop words or single letters, lower-cased and cut to their
first ``KEY_LETTERS`` (6) letters: a stem that costs nothing ("Verhandlungen", "Verhandlung" and
"verhandelt" share "verhan"; a German compound keeps its first part's key). Snowball stems cost
~1.2 ms per article in a fresh process (each word stemmed once), twice all the rest of newsrank; with
keys the cross-validated gain over Lead-k stayed within noise (benchmarks/quality.py). The
summarizer's stemmer (``stem_word``) is kept for sumy's interface; the features do not use it.
A leading dateline ("Wien – ", "Salt Lake City (Utah) – ", "Berlin/Wien – ") is stripped from
the first sentence before its features are computed; the sentence itself is returned whole.
NewsRank and Lead derive from :class:`Summarizer`, the interface of sumy's summarizers
(``__call__(document, sentences_count)``, ``stop_words``) without sumy's import of NLTK; they work on
a :class:`Document`, which has the interface of sumy's :class:`~sumy.models.dom.ObjectDocumentModel`
(``sentences``, ``headings``, a sentence's ``words``) without importing sumy (whose ``sumy.utils``
imports requests and pycountry: a fifth of `digest summarize`'s start-up); :meth:`Document.to_sumy`
gives sumy's model for sumy's summarizers.
Two sentences are the pair with the highest sum of scores minus ``redundancy`` × their key overlap
(shared / smaller set), scored with the weights fitted for pairs; with ``lead_pair`` set (not by
default), the best one and its successor when the best one is among the first ``lead_pair`` sentences;
more are picked greedily, each discounted by its
largest overlap with those already picked. A sentence that needs the one before it
(:func:`digest.standalone.refers_back`: "Er …", "Doch …", "… jedoch …", "… zu diesen Ländern …") is
only picked together with that one, so no summary opens with it or holds it without the one before.

How the weights were chosen
---------------------------
``python benchmarks/quality.py`` fits and checks them on the *dev* split only
(``../shared/data/gnad-dev.jsonl``, 343 derStandard articles written to files and read as ``digest
summarize`` reads them; reference = the journalist's teaser, never an input). A candidate model is a
set of features. For one sentence its weights are a ridge regression (penalty 1) of each sentence's
own ROUGE-1/ROUGE-L F1 on its features; for two, of each *pair's* ROUGE on the sums of its two
sentences' features and their key overlap, whose weight is the redundancy discount (pairs among an
article's first 12 sentences, where the pairs worth picking are; both centred per article, so weights
are in ROUGE points). A pair's ROUGE is not the sum of its sentences': a second sentence that repeats
the first adds words but no new matches, and the fit of pairs weighs position, centrality and length
for what two sentences together recall. The rule, for one sentence and for two apart: the candidate
with the fewest fitted weights whose gain over Lead-k (ROUGE-1 and ROUGE-L at that k, averaged) lies
within one standard error of the best candidate's; the one-sentence weights are ``Weights.one``. Every
one-sentence model fits length: a single sentence's F1 against a teaser of a dozen words rises with
its length (it recalls more), a property of the measure rather than of the news (without it as a given
the rule's choice between with and without length was a toss-up, and the out-of-fold RL gain over
Lead-1 varied from +1.5 to +2.0 with the seed that deals the folds; with it, +1.9 to +2.2). Five-fold
cross-validation (seed 0, and again with seeds 1 and 2) of that whole procedure estimates how it does
on articles it did not see; the rule applied to all of dev gives ``DEFAULT_WEIGHTS``: for one sentence
the prior and ``first`` (which together rank the second sentence above a datelined first, as on this
source the teaser more often matches it), centrality and length; for two the prior, ``first`` and
centrality fitted on pairs, with ``opening`` (a small penalty) and a redundancy discount of 3.8. Lead,
number and speech added nothing within noise.

Out of fold on dev, through ``digest summarize``'s functions: see the benchmark's output for the
figures over Lead-1 and Lead-2, their paired intervals and their spread across folds.

Set by hand, because this data cannot tell: ``title`` = ``lead`` (the data set has no
titles), ``question`` = ``quote`` = ``position`` (the extractor removed quotation marks).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Protocol

from .lang import union
from .standalone import refers_back

if TYPE_CHECKING:
    from sumy.models.dom import ObjectDocumentModel

__all__ = [
    "DEFAULT_WEIGHTS",
    "Document",
    "Sentence",
    "FEATURES",
    "key_overlap",
    "LeadSummarizer",
    "NewsRankSummarizer",
    "Weights",
    "penalised",
    "predecessor_needs",
    "select",
    "sentence_features",
    "Summarizer",
    "strip_dateline",
]

FEATURES = ("index", "centrality", "lead", "title", "length", "question", "quote", "speech", "number",
            "opening", "dateline")

#: A dateline: up to six words of a place name, then a dash, at the start of the text.
_DATELINE = re.compile(r"^\s*([^\W\d_][^–—,;:!?]{0,60}?)\s+[–—-]\s+(?=\S)")
#: Lower-case words inside a dateline's place name ("Frankfurt am Main"), of every language.
_DATELINE_GLUE = union("PLACE_NAME_GLUE")
#: First words that make a "X – " opening a sentence, not a dateline, of every language.
_ARTICLES = union("NOT_PLACE_NAMES")
_QUOTES = re.compile("[\"„“”«»]")
#: Verbs of saying of every language (lower case): a sentence with one reports what someone said.
_SPEECH = union("SPEECH_VERBS")
_NON_WORD = re.compile(r"[\W_]+")
_DIGIT = re.compile(r"\d")
_LONG = 40
#: Letters of a word that make its content key (see the module's doc).
KEY_LETTERS = 6


class WordTokenizer(Protocol):
    """What a sentence needs to find its words (:class:`digest.text.Tokenizer`)."""

    def to_words(self, sentence: str) -> Sequence[str]:
        """The word tokens of a sentence."""


class Sentence:
    """A sentence with the interface of sumy's ``Sentence`` (``str()``, ``words``, ``is_heading``);
    its words are tokenized when first asked for."""

    __slots__ = ("_text", "_tokenizer", "_words", "is_heading")

    def __init__(self, text: str, tokenizer: WordTokenizer, is_heading: bool = False):
        self._text = text.strip()
        self._tokenizer = tokenizer
        self._words: tuple[str, ...] | None = None
        self.is_heading = bool(is_heading)

    @property
    def words(self) -> tuple[str, ...]:
        """The word tokens of the sentence."""
        if self._words is None:
            self._words = tuple(self._tokenizer.to_words(self._text))
        return self._words

    @property
    def tokenizer(self) -> WordTokenizer:
        """The tokenizer that finds the sentence's words."""
        return self._tokenizer

    def __str__(self) -> str:
        return self._text

    def __repr__(self) -> str:
        return f"<{'Heading' if self.is_heading else 'Sentence'}: {self._text}>"


class Document:
    """Paragraphs of sentences with the interface of sumy's ``ObjectDocumentModel`` that newsrank and
    Lead use (``sentences``: the body sentences; ``headings``), made without importing sumy."""

    def __init__(self, paragraphs: Iterable[Sequence[Sentence]]):
        self.paragraphs = tuple(tuple(p) for p in paragraphs)
        every = [s for p in self.paragraphs for s in p]
        self.sentences = tuple(s for s in every if not s.is_heading)
        self.headings = tuple(s for s in every if s.is_heading)

    def to_sumy(self) -> ObjectDocumentModel:
        """sumy's model of the same paragraphs and sentences, for sumy's summarizers."""
        from sumy.models.dom import ObjectDocumentModel, Paragraph
        from sumy.models.dom import Sentence as SumySentence

        return ObjectDocumentModel([Paragraph([SumySentence(str(s), s.tokenizer, s.is_heading) for s in p])
                                    for p in self.paragraphs])


@dataclass(frozen=True)
class Weights:
    """Weights of the sentence features: the prior is ``position / (1 + i / horizon)`` plus ``first``
    for a first sentence that opens with a dateline; penalties (question, quote, speech) are
    subtracted; ``redundancy`` discounts overlap with the other picks."""

    position: float = 8.6
    horizon: float = 1.0
    first: float = -5.7
    centrality: float = 12.6
    lead: float = 0.0
    title: float = 0.0
    length: float = 0.0
    question: float = 8.6
    quote: float = 8.6
    speech: float = 0.0
    number: float = 0.0
    opening: float = -1.2
    redundancy: float = 3.8
    #: Two sentences: when the best one is among the first ``lead_pair``, it and its successor (0: never).
    lead_pair: int = 0
    #: The weights of a one-sentence summary when they were chosen apart (on one-sentence summaries
    #: alone, where redundancy and pairs play no part); None: these.
    one: Weights | None = None

    def for_count(self, count: int) -> Weights:
        """The weights that pick ``count`` sentences."""
        return self.one if count == 1 and self.one is not None else self

    def score(self, features: Sequence[float]) -> float:
        """The weighted sum of one sentence's features (in the order of ``FEATURES``)."""
        index, centrality, lead, title, length, question, quote, speech, number, opening, dateline = features
        return (self.position / (1 + index / self.horizon) + (self.first if index == 0 and dateline else 0.0)
                + self.centrality * centrality + self.lead * lead + self.title * title
                + self.length * length + self.number * number + self.opening * opening
                - self.question * question - self.quote * quote - self.speech * speech)


#: Chosen by the rule of benchmarks/quality.py on the dev split (see the module's doc): for two
#: sentences or more fitted on pairs, for one on single sentences.
DEFAULT_WEIGHTS = Weights(one=Weights(position=13.8, first=-9.0, centrality=18.5, length=4.4, question=13.8,
                                      quote=13.8, opening=0.0, redundancy=0.0))


def strip_dateline(text: str) -> str:
    """The text without a leading "Place – " dateline (a place of at most six words)."""
    match = _DATELINE.match(text)
    if not match:
        return text
    words = match.group(1).split()
    if len(words) > 6 or any(not (w[0].isupper() or w[0] == "(" or w in _DATELINE_GLUE) for w in words):
        return text
    if words[0].lower() in _ARTICLES:
        return text
    return text[match.end():]


def _drop_prefix_words(words: Sequence[str], prefix: str) -> Sequence[str]:
    """The words of a sentence without those that make up its (dateline) prefix."""
    rest = _NON_WORD.sub("", prefix)
    for i, word in enumerate(words):
        letters = _NON_WORD.sub("", word)
        if not letters or not rest.startswith(letters):
            return words[i:]
        rest = rest[len(letters):]
    return ()


def _keys(words: Iterable[str], stop_words: AbstractSet[str]) -> set[str]:
    """The content keys of lower-cased words: each word that is no stop word or single letter, cut to
    its first ``KEY_LETTERS`` letters."""
    return {w[:KEY_LETTERS] for w in set(words).difference(stop_words) if len(w) > 1}


def _cosine(a: set[str], b: set[str]) -> float:
    """Cosine of two sets of keys."""
    if not a or not b:
        return 0.0
    return len(a & b) / math.sqrt(len(a) * len(b))


def _opening_overlap(i: int, own: set[str], keys: Sequence[set[str]], opening: set[str]) -> float:
    """Cosine of sentence ``i``'s keys with the first two sentences' (the first and second: the other's)."""
    if i > 1:
        return _cosine(own, opening)
    if i == 1:
        return _cosine(own, keys[0])
    return _cosine(own, keys[1]) if len(keys) > 1 else 0.0


def _words_and_keys(document: Document, texts: Sequence[str], stop_words: AbstractSet[str],
                    ) -> tuple[list[Sequence[str]], list[set[str]], set[str]]:
    """Each body sentence's lower-cased words and content keys (the first without its dateline, whose
    text is ``texts[0]``), and the title's content keys."""
    sentences, headings = document.sentences, document.headings
    lowered: list[Sequence[str]] = [tuple(map(str.lower, s.words)) for s in sentences]
    keys = [_keys(w, stop_words) for w in lowered]
    title = _keys(map(str.lower, headings[0].words), stop_words) if headings else set()
    if texts and texts[0] != str(sentences[0]):
        first = _drop_prefix_words(sentences[0].words, str(sentences[0])[: -len(texts[0])])
        lowered[0] = tuple(map(str.lower, first))
        keys[0] = _keys(lowered[0], stop_words)
    return lowered, keys, title


def sentence_features(document: Document, stop_words: AbstractSet[str],
                      ) -> tuple[list[tuple[float, ...]], list[set[str]]]:
    """The feature vector (see ``FEATURES``) and the content keys of every body sentence
    (``stop_words``: lower case)."""
    sentences = document.sentences
    texts = [str(s) for s in sentences]
    if texts:
        texts[0] = strip_dateline(texts[0])
    lowered, keys, title = _words_and_keys(document, texts, stop_words)
    opening = set().union(*keys[:2])
    tf: Counter[str] = Counter()
    for s in keys:
        tf.update(s)
    squares = sum(c * c for c in tf.values())
    features = []
    for i, (text, sentence_words, own) in enumerate(zip(texts, lowered, keys, strict=True)):
        # the rest of the document: tf minus this sentence's own (binary) occurrences;
        # |tf - own|² = Σ tf² - Σ_{t in own} (2 tf_t - 1), so this stays linear
        own_tf = sum(map(tf.__getitem__, own))  # every key of the sentence is counted in tf
        dot = own_tf - len(own)
        norm = squares - 2 * own_tf + len(own)
        centrality = dot / math.sqrt(len(own) * norm) if dot > 0 and norm > 0 else 0.0
        n = len(sentence_words)
        features.append((
            float(i),
            centrality,
            _cosine(own, keys[0]) if i else 0.0,
            _cosine(own, title),
            min(n, _LONG) / _LONG,
            1.0 if text.rstrip(" \"'“”»«)").endswith("?") else 0.0,
            1.0 if _QUOTES.search(text) else 0.0,
            0.0 if _SPEECH.isdisjoint(sentence_words) else 1.0,
            1.0 if _DIGIT.search(text) else 0.0,
            _opening_overlap(i, own, keys, opening),
            1.0 if i == 0 and text != str(sentences[0]) else 0.0,  # the first, opening with a dateline
        ))
    return features, keys


def select(scores: Sequence[float], keys: Sequence[set[str]], count: int, redundancy: float,
           needs: Sequence[bool] = (), lead_pair: int = 0, penalised: Sequence[bool] = ()) -> list[int]:
    """Indices of ``count`` sentences by score, minus ``redundancy`` × their key overlap.

    Two sentences are the best one and its successor when the best one is among the first
    ``lead_pair`` (a lead carries on in the next sentence) and the successor is not marked in
    ``penalised`` (a question or quotation), else the best pair; more are picked
    greedily, each discounted by its largest overlap with those already picked. A sentence marked
    in ``needs`` (it needs the one before, see :mod:`digest.standalone`) is only picked with its
    predecessor, so no summary opens with it.
    """
    count = min(count, len(scores))
    if count == 2:
        best = select(scores, keys, 1, redundancy, needs)
        if best and best[0] < lead_pair and best[0] + 1 < len(scores) and not _at(penalised, best[0] + 1):
            return [best[0], best[0] + 1]
        return _best_pair(scores, keys, redundancy, needs)
    chosen: list[int] = []
    order = sorted(range(len(scores)), key=lambda i: (-scores[i], i))
    while len(chosen) < count:
        best, best_score = -1, -math.inf
        for i in order:
            if scores[i] <= best_score:
                break  # in order of score, and the discount only lowers it: none later wins
            if i in chosen:
                continue
            discounted = redundancy > 0 and bool(chosen)
            value = scores[i] - redundancy * max(key_overlap(keys[i], keys[j]) for j in chosen) \
                if discounted else scores[i]
            if value <= best_score or (i < len(needs) and needs[i] and i - 1 not in chosen):
                continue  # needs (asked lazily) only for a sentence that would win
            best, best_score = i, value
            if not discounted:
                break  # in order of score: the first allowed one is the best
        if best < 0:
            break
        chosen.append(best)
    return sorted(chosen)


def _at(marks: Sequence[bool], i: int) -> bool:
    """The mark of sentence ``i``, False when there are fewer marks."""
    return i < len(marks) and marks[i]


def penalised(features: Sequence[Sequence[float]]) -> list[bool]:
    """For each sentence, whether it is a question or holds a quotation (never a lead pair's second)."""
    question, quote = FEATURES.index("question"), FEATURES.index("quote")
    return [bool(f[question] or f[quote]) for f in features]


def _best_pair(scores: Sequence[float], keys: Sequence[set[str]], redundancy: float,
               needs: Sequence[bool]) -> list[int]:
    """The two sentences with the highest sum of scores minus redundancy × their overlap.

    Pairs are tried in order of score and the search stops once no sum of scores can beat the
    best value found (the discount only lowers it), so it stays near linear.
    """
    order = sorted(range(len(scores)), key=lambda i: (-scores[i], i))
    best, best_value = [0, 1], -math.inf  # (0, 1) is always allowed
    for rank, a in enumerate(order):
        if rank + 1 < len(order) and scores[a] + scores[order[rank + 1]] <= best_value:
            break
        for b in order[rank + 1:]:
            if scores[a] + scores[b] <= best_value:
                break
            low, high = min(a, b), max(a, b)
            overlap = key_overlap(keys[a], keys[b]) if redundancy > 0 else 0.0
            value = scores[a] + scores[b] - redundancy * overlap
            if value <= best_value:
                continue  # needs (asked lazily) only for a pair that would win
            if (low < len(needs) and needs[low]) or (high < len(needs) and needs[high] and high - 1 != low):
                continue  # the earlier sentence opens the summary; the later one may need it
            best, best_value = [low, high], value
    return best


def predecessor_needs(sentences: Sequence[str], language: str | None) -> list[bool]:
    """For each sentence, whether it needs the one before (never the first; nothing without a language)."""
    if language is None:
        return [False] * len(sentences)
    return [bool(i) and refers_back(s, language) for i, s in enumerate(sentences)]


class _NeedsWhenAsked(Sequence[bool]):
    """:func:`predecessor_needs` worked out only for the sentences :func:`select` asks about."""

    def __init__(self, sentences: Sequence[Sentence], language: str | None):
        self._sentences = sentences
        self._language = language
        self._known: dict[int, bool] = {}

    def __len__(self) -> int:
        return len(self._sentences)

    def __getitem__(self, i: int) -> bool:  # type: ignore[override]
        if not 0 <= i < len(self._sentences):
            raise IndexError(i)
        known = self._known.get(i)
        if known is None:
            known = self._known[i] = bool(i) and self._language is not None and refers_back(
                str(self._sentences[i]), self._language)
        return known


def key_overlap(a: AbstractSet[str], b: AbstractSet[str]) -> float:
    """Share of the smaller key set that the other one has."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


class Summarizer:
    """sumy's summarizer interface (``AbstractSummarizer``) without its import of NLTK."""

    def __init__(self, stemmer: Callable[[str], str] = str.lower):
        self._stemmer = stemmer

    def __call__(self, document: Document, sentences_count: int) -> tuple[Sentence, ...]:
        """The ``sentences_count`` best sentences of the document, in text order."""
        raise NotImplementedError

    def stem_word(self, word: str) -> str:
        """The stem of a word, lower-cased first."""
        return self._stemmer(self.normalize_word(word))

    @staticmethod
    def normalize_word(word: str) -> str:
        """A word as the stemmer and the stop words see it: lower case."""
        return word.lower()


class NewsRankSummarizer(Summarizer):
    """Position prior + centroid centrality + lead/title overlap + length, minus quote/question/speech."""

    def __init__(self, stemmer: Callable[[str], str], weights: Weights = DEFAULT_WEIGHTS,
                 language: str | None = None):
        super().__init__(stemmer)
        self.weights = weights
        #: The language of the documents: its words tell which sentences need the one before.
        self.language = language
        self._stop_words: frozenset[str] = frozenset()

    @property
    def stop_words(self) -> frozenset[str]:
        """Words ignored by the content features."""
        return self._stop_words

    @stop_words.setter
    def stop_words(self, words: Iterable[str]) -> None:
        self._stop_words = _normalized(words if isinstance(words, frozenset) else frozenset(words))

    def __call__(self, document: Document, sentences_count: int) -> tuple[Sentence, ...]:
        """The ``sentences_count`` best sentences of the document, in text order."""
        sentences = document.sentences
        if not sentences or sentences_count <= 0:
            return ()
        features, keys = sentence_features(document, self._stop_words)
        weights = self.weights.for_count(sentences_count)
        scores = [weights.score(f) for f in features]
        needs = _NeedsWhenAsked(sentences, self.language)  # as predecessor_needs, asked lazily
        chosen = select(scores, keys, sentences_count, weights.redundancy, needs, weights.lead_pair,
                        penalised(features))
        return tuple(sentences[i] for i in chosen)


@cache
def _normalized(words: frozenset[str]) -> frozenset[str]:
    """Stop words lower-cased, as ``stem_word`` sees words."""
    return frozenset(Summarizer.normalize_word(w) for w in words)


class LeadSummarizer(Summarizer):
    """The baseline of news summarization: the first sentences of the article."""

    stop_words: frozenset[str] = frozenset()

    def __call__(self, document: Document, sentences_count: int) -> tuple[Sentence, ...]:
        """The first ``sentences_count`` body sentences of the document."""
        return tuple(document.sentences[:max(0, sentences_count)])
