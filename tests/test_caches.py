"""Every cache is keyed by what it depends on: code, templates, summarizer and analysis versions."""

import ast
import hashlib
import logging
import os
import shutil
from datetime import date
from pathlib import Path

from digest import analysis, pipeline, versions
from digest.config import load_config
from digest.models import Summary
from digest.render import MARKDOWN_TEMPLATE, builtin_templates
from digest.store import Store

from .helpers import make_split

DAY = date(2025, 12, 3)
PACKAGE = Path(analysis.__file__).resolve().parent

#: The code an analysis is made by, and the language data it reads.
ANALYSIS_SOURCES = ("analysis.py", "voices.py", "voices_model.py", "voices_model.json", "timeline.py", "dates.py")

#: analysis.VERSION -> the hash of ANALYSIS_SOURCES it was recorded with (see analysis_code_hash).
RECORDED = {10: "695ff9f6c6e8"}


#: The code summaries are made by.
SUMMARIZER_SOURCES = ("summarize.py", "newsrank.py", "standalone.py", "text.py")  # and lang/: stop words, cue words

#: versions.SUMMARIZER_VERSION -> the hash of SUMMARIZER_SOURCES it was recorded with.
RECORDED_SUMMARIZER = {6: "5e1764e93016"}


def source_hash(names: tuple[str, ...], folder: str | None = None) -> str:
    """These modules (and ``folder``'s) without comments and layout: their syntax trees."""
    files = [PACKAGE / name for name in names] + (sorted((PACKAGE / folder).glob("*.py")) if folder else [])
    digest = hashlib.sha256()
    for path in files:
        text = path.read_text(encoding="utf-8")
        tree = ast.dump(ast.parse(text)) if path.suffix == ".py" else text  # data (model weights) as is
        digest.update(f"{path.relative_to(PACKAGE).as_posix()}\0{tree}\0".encode())
    return digest.hexdigest()[:12]


def analysis_code_hash() -> str:
    """The analysis code and digest/lang/, whose words it reads."""
    return source_hash(ANALYSIS_SOURCES, "lang")


def test_the_analysis_version_is_raised_with_the_analysis_code():
    now = analysis_code_hash()
    assert RECORDED.get(analysis.VERSION) == now, (
        f"the analysis code ({', '.join(ANALYSIS_SOURCES)}, lang/) changed: its hash is now {now!r}, "
        f"recorded for analysis.VERSION {analysis.VERSION} is {RECORDED.get(analysis.VERSION)!r}. "
        "If stored analyses may differ, raise ANALYSIS_VERSION (analysis.VERSION) and record "
        f"{{new version: {now!r}}} in tests/test_caches.py RECORDED; after a change that keeps "
        "every analysis the same, only update the hash recorded for the version")


def test_the_summarizer_version_is_raised_with_the_summarizer_code():
    now, version = source_hash(SUMMARIZER_SOURCES, "lang"), versions.SUMMARIZER_VERSION
    assert RECORDED_SUMMARIZER.get(version) == now, (
        f"the summarizer code ({', '.join(SUMMARIZER_SOURCES)}, lang/) changed: its hash is now {now!r}, "
        f"recorded for versions.SUMMARIZER_VERSION {version} is {RECORDED_SUMMARIZER.get(version)!r}. "
        f"If a summary may pick other sentences, raise SUMMARIZER_VERSION (digest/versions.py) and "
        f"record {{new version: {now!r}}} in tests/test_caches.py RECORDED_SUMMARIZER; if every summary "
        "stays the same, only update the hash recorded for the version")


def _run(config, caplog):
    caplog.clear()
    result = pipeline.run(config, DAY)
    return result, [r.getMessage() for r in caplog.records]


def test_an_edited_user_template_remakes_the_digest(seed_inbox, config_file, tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="digest")
    own = tmp_path / "eigene"
    own.mkdir()
    template = own / MARKDOWN_TEMPLATE
    shutil.copy(builtin_templates() / MARKDOWN_TEMPLATE, template)
    config = load_config(config_file(seed_inbox, extra=f"templates: {own}\n"))
    first, _ = _run(config, caplog)
    before = first.markdown.read_text(encoding="utf-8")
    again, lines = _run(config, caplog)
    assert again.digest is None and any("unchanged" in line for line in lines)
    # the same size and the same times: only the content tells the edit
    stat = template.stat()
    text = template.read_text(encoding="utf-8")
    assert "## " in text
    template.write_text(text.replace("## ", "#> ", 1), encoding="utf-8")
    os.utime(template, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert template.stat().st_size == stat.st_size
    remade, lines = _run(config, caplog)
    assert remade.digest is not None and not any("unchanged" in line for line in lines)
    after = remade.markdown.read_text(encoding="utf-8")
    assert after != before and "#> " in after


def test_other_code_remakes_the_digest(seed_inbox, config_file, monkeypatch, caplog):
    caplog.set_level(logging.INFO, logger="digest")
    config = load_config(config_file(seed_inbox))
    _run(config, caplog)
    assert _run(config, caplog)[0].digest is None
    monkeypatch.setattr(versions, "code_hash", lambda: "an upgrade, or an edit of compose.py")
    remade, lines = _run(config, caplog)
    assert remade.digest is not None and not any("unchanged" in line for line in lines)


def test_the_code_hash_is_of_the_package_source_and_made_once():
    names = {p.name for p in PACKAGE.rglob("*.py")}
    assert {"compose.py", "render.py", "i18n.py", "models.py"} <= names
    assert versions.code_hash() == versions.code_hash()
    assert versions.code_hash.cache_info().hits >= 1


def test_templates_are_hashed_by_content_in_lookup_order(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    for folder in (one, two):
        folder.mkdir()
        (folder / "a.j2").write_text("A", encoding="utf-8")
    assert versions.templates_hash([one, two]) != versions.templates_hash([two, one])
    before = versions.templates_hash([one])
    (one / "a.j2").write_text("B", encoding="utf-8")
    assert versions.templates_hash([one]) != before
    assert versions.templates_hash([tmp_path / "none"]) != versions.templates_hash([one])


def test_summaries_of_an_older_summarizer_are_made_anew_once(tmp_path, monkeypatch):
    split = make_split(["A.", "B."])
    with Store(tmp_path / "s.sqlite3") as store:
        store.add_article(split)
        store.add_summary(Summary(split.article.id, ("A.",), "newsrank", 1))
        assert store.unsummarized("newsrank", 1) == []
        monkeypatch.setattr(versions, "SUMMARIZER_VERSION", versions.SUMMARIZER_VERSION + 1)
        assert store.unsummarized("newsrank", 1) == [split.article.id]
        assert store.summary(split.article.id, "newsrank", 1) is None
        assert store.summaries([split.article.id], "newsrank", 1) == {}
        store.add_summary(Summary(split.article.id, ("B.",), "newsrank", 1))  # replaces the old one
        assert store.unsummarized("newsrank", 1) == []
        assert store.summary(split.article.id, "newsrank", 1).sentences == ("B.",)
        assert store.db.execute("SELECT count(*) FROM summaries").fetchone()[0] == 1
