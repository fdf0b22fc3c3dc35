"""Who a sentence speaks for, how sure its date is, and whether it speaks of a topic in its sense.

A sentence speaks for a party when a speaker of that party said it (an attribution of the
analysis), or when its subject is the party, its capital or government, or one of its speakers
("Die Ukraine lehnt … ab", "Moskau fordert", "Putin fordert"). A subject followed by a
connective ("Die Ukraine und Russland …") names more than one side, and one followed by a verb of
reported speech ("Die Ukraine könne kein Mitglied werden") reports someone else's words: neither
speaks for the party.

Dates of positions: an article's publication date when known. An undated article's arrival
counts as its publication only when it came on its own; a batch (``BATCH_SIZE`` or more files
arriving within ``BATCH_SECONDS`` of each other) is an archive dropped at once, and when the
arrivals of the other articles are not known, an article counts as alone only in the digest
whose window holds it (there its neighbours are the window's articles). Otherwise the
latest date its text mentions (up to its arrival) is a lower bound, shown as an estimate; with
none, its date is unknown and its positions never displace a dated one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from functools import lru_cache

from .analysis import Keywords
from .config import Settings, Topic
from .lang import get
from .models import Article, DateMention, Precision, PublicationDate

#: This many undated files or more arriving within BATCH_SECONDS of each other are a batch
#: (an archive dropped at once): their arrival says nothing of when they were published.
BATCH_SIZE, BATCH_SECONDS = 3, 120

_WORD = re.compile(r"[\w-]+|,")
_OPENING_MARKS = " \t("


class TopicWords:
    """A topic's keywords, less the hits that stand inside one of its excluded phrases."""

    def __init__(self, topic: Topic):
        self.keywords = Keywords(topic.keywords)
        self.excluded = Keywords(topic.exclude)

    def count(self, text: str) -> int:
        """How many keyword hits of the text speak of the topic."""
        low, pos, found = text.lower(), 0, 0
        spans = []
        while (match := self.excluded.first(low, pos)) is not None:
            spans.append((match.start(), match.end()))
            pos = match.end()
        pos = 0
        while (match := self.keywords.first(low, pos)) is not None:
            if not any(a <= match.start() < b for a, b in spans):
                found += 1
            pos = max(match.end(), match.start() + 1)
        return found


@dataclass(frozen=True)
class Parties:
    """The configured parties: subjects that speak for each, and each speaker's party."""

    subjects: tuple[tuple[str, str, str | None], ...]  # (lower-case phrase, party, speaker), longest first
    speaker_party: dict[str, str]
    order: tuple[str, ...]  # party names as configured

    def __hash__(self) -> int:
        return hash(self.subjects)


@lru_cache(maxsize=8)
def parties_of(settings: Settings) -> Parties:
    """The parties of the configuration, with every speaker's name and aliases as a subject."""
    subjects: dict[str, tuple[str, str | None]] = {}
    for party in settings.parties:
        for phrase in party.subjects:
            subjects.setdefault(phrase.strip().lower(), (party.name, None))
    speaker_party = {}
    for speaker in settings.speakers:
        if speaker.party is None:
            continue
        speaker_party[speaker.name] = speaker.party
        for phrase in (speaker.name, *speaker.aliases):
            subjects.setdefault(phrase.strip().lower(), (speaker.party, speaker.name))
    ordered = sorted(subjects.items(), key=lambda item: (-len(item[0]), item[0]))
    return Parties(tuple((phrase, party, who) for phrase, (party, who) in ordered if phrase), speaker_party,
                   tuple(p.name for p in settings.parties))


def subject_party(sentence: str, parties: Parties, language: str) -> tuple[str, str | None] | None:
    """(party, speaker) when the sentence opens with a party or speaker as its only subject."""
    low = sentence.lower().lstrip(_OPENING_MARKS)
    words = get(language)
    for phrase, party, speaker in parties.subjects:
        if not low.startswith(phrase) or re.match(r"\w", low[len(phrase):len(phrase) + 1]):
            continue
        following = _WORD.findall(low[len(phrase):len(phrase) + 40])
        after = following[0] if following else ""
        if after in ("", ",", "-") or after in words.CONNECTIVES or after in words.SUBJUNCTIVE_FORMS:
            return None
        return None if sourced_elsewhere(low, language) else (party, speaker)
    return None


def sourced_elsewhere(low: str, language: str) -> bool:
    """Whether a (lower-case) sentence gives a source for what it says: "laut X", "X zufolge",
    "nach Einschätzung X", "according to X". Its subject then does not speak; the source does.

    ("Kremlchef Putin will nach Einschätzung Moskauer Medien … vermeiden" is the media's estimate.)
    """
    words = get(language)
    tokens = _WORD.findall(low)
    pairs = zip(tokens, tokens[1:], strict=False)
    if any(t in words.SOURCE_POSTPOSITIONS for t in tokens):
        return True
    if any(a in words.REPORT_PREPOSITIONS and b in words.REPORT_NOUNS for a, b in pairs):
        return True
    return any(tuple(tokens[i:i + len(seq)]) == seq
               for seq in words.SOURCE_PREPOSITIONS for i in range(len(tokens)))


def speaks_for(sentence: str, speaker: str | None, parties: Parties,
               language: str) -> tuple[str, str | None] | None:
    """(party, speaker) a sentence speaks for: its attributed speaker's party, else its subject's."""
    if speaker is not None and speaker in parties.speaker_party:
        return parties.speaker_party[speaker], speaker
    return subject_party(sentence, parties, language)


def batched(arrivals: Iterable[datetime]) -> frozenset[datetime]:
    """The arrival times that belong to a batch: BATCH_SIZE or more within BATCH_SECONDS."""
    times = sorted(arrivals)
    stamps = [moment.timestamp() for moment in times]
    found = set()
    low = high = 0  # the window [low, high) of arrivals within BATCH_SECONDS of each one, slid along
    for moment, stamp in zip(times, stamps, strict=True):
        while stamps[low] < stamp - BATCH_SECONDS:
            low += 1
        while high < len(stamps) and stamps[high] <= stamp + BATCH_SECONDS:
            high += 1
        if high - low >= BATCH_SIZE:
            found.add(moment)
    return frozenset(found)


def arrival_day(article: Article, tz: tzinfo) -> PublicationDate:
    """The day an article arrived, in local time (origin 'received': the day it is held from)."""
    local = article.received_at.astimezone(tz).replace(tzinfo=None)
    return PublicationDate(local, Precision.DAY, "received")


def estimate(mentions: Sequence[DateMention], arrived: datetime) -> PublicationDate | None:
    """The latest date a text mentions up to its arrival: its publication is not earlier."""
    past = [m for m in mentions if m.value <= arrived]
    if not past:
        return None
    latest = max(past, key=lambda m: m.value)
    return PublicationDate(latest.value, latest.precision, "estimate")


@dataclass(frozen=True)
class Dated:
    """When a position holds from: ``key`` orders positions (None: unknown, below every date)."""

    key: datetime | None
    since: PublicationDate
    estimated: PublicationDate | None = None  # a lower bound (``key``) from the dates the text mentions


def dated(article: Article, tz: tzinfo, alone: bool, mentions: Sequence[DateMention]) -> Dated:
    """An article's date for the state: published, its arrival when it came ``alone`` (see
    ``batched``), an estimate from the dates it mentions, or unknown."""
    if article.published.known and article.published.value is not None:
        return Dated(article.published.value, article.published)
    arrival = arrival_day(article, tz)
    if alone:
        return Dated(arrival.value, arrival)
    guess = estimate(mentions, arrival.value)
    if guess is not None and guess.value is not None:
        return Dated(guess.value, arrival, guess)
    return Dated(None, arrival)
