"""Labels of the digest page and honest date formatting, per configured language."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime

from . import lang
from .models import Precision, PublicationDate

LANGUAGES = lang.LANGUAGES

#: Month names, season names and page labels of each language, from its module in digest.lang.
MONTHS: dict[str, tuple[str, ...]] = {name: lang.get(name).MONTH_NAMES for name in LANGUAGES}
SEASONS: dict[str, Mapping[int, str]] = {name: lang.get(name).SEASON_NAMES for name in LANGUAGES}
LABELS: dict[str, Mapping[str, str]] = {name: lang.get(name).LABELS for name in LANGUAGES}



def counted(count: int, noun: str, plural: str | None = None) -> str:
    """A count with its English noun in the right number: '1 article', '5 articles', '2 summaries'."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


#: Why a file was skipped, in German: (English reason as a pattern, German words). Reasons are made
#: and stored in English (digest.readers, digest.pipeline) and logged so; the digest page shows them
#: in its language. A {name} in the German words is the pattern's group of that name, itself
#: translated when it is a reason or problem (``cannot read: permission denied``). A reason no
#: pattern matches is shown as it is.
SKIP_REASONS_GERMAN: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p), g) for p, g in (
    (r"empty file", "leere Datei"),
    (r"binary data, not text", "Binärdaten, kein Text"),
    (r"cannot decode as (?P<encoding>\S+): (?P<detail>.*)", "nicht als {encoding} lesbar: {detail}"),
    (r"not a regular file", "keine gewöhnliche Datei"),
    (r"file disappeared before it could be read", "Datei verschwand, bevor sie gelesen werden konnte"),
    (r"symlink points outside the inbox: (?P<path>.*)",
     "symbolischer Link zeigt aus dem Eingangsordner hinaus: {path}"),
    (r"file is (?P<size>[\d.]+) MB, over the limit of (?P<limit>[\d.]+) MB \(config: max_file_mb\)",
     "Datei hat {size} MB, mehr als die Grenze von {limit} MB (Konfiguration: max_file_mb)"),
    (r"no article text after the metadata", "kein Artikeltext nach den Metadaten"),
    (r"no article text left after removing page furniture",
     "kein Artikeltext übrig, nachdem Navigation, Werbung und andere Seitenelemente entfernt wurden"),
    (r"front matter is not closed: expected a line '---' after the YAML",
     "Front Matter nicht abgeschlossen: nach dem YAML fehlt eine Zeile '---'"),
    (r"front matter is not valid YAML: (?P<detail>.*)", "Front Matter ist kein gültiges YAML: {detail}"),
    (r"front matter must be a mapping of keys to values, got a (?P<kind>\w+)",
     "Front Matter muss Schlüssel mit Werten sein, ist aber vom Typ {kind}"),
    (r"(?P<what>front matter|JSON) nested too deeply to read \(over (?P<depth>\d+) levels\)",
     "{what} zu tief verschachtelt, um es zu lesen (über {depth} Ebenen)"),
    (r"HTML nested too deeply to read", "HTML zu tief verschachtelt, um es zu lesen"),
    (r"(?P<where>front matter|JSON|HTML): (?P<key>'\w+') must be text, got a (?P<kind>\w+): (?P<value>.*)",
     "{where}: {key} muss Text sein, ist aber vom Typ {kind}: {value}"),
    (r"not valid JSON: (?P<detail>.*)", "kein gültiges JSON: {detail}"),
    (r"JSON must be an object with a 'text' field, got a (?P<kind>\w+)",
     "JSON muss ein Objekt mit einem Feld 'text' sein, ist aber vom Typ {kind}"),
    (r"JSON object has no 'text' field with the article text",
     "JSON-Objekt ohne Feld 'text' mit dem Artikeltext"),
    (r"no article text found in the HTML page", "kein Artikeltext in der HTML-Seite gefunden"),
    (r"reading it killed the worker process \((?P<how>.*)\)",
     "beim Lesen endete der Arbeitsprozess ({how})"),
    (r"cannot list this folder: (?P<problem>.*)", "Ordner nicht lesbar: {problem}"),
    (r"cannot list: (?P<problem>.*)", "nicht lesbar: {problem}"),
    (r"cannot read: (?P<problem>.*)", "nicht lesbar: {problem}"),
    (r"cannot store: (?P<problem>.*)", "nicht zu speichern: {problem}"),
    # the problems named after 'cannot read:' and the like
    (r"permission denied", "keine Berechtigung"),
    (r"symlink loop \(the link leads back to itself\)",
     "Schleife symbolischer Links (der Link führt auf sich selbst zurück)"),
    (r"it disappeared while being listed", "verschwand, während der Ordner gelesen wurde"),
    (r"nested too deeply \(Python's recursion limit was reached\)",
     "zu tief verschachtelt (Pythons Rekursionsgrenze wurde erreicht)"),
    (r"it needed more memory than there is", "es brauchte mehr Speicher, als es gibt"),
    (r"no space left on device", "kein Platz mehr auf dem Datenträger"),
    (r"input/output error", "Ein-/Ausgabefehler"),
    (r"file name too long", "Dateiname zu lang"),
    (r"(?P<error>.*) \(a bug in news digest\? please report it with the file\)",
     "{error} (ein Fehler in news digest? Bitte mit der Datei melden)"),
))

#: Groups that are a reason or problem of their own, translated in turn.
_NESTED = ("problem",)
#: Words in other groups, in German: where in a file, and numbers with a decimal comma.
_GROUP_WORDS = {"where": {"front matter": "Front Matter"}, "what": {"front matter": "Front Matter"}}
_DECIMAL = ("size", "limit")


def _group_german(name: str, value: str) -> str:
    """One matched group of an English skip reason, in German."""
    if name in _NESTED:
        return skip_reason(value, "german")
    if name in _DECIMAL:
        return value.replace(".", ",")
    return _GROUP_WORDS.get(name, {}).get(value, value)


def skip_reason(reason: str, language: str) -> str:
    """Why a file was skipped, in the digest's language (reasons are made in English)."""
    if language != "german":
        return reason
    for pattern, words in SKIP_REASONS_GERMAN:
        match = pattern.fullmatch(reason)
        if match is not None:
            return words.format(**{k: _group_german(k, v) for k, v in match.groupdict().items()})
    return reason


def labels(language: str) -> Mapping[str, str]:
    """Return the page labels for a configured language."""
    return LABELS[language]


def format_day(day: date, language: str) -> str:
    """Format a calendar day: '3. Dezember 2025' or 'December 3, 2025'."""
    month = MONTHS[language][day.month - 1]
    if language == "german":
        return f"{day.day}. {month} {day.year}"
    return f"{month} {day.day}, {day.year}"


def format_datetime(value: datetime, precision: Precision, language: str) -> str:
    """Format a date no more precisely than it is known ('Juli 2025', never '1. Juli 2025')."""
    if precision is Precision.YEAR:
        return str(value.year)
    if precision is Precision.MONTH:
        return f"{MONTHS[language][value.month - 1]} {value.year}"
    if precision is Precision.SEASON:
        season = SEASONS[language][value.month]
        year = f"{value.year}/{(value.year + 1) % 100:02d}" if value.month == 12 else str(value.year)
        return f"{season} {year}"
    text = format_day(value.date(), language)
    if precision is Precision.MINUTE:
        suffix = LABELS[language]["time_suffix"]
        clock = f"{value:%H:%M}"
        return f"{text}, {clock} {suffix}".rstrip() if language == "german" else f"{text}, {clock}"
    return text


def format_date(published: PublicationDate, language: str) -> str:
    """Format a publication date honestly; unknown dates say so."""
    if published.value is None:
        return LABELS[language]["unknown_date"]
    return format_datetime(published.value, published.precision, language)


def iso_date(published: PublicationDate) -> str:
    """Machine-readable date at its precision, for HTML ``datetime`` attributes."""
    value = published.value
    if value is None:
        return ""
    if published.precision is Precision.YEAR:
        return f"{value:%Y}"
    if published.precision in (Precision.MONTH, Precision.SEASON):
        return f"{value:%Y-%m}"
    if published.precision is Precision.MINUTE:
        return f"{value:%Y-%m-%dT%H:%M}"
    return f"{value:%Y-%m-%d}"
