"""The Markdown digest in a CommonMark/GFM renderer (markdown-it-py), as a wiki would show it.

Article text must show literally: no raw HTML, links, emphasis, lists, quotes, rules or code
from it; headings and lists have the digest's structure whatever the articles contain.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from digest import pipeline
from digest.config import load_config

from .conftest import ROOT, SEEDS, set_arrival

markdown_it = pytest.importorskip("markdown_it", reason="markdown-it-py is a test dependency: "
                                  "pip install '.[test]'")
MarkdownIt = markdown_it.MarkdownIt

SECTIONS = ["Das Wichtigste", "Stand der Verhandlungen nach Themen", "Chronik", "Stimmen", "Artikel"]
SKIPPED = "Übersprungene Dateien"
TOPICS = [t["label"] for t in yaml.safe_load((ROOT / "schedule.yaml").read_text(encoding="utf-8"))["topics"]]
ANCHOR = re.compile(r'<a id="article-[0-9a-f]{20}">|</a>')

# Articles whose text is full of Markdown and HTML. Each sentence names a topic, so it shows up in
# the topics, key points and timeline as well as in the article's summary.
INLINE_TITLE = "*Stern* _unter_ #Raute | Pipe [link](javascript:x) <b>fett</b> `code` ~~weg~~ !"
INLINE_SOURCE = "Quelle *A* | [x](javascript:y) <i>"
INLINE_SENTENCES = [
    "Die Waffenruhe hält nach Angaben von Beobachtern *seit* _Montag_ | wirklich "
    "[klick](javascript:alert(1)) <b>fett</b> <script>alert(1)</script>.",
    "Die Delegationen treffen sich in Istanbul zu `Gesprächen` über einen __Friedensplan__ {x} \\ ~~nie~~.",
    "„Wir wollen eine Waffenruhe mit **Garantien**“, sagte Selenskyj am 1. Dezember 2025 <em>.",
    "Am Mittwoch soll die nächste Verhandlungsrunde beginnen, ![bild](x.png) hieß es [^1].",
]
INLINE = {
    "title": INLINE_TITLE, "date": "2025-12-02", "source": INLINE_SOURCE,
    "text": "\n\n".join(INLINE_SENTENCES),
}
HEADING_TITLE = "# Raute am Anfang"
# Lines that would open a block if they began a line of the digest.
LINE_START_SENTENCES = [
    "> Zitat am Anfang einer Zeile über die Waffenruhe.",
    "1. Listenpunkt über die Gebiete der Ukraine.",
    "- Strich am Anfang über den Gefangenenaustausch.",
    "+ Plus am Anfang über die NATO-Mitgliedschaft.",
    "2) Klammerliste über das Treffen in Istanbul.",
    "--- Striche über den Friedensplan.",
]
LINE_STARTS = (
    f"---\ntitle: {json.dumps(HEADING_TITLE)}\ndate: 2025-12-01\nsource: Quelle B\n---\n"
    + "\n\n".join(LINE_START_SENTENCES) + "\n\n# Überschrift im Text über die Sanktionen\n"
)
ENTITY_TITLE = "Entitäten &lt;b&gt; &amp; &#42;"
ENTITIES = {
    "title": ENTITY_TITLE, "date": "2025-11-30", "source": "Quelle &amp; C",
    "text": "Die Unterhändler sprachen über die Waffenruhe &lt;script&gt; &amp; &#42;Sternchen&#42; &copy;.",
}
LINKS = {
    "title": "Links im Text", "date": "2025-11-29", "source": "Quelle D",
    "text": "Die Delegation nannte https://evil.example/pfad_a, <https://evil.example/b>, "
            "![b](https://evil.example/c.png) und www.evil.example als Quelle für die Waffenruhe.",
}


def build_markdown(base: Path, files: dict[str, str] | None) -> str:
    """The Markdown digest of the seeds (``files`` None) or of ``files``, on 3 December 2025."""
    inbox = base / "inbox"
    if files is None:
        shutil.copytree(SEEDS, inbox)
    else:
        inbox.mkdir()
        for name, content in files.items():
            (inbox / name).write_text(content, encoding="utf-8")
    for path in inbox.iterdir():
        set_arrival(path)
    data = yaml.safe_load((ROOT / "schedule.yaml").read_text(encoding="utf-8"))
    data.update(inbox=str(inbox), output=str(base / "out"), state=str(base / "state.sqlite3"))
    config = base / "schedule.yaml"
    config.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = pipeline.run(load_config(config), date(2025, 12, 3), since=datetime(2022, 2, 24))
    return result.markdown.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed_md(tmp_path_factory) -> str:
    return build_markdown(tmp_path_factory.mktemp("md-seeds"), None)


def nasty_fixture(**files):
    @pytest.fixture(scope="module")
    def fixture(tmp_path_factory) -> str:
        return build_markdown(tmp_path_factory.mktemp("md-nasty"), files)

    return fixture


inline_md = nasty_fixture(**{"inline.json": json.dumps(INLINE, ensure_ascii=False)})
line_start_md = nasty_fixture(**{"line-starts.md": LINE_STARTS})
entity_md = nasty_fixture(**{"entities.json": json.dumps(ENTITIES, ensure_ascii=False)})
link_md = nasty_fixture(**{"links.json": json.dumps(LINKS, ensure_ascii=False)})


def gfm() -> MarkdownIt:
    """GitHub-like: tables, strikethrough, bare-URL autolinks."""
    return MarkdownIt("gfm-like")


def commonmark() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table")


def walk(tokens):
    """Block tokens and their inline children, in order."""
    for token in tokens:
        yield token
        yield from token.children or ()


def inline_text(inline) -> str:
    """The text a reader sees in an inline token (escapes resolved)."""
    return "".join(c.content for c in inline.children if c.type in ("text", "code_inline", "softbreak"))


def headings(tokens) -> list[tuple[int, str]]:
    return [(int(t.tag[1]), inline_text(tokens[i + 1]))
            for i, t in enumerate(tokens) if t.type == "heading_open"]


def sections(tokens) -> dict[str, list]:
    """The block tokens under each h2, by its title."""
    parts: dict[str, list] = {}
    current: list | None = None
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == "h2":
            current = parts.setdefault(inline_text(tokens[i + 1]), [])
        elif current is not None:
            current.append(token)
    return parts


def top_items(tokens) -> int:
    """List items directly in the section (not nested)."""
    return sum(1 for t in tokens if t.type == "list_item_open" and t.level == 1)


@pytest.fixture(params=["seeds", "inline", "entities", "links"])
def digest_md(request) -> str:
    return request.getfixturevalue({"seeds": "seed_md", "inline": "inline_md", "line-starts": "line_start_md",
                                    "entities": "entity_md", "links": "link_md"}[request.param])


def test_no_raw_html_but_the_article_anchors(digest_md):
    tokens = gfm().parse(digest_md)
    raw = [t.content.strip() for t in walk(tokens) if t.type in ("html_block", "html_inline")]
    # Only our own `<a id="article-…"></a>` anchors, the targets of the timeline's links.
    assert all(ANCHOR.fullmatch(r) for r in raw), raw
    anchors = {re.search(r'id="([^"]+)"', r).group(1) for r in raw if r != "</a>"}
    linked = {t.attrs["href"][1:] for t in walk(tokens)
              if t.type == "link_open" and t.attrs["href"][:1] == "#"}
    assert linked <= anchors


def test_headings_have_the_digest_structure(digest_md):
    found = headings(gfm().parse(digest_md))
    assert found[0][0] == 1 and found[0][1].startswith("Lage der Verhandlungen: Digest vom 3. Dezember 2025")
    assert [level for level, _ in found[1:]] and all(level in (2, 3) for level, _ in found[1:])
    h2 = [text for level, text in found if level == 2]
    assert h2 in (SECTIONS, [*SECTIONS, SKIPPED])
    under = {}
    for level, text in found[1:]:
        if level == 2:
            current = under.setdefault(text, [])
        else:
            current.append(text)
    assert under["Stand der Verhandlungen nach Themen"] == TOPICS
    assert under["Das Wichtigste"] == [] and under["Chronik"] == []


def test_lists_quotes_and_blocks_are_well_formed(digest_md):
    check_blocks(digest_md)


def test_line_start_markers_in_article_text_open_no_block(line_start_md):
    check_blocks(line_start_md)


def check_blocks(digest_md: str) -> None:
    tokens = gfm().parse(digest_md)
    types = {t.type for t in tokens}
    # no ordered lists, rules, code blocks or tables: the digest has none, so any came from article text
    assert not types & {"ordered_list_open", "hr", "code_block", "fence", "table_open"}, types
    # lists are one level deep, but for the template's own second level: a Chronik day's sentences and
    # a party's previous position ("zuvor") under its item; a nested list from article text fails
    parts = sections(tokens)
    nested_ok = {id(t) for name in ("Chronik", "Stand der Verhandlungen nach Themen")
                 for t in parts.get(name, ()) if t.type == "bullet_list_open" and t.level == 2}
    for list_open in (t for t in tokens if t.type == "bullet_list_open"):
        assert list_open.level == 0 or id(list_open) in nested_ok, f"nested list at line {list_open.map}"
    for i, t in enumerate(tokens):
        if t.type == "blockquote_open":  # a topic's sentence: one paragraph
            assert [x.type for x in tokens[i + 1:i + 5]] == [
                "paragraph_open", "inline", "paragraph_close", "blockquote_close"], t.map
    # one item per key point, event and statement, one per summary sentence
    for name, marker in (("Das Wichtigste", "\n## Das Wichtigste\n"), ("Chronik", "\n## Chronik\n")):
        block = digest_md.split(marker, 1)[1].split("\n## ", 1)[0]
        assert top_items(parts[name]) == block.count("\n- "), name
    articles = digest_md.split("\n## Artikel\n", 1)[1].split("\n## ", 1)[0]
    assert top_items(parts["Artikel"]) == articles.count("\n- ")
    voices = digest_md.split("\n## Stimmen\n", 1)[1].split("\n## ", 1)[0]
    assert top_items(parts["Stimmen"]) == voices.count("\n- ")


def test_article_titles_are_one_h3_each_shown_literally(inline_md, line_start_md, entity_md, seed_md):
    for md, title in ((inline_md, INLINE_TITLE), (line_start_md, HEADING_TITLE)):
        tokens = gfm().parse(md)
        h3 = headings(sections(tokens)["Artikel"])
        assert h3 == [(3, title)]
        inline = next(tokens[i + 1] for i, t in enumerate(tokens) if t.type == "heading_open"
                      and inline_text(tokens[i + 1]) == title and t.tag == "h3")
        assert [c.type for c in inline.children] == ["text"], inline.children
    # the seeds: five titles, each plain text
    part = sections(gfm().parse(seed_md))["Artikel"]
    titles = [part[i + 1] for i, t in enumerate(part) if t.type == "heading_open"]
    assert len(titles) == 5
    assert all([c.type for c in t.children] == ["text"] and t.children[0].content for t in titles)


def test_no_links_or_emphasis_from_article_text(inline_md, line_start_md, entity_md, seed_md):
    for md in (inline_md, line_start_md, entity_md, seed_md):
        for parser in (gfm(), commonmark()):
            tokens = parser.parse(md)
            parts = sections(tokens)
            for token in walk(tokens):
                assert token.type not in ("image", "s_open", "code_block", "fence"), token
                if token.type == "link_open":  # only the timeline's links to our anchors
                    assert re.fullmatch(r"#article-[0-9a-f]{20}", token.attrs["href"]), token.attrs
            # emphasis only where the template puts it
            for name, part in parts.items():
                for inline in (t for t in part if t.type == "inline"):
                    kinds = [c.type for c in inline.children if c.type != "text" or c.content]
                    emphasis = [(c.type, inline.children[j + 1].content)
                                for j, c in enumerate(inline.children)
                                if c.type in ("em_open", "strong_open")]
                    if not emphasis:
                        continue
                    if name == "Chronik":  # - **date**, its sentences below without emphasis
                        assert kinds == ["strong_open", "text", "strong_close"], kinds
                    elif name == "Stand der Verhandlungen nach Themen":
                        # - **party** (speaker, date · source): sentence *neu in diesem Digest*
                        #   or *unverändert seit …*; the party's previous position has none
                        assert kinds[0] == "strong_open" and kinds[-1] == "em_close", kinds
                        assert [kind for kind, _ in emphasis] == ["strong_open", "em_open"], emphasis
                        status = emphasis[1][1]
                        assert status == "neu in diesem Digest" or status.startswith("unverändert seit "), status
                    elif name == "Artikel":  # the meta line under each title
                        assert kinds[0] == "em_open" and kinds[-1] == "em_close" and len(emphasis) == 1, kinds
                        assert "Datei" in "".join(c.content for c in inline.children)
                    else:
                        pytest.fail(f"emphasis in {name}: {emphasis}")


def test_bare_urls_in_article_text_are_not_linked(link_md):
    """GFM renderers turn bare URLs into links unless their `://` or `www.` is escaped."""
    hrefs = [t.attrs["href"] for t in walk(gfm().parse(link_md)) if t.type == "link_open"]
    assert all(h.startswith("#article-") for h in hrefs), hrefs


class TextAndTags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attrs += attrs

    def handle_data(self, data):
        self.text.append(data)


def rendered(md: str) -> TextAndTags:
    parser = TextAndTags()
    parser.feed(gfm().render(md))
    parser.close()
    return parser


ALLOWED_TAGS = {"h1", "h2", "h3", "p", "br", "ul", "li", "blockquote", "strong", "em", "a", "code"}


def check_rendered(md: str, fragments) -> None:
    page = rendered(md)
    assert page.tags <= ALLOWED_TAGS
    for name, value in page.attrs:
        assert (name, value.split("-")[0]) in (("href", "#article"), ("id", "article")), (name, value)
    text = " ".join(" ".join(page.text).split())
    for fragment in fragments:
        assert fragment in text


def test_rendered_html_shows_article_text_literally(inline_md, seed_md):
    check_rendered(seed_md, ["Lage der Verhandlungen"])
    check_rendered(inline_md, [INLINE_TITLE, INLINE_SOURCE, *INLINE_SENTENCES])


def test_rendered_html_shows_line_start_markers_literally(line_start_md):
    check_rendered(line_start_md, [HEADING_TITLE, *LINE_START_SENTENCES])


def test_html_entities_in_article_text_are_shown_as_written(entity_md):
    page = rendered(entity_md)
    text = " ".join(" ".join(page.text).split())
    for fragment in (ENTITY_TITLE, "Quelle &amp; C", ENTITIES["text"]):
        assert fragment in text
    assert "<b>" not in text


def test_rendered_html_has_no_markup_from_article_text(inline_md):
    out = gfm().render(inline_md)
    assert "<script" not in out and "<b>" not in out and "<img" not in out and "<i>" not in out
    assert "javascript:" not in "".join(v or "" for _, v in rendered(inline_md).attrs)
    assert html.escape("<script>alert(1)</script>", quote=False) in out
