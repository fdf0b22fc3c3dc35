"""What every publishing target is: prepared when a digest is written, delivered (and retried) later.

A target's payload is made from the composed digest at the moment the digest is
written and kept in the state's outbox, so a delivery that fails (wiki down, mail
server away) is retried by a later run with exactly the same content.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import NotRequired, Protocol, TypedDict

from ..errors import DigestError
from ..models import Digest


class PublishError(DigestError):
    """Raised when a target could not take a digest; the delivery is retried by a later run."""

    def __init__(self, target: str, reason: str):
        self.target = target
        self.reason = reason
        super().__init__(f"publish to {target!r} failed: {reason}")


#: The mail target's payload: headers and both parts of the message (every value a string).
MailPayload = TypedDict("MailPayload", {
    "from": str, "to": str, "subject": str, "date": str, "message_id": str, "language": str,
    "text": str, "html": str,
})


class WikiPage(TypedDict):
    """A wiki page to edit: its title and whole wikitext."""

    title: str
    text: str


class WikiIndexLine(TypedDict):
    """The line of a digest on the wiki's index page, placed by its date."""

    title: str  # of the index page
    line: str
    date: str  # ISO


class MediaWikiPayload(TypedDict):
    """The MediaWiki target's payload: the digest page, its article subpages, the index line."""

    pages: list[WikiPage]
    index: WikiIndexLine | None


class GitWikiPayload(TypedDict):
    """The git wiki target's payload: the Markdown page, and what its commit and the index say."""

    page: str  # file name in the wiki
    markdown: str
    date: str
    kind: str
    language: NotRequired[str]  # absent from payloads of earlier releases
    title: NotRequired[str]
    first_key_point: NotRequired[str]


#: Any target's payload: kept as JSON in the outbox between prepare and deliver.
Payload = MailPayload | MediaWikiPayload | GitWikiPayload


@dataclass(frozen=True)
class Credentials:
    """A login read from the environment; the password is never shown (not even by repr)."""

    user: str
    password: str

    def __repr__(self) -> str:
        return f"Credentials(user={self.user!r}, password='***')"


def read_credentials(target: str, user_env: str | None, password_env: str | None) -> Credentials | None:
    """The login from the environment variables a target's settings name; None when it names neither.

    Raises PublishError naming the variable (never its value) when only one is
    configured, or a named variable is not set or empty.
    """
    if not user_env and not password_env:
        return None
    values = []
    for key, variable in (("user_env", user_env), ("password_env", password_env)):
        if not variable:
            raise PublishError(target, f"{key} is not configured: a login needs both user_env "
                                       "and password_env")
        value = os.environ.get(variable)
        if not value:
            raise PublishError(target, f"environment variable {variable} ({key}) is not set or empty; "
                                       f"export it before the run, or remove {key} from the target")
        values.append(value)
    return Credentials(values[0], values[1])


@dataclass(frozen=True)
class Rendered:
    """A written digest: what it says and the files it is in."""

    digest: Digest
    kind: str  # the digest series: "digest", "weekly", ...
    markdown: str
    html: str
    markdown_path: Path
    html_path: Path
    templates: Path | None  # the user's template folder, looked up before ours

    @property
    def date(self) -> date:
        return self.digest.date


class Target(Protocol):
    """A place digests are published to (one per configured `publish:` entry)."""

    name: str

    def prepare(self, rendered: Rendered) -> Payload:
        """The JSON-serializable payload to deliver; made once, when the digest is written."""

    def deliver(self, payload: Payload) -> str:
        """Deliver a payload; return a short description ('revision 42', 'sent to 3 recipients').

        Must be idempotent: delivering the same payload twice changes nothing the
        second time (no new wiki revision, no empty commit). Raises PublishError.
        Never logs or returns a password.
        """
