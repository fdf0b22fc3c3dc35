"""Publishing a digest to a MediaWiki as wikitext (MediaWiki does not render Markdown).

The digest page is rendered by ``digest.wiki.j2`` and, when ``article_subpages``
is set, every article summary by ``article.wiki.j2`` as a page below it. Text
from articles goes through the ``wiki`` filter, which wraps it in ``<nowiki>``
with ``& < >`` as entities, so it can neither make links, call templates, set
magic words nor inject HTML. A page is edited only when its text differs from
what the wiki holds: publishing the same digest twice creates no revision.

User and password come from the environment variables named in the config and
never appear in a message, an exception or a log line.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from typing import Any
from urllib.parse import urlsplit

import jinja2

from ..config import MediaWikiTarget
from ..render import context, environment, render_template
from .base import MediaWikiPayload, PublishError, Rendered, WikiIndexLine, WikiPage, read_credentials

log = logging.getLogger("digest.publish.mediawiki")

PAGE_TEMPLATE = "digest.wiki.j2"
ARTICLE_TEMPLATE = "article.wiki.j2"
USER_AGENT = "news-digest (https://example.invalid/news-digest)"

#: Longest page title MediaWiki accepts, in UTF-8 bytes.
MAX_TITLE_BYTES = 255
#: Text made only of these characters has no wikitext meaning and is written as it is, unless ...
_PLAIN = re.compile(r"[^\W_]|[ .,;:?()„“”‚‘’\"%+€$§°/–—…-]")
#: ... it starts a list, indent or rule, makes a rule, a URL or a magic link (ISBN, RFC, PMID).
_MEANING = re.compile(r"^[*#:;-]|----|:\S|\b(?:ISBN|RFC|PMID)\b")
#: Characters MediaWiki refuses in titles, and ``/`` (it would make a deeper subpage).
_TITLE_FORBIDDEN = re.compile(r"[#<>\[\]|{}/\x00-\x1f\x7f]")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_LINK_TARGET = re.compile(r"\[\[\s*([^|\]]+?)\s*(?:\|[^\]]*)?\]\]")


def wiki_escape(text: Any) -> str:
    """Text on one line that MediaWiki shows literally: no links, templates, markup, HTML or magic words.

    Plain words are left alone; anything else is wrapped in ``<nowiki>`` with
    ``& < >`` written as entities, so the text cannot close the ``nowiki`` either.
    """
    text = " ".join(str(text).split())
    if not text or (all(_PLAIN.fullmatch(c) for c in text) and not _MEANING.search(text)):
        return text
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f"<nowiki>{text}</nowiki>"


def normalize_title(title: str) -> str:
    """A title as MediaWiki stores it: spaces for underscores, single spaces, first letter upper case."""
    title = unicodedata.normalize("NFC", " ".join(title.replace("_", " ").split()))
    return title[:1].upper() + title[1:]


def title_part(text: str, limit: int) -> str:
    """Turn any text into one valid segment of a MediaWiki title of at most ``limit`` UTF-8 bytes."""
    text = _TITLE_FORBIDDEN.sub("-", text)
    text = re.sub(r"~{3,}", lambda m: "-" * len(m.group()), text)  # '~~~' is not allowed in titles
    text = re.sub(r"%([0-9A-Fa-f]{2})", r"% \1", text)  # would be read as percent-encoding
    text = re.sub(r"&(?=#?\w+;)", "& ", text)  # would be read as an HTML entity
    text = " ".join(text.replace("_", " ").split()).strip(" .:")
    while len(text.encode("utf-8")) > limit:
        text = text[:-1].rstrip(" .:")
    return text


def digest_title(pattern: str, rendered: Rendered) -> str:
    """The digest page title from the configured pattern ({date} as YYYY-MM-DD, {kind})."""
    title = pattern.replace("{date}", rendered.date.isoformat()).replace("{kind}", rendered.kind)
    return normalize_title(title)


def same_text(current: str, new: str) -> bool:
    """Whether the wiki already holds ``new`` (MediaWiki stores text NFC-normalized, trailing space cut)."""

    def norm(text: str) -> str:
        return unicodedata.normalize("NFC", text.replace("\r\n", "\n")).rstrip()

    return norm(current) == norm(new)


def _link_target(line: str) -> str | None:
    match = _LINK_TARGET.search(line)
    return normalize_title(match.group(1)) if match else None


def add_index_line(text: str, title: str, line: str, day: str) -> str:
    """The index page with a line linking to ``title``: kept as it is when one is there,
    else inserted among the list lines, newest first (by the date in each linked title)."""
    lines = text.split("\n") if text.strip() else []
    if any(_link_target(existing) == title for existing in lines if existing.startswith("*")):
        return text
    listed = [i for i, existing in enumerate(lines) if existing.startswith("*")]
    for i in listed:
        match = _ISO_DATE.search(_link_target(lines[i]) or "")
        if match and match.group() < day:
            lines.insert(i, line)
            break
    else:
        lines.insert(listed[-1] + 1 if listed else len(lines), line)
    return "\n".join(lines).rstrip() + "\n"


class MediaWikiPublisher:
    """The ``mediawiki`` publish target."""

    def __init__(self, settings: MediaWikiTarget, tz: Any = None):
        self.settings = settings
        self.name = settings.name
        self.tz = tz  # for the dates of undated articles, as in the Markdown digest

    # -- prepare: wikitext made when the digest is written ---------------------------------

    def _environment(self, rendered: Rendered) -> jinja2.Environment:
        env = environment(rendered.templates, html=False)
        env.filters["wiki"] = wiki_escape
        return env

    def _render(self, env: jinja2.Environment, template: str, context: dict[str, Any]) -> str:
        text = render_template(env, template, context)  # TemplateError naming the file and line
        return unicodedata.normalize("NFC", text).rstrip() + "\n"

    def subpage_titles(self, rendered: Rendered, page: str) -> dict[str, str]:
        """Article id -> subpage title below ``page``, unique within the digest."""
        titles: dict[str, str] = {}
        taken: set[str] = set()
        room = MAX_TITLE_BYTES - len(page.encode("utf-8")) - 1
        for entry in rendered.digest.articles:
            article = entry.article
            part = title_part(article.title, room) or article.id[:12]
            title = f"{page}/{part}"
            if title.casefold() in taken:
                suffix = f" ({article.id[:8]})"
                part = title_part(article.title, room - len(suffix.encode("utf-8")))
                title = f"{page}/{part}{suffix}"
            taken.add(title.casefold())
            titles[article.id] = normalize_title(title)
        return titles

    def prepare(self, rendered: Rendered) -> MediaWikiPayload:
        """The wikitext of the digest page and its subpages, and the digest's line on the index page."""
        settings = self.settings
        env = self._environment(rendered)
        page = digest_title(settings.page, rendered)
        subpages = self.subpage_titles(rendered, page) if settings.article_subpages else {}
        values = context(rendered.digest, self.tz)
        values.update(page_title=page, subpages=subpages, kind=rendered.kind,
                      listed={entry.article.id for entry in rendered.digest.articles})
        pages = [WikiPage(title=page, text=self._render(env, PAGE_TEMPLATE, values))]
        for entry in rendered.digest.articles if subpages else ():
            article_values = dict(values, entry=entry, article=entry.article,
                                  subpage_title=subpages[entry.article.id])
            pages.append(WikiPage(title=subpages[entry.article.id],
                                  text=self._render(env, ARTICLE_TEMPLATE, article_values)))
        index: WikiIndexLine | None = None
        if settings.index_page:
            labels = values["labels"]
            label = wiki_escape(f"{labels['title']}: {labels['digest_for']} {values['day']}")
            index = WikiIndexLine(title=normalize_title(settings.index_page), line=f"* [[{page}|{label}]]",
                                  date=rendered.date.isoformat())
        return MediaWikiPayload(pages=pages, index=index)

    # -- deliver: edit only what differs ---------------------------------------------------

    @property
    def where(self) -> str:
        """The wiki's address for messages, without any user or password written into it."""
        parts = urlsplit(self.settings.url)
        host = parts.hostname or ""
        if parts.port:
            host = f"{host}:{parts.port}"
        return f"{parts.scheme}://{host}{parts.path or '/'}"

    def _fail(self, reason: str, secrets: tuple[str, ...] = ()) -> PublishError:
        for secret in secrets:
            if secret:
                reason = reason.replace(secret, "***")
        return PublishError(self.name, f"{self.where}: {reason}")

    def _credentials(self) -> tuple[str, str] | None:
        """The login from the environment variables named in the settings, or None for an anonymous edit."""
        login = read_credentials(self.name, self.settings.user_env, self.settings.password_env)
        return (login.user, login.password) if login else None

    def _api_path(self) -> str:
        joined = urlsplit(self.settings.url).path + "/" + self.settings.script_path
        parts = [p for p in joined.split("/") if p]
        return "/" + "".join(f"{p}/" for p in parts)

    def deliver(self, payload: MediaWikiPayload) -> str:
        """Edit the pages whose text differs, and the digest's line on the index page; say what changed."""
        import mwclient.errors
        import requests

        credentials = self._credentials()
        try:
            site = self._site(credentials)
            changed = self._edit_pages(site, payload["pages"])
            index = payload.get("index")
            index_changed = bool(index) and self._edit_index(site, index, payload["pages"][0]["title"])
        # Messages are built from codes and texts only: mwclient's exceptions carry the request
        # data (a login request's password among it) in their arguments.
        except (mwclient.errors.MwClientError, requests.exceptions.RequestException,
                KeyError, TypeError, ValueError) as exc:
            secrets = (credentials[1],) if credentials else ()
            raise self._fail(self._failure(exc, credentials), secrets) from None
        pages = len(payload["pages"])
        summary = f"{pages} page{'s' if pages != 1 else ''}, {changed} changed"
        if index:
            summary += f"; index {'updated' if index_changed else 'unchanged'}"
        log.info("%s: %s", self.name, summary)
        return summary

    def _site(self, credentials: tuple[str, str] | None) -> Any:
        """A connection to the wiki's API, logged in when there are credentials."""
        import mwclient

        parts = urlsplit(self.settings.url)
        site = mwclient.Site(
            parts.netloc.rpartition("@")[2], path=self._api_path(), scheme=parts.scheme,
            connection_options={"timeout": self.settings.timeout}, max_retries=0, retry_timeout=0,
            clients_useragent=USER_AGENT, force_login=credentials is not None,
        )
        if credentials is not None:
            self._login(site, *credentials)
        return site

    def _edit_pages(self, site: Any, pages: list[WikiPage]) -> int:
        """Save the pages whose text differs; how many changed."""
        outcomes = [self._put(site, page["title"], page["text"]) for page in pages]
        if "created" in outcomes and len(pages) > 1:
            # the digest page and its subpages link to each other: links to a page made
            # after them showed as missing until the pages are parsed again
            site.post("purge", titles="|".join(page["title"] for page in pages), forcelinkupdate="1")
        return sum(1 for outcome in outcomes if outcome)

    def _edit_index(self, site: Any, index: WikiIndexLine, page_title: str) -> bool:
        """Add or replace the digest's line on the index page; whether the page changed."""
        current = self._page(site, index["title"])
        text = current.text(cache=False) if current.exists else ""
        new = add_index_line(text, normalize_title(page_title), index["line"], index["date"])
        return self._put(site, index["title"], new) is not None

    def _failure(self, exc: Exception, credentials: tuple[str, str] | None) -> str:
        """Why a delivery failed, from the codes and texts of the wiki's or the connection's error."""
        import mwclient.errors as mw

        if isinstance(exc, mw.LoginError):
            user = credentials[0] if credentials else "?"
            return f"login as {user!r} refused ({exc.code}): {exc.info}"
        if isinstance(exc, mw.APIError):
            return f"API error {exc.code}: {exc.info}"
        if isinstance(exc, mw.InvalidPageTitle):
            return f"invalid page title: {exc.args[0] if exc.args else ''}"
        if isinstance(exc, mw.AssertUserFailedError):
            return "the login was lost during the session"
        if isinstance(exc, mw.ProtectedPageError):
            detail = exc.info or "the account may not edit it (set user_env and password_env?)"
            return f"cannot edit {getattr(exc.page, 'name', '?')!r}: {detail}"
        if isinstance(exc, mw.UserBlocked):
            return "the account is blocked"
        if isinstance(exc, mw.EditError):
            result = exc.args[1] if len(exc.args) > 1 and isinstance(exc.args[1], dict) else {}
            return f"edit refused: {result.get('result', '')} {result.get('info', '')}".strip()
        if isinstance(exc, mw.InvalidResponse):
            return f"no MediaWiki API at {self._api_path()}api.php (check url and script_path)"
        if isinstance(exc, mw.MwClientError):
            return f"{type(exc).__name__}"
        return self._connection_failure(exc)

    def _connection_failure(self, exc: Exception) -> str:
        """Why a request to the wiki failed, or that its answer was not what the API gives."""
        import requests.exceptions as http

        if isinstance(exc, http.Timeout):
            return f"no answer within {self.settings.timeout:g} s"
        if isinstance(exc, http.ConnectionError):
            return f"cannot connect ({_connection_reason(exc)})"
        if isinstance(exc, http.HTTPError):
            status = exc.response.status_code if exc.response is not None else "?"
            reason = exc.response.reason if exc.response is not None else ""
            return f"HTTP {status} {reason}".rstrip()
        if isinstance(exc, http.RequestException):
            return f"request failed ({type(exc).__name__})"
        return f"unexpected answer from the wiki ({type(exc).__name__})"

    def _login(self, site: Any, user: str, password: str) -> None:
        """Log in: a bot password ('User@bot') with action=login, a main account with clientlogin."""
        import mwclient.errors

        if "@" in user:
            site.login(user, password)
            return
        result = site.clientlogin(username=user, password=password)
        if result is not True:
            status = result.get("status", "?") if isinstance(result, dict) else "?"
            raise mwclient.errors.LoginError(site, status, "the wiki asks for another login step "
                                             "(two-factor?); use a bot password (User@bot) instead")
        site.site_init()

    @staticmethod
    def _page(site: Any, title: str) -> Any:
        return site.pages[title]

    def _put(self, site: Any, title: str, text: str) -> str | None:
        """Save ``text`` to the page unless it already says that: 'created', 'changed' or None."""
        page = self._page(site, title)
        if page.exists and same_text(page.text(cache=False), text):
            log.debug("%s: %s unchanged", self.name, title)
            return None
        result = page.edit(text, summary=self.settings.summary, bot=True)
        if "nochange" in result:
            return None
        log.info("%s: saved %s (revision %s)", self.name, title, result.get("newrevid"))
        return "created" if "new" in result else "changed"


def _connection_reason(exc: Exception) -> str:
    """The innermost reason of a connection error ('Connection refused'), without the request."""
    text = str(exc)
    for pattern in (r"\[Errno -?\d+\] ([^'\")]+)", r"(Name or service not known)", r"(timed out)"):
        match = re.search(pattern, text)
        if match:
            return match.group(1).strip()
    return type(exc).__name__
