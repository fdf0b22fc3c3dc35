"""Plain frozen data types passed between the pipeline stages."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property


class Precision(enum.StrEnum):
    """How much of a publication date is actually known."""

    MINUTE = "minute"
    DAY = "day"
    MONTH = "month"
    SEASON = "season"  # value is the first month of the season: Frühjahr=3, Sommer=6, Herbst=9, Winter=12
    YEAR = "year"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class PublicationDate:
    """A publication date, its precision and where it was found.

    ``value`` is naive local time in the configured time zone. For month or
    year precision it is the first instant of that month or year; it must
    never be shown with more precision than ``precision`` says.
    """

    value: datetime | None
    precision: Precision
    origin: str  # "front matter", "header line", "dateline", "json", "html", "unknown"

    @classmethod
    def unknown(cls) -> PublicationDate:
        return cls(None, Precision.UNKNOWN, "unknown")

    @property
    def known(self) -> bool:
        return self.value is not None


@dataclass(frozen=True)
class RawDocument:
    """A decoded inbox file, before cleaning: text lines plus any metadata it declared."""

    path: str  # path relative to the inbox, POSIX separators
    text: str  # decoded text (front matter / JSON envelope removed)
    received_at: datetime  # file modification time, UTC, aware
    encoding: str
    format: str  # "text", "markdown", "html", "json"
    meta: tuple[tuple[str, str], ...] = ()  # declared title/date/source/url, in file order

    def meta_value(self, key: str) -> str | None:
        for k, v in self.meta:
            if k == key:
                return v
        return None


@dataclass(frozen=True)
class Block:
    """One non-empty line of an article body; headings are short lines without end punctuation."""

    text: str
    is_heading: bool = False


@dataclass(frozen=True)
class Article:
    """A cleaned, dated article ready to be split and summarized."""

    id: str
    path: str
    title: str
    source: str | None
    published: PublicationDate
    received_at: datetime
    language: str  # "german" or "english"
    blocks: tuple[Block, ...]
    url: str | None = None
    other_sources: tuple[str, ...] = ()  # sources of near-duplicate copies of this article

    @property
    def text(self) -> str:
        return "\n".join(b.text for b in self.blocks)


@dataclass(frozen=True)
class SplitArticle:
    """An article with each body block split into sentences (headings stay whole)."""

    article: Article
    blocks: tuple[tuple[Block, tuple[str, ...]], ...]

    @cached_property
    def sentences(self) -> tuple[str, ...]:
        """The body sentences, headings left out (computed once)."""
        return tuple(s for block, sents in self.blocks if not block.is_heading for s in sents)


@dataclass(frozen=True)
class Summary:
    """An extractive summary: sentences of the article in their original order."""

    article_id: str
    sentences: tuple[str, ...]
    method: str
    count: int


@dataclass(frozen=True)
class Skipped:
    """An inbox file that could not be read, and why."""

    path: str
    reason: str


@dataclass(frozen=True)
class Sourced:
    """A sentence shown in a digest, traceable to its article."""

    text: str
    article_id: str
    title: str
    source: str | None
    published: PublicationDate
    received_at: datetime
    also: tuple[str, ...] = ()  # other sources that reported the same


@dataclass(frozen=True)
class DateMention:
    """An explicit date mentioned in a sentence ("am 6. August 2024", "im Frühjahr 2022")."""

    value: datetime  # naive; first instant of the period for month/season/year precision
    precision: Precision
    text: str  # the words that name the date, as written
    start: int  # character offsets of ``text`` in the sentence
    end: int


@dataclass(frozen=True)
class Attribution:
    """A statement attributed to a person or office within one sentence."""

    speaker: str  # canonical name when the configured aliases know it, else as written
    statement: str  # the quoted words when there is a quote, else the whole sentence
    sentence: str
    is_quote: bool


@dataclass(frozen=True)
class TimelineEvent:
    """A dated event: an article's main event, or a dated mention in its text."""

    when: PublicationDate  # origin "article" (publication), "arrival" or "text"
    sentence: Sourced


@dataclass(frozen=True)
class Voice:
    """One attributed statement with its article."""

    statement: str
    is_quote: bool
    sentence: Sourced


@dataclass(frozen=True)
class SpeakerVoices:
    """Everything one speaker said in the digest, newest first."""

    speaker: str
    voices: tuple[Voice, ...]


@dataclass(frozen=True)
class PartyPosition:
    """A party's latest position on a topic (or, with no party, the latest reported fact)."""

    party: str | None
    speaker: str | None  # who said it, when a speaker did
    sentence: Sourced
    is_new: bool  # its article is new in this digest
    since: PublicationDate  # the date it holds from: published, else the day it arrived
    estimated: PublicationDate | None = None  # of an undated article: the latest date its text mentions
    previous: Sourced | None = None  # the party's position before this digest, when it changed


@dataclass(frozen=True)
class TopicState:
    """The latest known position on one configured topic."""

    key: str
    label: str
    sentences: tuple[Sourced, ...]
    is_new: bool
    since: PublicationDate | None  # date of the latest position, when unchanged
    positions: tuple[PartyPosition, ...] = ()  # per party, newest first


@dataclass(frozen=True)
class ArticleEntry:
    """An article as listed in a digest."""

    article: Article
    summary: Summary
    is_new: bool = True


@dataclass(frozen=True)
class Digest:
    """Everything a digest page shows, for one date."""

    date: date
    window_start: datetime | None
    window_end: datetime
    language: str
    key_points: tuple[Sourced, ...]
    topics: tuple[TopicState, ...]
    articles: tuple[ArticleEntry, ...]
    skipped: tuple[Skipped, ...]
    sources: tuple[str, ...] = field(default=())
    total_articles: int = 0
    timeline: tuple[TimelineEvent, ...] = ()
    voices: tuple[SpeakerVoices, ...] = ()
