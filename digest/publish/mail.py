"""The `mail` target: each digest as multipart/alternative (Markdown text and the HTML page) over SMTP.

The payload is made once, when the digest is written: subject, headers and both
parts, with a Message-ID derived from the content, so a delivery retried by a
later run sends the very same message (a recipient's mail client can tell it is
one message). Connection settings and the login are read at delivery time: a
fixed server address or a new password applies to the retry.
"""

from __future__ import annotations

import base64
import email.utils
import hashlib
import logging
import smtplib
import socket
import ssl
from collections.abc import Callable
from datetime import datetime
from email.message import EmailMessage

from .. import i18n, lang
from ..config import MailTarget
from .base import Credentials, MailPayload, PublishError, Rendered, read_credentials

log = logging.getLogger("digest.publish.mail")

#: Makes the SSL context for STARTTLS and implicit TLS. The default verifies the
#: server's certificate and host name against the system's trusted CAs. Tests
#: replace it (e.g. with a context trusting their self-signed certificate); the
#: configuration offers no way to turn verification off.
ssl_context_factory: Callable[[], ssl.SSLContext] = ssl.create_default_context

PAYLOAD_KEYS = ("from", "to", "subject", "date", "message_id", "language", "text", "html")


def message_id(target: str, kind: str, day: str, markdown: str, html: str) -> str:
    """A Message-ID that is the same for the same digest content sent by the same target."""
    content = hashlib.sha256()
    for part in (target, kind, day, markdown, html):
        content.update(part.encode("utf-8"))
        content.update(b"\0")
    return f"<digest-{day}-{content.hexdigest()[:12]}@news-digest>"


class MailPublisher:
    """Sends a digest to the configured recipients; see the module docstring."""

    def __init__(self, settings: MailTarget):
        self.settings = settings
        self.name = settings.name

    @property
    def address(self) -> str:
        return f"{self.settings.host}:{self.settings.port}"

    # -- prepare ---------------------------------------------------------------------------------------

    def subject(self, rendered: Rendered) -> str:
        """The subject from the configured pattern: {day} in words, {date} ISO, {kind}."""
        language = rendered.digest.language
        values = {
            "day": i18n.format_day(rendered.date, language),
            "date": rendered.date.isoformat(),
            "kind": rendered.kind,
        }
        try:
            subject = self.settings.subject.format_map(values)
        except (KeyError, IndexError, ValueError) as exc:
            raise PublishError(
                self.name, f"subject {self.settings.subject!r}: expected the placeholders {{day}}, "
                           f"{{date}} and {{kind}} ({type(exc).__name__}: {exc})"
            ) from None
        return " ".join(subject.split())  # a header is one line

    def prepare(self, rendered: Rendered, *, now: datetime | None = None) -> MailPayload:
        """Subject, headers and both parts of the message; every value a string."""
        day = rendered.date.isoformat()
        moment = (now or datetime.now()).astimezone()
        return {
            "from": self.settings.sender,
            "to": ", ".join(self.settings.recipients),
            "subject": self.subject(rendered),
            "date": email.utils.format_datetime(moment),
            "message_id": message_id(self.name, rendered.kind, day, rendered.markdown, rendered.html),
            "language": lang.get(rendered.digest.language).tag,
            "text": rendered.markdown,
            "html": rendered.html,
        }

    # -- deliver ---------------------------------------------------------------------------------------

    def message(self, payload: MailPayload) -> EmailMessage:
        """The message of a payload: text/plain and text/html alternatives, both UTF-8."""
        missing = [key for key in PAYLOAD_KEYS if not isinstance(payload.get(key), str)]
        if missing:
            raise PublishError(self.name, f"payload lacks {', '.join(missing)}")
        message = EmailMessage()
        message["From"] = payload["from"]
        message["To"] = payload["to"]
        message["Subject"] = payload["subject"]
        message["Date"] = payload["date"]
        message["Message-ID"] = payload["message_id"]
        message.set_content(payload["text"], subtype="plain", charset="utf-8")
        message.add_alternative(payload["html"], subtype="html", charset="utf-8")
        message["Content-Language"] = payload["language"]  # after set_content, which drops Content-*
        return message

    def credentials(self) -> Credentials | None:
        """The login from the environment variables named in the settings, or None for no login."""
        return read_credentials(self.name, self.settings.user_env, self.settings.password_env)

    def deliver(self, payload: MailPayload) -> str:
        """Send the message; 'sent to N recipients'. Raises PublishError naming host:port and the reason."""
        settings = self.settings
        message = self.message(payload)
        recipients = [address for _, address in email.utils.getaddresses([payload["to"]]) if address]
        if not recipients:
            raise PublishError(self.name, "no recipients")
        login = self.credentials()
        password = login.password if login else None
        step = "connect"
        try:
            if settings.security == "tls":
                client: smtplib.SMTP = smtplib.SMTP_SSL(
                    settings.host, settings.port, timeout=settings.timeout, context=ssl_context_factory())
            else:
                client = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
            with client:
                if settings.security == "starttls":
                    step = "STARTTLS"
                    client.ehlo()
                    client.starttls(context=ssl_context_factory())
                    client.ehlo()
                if login:
                    step = f"login as {login.user}"
                    _login(client, login.user, login.password)
                step = "send"
                refused = client.send_message(message, from_addr=payload["from"], to_addrs=recipients)
        except Exception as exc:  # every failure becomes a PublishError with a reason
            reason = self._reason(exc, step)
            if password:
                reason = reason.replace(password, "***")
            raise PublishError(self.name, f"{self.address}: {reason}") from None
        sent = len(recipients) - len(refused)
        if refused:
            detail = "; ".join(f"{addr}: {code} {_text(answer)}" for addr, (code, answer) in refused.items())
            log.warning("%s: %s refused %d of %s: %s", self.name, self.address, len(refused),
                        i18n.counted(len(recipients), "recipient"), detail)
            return f"sent to {sent} of {i18n.counted(len(recipients), 'recipient')} (refused: {detail})"
        return f"sent to {sent} recipient{'s' if sent != 1 else ''}"

    def _reason(self, exc: BaseException, step: str) -> str:
        """What went wrong, in words: the step, and the server's answer or the network error."""
        if isinstance(exc, ssl.SSLCertVerificationError):
            return f"{step}: TLS certificate not accepted ({exc.verify_message})"
        if isinstance(exc, ssl.SSLError):
            return f"{step}: TLS failed ({exc.reason or exc})"
        if isinstance(exc, ConnectionRefusedError):
            return f"{step}: connection refused (is the server running?)"
        if isinstance(exc, smtplib.SMTPServerDisconnected) and isinstance(exc.__context__, TimeoutError):
            exc = exc.__context__  # smtplib reports a read timeout as a closed connection
        if isinstance(exc, socket.timeout | TimeoutError):
            return f"{step}: no answer within {self.settings.timeout:g} s"
        if isinstance(exc, socket.gaierror):
            return f"{step}: host not found ({exc.strerror})"
        if isinstance(exc, smtplib.SMTPAuthenticationError):
            return f"{step}: login refused: {exc.smtp_code} {_text(exc.smtp_error)}"
        if isinstance(exc, smtplib.SMTPRecipientsRefused):
            detail = "; ".join(f"{a}: {code} {_text(t)}" for a, (code, t) in exc.recipients.items())
            return f"{step}: every recipient refused ({detail})"
        if isinstance(exc, smtplib.SMTPSenderRefused):
            return f"{step}: sender {exc.sender} refused: {exc.smtp_code} {_text(exc.smtp_error)}"
        if isinstance(exc, smtplib.SMTPResponseException):
            return f"{step}: server answered {exc.smtp_code} {_text(exc.smtp_error)}"
        if isinstance(exc, smtplib.SMTPServerDisconnected):
            return f"{step}: server closed the connection ({exc or 'unexpectedly'})"
        if isinstance(exc, smtplib.SMTPNotSupportedError):
            return f"{step}: not offered by the server ({exc})"
        if isinstance(exc, OSError):
            return f"{step}: {exc.strerror or exc}"
        return f"{step}: {type(exc).__name__}: {exc}"


def _login(client: smtplib.SMTP, user: str, password: str) -> None:
    """Log in; a non-ASCII login goes as UTF-8 with AUTH PLAIN (RFC 4616), which smtplib cannot send."""
    if user.isascii() and password.isascii():
        client.login(user, password)
        return
    client.ehlo_or_helo_if_needed()
    if "PLAIN" not in client.esmtp_features.get("auth", "").upper().split():
        raise smtplib.SMTPNotSupportedError("a login with non-ASCII characters needs AUTH PLAIN")
    token = base64.b64encode(f"\0{user}\0{password}".encode()).decode("ascii")
    code, answer = client.docmd("AUTH", f"PLAIN {token}")
    if code != 235:
        raise smtplib.SMTPAuthenticationError(code, answer)


def _text(value: bytes | str) -> str:
    """A server's answer as one line of text."""
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    return " ".join(value.split())
