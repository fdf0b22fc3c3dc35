"""Shared helpers for the benchmarks: real German sentences, recombined into articles."""

from __future__ import annotations

import json
import random
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from digest.models import Article, Block, Precision, PublicationDate, SplitArticle  # noqa: E402
from digest.readers import article_id  # noqa: E402
from digest.text import split_sentences  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "gnad-dev.jsonl"


def german_sentences() -> tuple[list[str], str]:
    """Real German news sentences: the dev split of 10kGNAD if present, else the seeds."""
    sentences: list[str] = []
    if DATA.is_file():
        for line in DATA.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            sentences.extend(split_sentences(record["text"], "german"))
        origin = f"{DATA} ({len(sentences)} sentences)"
    else:
        for path in sorted((ROOT / "seeds").glob("*.txt")):
            for text_line in path.read_text(encoding="utf-8").splitlines():
                sentences.extend(split_sentences(text_line, "german"))
        origin = f"seeds/ only: {DATA} not found ({len(sentences)} sentences)"
    return [s for s in sentences if len(s.split()) >= 4], origin


def make_articles(count: int, sentences: list[str], *, seed: int = 7,
                  start: datetime = datetime(2025, 11, 1, 6, 0)) -> list[SplitArticle]:
    """``count`` articles of 12–30 real sentences each, dated over the weeks after ``start``."""
    rng = random.Random(seed)
    articles = []
    for i in range(count):
        body = rng.sample(sentences, rng.randint(12, 30))
        title = " ".join(body[0].split()[:8])
        published = start + timedelta(minutes=rng.randint(0, 60 * 24 * 30))
        blocks = tuple((Block(s), (s,)) for s in body)
        article = Article(
            id=article_id(title + str(i), body), path=f"a{i}.txt", title=title,
            source=f"Quelle {i % 7}", published=PublicationDate(published, Precision.MINUTE, "json"),
            received_at=published.replace(tzinfo=UTC), language="german",
            blocks=tuple(b for b, _ in blocks),
        )
        articles.append(SplitArticle(article, blocks))
    return articles
