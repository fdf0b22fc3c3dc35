"""Tests for digest.clean: each furniture rule, its negative cases, and the seeds."""

from __future__ import annotations

from pathlib import Path

import pytest

from digest.clean import (
    clean_lines,
    drop_furniture_lines,
    drop_newsletter_boxes,
    drop_paywall_teasers,
    drop_photo_credits,
    drop_related_block,
    strip_lines,
)

SEEDS = Path(__file__).resolve().parents[1] / "seeds"

S1 = "Die Verhandlungen in Moskau sind nach russischen Angaben ergebnislos verlaufen."
S2 = "Putin fordert die gesamte Region Donbass im Osten der Ukraine."
S3 = "Selenskyj wiederholte die Forderung nach Sicherheitsgarantien für einen langen Zeitraum."


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["  a  ", "", " \t", "b"], ["a", "b"]),
        ([], []),
        (["", ""], []),
    ],
)
def test_strip_lines(lines: list[str], expected: list[str]) -> None:
    assert strip_lines(lines) == expected


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # ZEIT ONLINE (seed 003): a newsletter box in the middle of the article
        (
            [
                S1,
                "Newsletter",
                "Was jetzt? – Der tägliche Morgenüberblick",
                "Vielen Dank! Wir haben Ihnen eine E-Mail geschickt.",
                "Prüfen Sie Ihr Postfach und bestätigen Sie das Newsletter-Abonnement.",
                S2,
            ],
            [S1, S2],
        ),
        # another outlet: marker with a call to action and a consent line
        (
            [
                S1,
                "Newsletter abonnieren",
                "Die Lage am Morgen",
                "Jetzt kostenlos abonnieren",
                "Mit der Anmeldung zum Newsletter akzeptieren Sie unsere Datenschutzbestimmungen.",
                S2,
            ],
            [S1, S2],
        ),
        # the box stops at the first real sentence
        (["Newsletter", S1, "Kurzer Titel", S2], [S1, "Kurzer Titel", S2]),
        # negative: sentences that mention the newsletter stay
        (
            [S1, "Der Newsletter des Kremls wurde am Montag eingestellt, sagte Peskow.", S2],
            [S1, "Der Newsletter des Kremls wurde am Montag eingestellt, sagte Peskow.", S2],
        ),
        ([S1, S2], [S1, S2]),
    ],
)
def test_drop_newsletter_boxes(lines: list[str], expected: list[str]) -> None:
    assert drop_newsletter_boxes(lines) == expected


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ([S1, "© Lea Dohle", S2], [S1, S2]),
        ([S1, "© picture alliance / dpa | Kay Nietfeld", S2], [S1, S2]),
        ([S1, "Foto: IMAGO/ITAR-TASS", S2], [S1, S2]),
        ([S1, "Bild: Reuters", S2], [S1, S2]),
        ([S1, "Quelle: dpa", S2], [S1, S2]),
        ([S1, "(Foto: AFP)", S2], [S1, S2]),
        ([S1, "© 2025 Frankfurter Rundschau. Alle Rechte vorbehalten.", S2], [S1, S2]),
        # a credit in parentheses is cut from the caption, the caption stays
        (
            ["Wolodymyr Selenskyj in Kiew (Foto: Efrem Lukatsky/AP)", S2],
            ["Wolodymyr Selenskyj in Kiew", S2],
        ),
        # negative: '©' or 'Quelle' inside a sentence, or a long 'Quelle:' sentence
        (
            ["Das Logo trägt ein © und den Namen der Agentur, sagte der Sprecher.", S2],
            ["Das Logo trägt ein © und den Namen der Agentur, sagte der Sprecher.", S2],
        ),
        (
            [
                "Quelle: Nach Angaben des ukrainischen Generalstabs wurden in der Nacht "
                "mehr als vierzig Drohnen über dem Gebiet Sumy abgeschossen."
            ],
            [
                "Quelle: Nach Angaben des ukrainischen Generalstabs wurden in der Nacht "
                "mehr als vierzig Drohnen über dem Gebiet Sumy abgeschossen."
            ],
        ),
        (
            ["Copyright-Streit zwischen Kiew und Moskau", S2],
            ["Copyright-Streit zwischen Kiew und Moskau", S2],
        ),
    ],
)
def test_drop_photo_credits(lines: list[str], expected: list[str]) -> None:
    assert drop_photo_credits(lines) == expected


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # ZEIT ONLINE teaser: label, kicker, title
        (
            [
                S1,
                "Z+ (abopflichtiger Inhalt);",
                "Russisches Vermögen:",
                "Merz hat etwas übersehen",
                S2,
            ],
            [S1, S2],
        ),
        # label and title without a kicker
        ([S1, "SPIEGEL+", "Wie Putin den Westen hinhält", S2], [S1, S2]),
        ([S1, "F+", "Die Front im Donbass", S2], [S1, S2]),
        # two teasers in a row
        (
            [
                "Z+ (abopflichtiger Inhalt);",
                "A:",
                "Titel A",
                "Z+ (abopflichtiger Inhalt);",
                "Titel B",
                S2,
            ],
            [S2],
        ),
        # negative: a long sentence after a label is article text
        (["SZ Plus", S1 + " " + S2 + " " + S3], [S1 + " " + S2 + " " + S3]),
        # negative: the label inside a sentence is text
        (
            ["Die Zeitung markiert Bezahltexte mit Z+ (abopflichtiger Inhalt); das sagte sie.", S2],
            ["Die Zeitung markiert Bezahltexte mit Z+ (abopflichtiger Inhalt); das sagte sie.", S2],
        ),
    ],
)
def test_drop_paywall_teasers(lines: list[str], expected: list[str]) -> None:
    assert drop_paywall_teasers(lines) == expected


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # seed 003: kicker, 'Mehr zu Thema', teasers to the end
        (
            [
                S1,
                "Krieg in der Ukraine",
                "Mehr zu Thema",
                "Z+ (abopflichtiger Inhalt);",
                "Claudia Major:",
                "„Putin redet die ganze Zeit mit uns“",
            ],
            [S1],
        ),
        # another outlet: 'Mehr zum Thema:' and plain teaser titles
        (
            [
                S1,
                S2,
                "Mehr zum Thema:",
                "Gipfel in Genf: Was bisher bekannt ist",
                "Trump drängt Kiew",
            ],
            [S1, S2],
        ),
        (
            [S1, "Das könnte Sie auch interessieren", "Ukraine-Krieg: Die Lage am Morgen"],
            [S1],
        ),
        # a header at the very end
        ([S1, "Mehr zum Thema"], [S1]),
        # negative: the header mid-article, followed by article text, does not cut the rest
        (
            [S1, "Mehr zum Thema", "Titel", S2, S3],
            [S1, "Mehr zum Thema", "Titel", S2, S3],
        ),
        # negative: 'Mehr zum Thema' inside a long sentence
        (
            [S1, "Mehr zum Thema Sanktionen sagte er, die EU werde ihre Politik nicht ändern.", S2],
            [S1, "Mehr zum Thema Sanktionen sagte er, die EU werde ihre Politik nicht ändern.", S2],
        ),
        # negative: the last paragraph before the block is a sentence, not a kicker
        ([S1, "Mehr zum Thema", "Titel"], [S1]),
    ],
)
def test_drop_related_block(lines: list[str], expected: list[str]) -> None:
    assert drop_related_block(lines) == expected


@pytest.mark.parametrize(
    "line",
    [
        "Meine News",
        "Lesen Sie auch:",
        "Lesen Sie auch: Was Selenskyj in Irland forderte",
        "Auch interessant:",
        "Anzeige",
        "ANZEIGE",
        "Zum Artikel",
        "Mehr zum Thema",
        "Jetzt kostenlos abonnieren",
        "Newsletter abonnieren",
        "Artikel teilen",
        "Teilen auf WhatsApp",
        "Artikel anhören",
        "Hören Sie diesen Artikel an",
        "Zur Startseite",
    ],
)
def test_drop_furniture_lines(line: str) -> None:
    assert drop_furniture_lines([S1, line, S2]) == [S1, S2]


@pytest.mark.parametrize(
    "line",
    [
        "Lesen Sie auch, was der Kanzler dazu sagte.",
        "Die Anzeige erschien am Montag in mehreren Zeitungen.",
        "Meine News sind die besten, sagte Trump.",
        "Zum Artikel 5 des Nato-Vertrags äußerte sich Rutte nicht.",
        "Selenskyj fordert Sicherheitsgarantien von westlichen Staaten",
    ],
)
def test_drop_furniture_lines_keeps_text(line: str) -> None:
    assert drop_furniture_lines([S1, line, S2]) == [S1, line, S2]


def test_clean_lines_keeps_article_and_headings() -> None:
    lines = ["", S1, "", "Russland hofft auf Aufhebung der Sanktionen", "", S2, "   "]
    assert clean_lines(lines) == [S1, "Russland hofft auf Aufhebung der Sanktionen", S2]


SEED_003_FURNITURE = [
    "© Lea Dohle",
    "Newsletter",
    "Was jetzt? – Der tägliche Morgenüberblick",
    "Vielen Dank! Wir haben Ihnen eine E-Mail geschickt.",
    "Prüfen Sie Ihr Postfach und bestätigen Sie das Newsletter-Abonnement.",
    "Krieg in der Ukraine",
    "Mehr zu Thema",
    "Z+ (abopflichtiger Inhalt);",
    "Russisches Vermögen:",
    "Friedrich Merz hat etwas Entscheidendes übersehen",
    "Z+ (abopflichtiger Inhalt);",
    "Claudia Major:",
    "„Putin redet die ganze Zeit mit uns“",
    "Z+ (abopflichtiger Inhalt);",
    "Ukraine-Krieg:",
    "Am Ende entscheidet die Front",
]


@pytest.mark.parametrize(
    ("name", "removed"),
    [
        ("000_a4da805abde6e002.txt", []),
        ("001_9ab67507dfce0dbc.txt", []),
        ("002_98351c927044ce80.txt", []),
        ("003_d3fc333e34ecd65f.txt", SEED_003_FURNITURE),
        ("004_ab075a59fcf8eea7.txt", ["Meine News"]),
    ],
)
def test_seed_furniture(name: str, removed: list[str]) -> None:
    lines = strip_lines((SEEDS / name).read_text(encoding="utf-8").split("\n"))
    cleaned = clean_lines(lines)
    assert [line for line in lines if line not in cleaned] == removed
    assert len(cleaned) == len(lines) - len(removed)


# --- furniture around a line's text: datelines, bylines, update stamps, calls to explore or follow ---

@pytest.mark.parametrize(
    ("line", "kept"),
    [
        # datelines of agencies, any language
        ("LONDON (Reuters) - BP said it had capped the well.", "BP said it had capped the well."),
        ("HOUSTON, May 8 (Reuters) -- A gas cloud enveloped the rig.", "A gas cloud enveloped the rig."),
        ("BERLIN (dpa) - Die Gespräche beginnen am Montag.", "Die Gespräche beginnen am Montag."),
        ("(AP) The spill grew overnight.", "The spill grew overnight."),
        # bylines and update stamps before the text
        ("By the CNN Wire Staff The oil spill grew.", "The oil spill grew."),
        ("By Joe Lynam, BBC business correspondent BP's shareholders want a fix.",
         "BP's shareholders want a fix."),
        ("Page last updated at 23:19 GMT, Tuesday, 19 January 2010 Born amid the ruins.",
         "Born amid the ruins."),
        ("Aktualisiert am 21.04.2025, 19:54 Uhr Putin zeigt sich offen.", "Putin zeigt sich offen."),
        ("Von Anna Schmidt, ARD-Korrespondentin Die Lage bleibt angespannt.", "Die Lage bleibt angespannt."),
        ("(Reporting by Maggie Fox; Editing by Will Dunham) The virus spread.", "The virus spread."),
        # calls to explore, sign up or follow after the text
        ("Scientists find another plume in the gulf Explore all of our oil spill graphics to track it.",
         "Scientists find another plume in the gulf"),
        ("The hearing ended. Sign up for free e-mail news alerts from FoxNews.com.", "The hearing ended."),
        # body sentences that only look alike stay whole
        ("By Monday, between 89m gallons had leaked.", "By Monday, between 89m gallons had leaked."),
        ("US (AP) shares fell.", "US (AP) shares fell."),
        ("Mr Ban welcomed comments by the president.", "Mr Ban welcomed comments by the president."),
        ("Bis Montag wollen beide Seiten antworten.", "Bis Montag wollen beide Seiten antworten."),
    ],
)
def test_furniture_before_and_after_the_text_is_stripped(line: str, kept: str) -> None:
    assert clean_lines([line]) == [kept]


@pytest.mark.parametrize(
    "line",
    [
        "We welcome comments that advance the story through relevant opinion, anecdotes, links and data.",
        "Views expressed in the comments do not represent those of Reuters.",
        "This discussion is now closed.",
        "The Associated Press contributed to this report.",
        "Content and Programming Copyright 2010 Fox News Network, Inc..",
        "To play this content JavaScript must be turned on and the latest Flash player installed.",
        "Explore all of our oil spill graphics to track the spill, see its effects, and learn its solutions.",
        "Die Kommentarfunktion wurde für diesen Artikel deaktiviert.",
        "Mit Material von dpa und AFP",
        "Newsletter abonnieren",
    ],
)
def test_whole_furniture_lines_are_dropped_in_english_and_german(line: str) -> None:
    assert clean_lines([line]) == []
