"""Tests for digest.text: sentence splitting, word tokens, sumy integration, language guess."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from digest import lang
from digest.text import (
    SUPPORTED_LANGUAGES,
    Tokenizer,
    detect_language,
    normalize_language,
    split_sentences,
)

FIXTURE = Path(__file__).parent / "fixtures" / "seed_sentences.json"


# --- accuracy on the hand-labelled seed articles -------------------------------------------


def _boundaries(line: str, sentences: list[str]) -> set[int]:
    """Character offsets in line where one sentence ends and the next begins."""
    offsets, pos = [], 0
    for sentence in sentences:
        pos = line.index(sentence, pos) + len(sentence)
        offsets.append(pos)
    return set(offsets[:-1])


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def test_seed_fixture_is_labelled():
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    assert len(data) == 5
    for entries in data.values():
        for entry in entries:
            assert entry["sentences"], entry["line"]
            assert "".join(entry["sentences"]).replace(" ", "") == entry["line"].replace(" ", "")


def test_seed_boundaries_f1():
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    b_tp = b_fp = b_fn = s_tp = s_fp = s_fn = 0
    for entries in data.values():
        for entry in entries:
            line, expected = entry["line"], entry["sentences"]
            found = split_sentences(line, "german")
            want, got = _boundaries(line, expected), _boundaries(line, found)
            b_tp += len(want & got)
            b_fp += len(got - want)
            b_fn += len(want - got)
            matched = len(set(expected) & set(found))
            s_tp += matched
            s_fp += len(found) - matched
            s_fn += len(expected) - matched
    bp, br, bf = _prf(b_tp, b_fp, b_fn)
    sp, sr, sf = _prf(s_tp, s_fp, s_fn)
    print(f"\nseed boundaries: P={bp:.3f} R={br:.3f} F1={bf:.3f} ({b_tp + b_fn} boundaries)")
    print(f"seed sentences:  P={sp:.3f} R={sr:.3f} F1={sf:.3f} ({s_tp + s_fn} sentences)")
    assert bf >= 0.98
    assert sf >= 0.98


# --- rules, table-driven -------------------------------------------------------------------

GERMAN_CASES = [
    # plain boundaries
    ("Das ist gut. Das auch.", ["Das ist gut.", "Das auch."]),
    ("Wer kommt? Niemand! Gut so.", ["Wer kommt?", "Niemand!", "Gut so."]),
    ("Seit 2022. Dabei blieb es.", ["Seit 2022.", "Dabei blieb es."]),
    ("Am 6. 8. 2024 kam er. 2000 warteten.", ["Am 6. 8. 2024 kam er.", "2000 warteten."]),
    ("Überall Ärger. Ökonomen warnen.", ["Überall Ärger.", "Ökonomen warnen."]),
    ("Ende.   Neuer Satz.", ["Ende.", "Neuer Satz."]),
    # abbreviations
    ("Das gilt z. B. für Kiew. Gut.", ["Das gilt z. B. für Kiew.", "Gut."]),
    ("Das gilt z.B. Moskau und Kiew.", ["Das gilt z.B. Moskau und Kiew."]),
    ("Es kamen ca. 500 Leute.", ["Es kamen ca. 500 Leute."]),
    ("Er wohnt in Haus Nr. 5 am Markt.", ["Er wohnt in Haus Nr. 5 am Markt."]),
    ("Dr. Müller und Prof. Schmidt reden.", ["Dr. Müller und Prof. Schmidt reden."]),
    ("Berlin bzw. Bonn und u.a. Hamburg.", ["Berlin bzw. Bonn und u.a. Hamburg."]),
    ("Es geht u. a. Kiew an.", ["Es geht u. a. Kiew an."]),
    ("Er zahlte 5 Mio. Euro und 2 Mrd. Dollar.", ["Er zahlte 5 Mio. Euro und 2 Mrd. Dollar."]),
    ("Es kostet 5 Mio. Die Firma zahlt.", ["Es kostet 5 Mio.", "Die Firma zahlt."]),
    ("Äpfel, Birnen etc. Die Ernte ist gut.", ["Äpfel, Birnen etc.", "Die Ernte ist gut."]),
    ("Äpfel, Birnen etc. Obst kostet.", ["Äpfel, Birnen etc. Obst kostet."]),
    ("Sie fuhr nach St. Petersburg.", ["Sie fuhr nach St. Petersburg."]),
    ("Die Meyer GmbH & Co. KG zahlt.", ["Die Meyer GmbH & Co. KG zahlt."]),
    ("Sie wohnt in der Hauptstr. 5 in Köln.", ["Sie wohnt in der Hauptstr. 5 in Köln."]),
    ("Nach Art. 5 GG ist das frei.", ["Nach Art. 5 GG ist das frei."]),
    ("Auf diese Art. Dann ging er.", ["Auf diese Art.", "Dann ging er."]),
    ("Am 3. Jan. 2025 und am 1. Feb. Mittags.", ["Am 3. Jan. 2025 und am 1. Feb. Mittags."]),
    ("Das sagte US-Präs. Trump am Abend.", ["Das sagte US-Präs. Trump am Abend."]),
    ("Laut Vgl. Abs. 2 gilt das.", ["Laut Vgl. Abs. 2 gilt das."]),
    # ordinals
    ("Der Vorstoß vom 6. August 2024 wirkt.", ["Der Vorstoß vom 6. August 2024 wirkt."]),
    ("Er belegte den 3. Platz.", ["Er belegte den 3. Platz."]),
    ("Der 2. Weltkrieg endete 1945.", ["Der 2. Weltkrieg endete 1945."]),
    ("3. Platz für Kiew.", ["3. Platz für Kiew."]),
    ("Bis zum 1. Jan. bleibt es so.", ["Bis zum 1. Jan. bleibt es so."]),
    ("Er wurde 3. Dann hörte er auf.", ["Er wurde 3.", "Dann hörte er auf."]),
    ("Papst Johannes Paul II. Wojtyła starb.", ["Papst Johannes Paul II. Wojtyła starb."]),
    # dates, times, numbers
    ("Stand: 21.04.2025 19:54 Uhr. Die Lage.", ["Stand: 21.04.2025 19:54 Uhr.", "Die Lage."]),
    ("Am 21.04.2025 kamen 60.000 Soldaten.", ["Am 21.04.2025 kamen 60.000 Soldaten."]),
    ("Der Wert stieg um 2.5 Prozent. Gut.", ["Der Wert stieg um 2.5 Prozent.", "Gut."]),
    # initials and acronyms
    ("Es sprach Donald J. Trump in Kiew.", ["Es sprach Donald J. Trump in Kiew."]),
    (
        "Washington, D.C./Moskau – Der Kreml spricht.",
        ["Washington, D.C./Moskau – Der Kreml spricht."],
    ),
    ("Er war in Washington D.C. Dort sprach er.", ["Er war in Washington D.C.", "Dort sprach er."]),
    ("Er schrieb auf X. Er habe telefoniert.", ["Er schrieb auf X.", "Er habe telefoniert."]),
    ("Er schrieb auf X. „Gut.“", ["Er schrieb auf X.", "„Gut.“"]),
    ("Die U.S. Army kam.", ["Die U.S. Army kam."]),
    # quotes
    ("„Das ist gut.“ Dann ging er.", ["„Das ist gut.“", "Dann ging er."]),
    ("„Frage?“, fragte er. Dann ging er.", ["„Frage?“, fragte er.", "Dann ging er."]),
    ("„Wir sind bereit“, sagte er. Gut.", ["„Wir sind bereit“, sagte er.", "Gut."]),
    ('"Das ist gut." Dann ging er.', ['"Das ist gut."', "Dann ging er."]),
    ('"Frage?", fragte er.', ['"Frage?", fragte er.']),
    ("Er sagte: „Nein!“ Dann ging er.", ["Er sagte: „Nein!“", "Dann ging er."]),
    ("Er ging. „Nie wieder“, sagte er.", ["Er ging.", "„Nie wieder“, sagte er."]),
    ("»Das ist gut.« Dann ging er.", ["»Das ist gut.«", "Dann ging er."]),
    ("„Er sagte: Ja.“ und ging.", ["„Er sagte: Ja.“ und ging."]),
    ("Er ging (wie immer.) Dann kam sie.", ["Er ging (wie immer.)", "Dann kam sie."]),
    # ellipses
    ("Warten… Dann kam er.", ["Warten…", "Dann kam er."]),
    ("Warten... Dann kam er.", ["Warten...", "Dann kam er."]),
    ("Er sagte […] Die Lage ist ernst.", ["Er sagte […] Die Lage ist ernst."]),
    ("Und dann … nichts mehr.", ["Und dann … nichts mehr."]),
    # not a boundary: lowercase or punctuation follows
    ("Das ist gut. und so weiter.", ["Das ist gut. und so weiter."]),
    ("Was jetzt? – Der tägliche Überblick", ["Was jetzt? – Der tägliche Überblick"]),
    # headlines and empty lines
    ("Moskau beharrt auf Maximalforderungen", ["Moskau beharrt auf Maximalforderungen"]),
    ("Ohne Punkt\nDer nächste Satz.", ["Ohne Punkt", "Der nächste Satz."]),
    ("", []),
    ("   ", []),
]

ENGLISH_CASES = [
    ("It rained. Then it stopped.", ["It rained.", "Then it stopped."]),
    ("Mr. Smith met Mrs. Jones and Dr. Brown.", ["Mr. Smith met Mrs. Jones and Dr. Brown."]),
    ("He lives in the U.S. and works there.", ["He lives in the U.S. and works there."]),
    ("He lives in the U.S. The weather is fine.", ["He lives in the U.S.", "The weather is fine."]),
    ("Fruit, e.g. Apples, is good.", ["Fruit, e.g. Apples, is good."]),
    ("One fruit, i.e. Apples, is good.", ["One fruit, i.e. Apples, is good."]),
    ("He lives at No. 5 Main St. in town.", ["He lives at No. 5 Main St. in town."]),
    ("He said no. Then he left.", ["He said no.", "Then he left."]),
    ("It happened on Jan. 5 in Kyiv.", ["It happened on Jan. 5 in Kyiv."]),
    ("Donald J. Trump spoke.", ["Donald J. Trump spoke."]),
    ("It was 5 p.m. The talks ended.", ["It was 5 p.m.", "The talks ended."]),
    ("He joined Apple Inc. The firm grew.", ["He joined Apple Inc.", "The firm grew."]),
    ("He joined Apple Inc. Europe in May.", ["He joined Apple Inc. Europe in May."]),
    ("“It is good.” Then he left.", ["“It is good.”", "Then he left."]),
    ("“Is it?” he asked. Yes.", ["“Is it?” he asked.", "Yes."]),
    ("The vote was in 2024. In 2025 it changed.", ["The vote was in 2024.", "In 2025 it changed."]),
    ("Sales rose 2.5 percent. Good.", ["Sales rose 2.5 percent.", "Good."]),
    ("See Gen. Miller and Sen. Warren.", ["See Gen. Miller and Sen. Warren."]),
]


@pytest.mark.parametrize(("text", "expected"), GERMAN_CASES)
def test_split_german(text, expected):
    assert split_sentences(text, "german") == expected


@pytest.mark.parametrize(("text", "expected"), ENGLISH_CASES)
def test_split_english(text, expected):
    assert split_sentences(text, "english") == expected


def test_split_default_language_is_german():
    assert split_sentences("Er belegte den 3. Platz.") == ["Er belegte den 3. Platz."]


def test_ordinal_rule_is_german_only():
    assert split_sentences("He ranked 3. Platz is a name.", "english") == [
        "He ranked 3.",
        "Platz is a name.",
    ]


def test_abbreviation_lists_are_frozen_lowercase_sets():
    for table in (lang.get(name).ABBREVIATIONS for name in lang.LANGUAGES):
        assert isinstance(table, frozenset)
        assert all(item == item.lower() and not item.endswith(".") for item in table)


@pytest.mark.parametrize("language", ["french", "", "xx"])
def test_unsupported_language_is_refused(language):
    with pytest.raises(ValueError, match="unsupported language"):
        split_sentences("Text.", language)


@pytest.mark.parametrize(
    ("given", "expected"),
    [("german", "german"), ("English", "english"), ("de", "german"), ("en", "english")],
)
def test_normalize_language(given, expected):
    assert normalize_language(given) == expected


_ALPHABET = "abcÄäöüßXYZ .!?…„“\"',:-0123456789\t\n()[]»«"


@given(st.text(alphabet=_ALPHABET, max_size=200), st.sampled_from(SUPPORTED_LANGUAGES))
def test_split_keeps_all_text_in_order(text, language):
    sentences = split_sentences(text, language)
    assert "".join("".join(sentences).split()) == "".join(text.split())
    pos = 0
    for sentence in sentences:
        assert sentence == sentence.strip() and sentence
        pos = text.index(sentence, pos) + len(sentence)


def test_long_runs_of_dots_and_initials_are_split_right():
    """Correctness on pathological lines; their speed is measured by benchmarks/hostile.py."""
    line = "Er kam am 6. August nach Kiew, sagte Dr. Müller z. B. „heute“. " * 20_000
    sentences = split_sentences(line)
    assert len(sentences) == 20_000
    dots = "." * 200_000 + " " * 200_000 + "A"
    assert split_sentences(dots) == [dots]
    initials = "A. " * 100_000
    assert len(split_sentences(initials)) == 1


# --- word tokens ---------------------------------------------------------------------------

WORD_CASES = [
    ("US-Präsident Trump sagte: „Nein!“", ("US-Präsident", "Trump", "sagte", "Nein")),
    ("Gegenoffensive mit 60.000 Soldaten", ("Gegenoffensive", "mit", "60.000", "Soldaten")),
    ("Großbritanniens Öl – ärgerlich.", ("Großbritanniens", "Öl", "ärgerlich")),
    ("Sicherheits- und Verteidigungsrat", ("Sicherheits", "und", "Verteidigungsrat")),
    ("It's 19:54, isn't it?", ("It's", "19:54", "isn't", "it")),
    ("... – !? „“ ()", ()),
]


@pytest.mark.parametrize(("sentence", "expected"), WORD_CASES)
def test_to_words(sentence, expected):
    assert Tokenizer("german").to_words(sentence) == expected


def test_tokenizer_splits_each_line_separately():
    paragraph = "Moskau beharrt auf Maximalforderungen\nRussland führt Krieg. Kiew lehnt ab."
    assert Tokenizer("german").to_sentences(paragraph) == (
        "Moskau beharrt auf Maximalforderungen",
        "Russland führt Krieg.",
        "Kiew lehnt ab.",
    )


def test_tokenizer_language():
    assert Tokenizer("German").language == "german"
    assert Tokenizer("english").language == "english"
    with pytest.raises(ValueError):
        Tokenizer("klingon")


# --- inside sumy, offline -------------------------------------------------------------------


@pytest.fixture
def offline(monkeypatch):
    """Block network connections and NLTK data lookups for the duration of a test."""
    import nltk.data

    def refuse(*args, **kwargs):
        raise OSError("network and NLTK data are off limits in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(nltk.data, "load", refuse)
    monkeypatch.setattr(nltk.data, "find", refuse)


def test_lexrank_runs_offline_with_our_tokenizer(offline):
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.utils import get_stop_words

    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", 9))
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    tokenizer = Tokenizer("german")
    texts = [s for entry in data["004_ab075a59fcf8eea7.txt"] for s in
             tokenizer.to_sentences(entry["line"])]
    sentences = [Sentence(text, tokenizer) for text in texts]
    document = ObjectDocumentModel([Paragraph(sentences)])
    summarizer = LexRankSummarizer(Stemmer("german"))
    summarizer.stop_words = get_stop_words("german")

    summary = [str(s) for s in summarizer(document, 4)]

    assert len(summary) == 4
    positions = [texts.index(s) for s in summary]
    assert positions == sorted(positions)
    assert all(sentence.words for sentence in sentences)


# --- language ------------------------------------------------------------------------------

LANGUAGE_CASES = [
    ("Die Ukraine hat Russland neue Verhandlungen vorgeschlagen, sagte er.", "german"),
    ("Der Kreml steht in Kontakt mit der Regierung von Trump.", "german"),
    ("The Kremlin said it was in contact with the Trump administration.", "english"),
    ("Ukraine has proposed new talks with Russia, he said on Friday.", "english"),
    ("", "german"),
    ("12345 60.000 !!!", "german"),
    ("Selenskyj Putin Trump", "german"),
    ("the", "english"),
    ("Er sagte: „We are ready for this and we will be there.“", "english"),
    ("Er sagte auf Englisch „okay“, und dann ging er nach Hause.", "german"),
]


@pytest.mark.parametrize(("text", "expected"), LANGUAGE_CASES)
def test_detect_language(text, expected):
    assert detect_language(text) == expected


def test_supported_languages():
    assert SUPPORTED_LANGUAGES == ("german", "english")
    for language in SUPPORTED_LANGUAGES:
        assert detect_language("") in SUPPORTED_LANGUAGES
        assert Tokenizer(language).language == language


def test_cap_sentences_keeps_the_first_sentences_headings_and_the_id() -> None:
    from digest.models import Article, Block, PublicationDate
    from digest.text import cap_sentences, split_article
    from tests.helpers import RECEIVED

    blocks = (Block("Eins. Zwei. Drei."), Block("Zwischentitel", True), Block("Vier. Fünf. Sechs."),
              Block("Sieben."))
    article = Article("id1", "a.txt", "Titel", None, PublicationDate.unknown(), RECEIVED, "german", blocks)
    split = split_article(article)
    assert len(split.sentences) == 7
    capped, dropped = cap_sentences(split, 4)
    assert dropped == 3
    assert capped.sentences == ("Eins.", "Zwei.", "Drei.", "Vier.")
    assert [b.text for b in capped.article.blocks] == ["Eins. Zwei. Drei.", "Zwischentitel", "Vier."]
    assert capped.article.id == "id1"
    assert cap_sentences(split, 7) == (split, 0)
