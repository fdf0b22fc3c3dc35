"""Finding inbox files, decoding them, reading their declared metadata, building Articles."""

from __future__ import annotations

import codecs
import errno
import hashlib
import json
import os
import re
import sys
import unicodedata
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from functools import cache
from pathlib import Path, PurePosixPath
from stat import S_ISLNK, S_ISREG
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from digest.errors import ReadError
from digest.models import Article, Block, PublicationDate, RawDocument
from digest.text import sentences_of, word_count

if TYPE_CHECKING:
    import yaml

TEMPORARY_SUFFIXES = (".part", ".tmp", ".crdownload", ".swp", "~")
"""The endings (any case) of a file name that a program is still writing."""

TEMPORARY_NAME = re.compile(f"({'|'.join(map(re.escape, TEMPORARY_SUFFIXES))})$", re.IGNORECASE)
"""A file name that a program is still writing; such a file waits for the next pick-up."""

META_KEYS = ("title", "date", "source", "url")
"""The metadata keys an article may declare (front matter, JSON, HTML)."""

FORMATS = {
    "": "text",
    ".txt": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".json": "json",
    ".html": "html",
    ".htm": "html",
}
"""File suffix (lower case) -> RawDocument.format; any other suffix is plain text."""

BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
"""Byte order marks we recognise, with the codec that decodes the rest of the file."""

MAX_CONTROL_RATIO = 0.05
"""Above this share of control characters a decoded file is taken for binary data."""

FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)^(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S | re.M)
"""YAML front matter: a first line '---', the YAML, and a closing '---' (or '...') line."""

MEGABYTE = 1024 * 1024
"""Bytes in the MB of config key max_file_mb."""

HEADLINE_MAX_WORDS = 20
"""A first line with more words than this is not a headline."""

HEADING_MAX_WORDS = 15
"""A body line with at most this many words and no final punctuation is a heading."""

FINAL_PUNCTUATION = re.compile(r"[.!?:;…][\"'“”„‘’‚»«)\]]*$")
"""A line that ends like a sentence: . ! ? : ; … possibly followed by closing quotes."""

ATX_HEADING = re.compile(r"^#{1,6}[ \t]+", re.M)
"""A Markdown heading marker at the start of a line."""

NO_SIGNATURES: Mapping[str, str] = MappingProxyType({})
"""The default: no source signatures configured."""


# --- finding files --------------------------------------------------------------------------


def is_candidate(name: str) -> bool:
    """True unless a name (or relative path) is hidden, inside a hidden folder, or temporary."""
    if "/" not in name and "\\" not in name:  # a plain name, as a folder listing gives: no pathlib
        return bool(name) and not name.startswith(".") and not TEMPORARY_NAME.search(name)
    parts = PurePosixPath(name.replace("\\", "/")).parts
    if not parts or any(part.startswith(".") for part in parts):
        return False
    return not TEMPORARY_NAME.search(parts[-1])


def _is_inside(path: Path | str, folder: Path) -> bool:
    """True if path, with every symlink resolved, lies inside folder.

    ``os.path.realpath`` rather than ``Path.resolve``: on a symlink loop it stops
    where the loop closes instead of raising RuntimeError (Python 3.11).
    """
    real, base = os.path.realpath(path), os.path.realpath(folder)
    return real == base or real.startswith(base.rstrip(os.sep) + os.sep)


def _wanted(path: Path, inbox: Path) -> bool:
    """True for regular files, for symlinks read_document must refuse (pointing outside), and for loops.

    A symlink loop is listed so that the pick-up names it as skipped ("symlink loop").
    """
    if path.is_symlink():
        return not _is_inside(path, inbox) or path.is_file() or _is_loop(path)
    return path.is_file()


def _is_loop(path: Path) -> bool:
    """True for a symlink that leads back to itself (directly or through others)."""
    try:
        os.stat(path)
    except OSError as err:
        return err.errno == errno.ELOOP
    return False


ListingProblem = Callable[[str, str], None]
"""Told of an inbox folder or entry that cannot be listed: its relative name and the reason."""


def find_files(inbox: Path) -> list[Path]:
    """Every candidate file under inbox, recursively, sorted by relative POSIX path."""
    return [Path(path) for _, path in inbox_files(inbox)]


def inbox_files(inbox: Path, problem: ListingProblem | None = None) -> list[tuple[str, str]]:
    """Every candidate file under inbox: its relative name (see ``relative_name``) and its path.

    Sorted by name; see ``listing.list_inbox``, which also gives each file's ``lstat``
    stamp. A subfolder or entry that cannot be listed is passed over and told to
    ``problem``; only an inbox that cannot be listed at all raises (InboxError).
    """
    from .listing import list_inbox  # it builds on this module

    return list_inbox(inbox, problem).files


def _shown(name: str) -> str:
    """A file name as valid Unicode: bytes that are not UTF-8 become ``\\xNN`` escapes."""
    if name.isascii():
        return name
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def relative_name(path: Path, inbox: Path) -> str:
    """The path relative to the inbox, POSIX separators, as valid Unicode (the path itself if outside).

    A name that is not valid UTF-8 on disk (say Latin-1 from an old archive) keeps
    its undecodable bytes as ``\\xNN`` escapes, so it can be stored and shown.
    """
    text, base = str(path), str(inbox).rstrip(os.sep) + os.sep
    name = text[len(base):] if text.startswith(base) else text  # a string prefix: much cheaper than pathlib
    if os.sep != "/":
        name = name.replace(os.sep, "/")
    return _shown(name)


def one_line(text: str) -> str:
    """Text with control characters (newlines in file names) shown as escapes, for one-line messages."""
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


# --- decoding -------------------------------------------------------------------------------


def normalize_text(text: str) -> str:
    """Newlines to \\n, Unicode to NFC, no byte order mark."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    return unicodedata.normalize("NFC", stream_safe(text))


MAX_NON_STARTERS = 30
"""Combining marks in a row that NFC is given at most (Unicode's Stream-Safe Text Format, UAX #15).

NFC sorts each run of combining marks, in time that grows with the square of its length:
one letter with 5 MB of accents did not finish in two minutes. Real text has a handful.
"""


@cache
def _long_mark_runs() -> re.Pattern[str]:
    """Runs of more than MAX_NON_STARTERS characters of a nonzero combining class (found once, 0.2 s)."""
    marks = [c for c in range(0x300, sys.maxunicode + 1) if unicodedata.combining(chr(c))]
    ranges, start = [], marks[0]
    for before, here in zip(marks, marks[1:] + [-1], strict=True):
        if here != before + 1:
            ranges.append(f"{chr(start)}-{chr(before)}" if before > start else chr(start))
            start = here
    return re.compile(f"[{''.join(ranges)}]{{{MAX_NON_STARTERS + 1},}}")


#: Runs of characters from U+0300 on (every combining mark is one) long enough to hold a long mark run:
#: a quick scan (a single range) that spares most texts the slow one of every combining mark.
_LONG_HIGH_RUNS = re.compile(f"[^\x00-\u02ff]{{{MAX_NON_STARTERS + 1},}}")


def stream_safe(text: str) -> str:
    """Text whose runs of combining marks are broken by U+034F after every MAX_NON_STARTERS (UAX #15)."""
    if text.isascii() or not _LONG_HIGH_RUNS.search(text):
        return text
    step = MAX_NON_STARTERS

    def broken(match: re.Match[str]) -> str:
        run = match.group(0)
        return "\u034f".join(run[i:i + step] for i in range(0, len(run), step))

    return _long_mark_runs().sub(broken, text)


#: Unicode's control characters (category Cc: U+0000–U+001F, U+007F–U+009F) but tab, newline,
#: form feed and carriage return.
CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def _control_ratio(text: str) -> float:
    """Share of control characters other than tab, newline, carriage return and form feed."""
    return len(CONTROL.findall(text)) / max(len(text), 1)


def _decode_raw(data: bytes) -> tuple[str, str]:
    """Decode bytes by BOM, then UTF-8, then Windows-1252, then Latin-1."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding), encoding
    if b"\x00" in data:
        raise ReadError("", "binary data, not text")
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            pass
    return data.decode("latin-1"), "latin-1"


def decode(data: bytes) -> tuple[str, str]:
    """Decoded, normalized text and the name of the encoding it was found in."""
    try:
        text, encoding = _decode_raw(data)
    except UnicodeDecodeError as err:
        raise ReadError("", f"cannot decode as {err.encoding}: {err.reason}") from None
    text = normalize_text(text)
    if not text.strip():
        raise ReadError("", "empty file")
    if _control_ratio(text) > MAX_CONTROL_RATIO:
        raise ReadError("", "binary data, not text")
    return text, encoding


# --- metadata -------------------------------------------------------------------------------


def _meta_text(key: str, value: Any, where: str) -> str | None:
    """A declared metadata value as text; None when empty; ReadError when not a scalar."""
    if value is None:
        return None
    if isinstance(value, str | int | float):
        return str(value).strip() or None
    kind = type(value).__name__
    raise ReadError("", f"{where}: {key!r} must be text, got a {kind}: {value!r}")


def declared_meta(values: Mapping[str, Any], where: str) -> tuple[tuple[str, str], ...]:
    """The declared title/date/source/url of a mapping, in its order, as (key, text) pairs."""
    pairs = []
    for key, value in values.items():
        key = str(key).strip().lower()
        if key in META_KEYS and (text := _meta_text(key, value, where)) is not None:
            pairs.append((key, text))
    return tuple(pairs)


def _yaml_problem(err: yaml.YAMLError) -> str:
    """A one-line description of a YAML error, with its line in the file."""
    problem = getattr(err, "problem", None) or str(err).splitlines()[0]
    mark = getattr(err, "problem_mark", None)
    # The front matter starts on line 2 of the file (after '---'); marks count from 0.
    return f"{problem} at line {mark.line + 2}" if mark is not None else problem


def _depth_limit() -> int:
    """About how deep a nested JSON or YAML value can be read: Python's recursion limit, rounded down."""
    return sys.getrecursionlimit() // 100 * 100


def split_front_matter(text: str) -> tuple[tuple[tuple[str, str], ...], str]:
    """Declared metadata from YAML front matter, and the text after it."""
    if not text.startswith("---\n") and not text.startswith("--- \n"):
        return (), text
    match = FRONT_MATTER.match(text)
    if match is None:
        raise ReadError("", "front matter is not closed: expected a line '---' after the YAML")
    import yaml  # only for a file with front matter: ~6 ms of every process's start otherwise

    try:  # every scalar as written; libyaml's loader when PyYAML has it (megabytes in a second)
        values = yaml.load(match.group(1), Loader=getattr(yaml, "CBaseLoader", yaml.BaseLoader))
    except yaml.YAMLError as err:
        raise ReadError("", f"front matter is not valid YAML: {_yaml_problem(err)}") from None
    except RecursionError:
        depth = _depth_limit()
        raise ReadError("", f"front matter nested too deeply to read (over {depth} levels)") from None
    if values is None:
        values = {}
    if not isinstance(values, dict):
        kind = type(values).__name__
        raise ReadError("", f"front matter must be a mapping of keys to values, got a {kind}")
    return declared_meta(values, "front matter"), text[match.end() :]


def parse_json(text: str) -> tuple[tuple[tuple[str, str], ...], str]:
    """Declared metadata and the article text of a JSON object with a 'text' field."""
    try:
        values = json.loads(text)
    except json.JSONDecodeError as err:
        where = f"line {err.lineno}, column {err.colno}"
        raise ReadError("", f"not valid JSON: {err.msg} at {where}") from None
    except RecursionError:
        raise ReadError("", f"JSON nested too deeply to read (over {_depth_limit()} levels)") from None
    if not isinstance(values, dict):
        kind = type(values).__name__
        raise ReadError("", f"JSON must be an object with a 'text' field, got a {kind}")
    body = values.get("text")
    if not isinstance(body, str) or not body.strip():
        raise ReadError("", "JSON object has no 'text' field with the article text")
    return declared_meta(values, "JSON"), normalize_text(body)


def _html_date(value: str | None) -> str | None:
    """htmldate's date string, without the midnight it adds when only the day is known."""
    if value and value.endswith("T00:00:00"):
        return value[:10]
    return value or None


MAX_HTML_CHARS = 2_000_000
"""Characters of a saved HTML page given to trafilatura at most; the rest is left out (and said so).

A saved news page is a few hundred kilobytes; trafilatura walks its tree in Python and took
90 s for a 10 MB page of paragraphs on a busy core. lxml closes what the cut leaves open.
"""


def parse_html(text: str, notes: list[str] | None = None) -> tuple[tuple[tuple[str, str], ...], str]:
    """Declared metadata and the main text of a saved HTML page, via trafilatura.

    A page over MAX_HTML_CHARS is cut there; ``notes`` is told so.
    """
    import trafilatura  # slow to import; only HTML needs it

    if len(text) > MAX_HTML_CHARS:
        if notes is not None:
            notes.append(f"only the first {MAX_HTML_CHARS:,} characters of the HTML page are read; "
                         f"{len(text) - MAX_HTML_CHARS:,} more are left out (no news page is this long)")
        text = text[:MAX_HTML_CHARS]

    params = {
        "extensive_search": False,
        "original_date": True,
        "outputformat": "%Y-%m-%dT%H:%M:%S%z",
    }
    try:
        doc = trafilatura.bare_extraction(
            text, include_comments=False, with_metadata=True, date_extraction_params=params
        )
    except RecursionError:
        raise ReadError("", "HTML nested too deeply to read") from None
    if doc is None or not (doc.text or "").strip():
        raise ReadError("", "no article text found in the HTML page")
    values = {"title": doc.title, "date": _html_date(doc.date), "source": doc.sitename}
    values["url"] = doc.url
    return declared_meta(values, "HTML"), normalize_text(doc.text)


def parse_body(text: str, fmt: str, notes: list[str] | None = None,
               ) -> tuple[tuple[tuple[str, str], ...], str]:
    """Declared metadata and article text of a decoded file of the given format (notes: see parse_html)."""
    if fmt == "json":
        return parse_json(text)
    if fmt == "html":
        return parse_html(text, notes)
    meta, body = split_front_matter(text)
    return meta, ATX_HEADING.sub("", body) if fmt == "markdown" else body


# --- reading --------------------------------------------------------------------------------


def _format_of(path: Path) -> str:
    """The RawDocument.format for a file suffix; unknown suffixes are read as plain text."""
    return FORMATS.get(path.suffix.lower(), "text")


def _check_size(size: int, max_bytes: int) -> None:
    """ReadError when a file is over the configured size limit."""
    if size > max_bytes:
        got, limit = size / MEGABYTE, round(max_bytes / MEGABYTE, 2)
        reason = f"file is {got:.1f} MB, over the limit of {limit:g} MB (config: max_file_mb)"
        raise ReadError("", reason)


def os_reason(err: OSError) -> str:
    """Why an OS error kept us from reading a file, in the words of our other reasons."""
    if isinstance(err, FileNotFoundError):
        return "file disappeared before it could be read"
    return f"cannot read: {os_problem(err)}"


def os_problem(err: OSError) -> str:
    """What an OS error says, in a few plain words ('permission denied', 'symlink loop …')."""
    if isinstance(err, PermissionError):
        return "permission denied"
    if err.errno == errno.ELOOP:
        return "symlink loop (the link leads back to itself)"
    if isinstance(err, FileNotFoundError):
        return "it disappeared while being listed"
    return (err.strerror or str(err)).lower()


def checked_stat(path: Path | str, inbox: Path, max_bytes: int) -> os.stat_result:
    """The stat of an inbox file that may be read: inside the inbox, a regular file, within the size limit.

    Nothing outside the inbox is touched: a symlink pointing out is refused before
    it is followed. Raises ReadError with the reason.
    """
    try:
        stat = os.lstat(path)  # one system call for a plain file
        if S_ISLNK(stat.st_mode):
            if not _is_inside(Path(path), inbox):
                raise ReadError("", f"symlink points outside the inbox: {os.path.realpath(path)}")
            stat = os.stat(path)
    except OSError as err:
        raise ReadError("", os_reason(err)) from None
    if not S_ISREG(stat.st_mode):
        raise ReadError("", "not a regular file")
    _check_size(stat.st_size, max_bytes)
    return stat


def _read_bytes(path: Path, inbox: Path, max_bytes: int) -> tuple[bytes, os.stat_result]:
    """The bytes and stat of an inbox file, after the symlink and size checks."""
    stat = checked_stat(path, inbox, max_bytes)
    try:
        return path.read_bytes(), stat
    except OSError as err:
        raise ReadError("", os_reason(err)) from None


def read_document(path: Path, inbox: Path, *, max_bytes: int = 10 * MEGABYTE,
                  notes: list[str] | None = None) -> RawDocument:
    """Read, decode and unwrap one inbox file; ReadError (naming the file) if it cannot be.

    What was left out of a huge file is added to ``notes`` ('<name>: only the first …').
    """
    name = relative_name(path, inbox)
    told: list[str] = []
    try:
        data, stat = _read_bytes(path, inbox, max_bytes)
        text, encoding = decode(data)
        del data
        meta, body = parse_body(text, fmt := _format_of(path), told)
    except ReadError as err:
        raise ReadError(name, err.reason) from None
    if not body.strip():
        raise ReadError(name, "no article text after the metadata")
    if notes is not None:
        notes.extend(f"{one_line(name)}: {note}" for note in told)
    received = datetime.fromtimestamp(stat.st_mtime, tz=UTC)
    return RawDocument(name, body, received, encoding, fmt, meta)


# --- articles -------------------------------------------------------------------------------


def normalize_for_id(text: str) -> str:
    """NFC, casefolded, whitespace runs collapsed to one space, stripped."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def article_id(title: str, lines: list[str]) -> str:
    """A stable id: the first 20 hex digits of sha256 over the normalized title and body."""
    text = normalize_for_id(" ".join([title, *lines]))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def ends_like_sentence(line: str) -> bool:
    """True if a line ends with sentence punctuation, possibly followed by closing quotes."""
    return FINAL_PUNCTUATION.search(line.rstrip()) is not None


def is_headline(line: str) -> bool:
    """True for a line that reads as a headline: short, without final sentence punctuation."""
    return 0 < word_count(line, HEADLINE_MAX_WORDS) <= HEADLINE_MAX_WORDS and not ends_like_sentence(line)


def is_heading(line: str) -> bool:
    """True for a body line that reads as a subheading."""
    return 0 < word_count(line, HEADING_MAX_WORDS) <= HEADING_MAX_WORDS and not ends_like_sentence(line)


def first_sentence(line: str, language: str = "german", max_words: int = HEADLINE_MAX_WORDS) -> str:
    """The first sentence of a line (by text.split_sentences), without a final period, cut at max_words."""
    sentence = next(sentences_of(line, language), "")  # a one-line article is not split whole
    words = sentence.split()
    if len(words) > max_words:
        return " ".join(words[:max_words]).rstrip(",;:–-") + " …"
    return sentence[:-1] if sentence.endswith(".") and not sentence.endswith("..") else sentence


def title_and_body(declared: str | None, lines: list[str], language: str = "german") -> tuple[str, list[str]]:
    """The article title and the body lines left after it."""
    if declared:
        if lines and normalize_for_id(lines[0]) == normalize_for_id(declared):
            return declared, lines[1:]
        return declared, lines
    if not lines:
        return "", []
    if len(lines) > 1 and is_headline(lines[0]):
        return lines[0], lines[1:]
    return first_sentence(lines[0], language), lines


def source_of(raw: RawDocument, signatures: Mapping[str, str]) -> str | None:
    """The declared source, else the first signature pattern found in the raw text, else None."""
    declared = raw.meta_value("source")
    if declared:
        return declared
    for pattern, source in signatures.items():
        if re.search(pattern, raw.text):
            return source
    return None


def make_article(
    raw: RawDocument,
    lines: list[str],
    published: PublicationDate,
    language: str,
    *,
    source_signatures: Mapping[str, str] = NO_SIGNATURES,
) -> Article:
    """An Article from a raw document and its cleaned body lines (date header removed)."""
    lines = [line.strip() for line in lines if line.strip()]
    title, body = title_and_body(raw.meta_value("title"), lines, language)
    blocks = tuple(Block(line, is_heading(line)) for line in body)
    return Article(
        id=article_id(title, body),
        path=raw.path,
        title=title,
        source=source_of(raw, source_signatures),
        published=published,
        received_at=raw.received_at,
        language=language,
        blocks=blocks,
        url=raw.meta_value("url"),
    )
