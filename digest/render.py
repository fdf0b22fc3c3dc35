"""Jinja2 rendering of a digest to Markdown and HTML; the user's template folder comes first."""

from __future__ import annotations

import logging
import re
import traceback
from collections.abc import Iterable, Mapping
from datetime import datetime, time, timedelta
from functools import partial
from pathlib import Path
from typing import Any

import jinja2

from . import i18n, lang
from .errors import TemplateError
from .models import Article, Digest, Precision, PublicationDate, Sourced, TimelineEvent
from .readers import one_line
from .versions import MARKDOWN_TEMPLATE, builtin_templates  # without Jinja2: the fingerprint needs them

log = logging.getLogger("digest")

HTML_TEMPLATE = "digest.html.j2"

_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}<>#|!~&])")
#: GFM links bare URLs; escaping the ':' of '://' or the '.' of 'www.' keeps them text.
_MD_AUTOLINK = re.compile(r"(?i)\b(https?|ftp)(:)(?=//)|\b(www)(\.)")
#: At the start of a list item or quote, '1.' or '2)' opens a list, '-' '+' '=' a list or rule.
_MD_LEADING = re.compile(r"^(\d{1,9})([.)])(?= |$)|^()([-+=])")


def markdown_escape(text: str, line_start: bool = False) -> str:
    """Escape text so Markdown shows it literally: no markup, raw HTML, links or entities.

    With ``line_start`` (text that opens a list item or quote) a leading '1.', '2)',
    '-', '+' or '=' is escaped too, so it opens no nested list or rule.
    """
    text = _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))
    text = _MD_AUTOLINK.sub(lambda m: f"{m.group(1) or m.group(3)}\\{m.group(2) or m.group(4)}", text)
    if line_start:
        text = _MD_LEADING.sub(lambda m: f"{m.group(1) or m.group(3)}\\{m.group(2) or m.group(4)}", text)
    return text


def code_path(path: str) -> str:
    """A file path for a Markdown code span: on one line, without backticks."""
    return one_line(path).replace("`", "'")


def when(item: Article | Sourced, language: str, tz: Any = None) -> str:
    """An item's date as the reader should see it; an unknown date says when the file arrived."""
    published: PublicationDate = item.published
    if published.value is not None:
        return i18n.format_date(published, language)
    received = item.received_at.astimezone(tz) if tz is not None else item.received_at
    labels = i18n.labels(language)
    return f"{labels['unknown_date']}, {labels['received']} {i18n.format_day(received.date(), language)}"


def event_date(when: PublicationDate, language: str) -> str:
    """A timeline date; an event placed by its article's arrival says so."""
    if when.origin == "arrival" and when.value is not None:
        labels = i18n.labels(language)
        day = i18n.format_day(when.value.date(), language)
        return f"{labels['unknown_date']}, {labels['received']} {day}"
    return i18n.format_date(when, language)


#: The line that ends a date's block in tilse's timeline files: exactly 32 dashes
#: (tilse/data/timelines.py, Timeline.from_file, reads no other separator).
TILSE_SEPARATOR = "-" * 32


_DAY_PRECISE = (Precision.DAY, Precision.MINUTE)


def format_tilse(events: Iterable[TimelineEvent]) -> str:
    """Events in the plain-text format of timeline-summarization tools (tilse).

    One block per day, oldest first: a line ``YYYY-MM-DD``, its sentences one per
    line, then a line of exactly 32 dashes. Events placed only by an article's
    arrival, and those known only to the month, season or year (the format has days only), are
    left out.
    """
    days: dict[str, list[str]] = {}
    for event in events:
        when = event.when
        if when.value is None or when.origin == "arrival" or when.precision not in _DAY_PRECISE:
            continue
        text = " ".join(event.sentence.text.split())
        if not tilse_reads_as_sentence(text):
            continue
        sentences = days.setdefault(event.when.value.date().isoformat(), [])
        if text not in sentences:
            sentences.append(text)
    return "".join(f"{day}\n" + "".join(f"{s}\n" for s in days[day]) + f"{TILSE_SEPARATOR}\n"
                   for day in sorted(days))


def tilse_reads_as_sentence(line: str) -> bool:
    """Whether tilse reads a line back as a sentence: not empty, not its separator, not a date."""
    if not line or line == TILSE_SEPARATOR:
        return False
    try:
        datetime.strptime(line, "%Y-%m-%d")
    except ValueError:
        return True
    return False


def timeline_markdown(events: Iterable[TimelineEvent], language: str) -> str:
    """Events as a Markdown list of days, newest first, each day with its sentences and their sources."""
    labels = i18n.labels(language)
    lines, shown = [], None
    for event in events:
        if event.when.value != shown:
            shown = event.when.value
            lines.append(f"- **{markdown_escape(event_date(event.when, language))}**\n")
        source = event.sentence.source or labels["unknown_source"]
        lines.append(f"  - {markdown_escape(event.sentence.text)} ({markdown_escape(source)}: "
                     f"{markdown_escape(event.sentence.title)})\n")
    return "".join(lines)


def precision_label(published: PublicationDate, language: str) -> str:
    """The precision of a date in words."""
    return i18n.labels(language)[f"precision_{published.precision.value}"]


def origin_label(published: PublicationDate, language: str) -> str:
    """Where a date came from, in words."""
    return i18n.labels(language).get(f"origin_{published.origin}", published.origin)


def _window_bound(moment: datetime | None, language: str, *, start: bool) -> str | None:
    """A window bound as a reader thinks of it: whole days unless it falls within a day.

    The end is exclusive, so an end at midnight is shown as the day before.
    """
    if moment is None:
        return None
    if moment.time() == time():
        day = moment.date() if start else moment.date() - timedelta(days=1)
        return i18n.format_day(day, language)
    return i18n.format_datetime(moment, Precision.MINUTE, language)


class OptionalBytecodeCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept in a folder; a folder that cannot be read or written only costs a compile."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except OSError as exc:
            log.debug("template cache not read: %s", exc)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError as exc:  # read-only or full: the template was compiled all the same
            log.debug("template cache not written: %s", exc)


def _bytecode_cache(cache_dir: Path | None, html: bool) -> jinja2.BytecodeCache | None:
    if cache_dir is None:
        return None
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        log.debug("no template cache in %s: %s", cache_dir, exc)
        return None
    return OptionalBytecodeCache(str(cache_dir), "%s.html.cache" if html else "%s.text.cache")


def language_tag(language: str) -> str:
    """The ISO 639-1 tag of a configured language ('german' -> 'de'), for <html lang> in templates."""
    return lang.get(language).tag


def environment(user_dir: Path | None, *, html: bool, cache_dir: Path | None = None) -> jinja2.Environment:
    """A Jinja2 environment looking in ``user_dir`` first, then ours; autoescape for HTML only.

    With ``cache_dir``, compiled templates are kept there (keyed by their source), so a
    run does not compile them again; a cache that cannot be written is passed over.
    """
    dirs = [str(user_dir)] if user_dir is not None else []
    dirs.append(str(builtin_templates()))
    cache = _bytecode_cache(cache_dir, html)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(dirs),
        bytecode_cache=cache,
        autoescape=html,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["md"] = markdown_escape
    env.filters["md_line"] = partial(markdown_escape, line_start=True)
    env.filters["one_line"] = one_line
    env.filters["code_path"] = code_path
    env.filters["language_tag"] = language_tag
    return env


def context(digest: Digest, tz: Any) -> dict[str, Any]:
    language = digest.language
    return {
        "digest": digest,
        "labels": i18n.labels(language),
        "day": i18n.format_day(digest.date, language),
        "window_start": _window_bound(digest.window_start, language, start=True),
        "window_end": _window_bound(digest.window_end, language, start=False),
        "unsourced": sum(1 for e in digest.articles if not e.article.source),
        "when": partial(when, language=language, tz=tz),
        "iso": i18n.iso_date,
        "precision": partial(precision_label, language=language),
        "event_date": partial(event_date, language=language),
        "origin": partial(origin_label, language=language),
        "reason": partial(i18n.skip_reason, language=language),
    }


def render_template(env: jinja2.Environment, template: str, values: Mapping[str, Any]) -> str:
    """Render ``template`` of ``env``; TemplateError naming the template file and line if it fails.

    Whatever a user's template raises (a syntax error, an undefined name,
    a division by zero, a missing include) is the user's to fix; an exception from
    our own templates that is not a Jinja2 error is a bug and goes on as it is.
    """
    try:
        return env.get_template(template).render(values)
    except Exception as exc:
        problem = template_problem(exc, template, env)
        if problem is None:
            raise
        raise problem from None


def template_problem(exc: Exception, template: str, env: jinja2.Environment) -> TemplateError | None:
    """Our error for an exception raised while rendering ``template``, or None for a bug of ours.

    A template file that is not one of ours (builtin_templates) is the user's.
    """
    frames = [(frame.f_code.co_filename, line) for frame, line in traceback.walk_tb(exc.__traceback__)]
    searched = [Path(folder) for folder in getattr(env.loader, "searchpath", [])]
    places = [(name, line) for name, line in frames if any(Path(name).is_relative_to(f) for f in searched)]
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename:
        places.append((exc.filename, exc.lineno))
    ours = builtin_templates()
    users = any(not Path(name).is_relative_to(ours) for name, _ in places)
    if not users and not isinstance(exc, jinja2.TemplateError):
        return None
    where = f"{places[-1][0]}, line {places[-1][1]}" if places else f"template {template!r}"
    if isinstance(exc, jinja2.TemplateNotFound):
        what = f"template {exc.name!r} not found in {', '.join(map(str, searched))}"
    elif isinstance(exc, jinja2.TemplateSyntaxError):
        what = f"syntax error: {exc.message}"
    elif isinstance(exc, jinja2.TemplateError) or (str(exc) and not isinstance(exc, LookupError)):
        what = str(exc)
    else:
        what = f"{type(exc).__name__}: {exc}"
    fix = ("fix the template, or remove it to use the built-in one, and run again" if users
           else "check the templates folder and run again")
    return TemplateError(f"{where}: {what}; {fix}")


def render(digest: Digest, template: str, *, user_dir: Path | None, html: bool, tz: Any = None,
           cache_dir: Path | None = None) -> str:
    """Render one digest template to text."""
    env = environment(user_dir, html=html, cache_dir=cache_dir)
    return render_template(env, template, context(digest, tz))


def render_digest(digest: Digest, *, user_dir: Path | None = None, tz: Any = None,
                  cache_dir: Path | None = None) -> tuple[str, str]:
    """Markdown and HTML of a digest."""
    markdown = render(digest, MARKDOWN_TEMPLATE, user_dir=user_dir, html=False, tz=tz, cache_dir=cache_dir)
    page = render(digest, HTML_TEMPLATE, user_dir=user_dir, html=True, tz=tz, cache_dir=cache_dir)
    return markdown, page
