"""digest.lang: one module per language, each defining the same names with the same types."""

from __future__ import annotations

import ast
import importlib
import re
import typing
from collections.abc import Mapping
from pathlib import Path

import pytest

from digest import lang

PACKAGE = Path(lang.__file__).parent.parent

def _expected(annotation: object) -> tuple[type, type | None]:
    """(container type, item type) of a Language field's annotation: frozenset[str] -> (frozenset, str)."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is None:
        return annotation, None  # a plain str
    container = dict if origin is Mapping else origin
    item = args[-1] if container is dict else args[0]
    return container, typing.get_origin(item) or item


#: The type of each name a language module defines (and of the values in a mapping), from the
#: annotations of lang.Language: a field is declared once, there.
TYPES: dict[str, tuple[type, type | None]] = {
    name: _expected(annotation) for name, annotation in typing.get_type_hints(lang.Language).items()
}


def test_the_types_are_read_from_the_annotations():
    assert TYPES["MONTHS"] == (dict, int)
    assert TYPES["CODES"] == (tuple, str)
    assert TYPES["PAST_MARKERS"] == (frozenset, str)
    assert TYPES["ATTRIBUTION_VERBS"] == (dict, tuple)
    assert TYPES["SKIP_REASON_WORDS"] == (dict, Mapping)
    assert TYPES["NAME"] == (str, None)


def _public_names(module: object) -> set[str]:
    """The public upper-case names a module defines."""
    return {name for name in vars(module) if name.isupper() and not name.startswith("_")}


def test_the_table_of_types_names_every_field():
    assert set(TYPES) == set(lang.FIELDS)


@pytest.mark.parametrize("name", lang.MODULES)
def test_every_language_module_defines_the_same_names_with_the_right_types(name):
    module = importlib.import_module(f"digest.lang.{name}")
    assert _public_names(module) == set(lang.FIELDS)
    for field, (kind, item) in TYPES.items():
        value = getattr(module, field)
        assert isinstance(value, kind), (name, field)
        items = value.values() if isinstance(value, dict) else () if item is None else value
        assert all(isinstance(v, item) for v in items), (name, field)
    assert module.NAME == name
    assert len(module.MONTH_NAMES) == 12
    assert sorted(set(module.MONTHS.values())) == list(range(1, 13))
    assert sorted(set(module.WEEKDAYS.values())) == list(range(7))
    assert set(module.SEASON_NAMES) == {3, 6, 9, 12} == set(module.SEASONS.values())
    assert set(module.WEEKDAY_DIRECTIONS.values()) <= {"past", "future", "upcoming"}


@pytest.mark.parametrize("field", ["MONTHS", "WEEKDAYS", "SEASONS", "RELATIVE_DAYS", "ABBREVIATIONS",
                                   "SENTENCE_OPENERS", "SPEECH_VERBS", "ROLE_WORDS", "PAST_MARKERS"])
def test_words_that_are_looked_up_are_lower_case(field):
    for name in lang.LANGUAGES:
        assert all(word == word.lower() for word in getattr(lang.get(name), field)), (name, field)


def test_every_language_has_the_same_page_labels():
    keys = {name: set(lang.get(name).LABELS) for name in lang.LANGUAGES}
    assert len({frozenset(k) for k in keys.values()}) == 1
    assert lang.get("german").LABELS["timeline"] == "Chronik"
    assert lang.get("english").LABELS["timeline"] == "Timeline"


def test_get_returns_a_frozen_object_by_name_or_code():
    german = lang.get("german")
    assert lang.get("de") is german and lang.get(" Deutsch ") is german
    assert lang.get("en").MONTH_NAMES[0] == "January"
    with pytest.raises(AttributeError):
        german.NAME = "english"  # type: ignore[misc]
    assert isinstance(german.MONTHS, Mapping)
    with pytest.raises(TypeError):
        german.MONTHS["brumaire"] = 2  # type: ignore[index]


def test_an_unknown_language_is_refused_with_the_known_ones():
    with pytest.raises(ValueError, match=r"unsupported language 'fr': expected one of german, english"):
        lang.get("fr")


def test_words_keep_compounds_numbers_and_apostrophes_whole():
    assert lang.words("Der US-Präsident sagte am 3.5. um 19:30, er sei's.") == [
        "Der", "US-Präsident", "sagte", "am", "3.5", "um", "19:30", "er", "sei's"]
    assert lang.words("eins zwei drei", 5, 9) == ["zwei"]


def test_stems_drop_stop_words_and_short_words_and_stem_the_rest():
    assert lang.stems("Die Verhandlungen wurden in Genf fortgesetzt", "german") == frozenset(
        {"verhandl", "wurd", "genf", "fortgesetzt"})
    assert lang.stems("The talks were held in Geneva", "english") == frozenset({"talk", "held", "geneva"})


def _literal_words(path: Path) -> set[str]:
    """The lower-cased words of a module's string literals, docstrings left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr)}
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            found.update(word.lower() for word in re.findall(r"\w+", node.value))
    return found


def _outside_lang() -> list[Path]:
    """Every module of the package but the language modules."""
    return [p for p in sorted(PACKAGE.rglob("*.py")) if "lang" not in p.relative_to(PACKAGE).parts]


def test_no_module_outside_lang_holds_a_german_month_name():
    months = {name.lower() for name in lang.get("german").MONTH_NAMES} - {
        name.lower() for name in lang.get("english").MONTH_NAMES}  # "April" is English too
    assert "märz" in months and len(_outside_lang()) > 20
    offenders = {p.name: sorted(_literal_words(p) & months) for p in _outside_lang()}
    assert {name: words for name, words in offenders.items() if words} == {}


def test_no_module_outside_lang_holds_a_german_speech_verb():
    german = lang.get("german")
    verbs = (german.SPEECH_VERBS | set(german.ATTRIBUTION_VERBS) | german.ATTRIBUTION_PARTICIPLES
             | german.QUOTING_VERBS) - {"zufolge"}  # "X zufolge" is a preposition of the voices grammar
    assert {"sagte", "gesagt", "zitierte"} <= verbs
    offenders = {p.name: sorted(_literal_words(p) & verbs) for p in _outside_lang()}
    assert {name: words for name, words in offenders.items() if words} == {}


def test_the_literal_scan_sees_a_month_in_code_but_not_in_a_docstring(tmp_path):
    tree_text = 'X = {"märz": 3}\n"""Not März: a docstring."""\n'
    path = tmp_path / "sample.py"
    path.write_text(tree_text, encoding="utf-8")
    assert _literal_words(path) == {"märz"}


@pytest.mark.parametrize("language", ["german", "english", "de", "en"])
def test_stop_words_are_sumys_without_its_language_lookup(language):
    from sumy.utils import get_stop_words

    words = lang.stop_words(language)
    assert words == get_stop_words(lang.normalize(language))
    assert {"und", "der"} <= words if lang.normalize(language) == "german" else {"the", "and"} <= words


def test_words_are_those_of_the_plain_alternation():
    """lang.WORD begins with a word's first letter or digit (for speed): the words of the plain pattern."""
    import random

    from digest.lang import WORD, words

    plain = re.compile(r"\d+(?:[.,:]\d+)+|[^\W_]+(?:[-'’][^\W_]+)*")
    assert words("US-Präsident sagte am 3,5 um 19:30 don't __x_y 3. ²٣,4") == [
        "US-Präsident", "sagte", "am", "3,5", "um", "19:30", "don't", "x", "y", "3", "²٣", "4"]
    rng = random.Random(12)
    pieces = [*"aZ9 0.,:-'’_\n", "٣", "²", "é", "e\u0301", "ß", "中", "🙂", "--", "3,5", "19:30"]
    for _ in range(20_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 20)))
        start = rng.randint(0, 3)
        assert WORD.findall(text, start) == plain.findall(text, start), text
