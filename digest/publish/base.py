"""What every publishing target is: prepared when a digest is written, delivered (and retried) later.

A target's payload is made from the composed digest at the moment the digest is
written and kept in the state's outbox, so a delivery that fails (wiki down, mail
server away) is retried by a later run with exactly the same content.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from ..errors import DigestError
from ..models import Digest


class PublishError(DigestError):
    """Raised when a target could not take a digest; the delivery is retried by a later run."""

    def __init__(self, target: str, reason: str):
        self.target = target
        self.reason = reason
        super().__init__(f"publish to {target!r} failed: {reason}")


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

    def prepare(self, rendered: Rendered) -> dict[str, Any]:
        """The JSON-serializable payload to deliver; made once, when the digest is written."""

    def deliver(self, payload: dict[str, Any]) -> str:
        """Deliver a payload; return a short description ('revision 42', 'sent to 3 recipients').

        Must be idempotent: delivering the same payload twice changes nothing the
        second time (no new wiki revision, no empty commit). Raises PublishError.
        Never logs or returns a password.
        """
