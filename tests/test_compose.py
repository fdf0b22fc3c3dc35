from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from digest.compose import Window, compose, day_window, effective_date, key_points
from digest.config import Topic
from digest.models import ArticleEntry, Precision, Summary

from .helpers import make_split

TZ = ZoneInfo("Europe/Berlin")
CEASEFIRE = Topic(key="ceasefire", label="Waffenruhe", keywords=("Waffenruhe", "Feuerpause"))
NATO = Topic(key="nato", label="NATO", keywords=("NATO",))


def _summaries(*splits):
    return {s.article.id: Summary(s.article.id, s.sentences, "lexrank", 3) for s in splits}


def _compose(splits, day=date(2025, 12, 3), window=None, **kw):
    window = window or day_window(day, None, 1)
    return compose(splits, _summaries(*splits), day, window, topics=kw.get("topics", (CEASEFIRE, NATO)),
                   key_point_count=kw.get("key_points", 5), topic_sentences=1, skipped=(),
                   language="german", tz=TZ)


def test_day_window_defaults_to_first_window_days_and_follows_previous_digest():
    assert day_window(date(2025, 12, 3), None, 1) == Window(datetime(2025, 12, 3), datetime(2025, 12, 4))
    assert day_window(date(2025, 12, 3), None, 7).start == datetime(2025, 11, 27)
    prev = datetime(2025, 12, 1)
    assert day_window(date(2025, 12, 3), prev, 1).start == prev


def test_undated_article_counts_from_its_arrival_in_local_time():
    split = make_split(["Satz."], received_at=datetime(2025, 12, 2, 23, 30, tzinfo=UTC))
    assert effective_date(split.article, TZ) == datetime(2025, 12, 3, 0, 30)


def test_topic_shows_latest_position_and_never_a_later_article():
    old = make_split(["Die Waffenruhe ist gescheitert."], published=datetime(2025, 4, 21, 19, 54),
                     precision=Precision.MINUTE, source="Alt")
    new = make_split(["Eine neue Waffenruhe gilt ab Montag."], published=datetime(2025, 12, 3, 9, 0),
                     precision=Precision.MINUTE, source="Neu")
    future = make_split(["Die Waffenruhe wurde verlängert."], published=datetime(2025, 12, 5),
                        source="Zukunft")
    digest = _compose([old, new, future])
    ceasefire = digest.topics[0]
    assert [s.text for s in ceasefire.sentences] == ["Eine neue Waffenruhe gilt ab Montag."]
    assert ceasefire.is_new and ceasefire.sentences[0].source == "Neu"
    assert all(a.article.source != "Zukunft" for a in digest.articles)
    assert digest.total_articles == 2


def test_unchanged_topic_is_not_new_and_keeps_its_date():
    old = make_split(["Über die NATO wurde nicht gesprochen."], published=datetime(2025, 7, 1),
                     precision=Precision.MONTH)
    today = make_split(["Die Feuerpause hält."], published=datetime(2025, 12, 3, 8, 0))
    nato = _compose([old, today]).topics[1]
    assert not nato.is_new
    assert nato.since.precision is Precision.MONTH
    assert [a.article.id for a in _compose([old, today]).articles] == [today.article.id]


def test_topic_without_any_mention_is_empty():
    digest = _compose([make_split(["Nichts davon."], published=datetime(2025, 12, 3))])
    assert digest.topics[0].sentences == ()


def test_articles_of_the_window_newest_first_and_sources_listed():
    a = make_split(["A."], published=datetime(2025, 12, 3, 8), source="S1", title="a")
    b = make_split(["B."], published=datetime(2025, 12, 3, 10), source="S2", title="b")
    digest = _compose([a, b])
    assert [e.article.title for e in digest.articles] == ["b", "a"]
    assert digest.sources == ("S1", "S2")


def test_key_points_merge_the_same_statement_from_two_sources():
    text = "Russland und die Ukraine vereinbaren eine Waffenruhe für dreißig Tage."
    a = make_split([text], published=datetime(2025, 12, 3, 8), source="Agentur A", title="a")
    b = make_split(["Russland und die Ukraine vereinbaren eine Waffenruhe für dreißig Tage ab Montag."],
                   published=datetime(2025, 12, 3, 9), source="Agentur B", title="b")
    c = make_split(["Der Gefangenenaustausch wird vorbereitet."], published=datetime(2025, 12, 3, 9),
                   source="Agentur C", title="c")
    entries = [ArticleEntry(s.article, Summary(s.article.id, s.sentences, "x", 1)) for s in (a, b, c)]
    points = key_points(entries, 5, [])
    assert len(points) == 2
    merged = next(p for p in points if "dreißig" in p.text)
    assert {merged.source, *merged.also} == {"Agentur A", "Agentur B"}


def test_key_points_respect_the_limit_and_are_deterministic():
    words = ["Genf", "Istanbul", "Riad", "Moskau", "Kiew", "London", "Paris", "Rom", "Wien", "Oslo"]
    topics = ["Gefangene", "Energie", "Getreide", "Grenzen", "Truppen", "Sanktionen", "Wahlen",
              "Kraftwerke", "Häfen", "Minen"]
    splits = [make_split([f"In {w} ging es um {t}."], published=datetime(2025, 12, 3, 8), title=w)
              for w, t in zip(words, topics, strict=True)]
    first = _compose(splits, key_points=3).key_points
    assert len(first) == 3
    assert _compose(list(reversed(splits)), key_points=3).key_points == first
