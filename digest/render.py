"""Jinja2 rendering of a digest to Markdown and HTML; the user's template folder comes first."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, time, timedelta
from functools import partial
from pathlib import Path
from typing import Any

import jinja2

from . import i18n
from .errors import TemplateError
from .models import Article, Digest, Precision, PublicationDate, Sourced, TimelineEvent
from .readers import one_line

MARKDOWN_TEMPLATE = "digest.md.j2"
HTML_TEMPLATE = "digest.html.j2"

_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}<>#|!~&])")
#: GFM links bare URLs; escaping the ':' of '://' or the '.' of 'www.' keeps them text.
_MD_AUTOLINK = re.compile(r"(?i)\b(https?|ftp)(:)(?=//)|\b(www)(\.)")
#: At the start of a list item or quote, '1.' or '2)' opens a list, '-' '+' '=' a list or rule.
_MD_LEADING = re.compile(r"^(\d{1,9})([.)])(?= |$)|^()([-+=])")


def builtin_templates() -> Path:
    """Our own templates: installed inside the package, or `templates/` beside it in a checkout."""
    here = Path(__file__).resolve().parent
    installed = here / "templates"
    return installed if (installed / MARKDOWN_TEMPLATE).is_file() else here.parent / "templates"


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


def format_tilse(events: Iterable[TimelineEvent]) -> str:
    """Events in the plain-text format of timeline-summarization tools (tilse).

    One block per day, oldest first: a line ``YYYY-MM-DD``, its sentences one per
    line, then ``--------``. Events placed only by an article's arrival are left
    out; a month or season is written as its first day.
    """
    days: dict[str, list[str]] = {}
    for event in events:
        if event.when.value is None or event.when.origin == "arrival":
            continue
        sentences = days.setdefault(event.when.value.date().isoformat(), [])
        text = " ".join(event.sentence.text.split())
        if text not in sentences:
            sentences.append(text)
    return "".join(f"{day}\n" + "".join(f"{s}\n" for s in days[day]) + "--------\n"
                   for day in sorted(days))


def timeline_markdown(events: Iterable[TimelineEvent], language: str) -> str:
    """Events as a Markdown list, newest first, each with its date and source."""
    labels = i18n.labels(language)
    lines = []
    for event in events:
        source = event.sentence.source or labels["unknown_source"]
        lines.append(f"- **{markdown_escape(event_date(event.when, language))}**: "
                     f"{markdown_escape(event.sentence.text)} ({markdown_escape(source)}: "
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


def environment(user_dir: Path | None, *, html: bool, cache_dir: Path | None = None) -> jinja2.Environment:
    """A Jinja2 environment looking in ``user_dir`` first, then ours; autoescape for HTML only.

    With ``cache_dir``, compiled templates are kept there (keyed by their source), so a
    run does not compile them again.
    """
    dirs = [str(user_dir)] if user_dir is not None else []
    dirs.append(str(builtin_templates()))
    cache = None
    if cache_dir is not None:
        cache_dir.mkdir(parents=True, exist_ok=True)
        cache = jinja2.FileSystemBytecodeCache(str(cache_dir), "%s.html.cache" if html else "%s.text.cache")
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
    }


def render(digest: Digest, template: str, *, user_dir: Path | None, html: bool, tz: Any = None,
           cache_dir: Path | None = None) -> str:
    """Render one digest template to text."""
    env = environment(user_dir, html=html, cache_dir=cache_dir)
    try:
        return env.get_template(template).render(context(digest, tz))
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(f"template {exc.name!r} not found in {env.loader.searchpath}") from None  # type: ignore[union-attr]
    except jinja2.TemplateError as exc:
        raise TemplateError(f"template {template!r}: {exc}") from None


def render_digest(digest: Digest, *, user_dir: Path | None = None, tz: Any = None,
                  cache_dir: Path | None = None) -> tuple[str, str]:
    """Markdown and HTML of a digest."""
    markdown = render(digest, MARKDOWN_TEMPLATE, user_dir=user_dir, html=False, tz=tz, cache_dir=cache_dir)
    page = render(digest, HTML_TEMPLATE, user_dir=user_dir, html=True, tz=tz, cache_dir=cache_dir)
    return markdown, page
