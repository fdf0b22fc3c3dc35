"""Per-article extractive summaries through sumy, with our own offline tokenizer."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from functools import cache

from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
from sumy.nlp.stemmers import Stemmer
from sumy.summarizers._summarizer import AbstractSummarizer
from sumy.summarizers.edmundson import EdmundsonSummarizer
from sumy.summarizers.kl import KLSummarizer
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.summarizers.lsa import LsaSummarizer
from sumy.summarizers.luhn import LuhnSummarizer
from sumy.summarizers.random import RandomSummarizer
from sumy.summarizers.reduction import ReductionSummarizer
from sumy.summarizers.sum_basic import SumBasicSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer

from .lang import get, stemmer
from .lang import stop_words as lang_stop_words
from .models import Article, SplitArticle, Summary
from .newsrank import LeadSummarizer, NewsRankSummarizer, Weights
from .readers import first_sentence
from .text import Tokenizer

SUMMARIZERS: dict[str, Callable[[Stemmer], AbstractSummarizer]] = {
    "lexrank": LexRankSummarizer,
    "textrank": TextRankSummarizer,
    "lsa": LsaSummarizer,
    "luhn": LuhnSummarizer,
    "edmundson": EdmundsonSummarizer,
    "sumbasic": SumBasicSummarizer,
    "kl": KLSummarizer,
    "reduction": ReductionSummarizer,
    "random": RandomSummarizer,
    "newsrank": NewsRankSummarizer,
    "lead": LeadSummarizer,
}

@cache
def _tokenizer(language: str) -> Tokenizer:
    return Tokenizer(language)


def make_summarizer(algorithm: str, language: str, weights: Weights | None = None) -> AbstractSummarizer:
    """A configured sumy summarizer with the article language's stemmer and stop words.

    ``weights`` replace newsrank's defaults (for tuning); newsrank also learns the language, whose
    words tell which sentences cannot open a summary.
    """
    summarizer = SUMMARIZERS[algorithm](stemmer(language))
    if isinstance(summarizer, NewsRankSummarizer):
        summarizer.language = language
        summarizer.weights = weights or summarizer.weights
    stop_words = lang_stop_words(language)
    if isinstance(summarizer, EdmundsonSummarizer):
        summarizer.bonus_words = get(language).BONUS_WORDS
        summarizer.stigma_words = get(language).STIGMA_WORDS
        summarizer.null_words = stop_words
    else:
        summarizer.stop_words = stop_words
    return summarizer


def title_is_derived(article: Article) -> bool:
    """True when the article's title is its first sentence (a file without a headline), for display only."""
    return bool(article.blocks) and article.title == first_sentence(article.blocks[0].text, article.language)


def to_document(split: SplitArticle) -> ObjectDocumentModel:
    """sumy's document model of an article: one paragraph per block, headings kept as such.

    The title leads as a heading, unless it was only taken from the first sentence: a sentence
    that is its own title would otherwise win every comparison with the title.
    """
    tokenizer = _tokenizer(split.article.language)
    paragraphs = []
    if split.article.title and not title_is_derived(split.article):
        paragraphs.append(Paragraph([Sentence(split.article.title, tokenizer, is_heading=True)]))
    for block, sentences in split.blocks:
        if block.is_heading:
            paragraphs.append(Paragraph([Sentence(block.text, tokenizer, is_heading=True)]))
        elif sentences:
            paragraphs.append(Paragraph([Sentence(s, tokenizer) for s in sentences]))
    return ObjectDocumentModel(paragraphs)


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
        document = to_document(split)
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
