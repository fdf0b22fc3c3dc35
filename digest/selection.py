"""The articles of a digest, from the store: those new in its window up front, the rest paged lazily."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime, tzinfo

from .compose import Selection, Window, placed_at
from .models import SplitArticle
from .store import Store


class StoredNewestFirst:
    """Stored articles newest first, loaded from the store a page at a time as a scan goes on.

    With a topic (and the key of a topic index), only articles indexed as speaking of
    it, or not indexed yet, are loaded; the index is read a page at a time as well,
    as a topic's scan usually stops within its first day.
    """

    PAGE = 100

    def __init__(self, store: Store, order: list[tuple[datetime, str]], topic: str | None = None,
                 index_key: str | None = None):
        self.store = store
        self.order = order
        self.topic, self.index_key = topic, index_key
        self.loaded: list[tuple[datetime, SplitArticle]] = []
        self.scanned = 0  # how much of order was paged through

    def __iter__(self) -> Iterator[tuple[datetime, SplitArticle]]:
        i = 0
        while True:
            while i >= len(self.loaded):
                if self.scanned >= len(self.order):
                    return
                self._load_page()
            yield self.loaded[i]
            i += 1

    def _load_page(self) -> None:
        page = self.order[self.scanned:self.scanned + self.PAGE]
        self.scanned += len(page)
        if self.topic is not None and self.index_key is not None:
            index = self.store.topic_index(self.index_key, [article_id for _, article_id in page])
            page = [(w, i) for w, i in page if i not in index or self.topic in index[i]]
        splits = self.store.load_articles([article_id for _, article_id in page])
        self.loaded.extend(zip((w for w, _ in page), splits, strict=True))


def select_stored(store: Store, window: Window, tz: tzinfo, late: set[str],
                  topics: Sequence[str] = (), topics_index_key: str | None = None) -> Selection:
    """The articles of a digest, from the store: only those new in the window are loaded up front.

    With a topic index, each topic scans only the articles indexed as speaking of it
    (and those not indexed yet).
    """
    placed, arrivals = [], []
    for article_id, published, received in store.article_dates():
        arrived = datetime.fromisoformat(received)
        arrivals.append(arrived)  # every arrival: files dropped as a batch are told from single ones
        when = placed_at(datetime.fromisoformat(published) if published else None, arrived, tz)
        if when < window.end:
            placed.append((when, article_id))
    placed.sort(reverse=True)
    new_ids = [article_id for when, article_id in placed if window.contains(when) or article_id in late]
    by_topic: dict[str, StoredNewestFirst] = {}
    if topics_index_key is not None:
        for topic in topics:
            by_topic[topic] = StoredNewestFirst(store, placed, topic, topics_index_key)
    return Selection(tuple(store.load_articles(new_ids)), StoredNewestFirst(store, placed), len(placed),
                     by_topic, arrivals=tuple(arrivals))
