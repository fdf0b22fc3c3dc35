"""Per-article extractive summaries (newsrank, lead or one of sumy's) with our offline tokenizer."""

from __future__ import annotations

import importlib
import random
from collections.abc import Callable, Sequence
from functools import cache, partial

# sumy's package alone, whose stop-word data lang.stop_words reads: preloaded with this module in the
# pick-up's workers (pickup.READING_MODULES); not sumy.utils (requests, pycountry)
import sumy  # noqa: F401

from .lang import get, normalize, stem_word
from .lang import stop_words as lang_stop_words
from .models import Article, SplitArticle, Summary
from .newsrank import Document, LeadSummarizer, NewsRankSummarizer, Sentence, Summarizer, Weights
from .readers import first_sentence
from .text import Tokenizer, split_sentences

Stemmer = Callable[[str], str]


def _sumy(module: str, name: str) -> Callable[[Stemmer], Summarizer]:
    """A maker of one of sumy's summarizers, imported only when one is made (sumy's loads NLTK)."""
    def make(stem: Stemmer) -> Summarizer:
        return getattr(importlib.import_module(f"sumy.summarizers.{module}"), name)(stem)

    return make


#: Algorithm name -> a maker of its summarizer from a stemmer; sumy's are imported when chosen.
SUMMARIZERS: dict[str, Callable[[Stemmer], Summarizer]] = {
    "lexrank": _sumy("lex_rank", "LexRankSummarizer"),
    "textrank": _sumy("text_rank", "TextRankSummarizer"),
    "lsa": _sumy("lsa", "LsaSummarizer"),
    "luhn": _sumy("luhn", "LuhnSummarizer"),
    "edmundson": _sumy("edmundson", "EdmundsonSummarizer"),
    "sumbasic": _sumy("sum_basic", "SumBasicSummarizer"),
    "kl": _sumy("kl", "KLSummarizer"),
    "reduction": _sumy("reduction", "ReductionSummarizer"),
    "random": _sumy("random", "RandomSummarizer"),
    "newsrank": NewsRankSummarizer,
    "lead": LeadSummarizer,
}


@cache
def _stemmer(language: str) -> Stemmer:
    """The language's Snowball stemmer remembering stems (``lang.stem_word``), for every algorithm."""
    return partial(stem_word, language=normalize(language))


@cache
def _tokenizer(language: str) -> Tokenizer:
    return Tokenizer(language)


def make_summarizer(algorithm: str, language: str, weights: Weights | None = None) -> Summarizer:
    """A configured summarizer (sumy's or ours) with the article language's stemmer and stop words.

    ``weights`` replace newsrank's defaults (for tuning); newsrank also learns the language, whose
    words tell which sentences cannot open a summary.
    """
    summarizer = SUMMARIZERS[algorithm](_stemmer(language))
    if isinstance(summarizer, NewsRankSummarizer):
        summarizer.language = language
        summarizer.weights = weights or summarizer.weights
    stop_words = lang_stop_words(language)
    if algorithm == "edmundson":
        summarizer.bonus_words = get(language).BONUS_WORDS
        summarizer.stigma_words = get(language).STIGMA_WORDS
        summarizer.null_words = stop_words
    else:
        summarizer.stop_words = stop_words
    return summarizer


def title_is_derived(article: Article, first: str | None = None) -> bool:
    """True when the article's title is its first sentence (a file without a headline), for display only.

    ``first``: the first sentence that ``split_sentences`` gives of the first block, when known; if it
    splits as itself, the title is checked against it alone instead of splitting the whole block again.
    """
    if not article.blocks:
        return False
    line, language = article.blocks[0].text, article.language
    if first is not None and next(iter(split_sentences(first, language)), "") == first:
        line = first  # first_sentence(line) == first_sentence(first): both trim the same sentence
    return article.title == first_sentence(line, language)


def _first_sentence(split: SplitArticle) -> str | None:
    """The first sentence of the first block as split_article split it (None for a heading or nothing)."""
    if not split.blocks or not split.article.blocks or split.blocks[0][0] is not split.article.blocks[0]:
        return None
    block, sentences = split.blocks[0]
    return None if block.is_heading or not sentences else sentences[0]


def to_document(split: SplitArticle) -> Document:
    """The document model of an article (sumy's interface, :class:`digest.newsrank.Document`): one
    paragraph per block, headings kept as such.

    The title leads as a heading, unless it was only taken from the first sentence: a sentence
    that is its own title would otherwise win every comparison with the title.
    """
    tokenizer = _tokenizer(split.article.language)
    paragraphs = []
    if split.article.title and not title_is_derived(split.article, _first_sentence(split)):
        paragraphs.append([Sentence(split.article.title, tokenizer, is_heading=True)])
    for block, sentences in split.blocks:
        if block.is_heading:
            paragraphs.append([Sentence(block.text, tokenizer, is_heading=True)])
        elif sentences:
            paragraphs.append([Sentence(s, tokenizer) for s in sentences])
    return Document(paragraphs)


def _in_text_order(chosen: Sequence[str], sentences: Sequence[str]) -> tuple[str, ...]:
    """The chosen sentences in the order the article has them, each once."""
    wanted = set(chosen)
    seen: set[str] = set()
    ordered = []
    for s in sentences:
        if s in wanted and s not in seen:
            ordered.append(s)
            seen.add(s)
    return tuple(ordered)


def summarize(split: SplitArticle, algorithm: str, count: int, weights: Weights | None = None) -> Summary:
    """Extract ``count`` sentences of an article with the named sumy algorithm (newsrank: ``weights``)."""
    sentences = split.sentences
    if len(sentences) <= count:
        chosen: Sequence[str] = sentences
    else:
        summarizer = make_summarizer(algorithm, split.article.language, weights)
        ours = to_document(split)
        document = ours if isinstance(summarizer, Summarizer) else ours.to_sumy()  # sumy's own summarizers
        if algorithm == "random":
            state = random.getstate()
            random.seed(split.article.id)  # same article, same "random" summary
            try:
                picked = summarizer(document, count)
            finally:
                random.setstate(state)
        else:
            picked = summarizer(document, count)
        chosen = [str(s) for s in picked]
    return Summary(split.article.id, _in_text_order(chosen, sentences), algorithm, count)
