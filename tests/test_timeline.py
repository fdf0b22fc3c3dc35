"""Tests for digest.timeline: explicitly dated mentions in one sentence, German and English."""

from __future__ import annotations

import dataclasses
import re
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from digest.lang import get
from digest.models import Precision, PublicationDate
from digest.text import split_sentences
from digest.timeline import _RULES, date_rules, find_date_mentions, may_name_a_date

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
D, M, S, Y = Precision.DAY, Precision.MONTH, Precision.SEASON, Precision.YEAR


def ref(value: datetime, precision: Precision = Precision.DAY) -> PublicationDate:
    """A publication date of the given precision."""
    return PublicationDate(value, precision, "front matter")


WED = ref(datetime(2025, 12, 3))  # a Wednesday
WED_MINUTE = ref(datetime(2025, 12, 3, 14, 30), Precision.MINUTE)
FRI = ref(datetime(2025, 12, 5))  # a Friday
NEW_YEAR = ref(datetime(2026, 1, 1))  # a Thursday
DEC = ref(datetime(2025, 12, 1), M)
FEB = ref(datetime(2025, 2, 1), M)
JULY = ref(datetime(2025, 7, 1), M)
YEAR_ONLY = ref(datetime(2025, 1, 1), Y)
SEASON_ONLY = ref(datetime(2025, 6, 1), S)
UNKNOWN = PublicationDate.unknown()


def found(
    sentence: str, language: str = "german", reference: PublicationDate | None = None
) -> list[tuple[datetime, Precision, str]]:
    """Value, precision and text of each mention; each text must sit at its offsets."""
    mentions = find_date_mentions(sentence, language, reference)
    for mention in mentions:
        assert sentence[mention.start : mention.end] == mention.text
    return [(m.value, m.precision, m.text) for m in mentions]


# --- German, with a year: no reference needed ---------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "value", "precision", "text"),
    [
        ("Der Vorstoß begann am 6. August 2024.", datetime(2024, 8, 6), D, "am 6. August 2024"),
        ("6. August 2024: Truppen überqueren die Grenze.", datetime(2024, 8, 6), D, "6. August 2024"),
        ("Am 6. Aug. 2024 begann der Vorstoß.", datetime(2024, 8, 6), D, "Am 6. Aug. 2024"),
        ("Das Treffen fand am 21.04.2025 statt.", datetime(2025, 4, 21), D, "am 21.04.2025"),
        ("Stand: 21.4.2025 19:54 Uhr", datetime(2025, 4, 21), D, "21.4.2025"),
        ("Seit dem 15. März 2022 gilt das.", datetime(2022, 3, 15), D, "Seit dem 15. März 2022"),
        ("Er kam am 15. Maerz 2022 an.", datetime(2022, 3, 15), D, "am 15. Maerz 2022"),
        ("Sie reiste am 3. Jan. 2024 ab.", datetime(2024, 1, 3), D, "am 3. Jan. 2024"),
        ("am Freitag, 6. September 2024", datetime(2024, 9, 6), D, "am Freitag, 6. September 2024"),
        ("am Freitag, den 6. September 2024", datetime(2024, 9, 6), D, "am Freitag, den 6. September 2024"),
        ("Das war im August 2024.", datetime(2024, 8, 1), M, "im August 2024"),
        ("August 2024 war entscheidend.", datetime(2024, 8, 1), M, "August 2024"),
        ("Anfang August 2024 rückten sie vor.", datetime(2024, 8, 1), M, "Anfang August 2024"),
        ("Bis Mitte August 2024 dauerte es.", datetime(2024, 8, 1), M, "Mitte August 2024"),
        ("Das war Ende August 2024.", datetime(2024, 8, 1), M, "Ende August 2024"),
        ("Im Feb. 2023 kam es dazu.", datetime(2023, 2, 1), M, "Im Feb. 2023"),
        ("Seit Sept. 2023 nicht mehr.", datetime(2023, 9, 1), M, "Sept. 2023"),
        ("Im Okt. 2023 nicht.", datetime(2023, 10, 1), M, "Im Okt. 2023"),
        ("Im Nov. 2023 nicht.", datetime(2023, 11, 1), M, "Im Nov. 2023"),
        ("Im Dez. 2023 nicht.", datetime(2023, 12, 1), M, "Im Dez. 2023"),
        ("Der Entwurf wurde im Frühjahr 2022 diskutiert.", datetime(2022, 3, 1), S, "im Frühjahr 2022"),
        ("Frühling 2022 war anders.", datetime(2022, 3, 1), S, "Frühling 2022"),
        ("Die Offensive im Sommer 2023 scheiterte.", datetime(2023, 6, 1), S, "im Sommer 2023"),
        ("Seit Herbst 2023 stockt es.", datetime(2023, 9, 1), S, "Herbst 2023"),
        ("Im Winter 2022/23 fiel der Strom aus.", datetime(2022, 12, 1), S, "Im Winter 2022/23"),
        ("Winter 2022/2023 war hart.", datetime(2022, 12, 1), S, "Winter 2022/2023"),
        ("Das war im Jahr 2022.", datetime(2022, 1, 1), Y, "im Jahr 2022"),
        ("Im Jahr 2014 annektierte Russland die Krim.", datetime(2014, 1, 1), Y, "Im Jahr 2014"),
        ("Er kam im Jahre 1991.", datetime(1991, 1, 1), Y, "im Jahre 1991"),
        ("Bis Ende 2022 blieb es ruhig.", datetime(2022, 1, 1), Y, "Ende 2022"),
    ],
)
def test_german_dated(sentence: str, value: datetime, precision: Precision, text: str) -> None:
    assert found(sentence) == [(value, precision, text)]
    assert found(sentence, reference=WED) == [(value, precision, text)]


@pytest.mark.parametrize(
    "sentence",
    [
        "2014 annektierte Russland die Krim.",
        "Das ist die erste Verhandlung seit 2022.",
        "Trump gab Putin eine Frist von 50 Tagen.",
        "Das steht in Nr. 5 des Entwurfs.",
        "Die Ukraine belegte den 3. Platz.",
        "Mehr als 2000 Soldaten wurden verlegt.",
        "Das war Mitte der 1990er Jahre.",
        "Am 31. Februar 2024 geschah nichts.",
        "Am 30.02.2024 geschah nichts.",
        "Am 32. August 2024 geschah nichts.",
        "Am 13.13.2024 geschah nichts.",
        "Im Winter 2022/25 fiel der Strom aus.",
        "Im Sommer 2022/23 war es heiß.",
        "August Hanning sagte das.",
        "Die Frühjahrsoffensive 2023 scheiterte.",
        "Der Sommer war heiß.",
        "Die Stadt Jan liegt am Meer.",
    ],
)
def test_german_no_mention(sentence: str) -> None:
    assert found(sentence) == []


def test_german_no_mention_with_reference() -> None:
    assert found("2014 annektierte Russland die Krim, seit 2022 nach 50 Tagen.", reference=WED) == []


# --- German, without a year: the reference decides --------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "reference", "value", "precision", "text"),
    [
        ("Das war Ende November.", DEC, datetime(2025, 11, 1), M, "Ende November"),
        ("Das war im November.", FEB, datetime(2024, 11, 1), M, "im November"),
        ("Mitte Dezember soll es weitergehen.", DEC, datetime(2025, 12, 1), M, "Mitte Dezember"),
        ("Das war Anfang Januar.", WED, datetime(2025, 1, 1), M, "Anfang Januar"),
        ("Das war im Januar.", WED_MINUTE, datetime(2025, 1, 1), M, "im Januar"),
        ("Gespräche im Frühjahr blieben ohne Ergebnis.", JULY, datetime(2025, 3, 1), S, "im Frühjahr"),
        ("Im Herbst kamen sie wieder.", DEC, datetime(2025, 9, 1), S, "Im Herbst"),
        ("Im Winter fiel der Strom aus.", FEB, datetime(2024, 12, 1), S, "Im Winter"),
        ("Im Winter fiel der Strom aus.", DEC, datetime(2025, 12, 1), S, "Im Winter"),
        ("Der Vorstoß am 6. August überraschte.", DEC, datetime(2025, 8, 6), D, "am 6. August"),
        ("Der Vorstoß am 6. August überraschte.", FEB, datetime(2024, 8, 6), D, "am 6. August"),
        ("Der Vorstoß vom 6. Aug. überraschte.", WED, datetime(2025, 8, 6), D, "vom 6. Aug."),
    ],
)
def test_german_without_year(
    sentence: str, reference: PublicationDate, value: datetime, precision: Precision, text: str
) -> None:
    assert found(sentence, reference=reference) == [(value, precision, text)]


@pytest.mark.parametrize("reference", [None, UNKNOWN, YEAR_ONLY, SEASON_ONLY])
@pytest.mark.parametrize(
    "sentence",
    ["Das war Ende November.", "Das war im November.", "Gespräche im Frühjahr.", "Am 6. August kam es."],
)
def test_german_without_year_needs_month_reference(sentence: str, reference: PublicationDate | None) -> None:
    assert found(sentence, reference=reference) == []


def test_german_without_year_validates_the_inferred_date() -> None:
    assert found("Am 29. Februar kam es dazu.", reference=FEB) == []
    assert found("Am 29. Februar kam es dazu.", reference=ref(datetime(2024, 3, 1), M)) == [
        (datetime(2024, 2, 29), D, "Am 29. Februar")
    ]


@pytest.mark.parametrize(
    "sentence",
    ["Der November war kalt.", "Im Nov ging es weiter.", "Der Frühjahrsputz begann."],
)
def test_german_bare_month_or_season_is_no_mention(sentence: str) -> None:
    assert found(sentence, reference=WED) == []


# --- German weekdays and relative days ----------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "reference", "value", "text"),
    [
        ("Die Minister treffen sich am Donnerstag in London.", WED, datetime(2025, 12, 4), "am Donnerstag"),
        ("Selenskyj sagte am Donnerstag, er sei bereit.", WED, datetime(2025, 11, 27), "am Donnerstag"),
        ("Putin hatte am Montag erklärt, er sei bereit.", WED, datetime(2025, 12, 1), "am Montag"),
        ("Die Gespräche sollen am Montag beginnen.", WED, datetime(2025, 12, 8), "am Montag"),
        ("Trump wird am Freitag nach Alaska reisen.", WED, datetime(2025, 12, 5), "am Freitag"),
        ("Sie sagte, die Delegation werde am Freitag anreisen.", WED, datetime(2025, 12, 5), "am Freitag"),
        ("Die Delegationen treffen sich am Mittwoch.", WED, datetime(2025, 12, 3), "am Mittwoch"),
        ("Selenskyj sagte am Mittwoch, er sei bereit.", WED, datetime(2025, 12, 3), "am Mittwoch"),
        ("Selenskyj sagte am Freitag, er sei bereit.", FRI, datetime(2025, 12, 5), "am Freitag"),
        ("Trump wird am Freitag reisen.", FRI, datetime(2025, 12, 5), "am Freitag"),
        ("Das teilte er am gestrigen Dienstag mit.", WED, datetime(2025, 12, 2), "am gestrigen Dienstag"),
        ("Das teilte er am gestrigen Montag mit.", WED, datetime(2025, 12, 1), "am gestrigen Montag"),
        ("Das war am vergangenen Mittwoch.", WED, datetime(2025, 11, 26), "am vergangenen Mittwoch"),
        ("Das geschah am letzten Freitag.", WED, datetime(2025, 11, 28), "am letzten Freitag"),
        ("Das Treffen ist am kommenden Mittwoch.", WED, datetime(2025, 12, 10), "am kommenden Mittwoch"),
        ("Nächsten Montag beginnen die Gespräche.", WED, datetime(2025, 12, 8), "Nächsten Montag"),
        ("Er erklärte am Donnerstagabend, er sei bereit.", WED, datetime(2025, 11, 27), "am Donnerstagabend"),
        ("Am heutigen Mittwoch beginnen die Gespräche.", WED, datetime(2025, 12, 3), "Am heutigen Mittwoch"),
        ("Die Außenminister treffen sich am Donnerstag.", WED_MINUTE, datetime(2025, 12, 4), "am Donnerstag"),
        ("Das war am vergangenen Montag.", NEW_YEAR, datetime(2025, 12, 29), "am vergangenen Montag"),
        ("Heute beginnen die Gespräche.", WED, datetime(2025, 12, 3), "Heute"),
        ("Die Gespräche begannen gestern.", WED, datetime(2025, 12, 2), "gestern"),
        ("Die Gespräche begannen vorgestern.", WED, datetime(2025, 12, 1), "vorgestern"),
        ("Am Vortag hatte er gewarnt.", WED, datetime(2025, 12, 2), "Am Vortag"),
        ("Die Gespräche gehen morgen weiter.", WED, datetime(2025, 12, 4), "morgen"),
        ("Heute morgen begannen die Gespräche.", WED, datetime(2025, 12, 3), "Heute"),
        ("Gestern hatte er gewarnt.", NEW_YEAR, datetime(2025, 12, 31), "Gestern"),
    ],
)
def test_german_weekdays_and_relative_days(
    sentence: str, reference: PublicationDate, value: datetime, text: str
) -> None:
    assert found(sentence, reference=reference) == [(value, D, text)]


@pytest.mark.parametrize("reference", [None, UNKNOWN, DEC, YEAR_ONLY])
@pytest.mark.parametrize(
    "sentence",
    ["Die Außenminister treffen sich am Donnerstag.", "Heute beginnen die Gespräche.", "Am Vortag nicht."],
)
def test_german_weekdays_need_day_reference(sentence: str, reference: PublicationDate | None) -> None:
    assert found(sentence, reference=reference) == []


def test_german_weekday_without_am_or_qualifier_is_no_mention() -> None:
    assert found("Der Freitag ist eine Zeitung.", reference=WED) == []


# --- English ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "value", "precision", "text"),
    [
        ("The incursion began on August 6, 2024.", datetime(2024, 8, 6), D, "on August 6, 2024"),
        ("August 6, 2024 was a Tuesday.", datetime(2024, 8, 6), D, "August 6, 2024"),  # "a Tuesday": no date
        ("It began 6 August 2024 in Kursk.", datetime(2024, 8, 6), D, "6 August 2024"),
        ("It began Aug. 6, 2024 in Kursk.", datetime(2024, 8, 6), D, "Aug. 6, 2024"),
        ("It began on the 6th of August 2024.", datetime(2024, 8, 6), D, "6th of August 2024"),
        ("They met on Friday, Sept. 6, 2024.", datetime(2024, 9, 6), D, "on Friday, Sept. 6, 2024"),
        ("It began in August 2024.", datetime(2024, 8, 1), M, "in August 2024"),
        ("August 2024 changed everything.", datetime(2024, 8, 1), M, "August 2024"),
        ("It began in early August 2024.", datetime(2024, 8, 1), M, "in early August 2024"),
        ("It began mid-August 2024.", datetime(2024, 8, 1), M, "mid-August 2024"),
        ("It ended late August 2024.", datetime(2024, 8, 1), M, "late August 2024"),
        ("It ended in Dec. 2024.", datetime(2024, 12, 1), M, "in Dec. 2024"),
        ("Talks failed in spring 2022.", datetime(2022, 3, 1), S, "in spring 2022"),
        ("The draft was discussed in the spring of 2022.", datetime(2022, 3, 1), S, "in the spring of 2022"),
        ("The summer 2023 offensive failed.", datetime(2023, 6, 1), S, "summer 2023"),
        ("Since autumn 2023 nothing moved.", datetime(2023, 9, 1), S, "autumn 2023"),
        ("Since fall 2023 nothing moved.", datetime(2023, 9, 1), S, "fall 2023"),
        ("The grid failed in winter 2022.", datetime(2022, 12, 1), S, "in winter 2022"),
        ("The grid failed in winter 2022/23.", datetime(2022, 12, 1), S, "in winter 2022/23"),
        ("Talks collapsed in 2022.", datetime(2022, 1, 1), Y, "in 2022"),
        ("In 2014 Russia annexed Crimea.", datetime(2014, 1, 1), Y, "In 2014"),
        ("Talks collapsed in the year 2022.", datetime(2022, 1, 1), Y, "in the year 2022"),
        ("Talks collapsed late 2022.", datetime(2022, 1, 1), Y, "late 2022"),
    ],
)
def test_english_dated(sentence: str, value: datetime, precision: Precision, text: str) -> None:
    assert found(sentence, "english") == [(value, precision, text)]
    assert found(sentence, "english", WED) == [(value, precision, text)]


@pytest.mark.parametrize(
    "sentence",
    [
        "There have been no direct talks since 2022.",
        "Russia annexed Crimea 2014 onwards.",
        "Trump gave Putin 50 days.",
        "See No. 5 of the draft.",
        "Ukraine finished in 3rd place.",
        "Jan Egeland said so.",
        "They met at Mar-a-Lago.",
        "They may meet again.",
        "Nothing happened on February 31, 2024.",
        "Nothing happened on 30 February 2024.",
        "The grid failed in winter 2022/25.",
        "The 1990s were different.",
        "It happened on a Friday, as so often.",
        "The Friday prayers were cancelled.",
    ],
)
def test_english_no_mention(sentence: str) -> None:
    assert found(sentence, "english", WED) == []


@pytest.mark.parametrize(
    ("sentence", "reference", "value", "precision", "text"),
    [
        ("It began on August 6.", DEC, datetime(2025, 8, 6), D, "on August 6"),
        ("It began on 6 August.", FEB, datetime(2024, 8, 6), D, "on 6 August"),
        ("It began in November.", FEB, datetime(2024, 11, 1), M, "in November"),
        ("It began late November.", DEC, datetime(2025, 11, 1), M, "late November"),
        ("Talks that began in spring stalled.", JULY, datetime(2025, 3, 1), S, "in spring"),
        ("Talks that began in the fall stalled.", DEC, datetime(2025, 9, 1), S, "in the fall"),
    ],
)
def test_english_without_year(
    sentence: str, reference: PublicationDate, value: datetime, precision: Precision, text: str
) -> None:
    assert found(sentence, "english", reference) == [(value, precision, text)]
    assert found(sentence, "english", None) == []
    assert found(sentence, "english", YEAR_ONLY) == []


def test_english_fall_of_a_city_is_no_season() -> None:
    assert found("After the fall of Bakhmut, talks stalled.", "english", DEC) == []
    assert found("In the fall of Bakhmut, talks stalled.", "english", DEC) == []


@pytest.mark.parametrize(
    ("sentence", "reference", "value", "text"),
    [
        ("The talks will resume on Thursday.", WED, datetime(2025, 12, 4), "on Thursday"),
        ("Delegations are to meet on Thursday in Geneva.", WED, datetime(2025, 12, 4), "on Thursday"),
        ("He said on Thursday that he was ready.", WED, datetime(2025, 11, 27), "on Thursday"),
        ("Zelensky told reporters Monday he was ready.", WED, datetime(2025, 12, 1), "Monday"),
        ("He said talks would resume on Friday.", WED, datetime(2025, 12, 5), "on Friday"),
        ("He said on Wednesday he was ready.", WED, datetime(2025, 12, 3), "on Wednesday"),
        ("They met last Friday.", WED, datetime(2025, 11, 28), "last Friday"),
        ("They meet next Monday.", WED, datetime(2025, 12, 8), "next Monday"),
        ("They meet next Wednesday.", WED, datetime(2025, 12, 10), "next Wednesday"),
        ("They meet this Friday.", WED, datetime(2025, 12, 5), "this Friday"),
        ("They met last Monday.", NEW_YEAR, datetime(2025, 12, 29), "last Monday"),
        ("Talks began yesterday.", WED, datetime(2025, 12, 2), "yesterday"),
        ("Today the talks begin.", WED_MINUTE, datetime(2025, 12, 3), "Today"),
        ("Talks begin tomorrow.", WED, datetime(2025, 12, 4), "tomorrow"),
    ],
)
def test_english_weekdays_and_relative_days(
    sentence: str, reference: PublicationDate, value: datetime, text: str
) -> None:
    assert found(sentence, "english", reference) == [(value, D, text)]
    assert found(sentence, "english", DEC) == []


@pytest.mark.parametrize(
    ("sentence", "language", "value"),
    [
        # past tense, regular or listed, and no tense word at all: the last such weekday before
        ("Fans gathered since the singer's death on Thursday.", "english", datetime(2025, 11, 27)),
        ("The singer died on Thursday at the hospital.", "english", datetime(2025, 11, 27)),
        ("BP capped the well on Monday after weeks of attempts.", "english", datetime(2025, 12, 1)),
        ("The rig sank Thursday as hopes dimmed.", "english", datetime(2025, 11, 27)),
        ("On Monday, BP said the well was capped.", "english", datetime(2025, 12, 1)),
        # future: marker words and phrases, a past form inside them or after "be" does not count
        ("The memorial will be held on Tuesday.", "english", datetime(2025, 12, 9)),
        ("The hearing is scheduled for Monday.", "english", datetime(2025, 12, 8)),
        ("Results are expected to be published on Friday.", "english", datetime(2025, 12, 5)),
        ("BP is set to try again on Monday.", "english", datetime(2025, 12, 8)),
        # German: a listed past word, else the weekday on or after the reference day
        ("Der Präsident war am Donnerstag gestorben.", "german", datetime(2025, 11, 27)),
        ("Am Donnerstag wird wieder verhandelt.", "german", datetime(2025, 12, 4)),
        ("Beide Seiten treffen sich am Freitag.", "german", datetime(2025, 12, 5)),
    ],
)
def test_weekday_by_tense_against_the_publication_day(sentence: str, language: str, value: datetime) -> None:
    assert [m[0] for m in found(sentence, language, WED)] == [value]


# --- offsets, order, overlaps, language -------------------------------------------------------


def test_offsets_and_text_of_a_match() -> None:
    sentence = "Der Vorstoß vom 6. August 2024 kam überraschend."
    (mention,) = find_date_mentions(sentence, "german")
    assert (mention.text, mention.start, mention.end) == ("vom 6. August 2024", 12, 30)
    assert (mention.value, mention.precision) == (datetime(2024, 8, 6), D)


def test_mentions_in_order_without_overlap() -> None:
    sentence = "Zwischen Ende August 2024, dem 21.04.2025 und dem Winter 2022/23 lag viel; heute nicht."
    mentions = find_date_mentions(sentence, "german", WED)
    assert [m.text for m in mentions] == ["Ende August 2024", "21.04.2025", "Winter 2022/23", "heute"]
    assert all(a.end <= b.start for a, b in zip(mentions, mentions[1:], strict=False))


def test_longest_match_wins() -> None:
    assert found("am Freitag, 6. September 2024", reference=WED) == [
        (datetime(2024, 9, 6), D, "am Freitag, 6. September 2024")
    ]
    assert found("Seit dem 6. August 2024.", reference=WED) == [
        (datetime(2024, 8, 6), D, "Seit dem 6. August 2024")
    ]


@pytest.mark.parametrize(("language", "code"), [("german", "de"), ("english", "en")])
def test_language_codes_are_accepted(language: str, code: str) -> None:
    sentence = "am 6. August 2024" if language == "german" else "on August 6, 2024"
    assert found(sentence, code) == found(sentence, language) != []


def test_unsupported_language_is_an_error() -> None:
    with pytest.raises(ValueError, match="unsupported language 'french'"):
        find_date_mentions("le 6 août 2024", "french")


# --- the seeds ------------------------------------------------------------------------------


def seed_sentence(prefix: str, needle: str) -> str:
    """The sentence of the seed file starting with prefix that contains needle."""
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    (sentence,) = [s for s in split_sentences(path.read_text(encoding="utf-8")) if needle in s]
    return sentence


def test_seed_004_dated_incursion() -> None:
    sentence = seed_sentence("004", "vom 6. August 2024")
    assert found(sentence) == [(datetime(2024, 8, 6), D, "vom 6. August 2024")]


def test_seed_001_spring_from_month_reference() -> None:
    sentence = seed_sentence("001", "im Frühjahr begonnenen Gespräche")
    assert found(sentence, reference=JULY) == [(datetime(2025, 3, 1), S, "im Frühjahr")]
    assert found(sentence) == []


def test_equally_near_past_and_future_markers_mean_past() -> None:
    assert found("hatte am Freitag wird", reference=WED) == [(datetime(2025, 11, 28), D, "am Freitag")]


_PIECES = ["am", "Am", "im", "Im", "vom", "Ende", "Mitte", "Anfang", "Jahr", "Jahre", "in", "the", "on",
           "of", "early", "mid-", "late", "last", "next", "vergangenen", "kommenden", "6.", "6", "21.04.2025",
           "2024", "2022/23", "1st", "Aug.", "August", "Mai", "März", "Dezember", "Sept", "Frühjahr",
           "Herbst", "spring", "fall", "Freitag", "Donnerstagabend", "Friday", "heute", "Gestern", "morgen",
           "Vortag", "Übermorgen", "today", "Tomorrow", "SPRING", "sPring",
           "Kiew", "sagte", "Gespräche", "Waffenruhe", ",", " ", "  "]


@given(st.lists(st.sampled_from(_PIECES), max_size=12), st.sampled_from(["german", "english"]))
def test_the_trigger_matches_every_sentence_a_rule_matches(pieces: list[str], language: str) -> None:
    """The quick pre-check may let through sentences without a date, never drop one with a date."""
    sentence = " ".join(pieces)
    if any(pattern.search(sentence) for pattern, _ in _RULES[language]):
        assert may_name_a_date(sentence, language)


@pytest.mark.parametrize("language", ["german", "english"])
def test_the_trigger_matches_every_pair_of_pieces_a_rule_matches(language: str) -> None:
    """Every two pieces in a row, so each rule of two words ("am Freitag", "in spring") is met."""
    missed = []
    for first in _PIECES:
        for second in _PIECES:
            sentence = f"Er sagte {first} {second} dies."
            matched = any(p.search(sentence) for p, _ in _RULES[language])
            if matched and not may_name_a_date(sentence, language):
                missed.append(sentence)
    assert missed == []


def test_a_sentence_without_any_trigger_word_has_no_mention() -> None:
    sentence = "Die Gespräche in Istanbul verliefen ohne Ergebnis, sagte der Sprecher."
    assert not may_name_a_date(sentence, "german")
    assert all(not pattern.search(sentence) for pattern, _ in _RULES["german"])
    assert found(sentence, reference=WED) == []


# --- a third language is one module: its rules are built from its fields -------------------

#: A made-up Dutch language module: lower-case month and weekday names, day-month-year written
#: with hyphens, a weekday only after "op" or a direction word. Words not about dates are English's.
DUTCH = dataclasses.replace(
    get("english"), NAME="dutch", CODES=("nl",),
    MONTHS={"januari": 1, "jan": 1, "februari": 2, "feb": 2, "maart": 3, "mrt": 3, "april": 4, "apr": 4,
            "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "augustus": 8, "aug": 8, "september": 9,
            "sep": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11, "december": 12, "dec": 12},
    WEEKDAYS={"maandag": 0, "dinsdag": 1, "woensdag": 2, "donderdag": 3, "vrijdag": 4, "zaterdag": 5,
              "zondag": 6},
    SEASONS={"lente": 3, "voorjaar": 3, "zomer": 6, "herfst": 9, "najaar": 9, "winter": 12},
    RELATIVE_DAYS={"vandaag": 0, "gisteren": -1, "eergisteren": -2, "morgen": 1},
    WEEKDAY_DIRECTIONS={"vorige": "past", "afgelopen": "past", "volgende": "future", "komende": "future"},
    PAST_MARKERS=frozenset({"had", "was", "zei"}), FUTURE_MARKERS=frozenset({"zal", "zullen"}),
    PAST_FORM="", NOT_PAST_AFTER=frozenset(), UNMARKED_TENSE="past",
    DATE_QUALIFIERS=("begin", "half", "eind"), HYPHENATED_QUALIFIERS=(),
    DAY_PREPOSITIONS=("op", "sinds"), WEEKDAY_PREPOSITIONS=("op",), WEEKDAY_ARTICLES=(),
    MONTH_PREPOSITIONS=("in",), SEASON_ARTICLES=("de", "het"), OF_WORDS=(), YEAR_PREFIXES=("in het jaar",),
    NOT_WEEKDAY_AFTER=("een",), DAYTIME_SUFFIXES=("ochtend", "middag", "avond", "nacht"),
    RELATIVE_DAY_NOUNS=frozenset(), AMBIGUOUS_RELATIVE_DAYS={},
    DATE_ORDERS=("d-m-y", "d Month[ y]", "Month y"), ORDINAL_SUFFIXES=(), NOT_DAY_AFTER=".,-",
    CAPITALIZED_DATE_WORDS=(), SEASON_QUALIFIERS=(), PREPOSITION_BEFORE_QUALIFIER=False,
    NAMED_YEAR_CENTURIES=(), WEEKDAY_NEEDS_WORD=True,
)
DUTCH_RULES = date_rules(DUTCH)


@pytest.mark.parametrize(("sentence", "reference", "expected"), [
    ("De aanval begon op 6 augustus 2024.", None, [(datetime(2024, 8, 6), D, "op 6 augustus 2024")]),
    ("Het verdrag van 21-04-2025 geldt nog.", None, [(datetime(2025, 4, 21), D, "21-04-2025")]),
    ("Sinds 3 mei zijn er gesprekken.", DEC, [(datetime(2025, 5, 3), D, "Sinds 3 mei")]),
    ("Eind augustus 2024 kwam het leger.", None, [(datetime(2024, 8, 1), M, "Eind augustus 2024")]),
    ("Dat gebeurde in november.", DEC, [(datetime(2025, 11, 1), M, "in november")]),
    ("In het voorjaar 2022 begonnen de gesprekken.", None,
     [(datetime(2022, 3, 1), S, "In het voorjaar 2022")]),
    ("Dat was in het jaar 2022, in 2023 niet meer.", None, [(datetime(2022, 1, 1), Y, "in het jaar 2022")]),
    ("Vorige maandag zei de minister dat.", WED, [(datetime(2025, 12, 1), D, "Vorige maandag")]),
    ("Op vrijdagavond zullen ze praten.", WED, [(datetime(2025, 12, 5), D, "Op vrijdagavond")]),
    ("Op vrijdag had hij gesproken.", WED, [(datetime(2025, 11, 28), D, "Op vrijdag")]),
    ("Gisteren was het rustig, vandaag niet.", WED,
     [(datetime(2025, 12, 2), D, "Gisteren"), (datetime(2025, 12, 3), D, "vandaag")]),
    ("Maandag is een drukke dag.", WED, []),  # a weekday needs "op" or a direction word
    # a number right after NOT_DAY_AFTER is no day: only the month is a date
    ("Het water steeg 0,6 augustus 2024.", None, [(datetime(2024, 8, 1), M, "augustus 2024")]),
    ("Het water steeg 1.6 augustus 2024.", None, [(datetime(2024, 8, 1), M, "augustus 2024")]),
    ("Gisteren was het rustig.", None, []),  # a relative day needs a reference
])
def test_a_made_up_dutch_module_gives_its_rules(sentence, reference, expected):
    mentions = find_date_mentions(sentence, DUTCH_RULES, reference)
    assert [(m.value, m.precision, m.text) for m in mentions] == expected


def test_the_dutch_words_are_no_dates_in_german_or_english():
    sentence = "De aanval begon op 6 augustus 2024, vorige maandag."
    assert found(sentence, "german", WED) == found(sentence, "english", WED) == []
    assert may_name_a_date("Op maandag.", DUTCH_RULES) and not may_name_a_date("Op tijd.", DUTCH_RULES)


def test_a_date_order_the_builder_cannot_read_is_an_error():
    with pytest.raises(ValueError, match="date order"):
        date_rules(dataclasses.replace(DUTCH, DATE_ORDERS=("d_m_y",)))


# --- `digest timeline`: the digest's articles, and tilse's file format --------------------------------

#: The separator line of tilse's timeline files (tilse/data/timelines.py): exactly 32 dashes.
TILSE_SEPARATOR = "-" * 32
APRIL_18 = ("Noch am Freitag hatte Trump angedeutet, dass \"die Vereinigten Staaten ihre Bemühungen um "
            "die Vermittlung eines Friedens einstellen werden, wenn nicht bald ein klarer Weg zum Frieden "
            "erkennbar wird\".")
APRIL_20 = ("Am Vortag hatte Trump auf seiner Plattform Truth Social in Großbuchstaben gepostet: "
            "\"Hoffentlich machen Russland und die Ukraine diese Woche einen Deal.\"")
APRIL_21 = ("Die USA werden angesichts fehlender Fortschritte in den Ukraine-Verhandlungen zunehmend "
            "ungeduldig.")


def read_tilse(text: str) -> dict[date | None, list[str]]:
    """A timeline file read by tilse's rules (``Timeline.from_file`` in tilse/data/timelines.py).

    Each line is stripped; a line of exactly 32 dashes ends the block of the current date;
    a line ``datetime.strptime(line, '%Y-%m-%d')`` reads is that date; any other line is a
    sentence of it. What follows the last separator is never read.
    """
    days: dict[date | None, list[str]] = {}
    day: date | None = None
    summary = ""
    for line in text.splitlines():
        line = line.strip()
        if line == TILSE_SEPARATOR:
            days[day] = summary.strip().split("\n")
            day, summary = None, ""
            continue
        try:
            day = datetime.strptime(line, "%Y-%m-%d").date()
        except ValueError:
            summary += line + "\n"
    return days


def _timeline(config: Path, fmt: str, day: str, since: str | None = None) -> str:
    """The output of `digest timeline`, which must succeed."""
    from click.testing import CliRunner

    from digest.cli import cli

    since_args = ["--since", since] if since else []
    result = CliRunner().invoke(cli, ["-q", "timeline", "--config", str(config), "--date", day, *since_args,
                                      "--format", fmt])
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    return result.stdout


def test_read_tilse_follows_the_reference_rules() -> None:
    text = "2025-04-21\n  Ein Satz.  \nNoch einer.\n--------\n" + TILSE_SEPARATOR + "\n2025-04-22\nRest.\n"
    assert read_tilse(text) == {date(2025, 4, 21): ["Ein Satz.", "Noch einer.", "--------"]}


def test_tilse_output_of_the_seeds_reads_back_as_the_days_as_of_the_date(config_file, seed_inbox) -> None:
    """As of 22 April 2025 the April article names three days (18, 20, 21 April): ceil(sqrt(3)) = 2 are
    shown, the day it names with a sentence about that day only, and its own day from its lead sentences
    (without 'Nun schlägt …', which needs the sentence before it); none from the July article."""
    text = _timeline(config_file(seed_inbox), "tilse", "2025-04-22", "2025-01-01")
    assert text.endswith(f"\n{TILSE_SEPARATOR}\n")  # nothing after the last separator is lost
    days = read_tilse(text)
    assert len(days) == 2 and set(days) <= {date(2025, 4, 18), date(2025, 4, 20), date(2025, 4, 21)}
    assert days.get(date(2025, 4, 20), [APRIL_20]) == [APRIL_20]
    assert days.get(date(2025, 4, 18), [APRIL_18]) == [APRIL_18]
    assert all(1 <= len(sentences) <= 2 for sentences in days.values())
    shown = [s for sentences in days.values() for s in sentences]
    assert len(shown) == len(set(shown))  # no sentence on two days
    assert not any(s.startswith("Nun ") for s in shown)


def test_tilse_output_of_all_seeds_has_no_mentioned_season_or_year_as_a_day(config_file, seed_inbox) -> None:
    """'im Frühjahr' and 'im Jahr 2022' only weigh for the days they span. The July article is known
    only to its month: the Chronik shows it under "Juli 2025", but tilse has days only, so it is not
    written there as a made-up first of July."""
    text = _timeline(config_file(seed_inbox), "tilse", "2025-12-03", "2022-02-24")
    days = read_tilse(text)
    assert date(2025, 3, 1) not in days and date(2022, 1, 1) not in days
    assert date(2025, 7, 1) not in days
    assert days  # the day-precise article of 21 April 2025 is there
    markdown = _timeline(config_file(seed_inbox), "markdown", "2025-12-03", "2022-02-24")
    assert "Juli 2025" in markdown
    assert sum(len(s) for s in days.values()) == text.count("\n") - 2 * len(days)  # every line is read


@pytest.mark.parametrize(("line", "sentence"), [
    ("Die Delegationen trafen sich in Genf.", True),
    ("", False),
    (TILSE_SEPARATOR, False),
    ("2025-04-21", False),
    ("2025-4-1", False),  # strptime reads it as a date too
    ("--------", True),
    ("2025-04-21 war ein Montag.", True),
])
def test_tilse_reads_as_sentence(line: str, sentence: bool) -> None:
    from digest.render import tilse_reads_as_sentence

    assert tilse_reads_as_sentence(line) is sentence


_CHRONIK_DAY = re.compile(r"- \*\*(?P<when>.+?)\*\*")
_CHRONIK_LINE = re.compile(r"  - (?P<text>.+) \([^()]*: \[[^\]]*\]\(#article-[0-9a-f]+\)\)")
_TIMELINE_LINE = re.compile(r"  - (?P<text>.+) \([^()]*: [^()]*\)")


def _events(lines: list[str], pattern: re.Pattern[str]) -> set[tuple[str, str]]:
    """(date, sentence) of each sentence line under its day line; every line must be one of the two."""
    found, day = set(), None
    for line in lines:
        if (heading := _CHRONIK_DAY.fullmatch(line)) is not None:
            day = heading["when"]
            continue
        match = pattern.fullmatch(line)
        assert match is not None and day is not None, line
        found.add((day, match["text"]))
    return found


@pytest.mark.parametrize(("day", "since", "count"), [
    ("2025-04-22", "2025-01-01", 2),  # days with news: 18, 20, 21 April -> ceil(sqrt(3)) days shown
    ("2025-12-03", "2022-02-24", 3),  # and 6 August 2024, 3 December (three undated seeds arrive) -> 3
])
def test_markdown_timeline_has_the_events_of_the_digests_chronik(config_file, seed_inbox, day, since,
                                                                 count) -> None:
    """`digest timeline` and the Chronik of `digest run` for the same --date and --since: the same events."""
    from digest import pipeline
    from digest.config import load_config

    config = config_file(seed_inbox)
    result = pipeline.run(load_config(config), date.fromisoformat(day), since=datetime.fromisoformat(since))
    chronik = result.markdown.read_text(encoding="utf-8").split("## Chronik\n\n")[1].split("\n\n## ")[0]
    listed = _timeline(config, "markdown", day, since)
    from_digest = _events(chronik.splitlines(), _CHRONIK_LINE)
    assert _events(listed.splitlines(), _TIMELINE_LINE) == from_digest
    assert len({day for day, _ in from_digest}) == count


@pytest.mark.parametrize(("line", "kept"), [
    # a news page's place-and-time stamp before the agency dateline
    ("MEXICO CITY | Mon Apr 27, 2009 3:10am BST MEXICO CITY (Reuters) - Fears of a global flu pandemic grew.",
     "Fears of a global flu pandemic grew."),
    ("WASHINGTON | Mon Mar 2, 2009 4:23 pm EST WASHINGTON (Reuters) - Virtually all cases resist Tamiflu.",
     "Virtually all cases resist Tamiflu."),
    ("HOUSTON/SEATTLE, April 30 | Fri Apr 30, 2010 5:23 pm EDT HOUSTON/SEATTLE, April 30 (Reuters) - The rig"
     " explosion caused a slick.", "The rig explosion caused a slick."),
    ("Thursday, April 29, 2010; 4:49 PM A massive crude oil spill is expected to reach the coast.",
     "A massive crude oil spill is expected to reach the coast."),
    ("On Thursday, April 29, 2010; officials met at 4:49 PM again.",
     "On Thursday, April 29, 2010; officials met at 4:49 PM again."),
    ("(AP Photo) President Obama warned Sunday that the spill is a potentially unprecedented disaster.",
     "President Obama warned Sunday that the spill is a potentially unprecedented disaster."),
    ("AP Photo/Transocean BP has begun work on a relief well.", "BP has begun work on a relief well."),
    ("The AP Photo archive shows the rig burning.", "The AP Photo archive shows the rig burning."),
    # a byline with a capitalized role, then the stamp
    ("By Maggie Fox, Health and Science Editor WASHINGTON | Wed Apr 29, 2009 7:30pm BST WASHINGTON (Reuters)"
     " - The new H1N1 swine flu has spread.", "The new H1N1 swine flu has spread."),
    # a blog's author-and-time stamp
    ("Susan Watts | 18:00 UK time, Saturday, 25 April 2009 Experts are clearly extremely concerned.",
     "Experts are clearly extremely concerned."),
    # body text that only looks alike stays
    ("The vote in NEW YORK | was held on Mon Apr 27, 2009 at 3:10am BST as planned.",
     "The vote in NEW YORK | was held on Mon Apr 27, 2009 at 3:10am BST as planned."),
    ("By Tuesday, Health Editor Jane Doe had resigned.", "By Tuesday, Health Editor Jane Doe had resigned."),
])
def test_page_stamps_and_bylines_before_a_lines_text_are_furniture(line: str, kept: str) -> None:
    """Issue 13: English page furniture is removed before a timeline chooses its sentences."""
    from digest.clean import clean_lines

    assert clean_lines([line]) == [kept]


def test_prefilter_is_what_every_match_needs():
    """A rule's prefilter is the literal (or digit) every match holds; case-blind parts need nothing known."""
    from digest.timeline import _prefilter

    assert _prefilter(re.compile(r"\b(?i:am)\s+Montag\b")).pattern == "Montag"
    assert _prefilter(re.compile(r"[Hh]eute|morgen")).pattern == "eute|morgen"
    assert _prefilter(re.compile(r"(?P<y>\d{4})?\s+(?P<d>\d)")).pattern == r"\d"
    assert _prefilter(re.compile(r"(?i:heute)")) is None
    assert _prefilter(re.compile(r"(?:Mai)?\s+x*")) is None
    assert _prefilter(re.compile("montag", re.IGNORECASE)) is None


@pytest.mark.parametrize("language", ["german", "english"])
def test_prefilter_keeps_every_rule_match(language):
    """The rules run after their prefilters find what running every rule on every sentence finds."""
    from digest.timeline import _DATE_RULES, _candidates

    rules = _DATE_RULES[language]
    sentences = [
        "Am Montag, 3. März 2025, und seit dem 12.03.2024 sowie im Frühjahr 2023 und Ende Mai.",
        "Im Jahr 2019 war es heute so wie gestern, morgen am Vortag, am kommenden Freitagabend.",
        "On Monday, March 3, 2025, and in spring 2023, yesterday, today and tomorrow, last Friday.",
        "In the summer of 2024 and in 1999 or on 3 May; early June 2020; winter 2021/22.",
    ]
    found = 0
    for sentence in sentences:
        every = [(m.span(), build) for pattern, build in rules.rules for m in pattern.finditer(sentence)]
        brute = sorted(every, key=lambda item: (item[0][0], -item[0][1]))
        assert [(m.span(), build) for m, build in _candidates(sentence, rules)] == brute
        found += len(brute)
    assert found >= 8  # the sentences name dates of most rules in either language
