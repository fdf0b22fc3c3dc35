"""Small builders shared by the tests."""

from __future__ import annotations

import hashlib
import signal
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from digest.models import Article, Block, Precision, PublicationDate, SplitArticle

RECEIVED = datetime(2025, 12, 3, 6, 0, tzinfo=UTC)

#: An English news article, a sentence an item.
ENGLISH = [
    "Russia and Ukraine agreed on Tuesday to hold a new round of talks in Istanbul.",
    "The talks will focus on a ceasefire along the front line.",
    "Officials in Kyiv said the delegation would be led by the defence minister.",
    "The Kremlin said it expected the talks to last two days.",
    "Analysts were sceptical that the meeting would produce a breakthrough.",
    "Prisoner exchanges have been the only tangible result of earlier rounds.",
]


def make_split(
    sentences: list[str],
    *,
    title: str = "Titel",
    source: str | None = "Quelle A",
    published: datetime | None = None,
    precision: Precision = Precision.DAY,
    received_at: datetime = RECEIVED,
    language: str = "german",
    headings: tuple[str, ...] = (),
) -> SplitArticle:
    """An already split article: one block per sentence, headings first."""
    pub = (
        PublicationDate(published, precision, "front matter")
        if published is not None
        else PublicationDate.unknown()
    )
    blocks = [(Block(h, True), (h,)) for h in headings]
    blocks += [(Block(s), (s,)) for s in sentences]
    aid = hashlib.sha256((title + "".join(sentences)).encode()).hexdigest()[:20]
    article = Article(
        id=aid, path=f"{aid}.txt", title=title, source=source, published=pub,
        received_at=received_at, language=language, blocks=tuple(b for b, _ in blocks),
    )
    return SplitArticle(article, tuple(blocks))


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """Create files (text as UTF-8, or raw bytes) under root; return root."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


@contextmanager
def deadline(seconds: int, why: str = "") -> Iterator[None]:
    """Fail with TimeoutError instead of hanging when the block takes longer than ``seconds`` (SIGALRM)."""
    def expired(signum: int, frame: object) -> None:
        raise TimeoutError(f"not done in {seconds} s{': ' + why if why else ''}")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def sqlite_file(path: Path, *statements: str) -> Path:
    """A SQLite file at ``path`` made by ``statements`` (another program's database); returns the path."""
    db = sqlite3.connect(path)
    for statement in statements:
        db.execute(statement)
    db.commit()
    db.close()
    return path
