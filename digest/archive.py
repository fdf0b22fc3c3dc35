"""The archive of all digests: out/index.html and the Atom feed out/feed.xml, rewritten atomically."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from . import i18n, lang
from .render import environment, render_template
from .store import WrittenDigest
from .write import atomic_write, remove_stale_temporaries

INDEX_TEMPLATE = "index.html.j2"


@dataclass(frozen=True)
class ArchiveEntry:
    """A digest as the archive lists it."""

    kind: str
    date: date
    day: str  # the date in words
    href: str  # the HTML file, relative to the output folder
    updated: datetime
    key_points: tuple[str, ...]


def located(stored: Path, output: Path) -> Path | None:
    """The file a stored digest path names under ``output``, if it is there.

    Relative paths (as stored now) are read against ``output``. An absolute path (as
    stored by earlier releases) is taken as it is when inside ``output``; else, after the
    folder moved, by its tail ``<yyyy>/<mm>/<name>`` under ``output``.
    """
    if not stored.is_absolute():
        candidate = output / stored
    elif stored.resolve().is_relative_to(output.resolve()):
        candidate = stored
    else:
        candidate = output.joinpath(*stored.parts[-3:])
    return candidate if candidate.is_file() else None


def entries(digests: Sequence[WrittenDigest], output: Path, language: str) -> list[ArchiveEntry]:
    """Archive entries for the digests whose files are in ``output``, newest first.

    A digest written to another output folder (--out) is not part of this archive.
    """
    result = []
    root = output.resolve()
    for written in digests:
        html = located(written.html, output)
        if html is None:
            continue
        href = html.resolve().relative_to(root).as_posix()
        result.append(ArchiveEntry(written.kind, written.date, i18n.format_day(written.date, language), href,
                                   written.written_at, written.key_points))
    return result


def render_index(items: Sequence[ArchiveEntry], language: str, user_dir: Path | None) -> str:
    """The archive page: every digest, newest first, with its key points."""
    env = environment(user_dir, html=True)
    values = {"entries": items, "labels": i18n.labels(language), "language": language}
    return render_template(env, INDEX_TEMPLATE, values)  # names the template file and line


def feed_urn(output: Path) -> str:
    """A URN for a feed without a site URL, made from the output folder the first time it is written."""
    digest = hashlib.sha256(str(output.resolve()).encode("utf-8")).hexdigest()[:16]
    return f"urn:news-digest:{digest}"


def feed_id(output: Path, site_url: str | None, urn: str | None = None) -> str:
    """A stable id for the feed: its URL when the site has one, else its URN (kept in the state when given).

    The URN is made from the output folder once and then kept, so moving the
    deployment folder does not make every entry look new to feed readers.
    """
    if site_url:
        return site_url.rstrip("/") + "/feed.xml"
    return urn or feed_urn(output)


def render_feed(items: Sequence[ArchiveEntry], language: str, output: Path, site_url: str | None,
                urn: str | None = None) -> str:
    """An Atom feed of the digests; links are relative to the feed unless a site URL is configured."""
    from feedgen.feed import FeedGenerator  # imported when a feed is written

    labels = i18n.labels(language)
    base = site_url.rstrip("/") + "/" if site_url else ""
    generator = FeedGenerator()
    generator.id(feed_id(output, site_url, urn))
    generator.title(labels["title"])
    generator.language(lang.get(language).tag)
    generator.link(href=f"{base}index.html", rel="alternate")
    if site_url:
        generator.link(href=f"{base}feed.xml", rel="self")
    generator.updated(max((e.updated for e in items), default=datetime(2000, 1, 1, tzinfo=UTC)))
    generator.author({"name": "news digest"})
    for item in reversed(items):  # feedgen puts the last added first
        entry = generator.add_entry()
        entry.id(f"{feed_id(output, site_url, urn)}#{item.kind}-{item.date.isoformat()}")
        kind = "" if item.kind == "digest" else f" ({item.kind})"
        entry.title(f"{labels['title']}: {item.day}{kind}")
        entry.link(href=f"{base}{item.href}", rel="alternate")
        entry.updated(item.updated)
        entry.published(item.updated)
        if item.key_points:
            entry.summary(" ".join(f"• {p}" for p in item.key_points))
    return generator.atom_str(pretty=True).decode("utf-8")


def write_archive(digests: Sequence[WrittenDigest], output: Path, language: str, *,
                  user_dir: Path | None = None, site_url: str | None = None,
                  urn: str | None = None) -> tuple[Path, Path]:
    """Rewrite out/index.html and out/feed.xml atomically; return their paths.

    ``urn`` is the feed's kept id when there is no ``site_url`` (see ``Store.feed_urn``).
    """
    items = entries(digests, output, language)
    index, feed = output / "index.html", output / "feed.xml"
    for path, text in ((index, render_index(items, language, user_dir)),
                       (feed, render_feed(items, language, output, site_url, urn))):
        remove_stale_temporaries(path)  # left by a run killed mid-write; we hold the state lock
        atomic_write(path, text)
    return index, feed
