from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from digest.errors import TemplateError
from digest.models import ArticleEntry, Digest, Precision, Skipped, Summary, TopicState
from digest.render import markdown_escape, render_digest

from .helpers import make_split

TZ = ZoneInfo("Europe/Berlin")
XSS = "<script>alert(1)</script>"


def _digest(sentence: str = "Die Waffenruhe hält.", **kw) -> Digest:
    split = make_split([sentence], title="Titel mit <b>HTML</b>", published=datetime(2025, 7, 1),
                       precision=Precision.MONTH, source="Quelle A")
    from digest.compose import sourced

    entry = ArticleEntry(split.article, Summary(split.article.id, (sentence,), "lexrank", 1))
    point = sourced(sentence, split.article)
    values = dict(
        date=date(2025, 12, 3), window_start=datetime(2025, 12, 2), window_end=datetime(2025, 12, 4),
        language="german", key_points=(point,),
        topics=(TopicState("ceasefire", "Waffenruhe", (point,), False, split.article.published),),
        articles=(entry,), skipped=(Skipped("kaputt.bin", "binary data, not text"),),
        sources=("Quelle A",), total_articles=1,
    )
    values.update(kw)
    return Digest(**values)


def test_html_escapes_article_text():
    _, html = render_digest(_digest(XSS), tz=TZ)
    assert XSS not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>HTML</b>" not in html
    assert "<script" not in html.lower()


def test_html_is_self_contained():
    _, html = render_digest(_digest(), tz=TZ)
    assert "<style>" in html
    for needle in ("<link", "src=", "http://", "https://", "@import", "url("):
        assert needle not in html


def test_month_precise_date_is_shown_as_a_month():
    markdown, html = render_digest(_digest(), tz=TZ)
    assert "Juli 2025" in markdown and "Juli 2025" in html
    assert "1. Juli 2025" not in markdown and "1. Juli 2025" not in html
    assert "unverändert seit Juli 2025" in markdown


def test_markdown_sections_in_order_with_labels():
    markdown, _ = render_digest(_digest(), tz=TZ)
    order = ["# Lage der Verhandlungen", "## Das Wichtigste", "## Stand der Verhandlungen nach Themen",
             "### Waffenruhe", "## Artikel", "## Übersprungene Dateien"]
    positions = [markdown.index(h) for h in order]
    assert positions == sorted(positions)
    assert "`kaputt.bin`: Binärdaten, kein Text" in markdown


def test_english_labels():
    markdown, _ = render_digest(_digest(language="english"), tz=TZ)
    assert "## Key points" in markdown and "July 2025" in markdown


@pytest.mark.parametrize("text", ["*fett*", "_x_", "# Kopf", "a | b", "[link](javascript:x)", XSS, "`code`"])
def test_markdown_escape_neutralises_markup(text):
    escaped = markdown_escape(text)
    for ch in "*_#|[]<>`":
        assert f"{ch}" not in escaped.replace(f"\\{ch}", "")


def test_user_template_overrides_ours_and_can_extend(tmp_path):
    (tmp_path / "digest.md.j2").write_text("EIGEN {{ day }}\n", encoding="utf-8")
    (tmp_path / "digest.html.j2").write_text(
        '{% extends "base.html.j2" %}{% block body %}<p>eigen {{ day }}</p>{% endblock %}',
        encoding="utf-8",
    )
    markdown, html = render_digest(_digest(), user_dir=tmp_path, tz=TZ)
    assert markdown == "EIGEN 3. Dezember 2025\n"
    assert "<p>eigen 3. Dezember 2025</p>" in html and "<style>" in html


def test_strict_undefined_names_the_template(tmp_path):
    (tmp_path / "digest.md.j2").write_text("{{ nope }}", encoding="utf-8")
    with pytest.raises(TemplateError, match="digest.md.j2"):
        render_digest(_digest(), user_dir=tmp_path, tz=TZ)


def _wikitext(digest: Digest) -> str:
    """The MediaWiki page of a digest, as the mediawiki target prepares it (no wiki needed)."""
    from pathlib import Path

    from digest.config import MediaWikiTarget
    from digest.publish.base import Rendered
    from digest.publish.mediawiki import MediaWikiPublisher

    settings = MediaWikiTarget.model_validate({"type": "mediawiki", "name": "wiki", "url": "http://127.0.0.1:9/w"})
    rendered = Rendered(digest, "digest", "", "", Path("d.md"), Path("d.html"), None)
    return MediaWikiPublisher(settings, TZ).prepare(rendered)["pages"][0]["text"]


def _header_sources(text: str) -> str:
    """The header line that names the sources."""
    return next(line for line in text.splitlines() if line.startswith(("Quellen:", "Sources:")))


EMPTY = dict(key_points=(), topics=(), articles=(), sources=(), total_articles=3)


@pytest.mark.parametrize("language, line", [("german", "Quellen: keine"), ("english", "Sources: none")])
def test_a_digest_without_articles_says_it_has_no_sources(language, line):
    markdown, html = render_digest(_digest(language=language, **EMPTY), tz=TZ)
    assert _header_sources(markdown) == line
    assert f"<br>\n{line}</p>" in html
    assert _header_sources(_wikitext(_digest(language=language, **EMPTY))) == line


def test_sources_line_names_sources_and_unsourced_articles_as_before():
    markdown, _ = render_digest(_digest(), tz=TZ)
    assert _header_sources(markdown) == "Quellen: Quelle A"


SKIPPED = (Skipped("leer.txt", "empty file"), Skipped("zu.txt", "cannot read: permission denied"),
           Skipped("gross.txt", "file is 2.4 MB, over the limit of 1 MB (config: max_file_mb)"),
           Skipped("neu.txt", "cannot read: some error the table does not know"))
GERMAN_SKIPPED = ["- `leer.txt`: leere Datei", "- `zu.txt`: nicht lesbar: keine Berechtigung",
                  "- `gross.txt`: Datei hat 2,4 MB, mehr als die Grenze von 1 MB "
                  "(Konfiguration: max\\_file\\_mb)",
                  "- `neu.txt`: nicht lesbar: some error the table does not know"]


def _skipped_lines(markdown: str) -> list[str]:
    return [line for line in markdown.split("## ")[-1].splitlines() if line.startswith("- ")]


def test_the_german_page_gives_the_skip_reasons_in_german():
    markdown, html = render_digest(_digest(skipped=SKIPPED), tz=TZ)
    assert _skipped_lines(markdown) == GERMAN_SKIPPED
    assert "<li><code>zu.txt</code>: nicht lesbar: keine Berechtigung</li>" in html
    assert "* <code>leer.txt</code>: leere Datei" in _wikitext(_digest(skipped=SKIPPED)).splitlines()


def test_the_english_page_gives_the_skip_reasons_as_they_are():
    markdown, _ = render_digest(_digest(skipped=SKIPPED, language="english"), tz=TZ)
    assert _skipped_lines(markdown) == [
        "- `leer.txt`: empty file", "- `zu.txt`: cannot read: permission denied",
        "- `gross.txt`: file is 2.4 MB, over the limit of 1 MB (config: max\\_file\\_mb)",
        "- `neu.txt`: cannot read: some error the table does not know"]
