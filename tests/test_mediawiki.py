"""The mediawiki target against a real MediaWiki on 127.0.0.1 (see tests/mediawiki_server.py)."""

from __future__ import annotations

import dataclasses
import html
import logging
import re
import socket
import time
from datetime import date, datetime

import mwclient.page
import pytest

from digest import pipeline
from digest.config import MediaWikiTarget, load_config
from digest.models import Sourced
from digest.publish.base import PublishError, Rendered
from digest.publish.mediawiki import (
    MediaWikiPublisher,
    add_index_line,
    normalize_title,
    title_part,
    wiki_escape,
)

from . import mediawiki_server

DAY = date(2025, 12, 3)
SINCE = datetime(2022, 2, 24)
PASSWORD = "S3cret-Pa55word-for-the-wiki!"
EVIL = "[[Evil]] {{Template}} <script>alert(1)</script> ''bold'' __NOTOC__ ~~~~ http://evil.example/x"


# -- fixtures ------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def wiki(tmp_path_factory):
    """One MediaWiki for the session, installed in a temporary folder."""
    mediawiki_server.require()
    server = mediawiki_server.start_wiki(tmp_path_factory.mktemp("mediawiki"), PASSWORD)
    yield server
    server.stop()


@pytest.fixture
def up(wiki, monkeypatch):
    """The wiki, running, with its admin's credentials in MW_TEST_USER / MW_TEST_PASSWORD."""
    wiki.start()  # a test that stopped it and failed leaves it down
    monkeypatch.setenv("MW_TEST_USER", wiki.user)
    monkeypatch.setenv("MW_TEST_PASSWORD", wiki.password)
    return wiki


_RENDERED: list[Rendered] = []


@pytest.fixture
def rendered(seed_inbox, config_file) -> Rendered:
    """The digest of the seeds, as written by `digest run --since 2022-02-24` for 3 December 2025.

    Made once per session (it is immutable); its files stay in the first test's tmp_path.
    """
    if _RENDERED:
        return _RENDERED[0]
    config = load_config(config_file(seed_inbox))
    result = pipeline.run(config, DAY, since=SINCE)
    _RENDERED.append(Rendered(result.digest, "digest", result.markdown.read_text(encoding="utf-8"),
                              result.html.read_text(encoding="utf-8"), result.markdown, result.html,
                              config.templates))
    return _RENDERED[0]


def target(wiki, name: str, **options) -> MediaWikiPublisher:
    """A publisher writing below ``name``/ so tests do not share pages."""
    settings = {"type": "mediawiki", "name": "wiki", "url": wiki.url, "page": f"{name}/Lage {{date}}",
                "index_page": f"{name}/Archiv", "user_env": "MW_TEST_USER",
                "password_env": "MW_TEST_PASSWORD", "timeout": 20, **options}
    return MediaWikiPublisher(MediaWikiTarget.model_validate(settings))


def text_of(page_html: str) -> str:
    """What a reader sees: tags removed, entities decoded, whitespace collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page_html)).split())


def squash(text: str) -> str:
    return " ".join(text.split())


# -- against the wiki ----------------------------------------------------------------------

def test_published_digest_shows_topics_sources_and_key_points(up, rendered):
    publisher = target(up, "Inhalt")
    payload = publisher.prepare(rendered)
    title = payload["pages"][0]["title"]
    assert title == "Inhalt/Lage 2025-12-03"
    assert publisher.deliver(payload) == "1 page, 1 changed; index updated"

    parsed = up.parse(title)
    page = parsed["text"]
    seen = text_of(page)
    digest = rendered.digest
    assert len(digest.topics) == 8 and digest.sources and digest.key_points
    for topic in digest.topics:
        assert re.search(rf"<h3[^>]*>.*{re.escape(html.escape(topic.label, quote=False))}", page), topic.label
    for source in digest.sources:
        assert source in seen
    for point in digest.key_points:
        assert squash(point.text) in seen
    for entry in digest.articles:
        assert squash(entry.article.title) in seen
        for sentence in entry.summary.sentences:
            assert squash(sentence) in seen
    headings = [s["line"] for s in parsed["sections"]]
    for label in ("Das Wichtigste", "Stand der Verhandlungen nach Themen", "Chronik", "Stimmen", "Artikel"):
        assert label in headings
    assert page.count("<h2") >= 5 and page.count("<li>") >= len(digest.key_points) + len(digest.timeline)
    assert digest.timeline  # the seeds have dated days; each sentence of the Chronik is on the page
    for event in digest.timeline:
        assert squash(event.sentence.text) in seen
    # the timeline links to the article sections on the page
    for event in digest.timeline:
        assert f'href="#article-{event.sentence.article_id}"' in page
        assert f'id="article-{event.sentence.article_id}"' in page
    # nothing of the Markdown leaked into the wikitext
    assert "##" not in seen and "**" not in seen
    # the index lists the digest
    index = up.parse("Inhalt/Archiv")
    assert [link["title"] for link in index["links"]] == [title]


def test_publishing_the_same_digest_twice_creates_no_revision(up, rendered, monkeypatch):
    publisher = target(up, "Zweimal", article_subpages=True)
    payload = publisher.prepare(rendered)
    titles = [p["title"] for p in payload["pages"]] + ["Zweimal/Archiv"]
    first = publisher.deliver(payload)
    assert first == f"{len(titles) - 1} pages, {len(titles) - 1} changed; index updated"
    counts = {t: up.revision_count(t) for t in titles}
    assert set(counts.values()) == {1}

    again = publisher.prepare(rendered)
    assert again == payload  # the payload is deterministic

    edits = []
    edit = mwclient.page.Page.edit

    def counted(page, *args, **kwargs):
        edits.append(page.name)
        return edit(page, *args, **kwargs)

    monkeypatch.setattr(mwclient.page.Page, "edit", counted)
    assert publisher.deliver(again) == f"{len(titles) - 1} pages, 0 changed; index unchanged"
    assert edits == []  # the text was compared first: not even a null edit was sent
    assert {t: up.revision_count(t) for t in titles} == counts


def test_changed_digest_makes_one_new_revision(up, rendered):
    publisher = target(up, "Aenderung")
    payload = publisher.prepare(rendered)
    publisher.deliver(payload)
    title = payload["pages"][0]["title"]
    changed = dataclasses.replace(rendered.digest, total_articles=rendered.digest.total_articles + 1)
    result = publisher.deliver(publisher.prepare(dataclasses.replace(rendered, digest=changed)))
    assert result == "1 page, 1 changed; index unchanged"
    assert up.revision_count(title) == 2
    assert f"{changed.total_articles} Artikel insgesamt" in text_of(up.parse(title)["text"])


def test_article_summaries_as_linked_subpages(up, rendered):
    publisher = target(up, "Unterseiten", article_subpages=True)
    payload = publisher.prepare(rendered)
    main, *subpages = payload["pages"]
    assert len(subpages) == len(rendered.digest.articles) == 5
    publisher.deliver(payload)

    links = {link["title"] for link in up.parse(main["title"])["links"] if link.get("exists")}
    for entry, sub in zip(rendered.digest.articles, subpages, strict=True):
        assert sub["title"].startswith(main["title"] + "/")
        assert sub["title"] in links
        parsed = up.parse(sub["title"])
        seen = text_of(parsed["text"])
        for sentence in entry.summary.sentences:
            assert squash(sentence) in seen
        assert main["title"] in {link["title"] for link in parsed["links"]}  # links back
    # the summaries live on the subpages, the digest page links to them
    page = text_of(up.parse(main["title"])["text"])
    assert squash(rendered.digest.articles[0].summary.sentences[0]) not in page.split("Artikel")[-1]


def test_article_text_shows_literally_and_injects_nothing(up, rendered):
    digest = rendered.digest
    first = digest.articles[0]
    evil_article = dataclasses.replace(first.article, title=f"Titel {EVIL}", source=f"Quelle {EVIL}")
    evil_summary = dataclasses.replace(first.summary, sentences=(f"Satz {EVIL}",))
    evil_point = Sourced(f"Punkt {EVIL}", first.article.id, f"Titel {EVIL}", None, first.article.published,
                         first.article.received_at)
    topic = dataclasses.replace(digest.topics[0], label=f"Thema {EVIL}")
    evil = dataclasses.replace(
        digest,
        articles=(dataclasses.replace(first, article=evil_article, summary=evil_summary),
                  *digest.articles[1:]),
        key_points=(evil_point, *digest.key_points[1:]),
        topics=(topic, *digest.topics[1:]),
        sources=(f"Quelle {EVIL}",),
    )
    publisher = target(up, "Escape", article_subpages=True)
    payload = publisher.prepare(dataclasses.replace(rendered, digest=evil))
    publisher.deliver(payload)
    ours = {page["title"] for page in payload["pages"]}
    for page in payload["pages"]:
        parsed = up.parse(page["title"])
        assert {link["title"] for link in parsed["links"]} <= ours, page["title"]  # no [[Evil]]
        assert parsed["templates"] == []
        assert parsed["externallinks"] == []
        assert "<script" not in parsed["text"] and "<b>bold</b>" not in parsed["text"]
        assert "<i>bold</i>" not in parsed["text"]
        assert "(Seite nicht vorhanden)" not in parsed["text"]  # no red links
    main = up.parse(payload["pages"][0]["title"])
    seen = text_of(main["text"])
    for shown in (f"Punkt {EVIL}", f"Thema {EVIL}", f"Quelle {EVIL}", f"Titel {EVIL}"):
        assert shown in seen  # as written: ~~~~ not made a signature, no bold, no script
    assert 'id="toc"' in main["text"]  # __NOTOC__ did not act
    subpage = payload["pages"][1]["title"]
    assert subpage.startswith("Escape/Lage 2025-12-03/Titel")
    assert not re.search(r"[\[\]{}<>|#]", subpage.split("/", 2)[2])
    assert f"Satz {EVIL}" in text_of(up.parse(subpage)["text"])


def test_index_lists_every_digest_newest_first_and_keeps_other_lines(up, rendered):
    publisher = target(up, "Index")
    site_index = "Index/Archiv"
    earlier = on_day(rendered, date(2025, 12, 1))
    later = on_day(rendered, date(2025, 12, 5))
    publisher.deliver(publisher.prepare(earlier))
    # someone adds a note to the index by hand
    text = up.wikitext(site_index)
    assert text is not None
    manual = "Von Hand: <nowiki>Notiz</nowiki>\n" + text
    _edit(up, site_index, manual)
    publisher.deliver(publisher.prepare(later))
    publisher.deliver(publisher.prepare(rendered))
    publisher.deliver(publisher.prepare(rendered))
    links = [link["title"] for link in up.parse(site_index)["links"]]
    assert sorted(links) == ["Index/Lage 2025-12-01", "Index/Lage 2025-12-03", "Index/Lage 2025-12-05"]
    final = up.wikitext(site_index)
    assert final.startswith("Von Hand: <nowiki>Notiz</nowiki>\n")
    order = [final.index(f"Index/Lage 2025-12-0{d}") for d in (5, 3, 1)]
    assert order == sorted(order)
    assert up.revision_count(site_index) == 4  # created, hand edit, two new lines


def on_day(rendered: Rendered, day: date) -> Rendered:
    return dataclasses.replace(rendered, digest=dataclasses.replace(rendered.digest, date=day))


def _edit(wiki, title: str, text: str) -> None:
    import mwclient

    site = mwclient.Site(f"127.0.0.1:{wiki.port}", path="/", scheme="http", max_retries=0)
    site.login(wiki.user, wiki.password)
    site.pages[title].edit(text, summary="by hand")


def test_wiki_down_mid_way_fails_with_reason_and_next_delivery_succeeds(up, rendered):
    publisher = target(up, "Ausfall")
    payload = publisher.prepare(rendered)
    up.stop()
    try:
        started = time.monotonic()
        with pytest.raises(PublishError) as caught:
            publisher.deliver(payload)
        assert time.monotonic() - started < 10  # no long retry loop inside the target
        message = str(caught.value)
        assert caught.value.target == "wiki"
        assert up.url in message and "cannot connect" in message and "refused" in message.lower()
    finally:
        up.start()
    assert up.wikitext(payload["pages"][0]["title"]) is None
    assert publisher.deliver(payload) == "1 page, 1 changed; index updated"
    assert up.wikitext(payload["pages"][0]["title"]) == payload["pages"][0]["text"].rstrip()


def test_wiki_stopping_mid_delivery_is_completed_by_the_next_one(up, rendered, monkeypatch):
    publisher = target(up, "Mitten", article_subpages=True)
    payload = publisher.prepare(rendered)
    put = publisher._put
    calls = []

    def put_then_stop(site, title, text):
        calls.append(title)
        outcome = put(site, title, text)
        if len(calls) == 2:
            up.stop()  # the wiki goes down after two pages were saved
        return outcome

    monkeypatch.setattr(publisher, "_put", put_then_stop)
    try:
        with pytest.raises(PublishError, match="cannot connect"):
            publisher.deliver(payload)
    finally:
        up.start()
    saved = [p["title"] for p in payload["pages"] if up.wikitext(p["title"]) is not None]
    assert saved == calls[:2]
    monkeypatch.setattr(publisher, "_put", put)
    pages = len(payload["pages"])
    assert publisher.deliver(payload) == f"{pages} pages, {pages - 2} changed; index updated"
    assert all(up.revision_count(p["title"]) == 1 for p in payload["pages"])


def test_wrong_password_is_refused_without_showing_it(up, rendered, monkeypatch, caplog):
    wrong = "Wr0ng-secret-value-42"
    monkeypatch.setenv("MW_TEST_PASSWORD", wrong)
    caplog.set_level(logging.DEBUG)
    publisher = target(up, "Passwort")
    with pytest.raises(PublishError) as caught:
        publisher.deliver(publisher.prepare(rendered))
    message = str(caught.value)
    assert "login as 'Admin' refused" in message and up.url in message
    assert wrong not in message and wrong not in caplog.text
    assert wrong not in repr(caught.value.__cause__) and wrong not in repr(caught.value.__context__)
    assert up.wikitext("Passwort/Lage 2025-12-03") is None


def test_right_password_is_never_logged(up, rendered, caplog):
    caplog.set_level(logging.DEBUG)
    publisher = target(up, "Log")
    assert publisher.deliver(publisher.prepare(rendered)).endswith("changed; index updated")
    assert caplog.text and PASSWORD not in caplog.text


def test_anonymous_edit_refused_by_the_wiki(up, rendered):
    publisher = target(up, "Anonym", user_env=None, password_env=None)
    with pytest.raises(PublishError, match=r"cannot edit 'Anonym/Lage 2025-12-03'"):
        publisher.deliver(publisher.prepare(rendered))


def test_wrong_script_path_names_the_problem(up, rendered):
    publisher = target(up, "Pfad", script_path="/w/")
    with pytest.raises(PublishError, match=r"HTTP 404"):
        publisher.deliver(publisher.prepare(rendered))


# -- without a wiki ------------------------------------------------------------------------

def settings(**options) -> MediaWikiTarget:
    return MediaWikiTarget.model_validate({"type": "mediawiki", "name": "w", "url": "http://127.0.0.1:9/",
                                           **options})


def test_missing_credential_variable_is_named_not_its_value(monkeypatch, rendered):
    monkeypatch.setenv("WIKI_USER", "bot")
    monkeypatch.delenv("WIKI_PASSWORD_UNSET", raising=False)
    publisher = MediaWikiPublisher(settings(user_env="WIKI_USER", password_env="WIKI_PASSWORD_UNSET"))
    with pytest.raises(PublishError, match="WIKI_PASSWORD_UNSET"):
        publisher.deliver(publisher.prepare(rendered))


def test_a_wiki_that_does_not_answer_times_out(rendered):
    with socket.socket() as listener:  # accepts connections (backlog) but never answers
        listener.bind(("127.0.0.1", 0))
        listener.listen(5)
        port = listener.getsockname()[1]
        publisher = MediaWikiPublisher(settings(url=f"http://127.0.0.1:{port}/", timeout=0.5))
        started = time.monotonic()
        with pytest.raises(PublishError, match=r"no answer within 0.5 s"):
            publisher.deliver(publisher.prepare(rendered))
        assert time.monotonic() - started < 5


def test_user_and_password_in_the_url_are_not_shown(monkeypatch):
    publisher = MediaWikiPublisher(settings(url="http://bot:hunter2@127.0.0.1:9/wiki/"))
    assert publisher.where == "http://127.0.0.1:9/wiki/"
    assert publisher._api_path() == "/wiki/"
    assert MediaWikiPublisher(settings(url="http://h/", script_path="/w/"))._api_path() == "/w/"


def test_user_templates_come_first(tmp_path, rendered):
    (tmp_path / "digest.wiki.j2").write_text("Eigene Seite: {{ digest.date }} {{ labels.title | wiki }}\n",
                                             encoding="utf-8")
    mine = dataclasses.replace(rendered, templates=tmp_path)
    text = MediaWikiPublisher(settings()).prepare(mine)["pages"][0]["text"]
    assert text == "Eigene Seite: 2025-12-03 Lage der Verhandlungen\n"


def test_undefined_names_in_a_template_are_errors(tmp_path, rendered):
    from digest.errors import TemplateError

    (tmp_path / "digest.wiki.j2").write_text("{{ no_such_name }}\n", encoding="utf-8")
    with pytest.raises(TemplateError, match="no_such_name"):
        MediaWikiPublisher(settings()).prepare(dataclasses.replace(rendered, templates=tmp_path))


def test_wikitext_has_the_sections_of_the_markdown(rendered):
    payload = MediaWikiPublisher(settings(page="Lage {kind} {date}", index_page=None)).prepare(rendered)
    assert payload["index"] is None
    page = payload["pages"][0]
    assert page["title"] == "Lage digest 2025-12-03"
    text = page["text"]
    sections = ["== Das Wichtigste ==", "== Stand der Verhandlungen nach Themen ==", "== Chronik ==",
                "== Stimmen ==", "== Artikel =="]
    assert [text.index(s) for s in sections] == sorted(text.index(s) for s in sections)
    topics = text.split("== Stand der Verhandlungen nach Themen ==")[1].split("== Chronik ==")[0]
    assert topics.count("\n=== ") == 8
    assert text.split("== Artikel ==")[1].count("\n=== ") == 5
    # no Markdown: "**" only as wikitext's second-level bullet ("** " opening a line: a Chronik day's
    # sentences, a party's previous position), no "#" headings or "- " bullets
    assert not re.search(r"(?<!\n)\*\*|\*\*(?! )", text) and "\n#" not in text and "\n- " not in text
    assert "\n** " in text.split("== Chronik ==")[1]


def test_english_labels(rendered):
    english = dataclasses.replace(rendered, digest=dataclasses.replace(rendered.digest, language="english"))
    text = MediaWikiPublisher(settings()).prepare(english)["pages"][0]["text"]
    assert "== Key points ==" in text and "== Timeline ==" in text and "Das Wichtigste" not in text


@pytest.mark.parametrize("text", [
    "[[Evil]]", "{{T}}", "<script>x</script>", "''b''", "__NOTOC__", "~~~~", "a | b", "= h =", "* x", "# x",
    ": x", "; x", "----", "http://x.example", "ISBN 9783161484100", "</nowiki>[[x]]", "&lt;b&gt;", "a_b",
    "mailto:a@b.example", "- x", "a !! b", "x ---- y", "RFC 2616", "Tom's", "Zeit 19:54",
])
def test_wiki_escape_wraps_anything_with_meaning(text):
    escaped = wiki_escape(text)
    assert escaped.startswith("<nowiki>") and escaped.endswith("</nowiki>")
    inner = escaped[len("<nowiki>"):-len("</nowiki>")]
    assert "<" not in inner and ">" not in inner
    assert html.unescape(inner) == text


def test_wiki_escape_leaves_plain_words_and_joins_lines():
    assert wiki_escape("Selenskyj sagte, die Lage sei ernst.") == "Selenskyj sagte, die Lage sei ernst."
    assert wiki_escape("zwei\n  Zeilen") == "zwei Zeilen"
    plain = "Ukraine-Krieg: Gespräche – „sehr nützlich“; 3/4 der Truppen (laut Kiew)."
    assert wiki_escape(plain) == plain
    assert wiki_escape("") == ""


def test_titles_are_valid_mediawiki_titles():
    raw = "A/B [x] {y} | z # w < > ~~~ %41 &amp; _u_"
    assert title_part(raw, 200) == "A-B -x- -y- - z - w - - --- % 41 & amp; u"
    assert len(title_part("Ä" * 300, 100).encode("utf-8")) <= 100
    assert title_part("...", 50) == ""
    assert normalize_title("lage_der  Dinge") == "Lage der Dinge"


def test_duplicate_article_titles_get_distinct_subpages(rendered):
    digest = rendered.digest
    same = tuple(dataclasses.replace(e, article=dataclasses.replace(e.article, title="Gleich"))
                 for e in digest.articles)
    mine = dataclasses.replace(rendered, digest=dataclasses.replace(digest, articles=same))
    titles = MediaWikiPublisher(settings(article_subpages=True)).subpage_titles(mine, "Lage")
    assert len(set(titles.values())) == len(same)
    assert titles[same[0].article.id] == "Lage/Gleich"


def test_add_index_line_inserts_by_date_and_keeps_lines():
    text = "Intro\n* [[L 2025-12-05|5.]]\n* [[L 2025-12-01|1.]]\nEnde\n"
    added = add_index_line(text, "L 2025-12-03", "* [[L 2025-12-03|3.]]", "2025-12-03")
    assert added == "Intro\n* [[L 2025-12-05|5.]]\n* [[L 2025-12-03|3.]]\n* [[L 2025-12-01|1.]]\nEnde\n"
    assert add_index_line(added, "L 2025-12-03", "* [[L 2025-12-03|other]]", "2025-12-03") == added
    first = add_index_line("", "L 2025-12-03", "* [[L 2025-12-03|3.]]", "2025-12-03")
    assert first == "* [[L 2025-12-03|3.]]\n"
    oldest = add_index_line(text, "L 2025-11-01", "* [[L 2025-11-01|x]]", "2025-11-01")
    assert oldest.endswith("* [[L 2025-12-01|1.]]\n* [[L 2025-11-01|x]]\nEnde\n")


def test_payload_is_json_serializable(rendered):
    import json

    payload = MediaWikiPublisher(settings(article_subpages=True)).prepare(rendered)
    assert json.loads(json.dumps(payload)) == payload
