import logging
import os
import socket
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import yaml

from digest import pickup, pipeline
from digest.config import load_config
from digest.store import FileRecord

from .conftest import set_arrival

DAY = date(2025, 12, 3)
SINCE = datetime(2022, 2, 24)


def _config(config_file, inbox):
    return load_config(config_file(inbox))


def test_whole_pipeline_runs_with_the_network_blocked(seed_inbox, config_file, monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("network access is blocked in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    result = pipeline.run(_config(config_file, seed_inbox), DAY, since=SINCE)
    assert result.markdown.name == "digest-2025-12-03.md"
    assert result.markdown.parent.parts[-2:] == ("2025", "12")
    text = result.markdown.read_text(encoding="utf-8")
    assert text.count("\n### ") >= 5 + 7  # five articles and seven topics
    assert result.pickup.new_articles == 5 and result.summarized == 5
    assert result.skipped == ()


def test_second_run_summarizes_nothing_again(seed_inbox, config_file):
    config = _config(config_file, seed_inbox)
    first = pipeline.run(config, DAY, since=SINCE)
    second = pipeline.run(config, DAY, since=SINCE)
    assert first.summarized == 5
    assert second.summarized == 0
    assert second.pickup.new_articles == 0 and second.pickup.unchanged == 5


def test_same_file_under_another_name_is_one_article(seed_inbox, config_file, tmp_path):
    config = _config(config_file, seed_inbox)
    pipeline.run(config, DAY)
    original = seed_inbox / "001_9ab67507dfce0dbc.txt"
    copy = seed_inbox / "kopie von 001.txt"
    copy.write_bytes(original.read_bytes())
    set_arrival(copy)
    result = pipeline.run(config, DAY)
    assert result.pickup.new_articles == 0 and result.pickup.duplicates == 1
    db = sqlite3.connect(tmp_path / "state.sqlite3")
    assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == 5
    ids = db.execute("SELECT article_id FROM files WHERE path IN (?, ?)",
                     (original.name, copy.name)).fetchall()
    assert ids[0] == ids[1]


def test_same_inputs_and_date_give_byte_identical_files(seed_inbox, tmp_path, config_file):
    config = _config(config_file, seed_inbox)
    first = pipeline.run(config, DAY, since=SINCE)
    md, html = first.markdown.read_bytes(), first.html.read_bytes()
    other = config.with_paths(output=tmp_path / "out2", state=tmp_path / "state2.sqlite3")
    second = pipeline.run(other, DAY, since=SINCE)
    assert second.markdown.read_bytes() == md
    assert second.html.read_bytes() == html
    again = pipeline.run(config, DAY, since=SINCE)
    assert again.markdown.read_bytes() == md


def test_script_in_an_article_is_shown_as_text(make_inbox, config_file):
    inbox = make_inbox({"xss.txt": "Angriff auf die Seite\n\nDer Text enthält <script>alert(1)</script> "
                        "und die Waffenruhe wird besprochen. Ein zweiter Satz folgt hier.\n"})
    result = pipeline.run(_config(config_file, inbox), DAY)
    html = result.html.read_text(encoding="utf-8")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_bad_files_are_skipped_with_reasons_and_the_run_goes_on(make_inbox, config_file):
    inbox = make_inbox({
        "gut.txt": "Gespräche in Genf\n\nDie Delegationen trafen sich am Montag in Genf. "
                   "Es gab Fortschritte.\n",
        "leer.txt": "",
        "binaer.dat": b"\x00\x01\x02\xff" * 50,
    })
    result = pipeline.run(_config(config_file, inbox), DAY)
    reasons = {s.path: s.reason for s in result.skipped}
    assert set(reasons) == {"leer.txt", "binaer.dat"}
    assert "empty" in reasons["leer.txt"] and "binary" in reasons["binaer.dat"]
    markdown = result.markdown.read_text(encoding="utf-8")
    assert "## Übersprungene Dateien" in markdown and "leer.txt" in markdown
    assert result.pickup.new_articles == 1


def test_missing_inbox_is_a_clear_error(tmp_path, config_file):
    from digest.errors import InboxError

    with pytest.raises(InboxError, match="inbox folder not found"):
        pipeline.run(_config(config_file, tmp_path / "fehlt"), DAY)


def test_summarize_file_outside_the_store(tmp_path):
    seeds = Path(__file__).resolve().parent.parent / "seeds"
    config = load_config(None)
    split, summary = pipeline.summarize_file(seeds / "001_9ab67507dfce0dbc.txt", config, count=2)
    assert len(summary.sentences) == 2
    order = [split.sentences.index(s) for s in summary.sentences]
    assert order == sorted(order)


SEED_FACTS = [
    # file, title start, date, precision, origin, source
    ("000_a4da805abde6e002.txt", "In den bisherigen Gesprächen", None, "unknown", "unknown", None),
    ("001_9ab67507dfce0dbc.txt", "Die Ukraine hat Russland für kommende Woche", datetime(2025, 7, 1),
     "month", "header line", None),
    ("002_98351c927044ce80.txt", "Angriffskrieg gegen die Ukraine Putin zeigt sich offen",
     datetime(2025, 4, 21, 19, 54), "minute", "dateline", None),
    ("003_d3fc333e34ecd65f.txt", "Die Verhandlungen zwischen US-Vertretern", None, "unknown", "unknown",
     "ZEIT ONLINE"),
    ("004_ab075a59fcf8eea7.txt", "Kreml treibt Geheimverhandlung mit Trump voran", None, "unknown",
     "unknown", None),
]


@pytest.mark.parametrize("name, title, published, precision, origin, source", SEED_FACTS)
def test_each_seed_is_read_right(seed_inbox, name, title, published, precision, origin, source):
    config = load_config(Path(__file__).resolve().parent.parent / "schedule.yaml")
    split = pickup.analyze_file(seed_inbox / name, seed_inbox, config)
    article = split.article
    assert article.title.startswith(title)
    assert article.published.value == published
    assert article.published.precision.value == precision
    assert article.published.origin == origin
    assert article.source == source
    assert article.language == "german"
    # arrival is kept apart from publication: the file's time, in UTC
    assert article.received_at.isoformat() == "2025-12-03T06:00:00+00:00"
    body = article.text
    assert "date 20" not in body and "Stand:" not in body
    for furniture in ("Newsletter", "Postfach", "©", "Z+", "Mehr zu Thema", "Meine News"):
        assert furniture not in body
    assert len(split.sentences) >= 8


def test_english_article_is_detected_and_summarized_in_english(make_inbox, config_file):
    from .helpers import ENGLISH

    inbox = make_inbox({"talks.md": "---\ntitle: Talks in Istanbul\nsource: Wire\ndate: 2025-12-03\n---\n"
                        + " ".join(ENGLISH) + "\n"})
    config = _config(config_file, inbox)
    split = pickup.analyze_file(inbox / "talks.md", inbox, config)
    assert split.article.language == "english"
    assert split.article.source == "Wire" and split.article.title == "Talks in Istanbul"
    assert len(split.sentences) == len(ENGLISH)
    result = pipeline.run(config, DAY)
    assert "Talks in Istanbul" in result.markdown.read_text(encoding="utf-8")


# --- issue: state over time -----------------------------------------------------------------

def _article(title: str, date_text: str, body: str, source: str = "Agentur") -> str:
    return f"---\ntitle: {title}\ndate: {date_text}\nsource: {source}\n---\n{body}\n"


def test_window_runs_from_the_previous_digest_and_state_uses_everything_up_to_the_date(
        make_inbox, config_file):
    inbox = make_inbox({
        "a.md": _article("Feuerpause vereinbart", "2025-12-01T09:00:00+01:00",
                         "Beide Seiten vereinbarten eine Waffenruhe für die Feiertage. Sie gilt ab Freitag."),
        "b.md": _article("Gefangene ausgetauscht", "2025-12-03T10:00:00+01:00",
                         "Russland und die Ukraine tauschten je hundert Kriegsgefangene aus. Es war der "
                         "dritte Austausch in diesem Jahr."),
        "c.md": _article("Nach dem Stichtag", "2025-12-05T10:00:00+01:00",
                         "Die Waffenruhe wurde um einen Monat verlängert. Beide Seiten stimmten zu."),
    })
    config = _config(config_file, inbox)
    first = pipeline.run(config, date(2025, 12, 1))
    second = pipeline.run(config, DAY)
    assert second.window.start == first.window.end == datetime(2025, 12, 2)
    text = second.markdown.read_text(encoding="utf-8")
    articles = text.split("## Artikel")[1]
    assert "Gefangene ausgetauscht" in articles and "Feuerpause vereinbart" not in articles
    topics = text.split("## Stand der Verhandlungen nach Themen")[1].split("## Chronik")[0]
    ceasefire = topics.split("### Waffenruhe")[1].split("###")[0]
    assert "unverändert seit 1. Dezember 2025, 09:00 Uhr" in ceasefire
    assert "verlängert" not in text  # published after the digest's date
    humanitarian = topics.split("### Gefangene und humanitäre Fragen")[1].split("###")[0]
    assert "*neu in diesem Digest*" in humanitarian


def test_the_state_reads_an_older_articles_stored_analysis_instead_of_making_it_again(
        make_inbox, config_file, monkeypatch):
    from digest import compose

    inbox = make_inbox({
        "a.md": _article("Feuerpause vereinbart", "2025-12-01T09:00:00+01:00",
                         "Beide Seiten vereinbarten eine Waffenruhe für die Feiertage. Sie gilt ab Freitag."),
        "b.md": _article("Gefangene ausgetauscht", "2025-12-03T10:00:00+01:00",
                         "Russland und die Ukraine tauschten je hundert Kriegsgefangene aus."),
    })
    config = _config(config_file, inbox)
    pipeline.run(config, date(2025, 12, 1))
    made = []
    real = compose.analyze
    monkeypatch.setattr(compose, "analyze", lambda split, *a, **k: made.append(split.article.title) or real(
        split, *a, **k))
    second = pipeline.run(config, DAY)
    ceasefire = second.markdown.read_text(encoding="utf-8").split("### Waffenruhe")[1].split("###")[0]
    assert "unverändert seit 1. Dezember 2025, 09:00 Uhr" in ceasefire  # the older article is in the state
    assert made == []  # its analysis stored at pick-up was read, not made again


def test_a_digest_job_rerunning_a_date_keeps_the_window_it_was_written_with(seed_inbox, config_file):
    """The service's digest job (a fixed window of one day) after `digest run --since` the same date:
    the digest stays as it was, all five seeds in it, not rewritten as a one-day digest."""
    config = _config(config_file, seed_inbox)
    first = pipeline.run(config, DAY, since=SINCE)
    stamp = first.markdown.stat().st_mtime_ns
    again = pipeline.run(config, DAY, window_days=1)
    assert (again.window.start, again.window.end) == (SINCE, datetime(2025, 12, 4))
    assert again.digest is None and first.markdown.stat().st_mtime_ns == stamp  # nothing new: not rewritten
    assert first.markdown.read_text(encoding="utf-8").split("## Artikel")[1].count("\n### ") == 5


def test_a_rerun_after_a_later_digest_keeps_its_own_window(make_inbox, config_file):
    """Rerunning an earlier date after a later one was written: its window is its own, never the later's."""
    inbox = make_inbox({
        "a.md": _article("Feuerpause vereinbart", "2025-12-01T09:00:00+01:00",
                         "Beide Seiten vereinbarten eine Waffenruhe für die Feiertage. Sie gilt ab Freitag."),
    })
    config = _config(config_file, inbox)
    first = pipeline.run(config, date(2025, 12, 1), since=datetime(2025, 11, 1))
    pipeline.run(config, DAY)
    again = pipeline.run(config, date(2025, 12, 1))
    assert again.window == first.window
    assert (first.window.start, first.window.end) == (datetime(2025, 11, 1), datetime(2025, 12, 2))


def test_preview_writes_nothing_and_stores_nothing(seed_inbox, config_file, tmp_path):
    config = _config(config_file, seed_inbox)
    pipeline.run(config, date(2025, 12, 2))
    state = tmp_path / "state.sqlite3"
    before = state.read_bytes()
    outputs = sorted(p for p in (tmp_path / "out").rglob("*"))
    result = pipeline.run(config, DAY, preview=True)
    assert not result.written
    assert not result.markdown.exists() and not result.html.exists()
    assert sorted(p for p in (tmp_path / "out").rglob("*")) == outputs
    assert state.read_bytes() == before
    db = sqlite3.connect(state)
    assert db.execute("SELECT count(*) FROM digests").fetchone()[0] == 1


def test_a_republished_copy_is_one_article_crediting_both_sources(make_inbox, config_file, tmp_path):
    body = ("Die Ukraine hat Russland für kommende Woche neue Verhandlungen für eine Waffenruhe "
            "vorgeschlagen. Präsident Selenskyj teilte in einer Videobotschaft mit, dass Rustem Umjerow "
            "Moskau ein Treffen in der nächsten Woche vorgeschlagen habe. Ein genaues Datum nannte er "
            "nicht. Selenskyj sagte auch, dass die Ukraine zu einem Treffen auf Führungsebene bereit sei. "
            "Russland hatte zuletzt immer wieder die Bereitschaft dazu erklärt. Der Kreml forderte Kiew "
            "fast täglich zu einer Fortsetzung der Gespräche in Istanbul auf.")
    inbox = make_inbox({
        "agentur.md": _article("Kiew schlägt neue Gespräche vor", "2025-12-03T08:00:00+01:00",
                               "Teaser: Kiew will verhandeln.\n\n" + body, source="Agentur A"),
        "zeitung.md": _article("Kiew schlägt neue Gespräche vor", "2025-12-03T08:00:00+01:00",
                               "Ein anderer Teaser   einer   Zeitung.\n\n" + body.replace(". ", ".  "),
                               source="Zeitung B"),
    })
    result = pipeline.run(_config(config_file, inbox), DAY)
    assert result.pickup.new_articles == 1 and result.pickup.duplicates == 1
    db = sqlite3.connect(tmp_path / "state.sqlite3")
    assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
    text = result.markdown.read_text(encoding="utf-8")
    assert "Quellen: Agentur A, Zeitung B" in text
    assert "auch berichtet von Zeitung B" in text


def test_undated_article_never_gets_a_made_up_day(make_inbox, config_file):
    inbox = make_inbox({"ohne-datum.txt": "Gespräche in Genf\n\nDie Delegationen trafen sich in Genf. "
                                          "Der Vorstoß vom 6. August 2024 war ein Thema.\n"})
    result = pipeline.run(_config(config_file, inbox), DAY)
    text = result.markdown.read_text(encoding="utf-8")
    articles = text.split("## Artikel")[1]
    assert "ohne Datum, eingegangen am 3. Dezember 2025" in articles
    assert "6. August 2024" not in articles.splitlines()[3]  # the body date is not its date
    assert "**6. August 2024**" in text  # but it is an event in the timeline


def test_labels_follow_the_configured_language(make_inbox, config_file):
    inbox = make_inbox({"a.md": _article("Talks in Geneva", "2025-12-03", "Both delegations met in Geneva "
                                         "on Monday. They agreed to meet again next week.")})
    config = load_config(config_file(inbox, extra=""))
    english = config.settings.model_copy(update={"language": "english"})
    config = type(config)(english, config.path, config.inbox, config.output, config.state, config.templates)
    text = pipeline.run(config, DAY).markdown.read_text(encoding="utf-8")
    assert "## Key points" in text and "## Timeline" in text and "December 3, 2025" in text


# --- pick-up semantics ----------------------------------------------------------------------

GOOD = "Gespräche in Genf\n\nDie Delegationen trafen sich am Montag in Genf. Es gab erste Fortschritte.\n"


def _store_counts(tmp_path):
    db = sqlite3.connect(tmp_path / "state.sqlite3")
    return (db.execute("SELECT count(*) FROM articles").fetchone()[0],
            db.execute("SELECT count(*) FROM versions").fetchone()[0])


def test_temporary_and_hidden_names_wait_for_a_later_pick_up(make_inbox, config_file):
    inbox = make_inbox({"a.txt.part": GOOD, "b.tmp": GOOD, "c.txt~": GOOD, ".d.txt": GOOD,
                        ".versteckt/e.txt": GOOD})
    config = _config(config_file, inbox)
    from digest.store import Store

    with Store(config.state) as store:
        report = pickup.pick_up_inbox(config, store, datetime.now(UTC))
    assert (report.files, report.new_articles, report.skipped) == (0, 0, ())
    (inbox / "a.txt.part").rename(inbox / "a.txt")  # the download finished
    with Store(config.state) as store:
        assert pickup.pick_up_inbox(config, store, datetime.now(UTC)).new_articles == 1


def test_a_file_still_growing_is_left_for_the_next_pick_up(make_inbox, config_file):
    import threading
    import time

    inbox = make_inbox({})
    config = _config(config_file, inbox)
    config = type(config)(config.settings.model_copy(update={
        "service": config.settings.service.model_copy(update={"settle_seconds": 0.5})}),
        config.path, config.inbox, config.output, config.state, config.templates)
    growing = inbox / "wachsend.txt"
    growing.write_text("Gespräche in Genf\n\n", encoding="utf-8")

    def append():
        for i in range(10):
            time.sleep(0.1)
            with growing.open("a", encoding="utf-8") as handle:
                handle.write(f"Satz {i} über die Gespräche in Genf. ")

    writer = threading.Thread(target=append)
    writer.start()
    from digest.store import Store

    with Store(config.state) as store:
        first = pickup.pick_up_inbox(config, store, datetime.now(UTC))
    writer.join()
    assert (first.still_written, first.new_articles, first.skipped) == (1, 0, ())
    set_arrival(growing)
    with Store(config.state) as store:
        second = pickup.pick_up_inbox(config, store, datetime.now(UTC))
        [article] = store.articles()
    assert second.new_articles == 1
    assert "Satz 9" in article.article.text  # read whole, not half-written


def test_files_that_settle_are_read_in_name_order_with_the_others(make_inbox, config_file, caplog):
    """A file that had to settle is read in its place by name, as without waiting: the same order,
    the same results."""
    inbox = make_inbox({"b-kopie.txt": GOOD, "a-original.txt": GOOD})
    set_arrival(inbox / "b-kopie.txt")  # long settled; a-original.txt was written just now
    config = _config(config_file, inbox)
    config = type(config)(config.settings.model_copy(update={
        "service": config.settings.service.model_copy(update={"settle_seconds": 1.0})}),
        config.path, config.inbox, config.output, config.state, config.templates)
    from digest.store import Store

    caplog.set_level(logging.INFO, logger="digest")
    (inbox / "a-original.txt").touch()  # young at the pick-up: it is watched for a second
    with Store(config.state) as store:
        report = pickup.pick_up_inbox(config, store, datetime.now(UTC))
    assert (report.new_articles, report.duplicates, report.still_written) == (1, 1, 0)
    stored = [r.getMessage().split(":")[0] for r in caplog.records
              if r.getMessage().startswith(("new", "duplicate"))]
    assert stored == ["new a-original.txt", "duplicate b-kopie.txt"]


def test_a_file_deleted_between_listing_and_stat_is_passed_over(make_inbox, config_file, monkeypatch):
    inbox = make_inbox({"a.txt": GOOD})
    config = _config(config_file, inbox)
    from digest import listing

    candidates = listing.candidates

    def listed_then_deleted(names):  # weg.txt was there when the folder was listed, gone at its stat
        return candidates([*names, "weg.txt"])

    monkeypatch.setattr(listing, "candidates", listed_then_deleted)
    from digest.store import Store

    with Store(config.state) as store:
        report = pickup.pick_up_inbox(config, store, datetime.now(UTC))
        assert store.file("weg.txt") is None
    assert report.new_articles == 1 and report.skipped == ()


def test_renamed_or_moved_file_is_not_a_new_article(make_inbox, config_file, tmp_path):
    inbox = make_inbox({"a.txt": GOOD})
    config = _config(config_file, inbox)
    pipeline.run(config, DAY)
    (inbox / "archiv").mkdir()
    (inbox / "a.txt").rename(inbox / "archiv" / "umbenannt.txt")
    result = pipeline.run(config, DAY)
    assert (result.pickup.new_articles, result.pickup.duplicates) == (0, 1)
    assert _store_counts(tmp_path) == (1, 0)


def test_changed_content_is_a_new_version_of_the_same_article(make_inbox, config_file, tmp_path):
    inbox = make_inbox({"a.txt": GOOD})
    config = _config(config_file, inbox)
    pipeline.run(config, DAY)
    (inbox / "a.txt").write_text(GOOD.replace("erste Fortschritte", "keinerlei Fortschritte"),
                                 encoding="utf-8")
    set_arrival(inbox / "a.txt", datetime(2025, 12, 3, 7, 0, tzinfo=UTC))
    result = pipeline.run(config, DAY)
    assert result.pickup.versions == 1 and result.pickup.new_articles == 0
    assert _store_counts(tmp_path) == (2, 1)  # both versions kept, one marked superseded
    text = result.markdown.read_text(encoding="utf-8")
    assert "keinerlei Fortschritte" in text and "erste Fortschritte" not in text


def test_deleting_a_file_loses_nothing_already_stored(make_inbox, config_file, tmp_path):
    inbox = make_inbox({"a.txt": GOOD})
    config = _config(config_file, inbox)
    pipeline.run(config, DAY)
    (inbox / "a.txt").unlink()
    result = pipeline.run(config, DAY)
    assert _store_counts(tmp_path) == (1, 0)
    assert "Gespräche in Genf" in result.markdown.read_text(encoding="utf-8")


def test_topics_are_found_through_the_index_and_without_it(seed_inbox, config_file, tmp_path):
    config = _config(config_file, seed_inbox)
    indexed = pipeline.run(config, DAY, since=SINCE).digest.topics
    db = sqlite3.connect(tmp_path / "state.sqlite3")
    assert db.execute("SELECT count(*) FROM topic_index").fetchone()[0] == 5
    db.execute("DELETE FROM topic_index")  # as after a change of the topics: nothing indexed for them
    db.commit()
    scanned = pipeline.run(config, DAY, since=SINCE).digest.topics
    assert scanned == indexed
    assert all(t.sentences for t in indexed)


def test_a_run_with_nothing_new_writes_nothing_and_anything_new_rewrites(seed_inbox, config_file, tmp_path):
    config = _config(config_file, seed_inbox)
    first = pipeline.run(config, DAY)
    stamp = first.markdown.stat().st_mtime_ns
    again = pipeline.run(config, DAY)
    assert again.digest is None and first.markdown.stat().st_mtime_ns == stamp
    # a new article is new input
    (seed_inbox / "neu.txt").write_text(GOOD, encoding="utf-8")
    set_arrival(seed_inbox / "neu.txt")
    assert pipeline.run(config, DAY).digest is not None
    assert pipeline.run(config, DAY).digest is None
    # so is a changed setting, and a changed template of the user's
    fewer = load_config(config_file(seed_inbox, extra="digest: {key_points: 2}\n"))
    assert len(pipeline.run(fewer, DAY).digest.key_points) == 2
    templates = tmp_path / "eigene"
    templates.mkdir()
    (templates / "digest.md.j2").write_text("EIGEN {{ day }}\n", encoding="utf-8")
    own = load_config(config_file(seed_inbox, extra=f"digest: {{key_points: 2}}\ntemplates: {templates}\n"))
    assert pipeline.run(own, DAY).markdown.read_text(encoding="utf-8") == "EIGEN 3. Dezember 2025\n"


def _stored(state: Path) -> dict[str, list]:
    """Every table that pick-up fills, without the time of storing."""
    db = sqlite3.connect(state)
    return {
        "files": db.execute("SELECT path, size, sha256, article_id, reason FROM files ORDER BY path")
                   .fetchall(),
        "articles": db.execute("SELECT * FROM articles ORDER BY id").fetchall(),
        "summaries": db.execute("SELECT * FROM summaries ORDER BY article_id").fetchall(),
        "analyses": db.execute("SELECT * FROM analyses ORDER BY article_id").fetchall(),
        "topics": db.execute("SELECT * FROM topic_index ORDER BY article_id, key").fetchall(),
        "sources": db.execute("SELECT * FROM article_sources ORDER BY article_id, source").fetchall(),
        "versions": db.execute("SELECT * FROM versions ORDER BY 1, 2").fetchall(),
        "signatures": db.execute("SELECT * FROM signatures ORDER BY article_id").fetchall(),
    }


def test_worker_processes_store_exactly_what_reading_in_process_stores(seed_inbox, config_file, tmp_path):
    """Big pick-ups read in worker processes; the result must not depend on it."""
    for i, seed in enumerate(sorted(seed_inbox.iterdir())):  # near-copies and a bad file too
        text = seed.read_text(encoding="utf-8")
        (seed_inbox / f"kopie-{i}.txt").write_text(text + "\n\nNachtrag der Redaktion am Abend.\n",
                                                   encoding="utf-8")
    (seed_inbox / "leer.txt").write_bytes(b"")
    config = _config(config_file, seed_inbox)
    now = datetime(2025, 12, 3, 12, tzinfo=UTC)
    results = {}
    for name, parallel_from in (("in-process", 10**9), ("workers", 2)):
        state = tmp_path / f"{name}.sqlite3"
        with pipeline.Store(state) as store:
            report = pickup.pick_up_inbox(config, store, now, parallel_from=parallel_from)
        results[name] = (report, _stored(state))
    assert results["workers"] == results["in-process"]
    report, stored = results["workers"]
    assert report.new_articles + report.duplicates + report.versions == 10 and len(report.skipped) == 1
    assert len(stored["files"]) == 11 and stored["summaries"] and stored["analyses"]


def test_analyses_made_for_changed_speakers_are_kept_and_the_next_run_is_a_no_op(seed_inbox, config_file,
                                                                                   tmp_path, caplog):
    config = _config(config_file, seed_inbox)
    first = pipeline.run(config, DAY, since=SINCE)
    speakers = yaml.safe_dump({"speakers": [{"name": "Juri Uschakow", "aliases": ["Uschakow"]}]})
    changed = load_config(config_file(seed_inbox, extra=speakers))
    caplog.set_level(logging.DEBUG, logger="digest")
    remade = pipeline.run(changed, DAY, since=SINCE)
    assert any("analysing 5 articles" in r.getMessage() for r in caplog.records)
    assert "Juri Uschakow" in [v.speaker for v in remade.digest.voices]  # made with the new speakers
    assert [v.speaker for v in remade.digest.voices] != [v.speaker for v in first.digest.voices]
    db = sqlite3.connect(tmp_path / "state.sqlite3")
    assert db.execute("SELECT count(DISTINCT key) FROM analyses").fetchone()[0] == 2
    caplog.clear()
    assert pipeline.run(changed, DAY, since=SINCE).digest is None  # nothing to make again
    assert not any("analysing" in r.getMessage() for r in caplog.records)


# --- the quiet inbox: a listing vouched for by the last complete pick-up ---------------------------

def _pick_up(config):
    with pipeline.Store(config.state) as store:
        return pickup.pick_up_inbox(config, store, datetime(2025, 12, 3, 12, tzinfo=UTC))


def _fingerprint(config):
    with pipeline.Store(config.state) as store:
        return store.listing_fingerprint()


def test_a_quiet_inbox_is_not_compared_file_by_file_and_reports_what_comparing_would(
        make_inbox, config_file, monkeypatch):
    inbox = make_inbox({"a.txt": GOOD, "leer.txt": "", "sub/b.txt": GOOD.replace("Genf", "Bern")})
    config = _config(config_file, inbox)
    first = _pick_up(config)
    assert first.new_articles == 2 and [s.path for s in first.skipped] == ["leer.txt"]
    assert _fingerprint(config) is not None
    with pipeline.Store(config.state) as store:
        store.set_listing_fingerprint(None)  # as if vouched for by no pick-up: file by file
    compared = _pick_up(config)
    assert _fingerprint(config) is not None

    def no_stamps(store):
        raise AssertionError("a quiet inbox needs no stored stamps")

    monkeypatch.setattr(pipeline.Store, "file_stamps", no_stamps)
    monkeypatch.setattr(pipeline.Store, "unskipped_stamps", no_stamps)
    quiet = _pick_up(config)
    assert quiet == compared
    assert (quiet.files, quiet.unchanged, quiet.new_articles) == (3, 3, 0)
    assert quiet.skipped == first.skipped


def _record_stamps(store, name, stat, reason=None):
    store.record_file(FileRecord(name, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, "", None, reason),
                      datetime(2025, 12, 3, tzinfo=UTC))


def test_only_files_not_plainly_unchanged_are_compared_one_by_one(tmp_path):
    from digest.listing import list_inbox

    inbox = tmp_path / "inbox"
    (inbox / "sub").mkdir(parents=True)
    names = ("same.txt", "new.txt", "touched.txt", "big.txt", "young.txt", "sub/same.txt", "z.txt",
             "leer.txt")
    for name in names:
        (inbox / name).write_text(f"text of {name}", encoding="utf-8")
        os.utime(inbox / name, ns=(1_000_000_000_000, 1_000_000_000_000))
    (inbox / "big.txt").write_text("x" * 500, encoding="utf-8")
    os.utime(inbox / "young.txt", ns=(9_000_000_000_000, 9_000_000_000_000))
    os.symlink(inbox / "z.txt", inbox / "link.txt")
    raw = os.fsencode(inbox) + b"/caf\xe9.txt"  # Latin-1 bytes: shown as caf\\xe9.txt
    with open(raw, "wb") as file:
        file.write(b"text")
    os.utime(raw, ns=(1_000_000_000_000, 1_000_000_000_000))
    listing = list_inbox(inbox, None, 100)
    with pipeline.Store(tmp_path / "s.sqlite3") as store:
        for name in ("same.txt", "big.txt", "young.txt", "sub/same.txt", "z.txt", "link.txt"):
            _record_stamps(store, name, (inbox / name).lstat())
        _record_stamps(store, "caf\\xe9.txt", os.lstat(raw))
        _record_stamps(store, "leer.txt", (inbox / "leer.txt").lstat(), reason="no article text")
        touched = (inbox / "touched.txt").lstat()
        store.record_file(FileRecord("touched.txt", touched.st_size, touched.st_mtime_ns - 1,
                                     touched.st_ctime_ns, "", None, None), datetime(2025, 12, 3, tzinfo=UTC))
        compared = pickup.files_to_compare(listing, store, 100, 5_000_000_000_000)
        assert compared == [(name, f"{inbox}{os.sep}{name}") for name in
                            ("big.txt", "leer.txt", "link.txt", "new.txt", "touched.txt", "young.txt")]
        # without a settle time or size limit to heed, and all regular files: only the stored rows decide
        (inbox / "link.txt").unlink()
        listing = list_inbox(inbox, None, 1000)
        compared = pickup.files_to_compare(listing, store, 1000, None)
        assert [name for name, _ in compared] == ["leer.txt", "new.txt", "touched.txt"]


def _made_listing(stamps):
    from array import array
    from stat import S_IFREG

    from digest.listing import Listing

    names = list(stamps)
    columns = (array("q", [S_IFREG | 0o644] * len(names)), *(array("q", [stamps[n][k] for n in names])
                                                            for k in range(3)), array("q", range(len(names))))
    return Listing("/inbox", names, columns, "vouched")


def test_a_chunk_of_the_listing_changes_only_where_files_are_added_or_removed():
    stamps = {f"f{index:04d}.txt": (100 + index, 10**18 + index, 10**18 + 7 * index) for index in range(2000)}
    _, before = pickup.chunk_digests(_made_listing(stamps), 1000)
    assert 30 < len(before) < 120  # ~2000 / CHUNK_MODULUS
    for name in ("a-new.txt", "f0999.txt-copy", "zz.txt"):
        _, after = pickup.chunk_digests(_made_listing({**stamps, name: (1, 2, 3)}), 1000)
        assert 1 <= len(set(after) - set(before)) <= 2  # the chunk it joined (split in two if it ends one)
        assert len(set(before) - set(after)) == 1
    del stamps["f1234.txt"]
    _, after = pickup.chunk_digests(_made_listing(stamps), 1000)
    assert len(set(before) - set(after)) == 1
    stamps["f0042.txt"] = (142, 10**18 + 42, 10**18 + 295)  # a ctime moved
    _, moved = pickup.chunk_digests(_made_listing(stamps), 1000)
    assert len(set(after) - set(moved)) == 1
    _, other_limit = pickup.chunk_digests(_made_listing(stamps), 2000)
    assert not set(moved) & set(other_limit)


def test_files_in_chunks_the_last_complete_pick_up_vouched_for_are_not_compared(tmp_path):
    stamps = {f"f{index:04d}.txt": (100 + index, 10**18 + index, 10**18 + 7 * index) for index in range(500)}
    with pipeline.Store(tmp_path / "s.sqlite3") as store:
        for name, (size, mtime, ctime) in stamps.items():
            reason = "no article text" if name == "f0300.txt" else None
            store.record_file(FileRecord(name, size, mtime, ctime, "", None, reason),
                              datetime(2025, 12, 3, tzinfo=UTC))
        ends, digests = pickup.chunk_digests(_made_listing(stamps), 1000)
        store.set_listing_fingerprint("fingerprint-then", b"".join(digests))
        now = _made_listing({**stamps, "new.txt": (5, 6, 7)})
        chunks = pickup.chunk_digests(now, 1000)
        chunk_of = dict(zip(now.listed, [sum(index >= end for end in chunks[0]) for index in range(len(now))],
                            strict=True))
        looked_at = (chunk_of["new.txt"], chunk_of["f0300.txt"])
        lost = next(name for name in stamps if chunk_of[name] not in looked_at)
        store.db.execute("DELETE FROM files WHERE path = ?", (lost,))  # as if the store did not know it
        compared = [name for name, _ in pickup.files_to_compare(now, store, 1000, None, chunks)]
        assert "new.txt" in compared and "f0300.txt" in compared  # new; skipped before: reported again
        assert lost not in compared  # its chunk is vouched for: not compared
        assert len(compared) < 2 * pickup.CHUNK_MODULUS
        assert lost in [name for name, _ in pickup.files_to_compare(now, store, 1000, None, None)]
        store.set_listing_fingerprint("fingerprint-without-chunks")
        assert lost in [name for name, _ in pickup.files_to_compare(now, store, 1000, None, chunks)]


@pytest.mark.parametrize("mtime", ["new", "set back"])
def test_an_edit_in_place_keeping_the_size_is_picked_up_after_a_quiet_pick_up(make_inbox, config_file,
                                                                               mtime):
    inbox = make_inbox({"a.txt": GOOD, "b.txt": GOOD.replace("Genf", "Bern")})
    config = _config(config_file, inbox)
    _pick_up(config)
    assert _pick_up(config).unchanged == 2  # quiet: vouched for by the first
    path = inbox / "a.txt"
    before = path.stat()
    path.write_text(GOOD.replace("Montag", "Freita"), encoding="utf-8")  # same size
    assert path.stat().st_size == before.st_size
    if mtime == "new":
        set_arrival(path, datetime(2025, 12, 3, 7, 0, tzinfo=UTC))
    else:  # only its ctime tells
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    report = _pick_up(config)
    assert (report.versions, report.unchanged) == (1, 1)
    assert _pick_up(config).unchanged == 2


def test_a_pick_up_that_dies_midway_leaves_the_rest_to_be_picked_up(make_inbox, config_file, monkeypatch):
    inbox = make_inbox({"a.txt": GOOD})
    config = _config(config_file, inbox)
    _pick_up(config)
    for name, place in (("b.txt", "Bern"), ("c.txt", "Wien")):
        (inbox / name).write_text(GOOD.replace("Genf", place), encoding="utf-8")
        set_arrival(inbox / name)
    store_batch, stored = pickup.store_batch, []

    def dies_after_one_batch(*args, **kwargs):
        if stored:
            raise KeyboardInterrupt  # the process dies with b.txt stored, c.txt not
        stored.append(store_batch(*args, **kwargs))
        return stored[-1]

    monkeypatch.setattr(pickup, "BATCH", 1)
    monkeypatch.setattr(pickup, "store_batch", dies_after_one_batch)
    with pytest.raises(KeyboardInterrupt):
        _pick_up(config)
    assert _fingerprint(config) is None  # forgotten before the first batch was stored
    monkeypatch.undo()
    report = _pick_up(config)
    assert (report.new_articles, report.unchanged) == (1, 2)
    with pipeline.Store(config.state) as store:
        assert store.file("c.txt").article_id is not None


def test_a_symlink_or_a_file_still_written_leaves_the_listing_unvouched(make_inbox, config_file, monkeypatch):
    inbox = make_inbox({"a.txt": GOOD})
    (inbox / "link.txt").symlink_to(inbox / "a.txt")
    config = _config(config_file, inbox)
    assert _pick_up(config).duplicates == 1
    assert _fingerprint(config) is None  # the link's target is read: its lstat cannot vouch for it
    (inbox / "link.txt").unlink()
    _pick_up(config)
    vouched = _fingerprint(config)
    assert vouched is not None
    (inbox / "b.txt").write_text(GOOD.replace("Genf", "Bern"), encoding="utf-8")  # young, and growing:
    growing = config.settings.service.model_copy(update={"settle_seconds": 0.2})
    config = type(config)(config.settings.model_copy(update={"service": growing}), config.path,
                          config.inbox, config.output, config.state, config.templates)
    sleep = pickup.time.sleep

    def grows(seconds):
        sleep(seconds)
        with (inbox / "b.txt").open("a", encoding="utf-8") as file:
            file.write("Noch ein Satz.\n")

    monkeypatch.setattr(pickup.time, "sleep", grows)
    assert _pick_up(config).still_written == 1
    assert _fingerprint(config) == vouched  # the listing with b.txt is not vouched for
    monkeypatch.undo()
    assert _pick_up(config).new_articles == 1


def test_a_pick_up_keeps_a_store_noted_as_all_summarized_but_after_a_version(make_inbox, config_file):
    inbox = make_inbox({"a.txt": GOOD})
    config = _config(config_file, inbox)
    method, count = config.settings.summary.algorithm, config.settings.summary.sentences
    _pick_up(config)
    with pipeline.Store(config.state) as store:
        assert store.unsummarized(method, count) == [] and store.all_summarized(method, count)
    (inbox / "b.txt").write_text(GOOD.replace("Genf", "Bern"), encoding="utf-8")
    assert _pick_up(config).new_articles == 1
    with pipeline.Store(config.state) as store:
        assert store.all_summarized(method, count)  # noted again: b.txt came with its summary
        lacking = store.db.execute(
            "SELECT count(*) FROM articles WHERE id NOT IN (SELECT article_id FROM versions) AND id NOT IN "
            "(SELECT article_id FROM summaries WHERE method = ? AND count = ?)", (method, count)).fetchone()
        assert lacking == (0,)
    (inbox / "b.txt").write_text(GOOD.replace("Genf", "Wien"), encoding="utf-8")
    assert _pick_up(config).versions == 1
    with pipeline.Store(config.state) as store:
        assert not store.all_summarized(method, count)  # a version may bring an older article back
        assert store.unsummarized(method, count) == []
