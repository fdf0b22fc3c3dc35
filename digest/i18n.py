"""Labels of the digest page and honest date formatting, per configured language."""

from __future__ import annotations

import re
from datetime import date, datetime

from .models import Precision, PublicationDate

MONTHS = {
    "german": (
        "Januar", "Februar", "März", "April", "Mai", "Juni",
        "Juli", "August", "September", "Oktober", "November", "Dezember",
    ),
    "english": (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
}

SEASONS = {
    "german": {3: "Frühjahr", 6: "Sommer", 9: "Herbst", 12: "Winter"},
    "english": {3: "Spring", 6: "Summer", 9: "Autumn", 12: "Winter"},
}

LABELS: dict[str, dict[str, str]] = {
    "german": {
        "title": "Lage der Verhandlungen",
        "digest_for": "Digest vom",
        "articles_count": "Artikel",
        "articles_total": "Artikel insgesamt bis zu diesem Datum",
        "window": "Zeitraum",
        "since_start": "seit Beginn",
        "sources": "Quellen",
        "no_sources": "keine",
        "key_points": "Das Wichtigste",
        "topics": "Stand der Verhandlungen nach Themen",
        "articles": "Artikel",
        "skipped": "Übersprungene Dateien",
        "timeline": "Chronik",
        "archive": "Archiv",
        "feed": "Atom-Feed",
        "no_digests": "Noch keine Digests.",
        "quote_open": "„",
        "quote_close": "“",
        "voices": "Stimmen",
        "no_events": "Keine datierten Ereignisse in diesem Zeitraum.",
        "no_voices": "Keine zugeordneten Aussagen in diesem Zeitraum.",
        "new": "neu",
        "unchanged_since": "unverändert seit",
        "no_position": "Keine Meldung bis zu diesem Datum.",
        "no_key_points": "Keine neuen Artikel in diesem Zeitraum.",
        "no_articles": "Keine neuen Artikel in diesem Zeitraum.",
        "unknown_source": "Quelle unbekannt",
        "unknown_date": "ohne Datum",
        "received": "eingegangen am",
        "without_source": "ohne Quellenangabe",
        "precision": "Genauigkeit",
        "origin": "aus",
        "file": "Datei",
        "summary": "Zusammenfassung",
        "also_reported_by": "auch berichtet von",
        "precision_minute": "Minute",
        "precision_day": "Tag",
        "precision_month": "Monat",
        "precision_season": "Jahreszeit",
        "precision_year": "Jahr",
        "precision_unknown": "unbekannt",
        "origin_front matter": "Front Matter",
        "origin_header line": "Kopfzeile",
        "origin_dateline": "Datumszeile",
        "origin_json": "JSON-Feld",
        "origin_html": "HTML-Metadaten",
        "origin_unknown": "unbekannt",
        "origin_text": "Text",
        "origin_arrival": "Eingang",
        "time_suffix": "Uhr",
    },
    "english": {
        "title": "State of the negotiations",
        "digest_for": "Digest of",
        "articles_count": "articles",
        "articles_total": "articles in total up to this date",
        "window": "Window",
        "since_start": "since the beginning",
        "sources": "Sources",
        "no_sources": "none",
        "key_points": "Key points",
        "topics": "State of negotiations by topic",
        "articles": "Articles",
        "skipped": "Skipped files",
        "timeline": "Timeline",
        "archive": "Archive",
        "feed": "Atom feed",
        "no_digests": "No digests yet.",
        "quote_open": "“",
        "quote_close": "”",
        "voices": "Voices",
        "no_events": "No dated events in this window.",
        "no_voices": "No attributed statements in this window.",
        "new": "new",
        "unchanged_since": "unchanged since",
        "no_position": "Nothing reported up to this date.",
        "no_key_points": "No new articles in this window.",
        "no_articles": "No new articles in this window.",
        "unknown_source": "source unknown",
        "unknown_date": "undated",
        "received": "received",
        "without_source": "without a named source",
        "precision": "precision",
        "origin": "from",
        "file": "file",
        "summary": "Summary",
        "also_reported_by": "also reported by",
        "precision_minute": "minute",
        "precision_day": "day",
        "precision_month": "month",
        "precision_season": "season",
        "precision_year": "year",
        "precision_unknown": "unknown",
        "origin_front matter": "front matter",
        "origin_header line": "header line",
        "origin_dateline": "dateline",
        "origin_json": "JSON field",
        "origin_html": "HTML metadata",
        "origin_unknown": "unknown",
        "origin_text": "text",
        "origin_arrival": "arrival",
        "time_suffix": "",
    },
}

LANGUAGES = tuple(LABELS)


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


def labels(language: str) -> dict[str, str]:
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
