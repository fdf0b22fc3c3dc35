"""The whole digest of seeds/, compared with a reviewed copy.

After a deliberate change, regenerate with `UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py`
and read the diff before committing it.
"""

import os
import re
from datetime import date, datetime
from pathlib import Path

import pytest

from digest import pipeline
from digest.config import load_config

GOLDEN = Path(__file__).resolve().parent / "golden"


@pytest.mark.parametrize("suffix", ["md", "html"])
def test_digest_of_the_seeds_matches_the_reviewed_copy(seed_inbox, config_file, suffix):
    config = load_config(config_file(seed_inbox))
    result = pipeline.run(config, date(2025, 12, 3), since=datetime(2022, 2, 24))
    produced = (result.markdown if suffix == "md" else result.html).read_text(encoding="utf-8")
    expected_path = GOLDEN / f"digest-2025-12-03.{suffix}"
    if os.environ.get("UPDATE_GOLDEN"):
        expected_path.parent.mkdir(exist_ok=True)
        expected_path.write_text(produced, encoding="utf-8")
    assert produced == expected_path.read_text(encoding="utf-8")


def test_golden_digest_says_what_a_reader_needs():
    """Facts about the seeds that the reviewed copy must keep, whatever the wording."""
    text = (GOLDEN / "digest-2025-12-03.md").read_text(encoding="utf-8")
    assert "Juli 2025 (Genauigkeit: Monat, aus Kopfzeile)" in text
    assert "21. April 2025, 19:54 Uhr (Genauigkeit: Minute, aus Datumszeile)" in text
    assert "1. Juli 2025" not in text
    assert text.count("ohne Datum, eingegangen am 3. Dezember 2025") >= 3
    for furniture in ("Newsletter", "Vielen Dank!", "Postfach", "©", "Z+", "Mehr zu Thema", "Meine News"):
        assert furniture not in text
    sections = ["## Das Wichtigste", "## Stand der Verhandlungen nach Themen", "## Chronik", "## Stimmen",
                "## Artikel"]
    assert [text.index(s) for s in sections] == sorted(text.index(s) for s in sections)
    articles = text.split("## Artikel")[1]
    assert articles.count("\n### ") == 5
    topics = text.split("## Stand der Verhandlungen nach Themen")[1].split("## Chronik")[0]
    assert topics.count("\n### ") == 8
    # the state as of the date (issue 15): the newest dated ceasefire position, Russia's Donbass demand
    ceasefire = topics.split("### Waffenruhe")[1].split("\n### ")[0]
    assert "- **Ukraine** (Juli 2025" in ceasefire and "neue Verhandlungen für eine Waffenruhe" in ceasefire
    territory = topics.split("### Gebiete und Grenzen")[1].split("\n### ")[0]
    assert "- **Russland** (Wladimir Putin" in territory and "die gesamte Region Donbass" in territory
    assert "Vermögen" not in topics.split("### Sanktionen und Wirtschaft")[1].split("\n### ")[0]
    # the Chronik (issue 13): chosen days newest first, a month-precise article under its month,
    # a month or season named in a sentence never shown as a day
    chronik = text.split("## Chronik")[1].split("\n## ")[0]
    days = re.findall(r"^- \*\*(.+?)\*\*$", chronik, re.MULTILINE)
    assert days[:2] == ["Juli 2025", "21. April 2025"] and "6. August 2024" in days
    assert not any(day.startswith(("Frühjahr", "Sommer", "Herbst", "Winter")) or day.isdigit() for day in days)
    # a journalist's sentence is nobody's words
    voices = text.split("## Stimmen")[1].split("\n## Artikel")[0]
    assert "Putin fordert die gesamte Region Donbass" not in voices
