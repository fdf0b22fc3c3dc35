"""Publishing digests: payloads prepared when a digest is written, delivered and retried from the outbox."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from ..config import Config, GitWikiTarget, MailTarget, MediaWikiTarget
from ..store import Delivery, Store
from .base import PublishError, Rendered, Target

__all__ = ["PublishError", "Rendered", "Target", "DeliveryResult", "make_target", "prepare", "deliver"]

log = logging.getLogger("digest.publish")


@dataclass(frozen=True)
class DeliveryResult:
    """How one delivery attempt went."""

    target: str
    kind: str
    date: date
    ok: bool
    detail: str


def make_target(settings: MediaWikiTarget | GitWikiTarget | MailTarget, config: Config) -> Target:
    """The publisher for one configured target (its library is imported only when used)."""
    if isinstance(settings, MediaWikiTarget):
        from .mediawiki import MediaWikiPublisher

        return MediaWikiPublisher(settings, tz=config.tz)
    if isinstance(settings, MailTarget):
        from .mail import MailPublisher

        return MailPublisher(settings)
    from .gitwiki import GitWikiPublisher

    checkout = config.state.parent / "gitwiki" / settings.name
    return GitWikiPublisher(_relative_to_config(settings, config), checkout)


def _relative_to_config(settings: GitWikiTarget, config: Config) -> GitWikiTarget:
    """Local paths in a git wiki target (checkout, a repository on disk) are relative to the config file."""
    base = config.path.resolve().parent if config.path else Path.cwd()
    changes = {}
    if settings.checkout and not Path(settings.checkout).is_absolute():
        changes["checkout"] = str(base / settings.checkout)
    repository = settings.repository
    remote = "://" in repository or re.match(r"^[\w.-]+@[\w.-]+:", repository)
    if not remote and not Path(repository).is_absolute():
        changes["repository"] = str(base / repository)
    return settings.model_copy(update=changes)


def prepare(config: Config, store: Store, rendered: Rendered, request: Iterable[str] = (),
            now: datetime | None = None) -> None:
    """Keep every target's payload for a written digest; those named in ``request`` are to be delivered."""
    wanted = set(request)
    for settings in config.settings.publish:
        payload = make_target(settings, config).prepare(rendered)
        status = "pending" if settings.name in wanted else "held"
        store.put_delivery(settings.name, rendered.kind, rendered.date, payload, status,
                           now or datetime.now(UTC))


def deliver(config: Config, store: Store, *, target: str | None = None, day: date | None = None,
            include_held: bool = False) -> list[DeliveryResult]:
    """Deliver pending and failed payloads (and held ones when asked by hand); failures are kept for later."""
    statuses = ("pending", "failed", "held") if include_held else ("pending", "failed")
    configured = {t.name: t for t in config.settings.publish}
    results = []
    for delivery in store.deliveries(statuses, target=target, day=day):
        settings = configured.get(delivery.target)
        if settings is None:
            continue  # a target no longer in the config
        results.append(_attempt(config, store, settings, delivery))
    return results


def _attempt(config: Config, store: Store, settings: MediaWikiTarget | GitWikiTarget | MailTarget,
             delivery: Delivery) -> DeliveryResult:
    """One delivery, recorded in the outbox; a failure is logged on one line and kept for a retry."""
    label = f"{delivery.kind} {delivery.date.isoformat()} to {delivery.target}"
    try:
        detail = make_target(settings, config).deliver(delivery.payload)
    except PublishError as exc:
        store.delivered(delivery, "failed", exc.reason, datetime.now(UTC))
        log.warning("publishing %s failed (attempt %d, retried by the next run): %s",
                    label, delivery.attempts + 1, exc.reason)
        return DeliveryResult(delivery.target, delivery.kind, delivery.date, False, exc.reason)
    store.delivered(delivery, "done", detail, datetime.now(UTC))
    log.info("published %s: %s", label, detail)
    return DeliveryResult(delivery.target, delivery.kind, delivery.date, True, detail)
