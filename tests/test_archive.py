import re
import shutil
import sqlite3
from datetime import date, datetime

import feedparser
import pytest
import yaml

from digest import pipeline
from digest.config import load_config

from .conftest import ROOT

SINCE = datetime(2022, 2, 24)


def _two_digests(seed_inbox, config_file, extra=""):
    config = load_config(config_file(seed_inbox, extra=extra))
    first = pipeline.run(config, date(2025, 12, 2), since=SINCE)
    pipeline.run(config, date(2025, 12, 3))
    return config, first


def test_index_lists_every_digest_newest_first_with_key_points(seed_inbox, config_file, tmp_path):
    config, first = _two_digests(seed_inbox, config_file)
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<a href="([^"]+\.html)"><time datetime="([\d-]+)">', index)
    assert links == [("2025/12/digest-2025-12-03.html", "2025-12-03"),
                     ("2025/12/digest-2025-12-02.html", "2025-12-02")]
    first_point = first.digest.key_points[0].text
    assert first_point.replace('"', "&#34;") in index
    assert "<script" not in index and "<link" not in index
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["2025", "feed.xml", "index.html"]


def test_feed_is_valid_atom_with_ids_dates_and_links(seed_inbox, config_file, tmp_path):
    _two_digests(seed_inbox, config_file)
    feed_path = tmp_path / "out" / "feed.xml"
    headers = {"content-location": feed_path.as_uri(), "content-type": "application/atom+xml"}
    parsed = feedparser.parse(feed_path.read_bytes(), response_headers=headers)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.title == "Lage der Verhandlungen"
    ids = [e.id for e in parsed.entries]
    assert len(ids) == 2 and len(set(ids)) == 2
    assert ids[0].endswith("#digest-2025-12-03") and ids[1].endswith("#digest-2025-12-02")
    assert [e.title for e in parsed.entries] == ["Lage der Verhandlungen: 3. Dezember 2025",
                                                  "Lage der Verhandlungen: 2. Dezember 2025"]
    for entry in parsed.entries:
        assert entry.updated_parsed is not None
        target = entry.link.removeprefix("file://")
        assert target.endswith(".html") and (tmp_path / "out" / target.split("/out/")[-1]).is_file()
    assert parsed.entries[1].summary.startswith("• ")


def test_feed_ids_stay_the_same_when_rewritten(seed_inbox, config_file, tmp_path):
    config, _ = _two_digests(seed_inbox, config_file)
    before = feedparser.parse((tmp_path / "out" / "feed.xml").read_bytes())
    pipeline.run(config, date(2025, 12, 3))
    after = feedparser.parse((tmp_path / "out" / "feed.xml").read_bytes())
    assert [e.id for e in before.entries] == [e.id for e in after.entries]
    assert [e.updated for e in before.entries] == [e.updated for e in after.entries]  # unchanged digests


def test_site_url_makes_links_absolute(seed_inbox, config_file, tmp_path):
    _two_digests(seed_inbox, config_file, extra="site_url: https://wiki.example.org/lage/\n")
    parsed = feedparser.parse((tmp_path / "out" / "feed.xml").read_bytes())
    assert parsed.feed.id == "https://wiki.example.org/lage/feed.xml"
    assert parsed.entries[0].link == "https://wiki.example.org/lage/2025/12/digest-2025-12-03.html"


def test_preview_leaves_the_archive_alone(seed_inbox, config_file, tmp_path):
    config = load_config(config_file(seed_inbox))
    pipeline.run(config, date(2025, 12, 3), preview=True)
    assert not (tmp_path / "out").exists()


def _deployment(root, inbox_from=None):
    """A config whose inbox, output and state are all in the folder ``root``."""
    data = yaml.safe_load((ROOT / "schedule.yaml").read_text(encoding="utf-8"))
    data.update(inbox=str(root / "inbox"), output=str(root / "out"), state=str(root / "state.sqlite3"))
    if inbox_from is not None:
        shutil.copytree(inbox_from, root / "inbox", copy_function=shutil.copy2)
    path = root / "schedule.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return load_config(path)


@pytest.mark.parametrize("stored_absolute", [False, True], ids=["relative", "absolute-as-stored-before"])
def test_after_moving_the_deployment_folder_archive_and_feed_list_every_digest(seed_inbox, tmp_path,
                                                                                stored_absolute):
    config = _deployment(tmp_path / "deploy", inbox_from=seed_inbox)
    pipeline.run(config, date(2025, 12, 2), since=SINCE)
    pipeline.run(config, date(2025, 12, 3))
    db = sqlite3.connect(config.state)
    stored = db.execute("SELECT markdown, html FROM digests ORDER BY date").fetchall()
    assert stored == [(f"2025/12/digest-2025-12-0{d}.md", f"2025/12/digest-2025-12-0{d}.html")
                      for d in (2, 3)]
    if stored_absolute:  # as the release before this one stored them
        db.execute("UPDATE digests SET markdown = ? || '/' || markdown, html = ? || '/' || html",
                   (str(config.output), str(config.output)))
        db.commit()
    db.close()
    before = feedparser.parse((config.output / "feed.xml").read_bytes())
    shutil.move(tmp_path / "deploy", tmp_path / "moved")
    moved = _deployment(tmp_path / "moved")
    pipeline.run(moved, date(2025, 12, 4))
    index = (tmp_path / "moved" / "out" / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<a href="([^"]+\.html)">', index)
    assert links == [f"2025/12/digest-2025-12-0{d}.html" for d in (4, 3, 2)]
    feed = feedparser.parse((tmp_path / "moved" / "out" / "feed.xml").read_bytes())
    assert [e.link for e in feed.entries] == links
    # feed readers see the same feed and entries: the feed's id was kept in the state, not remade
    assert feed.feed.id == before.feed.id
    assert {e.id for e in before.entries} <= {e.id for e in feed.entries}
    assert "deploy" not in index and b"deploy" not in (tmp_path / "moved" / "out" / "feed.xml").read_bytes()


def test_a_digest_written_to_another_output_folder_is_not_in_this_archive(seed_inbox, config_file, tmp_path):
    config = load_config(config_file(seed_inbox))
    pipeline.run(config, date(2025, 12, 2), since=SINCE)
    pipeline.run(config.with_paths(output=tmp_path / "elsewhere"), date(2025, 12, 3))
    pipeline.run(config, date(2025, 12, 4))
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'<a href="([^"]+\.html)">', index) == ["2025/12/digest-2025-12-04.html",
                                                              "2025/12/digest-2025-12-02.html"]
