"""The mail target against a real SMTP server (aiosmtpd) on 127.0.0.1."""

from __future__ import annotations

import email
import email.policy
import email.utils
import json
import logging
import re
from datetime import UTC, date, datetime

import pytest

from digest import pipeline
from digest.config import MailTarget, load_config
from digest.publish import mail
from digest.publish.base import PublishError, Rendered

from .smtp_server import SMTPServer, free_port

DAY = date(2025, 12, 3)
SINCE = datetime(2022, 2, 24)
RECIPIENTS = ("leser@example.org", "redaktion@example.org")


def written_digest(config, day: date = DAY, since: datetime | None = SINCE, kind: str = "digest") -> Rendered:
    """Run the pipeline for ``day`` and return what a publish target is given for the written digest."""
    result = pipeline.run(config, day, since=since, kind=kind, now=datetime(2025, 12, 3, 7, 0, tzinfo=UTC))
    return Rendered(result.digest, kind, result.markdown.read_text(encoding="utf-8"),
                    result.html.read_text(encoding="utf-8"), result.markdown, result.html, config.templates)


@pytest.fixture
def rendered(seed_inbox, config_file) -> Rendered:
    return written_digest(load_config(config_file(seed_inbox)))


def target(server: SMTPServer | None = None, **values) -> mail.MailPublisher:
    settings = {"type": "mail", "name": "newsletter", "host": "127.0.0.1",
                "port": server.port if server else free_port(), "security": "none",
                "sender": "digest@example.org", "recipients": RECIPIENTS, "timeout": 5}
    if server is not None:
        settings["security"] = server.security
    settings.update(values)
    return mail.MailPublisher(MailTarget(**settings))


@pytest.fixture
def trust(monkeypatch):
    """Make the mail target trust a test server's self-signed certificate (and only it)."""

    def use(server: SMTPServer) -> None:
        monkeypatch.setattr(mail, "ssl_context_factory", server.client_context)

    return use


def parse(data: bytes) -> email.message.EmailMessage:
    return email.message_from_bytes(data, policy=email.policy.default)


def assert_is_the_digest(message, rendered: Rendered) -> None:
    """Both alternatives, UTF-8, equal to the written files; the headers a mail client needs."""
    assert message.get_content_type() == "multipart/alternative"
    parts = list(message.iter_parts())
    assert [p.get_content_type() for p in parts] == ["text/plain", "text/html"]
    for part in parts:
        assert part.get_content_charset() == "utf-8"
    # SMTP carries lines ending in CRLF; a mail client reads them as line ends
    text, html = (p.get_content().replace("\r\n", "\n") for p in parts)
    assert text == rendered.markdown
    assert html == rendered.html
    assert "Gespräche" in text and "Gespräche" in html  # umlauts survive the transfer encoding
    assert message["Subject"] == "Lage der Verhandlungen: 3. Dezember 2025"
    assert message["From"] == "digest@example.org"
    assert [a for _, a in email.utils.getaddresses([message["To"]])] == list(RECIPIENTS)
    assert email.utils.parsedate_to_datetime(message["Date"]).tzinfo is not None
    assert re.fullmatch(r"<digest-2025-12-03-[0-9a-f]{12}@news-digest>", message["Message-ID"])
    assert message["Content-Language"] == "de"


def test_prepare_makes_a_json_payload_with_a_stable_message_id(rendered):
    publisher = target(port=2525)
    first = publisher.prepare(rendered, now=datetime(2025, 12, 3, 7, 0, tzinfo=UTC))
    again = publisher.prepare(rendered, now=datetime(2025, 12, 4, 9, 30, tzinfo=UTC))
    assert json.loads(json.dumps(first)) == first
    assert all(isinstance(v, str) for v in first.values())
    assert first["message_id"] == again["message_id"]  # a retry is the same message
    assert first["date"] != again["date"]  # ... dated when it was prepared
    assert email.utils.parsedate_to_datetime(first["date"]) == datetime(2025, 12, 3, 7, 0, tzinfo=UTC)
    other = target(port=2525, name="other").prepare(rendered)
    assert other["message_id"] != first["message_id"]
    assert first["text"] == rendered.markdown and first["html"] == rendered.html


def test_subject_pattern_fills_day_date_and_kind(rendered):
    publisher = target(port=2525, subject="{kind} {date}: {day}")
    assert publisher.prepare(rendered)["subject"] == "digest 2025-12-03: 3. Dezember 2025"
    with pytest.raises(PublishError, match=r"\{week\}|week"):
        target(port=2525, subject="Lage {week}").prepare(rendered)


def test_plain_smtp_delivers_both_parts_and_the_headers(rendered, tmp_path):
    with SMTPServer(tmp_path / "smtp") as server:
        publisher = target(server)
        outcome = publisher.deliver(publisher.prepare(rendered))
    assert outcome == "sent to 2 recipients"
    [received] = server.messages
    assert received.mail_from == "digest@example.org"
    assert received.rcpt_tos == RECIPIENTS
    assert_is_the_digest(parse(received.data), rendered)


def test_starttls_with_login_from_the_environment(rendered, tmp_path, monkeypatch, trust, caplog):
    monkeypatch.setenv("DIGEST_SMTP_USER", "digest")
    monkeypatch.setenv("DIGEST_SMTP_PASSWORD", "s3cret-Pässwort")
    server = SMTPServer(tmp_path / "smtp", security="starttls", users={"digest": "s3cret-Pässwort"})
    trust(server)
    with server, caplog.at_level(logging.DEBUG):
        publisher = target(server, user_env="DIGEST_SMTP_USER", password_env="DIGEST_SMTP_PASSWORD")
        assert publisher.deliver(publisher.prepare(rendered)) == "sent to 2 recipients"
    [received] = server.messages
    assert received.login == "digest"
    assert_is_the_digest(parse(received.data), rendered)
    assert "s3cret" not in caplog.text


def test_starttls_does_not_trust_an_unknown_certificate_by_default(rendered, tmp_path):
    with SMTPServer(tmp_path / "smtp", security="starttls") as server:
        publisher = target(server)
        with pytest.raises(PublishError) as caught:
            publisher.deliver(publisher.prepare(rendered))
    assert f"127.0.0.1:{server.port}: STARTTLS: TLS certificate not accepted" in str(caught.value)
    assert server.messages == []


def test_implicit_tls_with_login(rendered, tmp_path, monkeypatch, trust):
    monkeypatch.setenv("MAIL_USER", "digest")
    monkeypatch.setenv("MAIL_PASS", "hunter2-xyz")
    server = SMTPServer(tmp_path / "smtp", security="tls", users={"digest": "hunter2-xyz"})
    trust(server)
    with server:
        publisher = target(server, user_env="MAIL_USER", password_env="MAIL_PASS")
        assert publisher.deliver(publisher.prepare(rendered)) == "sent to 2 recipients"
    [received] = server.messages
    assert received.login == "digest"
    assert_is_the_digest(parse(received.data), rendered)


def test_wrong_password_is_refused_without_showing_it(rendered, tmp_path, monkeypatch, trust, caplog):
    monkeypatch.setenv("MAIL_USER", "digest")
    monkeypatch.setenv("MAIL_PASS", "wrong-Geheimnis-42")
    server = SMTPServer(tmp_path / "smtp", security="starttls", users={"digest": "right-one"})
    trust(server)
    with server, caplog.at_level(logging.DEBUG):
        publisher = target(server, user_env="MAIL_USER", password_env="MAIL_PASS")
        with pytest.raises(PublishError) as caught:
            publisher.deliver(publisher.prepare(rendered))
    error = caught.value
    assert error.target == "newsletter"
    assert f"127.0.0.1:{server.port}: login as digest: login refused: 535" in error.reason
    assert server.failed_logins and server.messages == []
    for text in (str(error), repr(error), error.reason, caplog.text):
        assert "wrong-Geheimnis-42" not in text
    assert error.__cause__ is None and error.__suppress_context__  # no chained exception to print


def test_a_named_but_missing_variable_is_named(rendered, monkeypatch):
    monkeypatch.delenv("NO_SUCH_MAIL_PASSWORD", raising=False)
    monkeypatch.setenv("MAIL_USER", "digest")
    publisher = target(port=2525, user_env="MAIL_USER", password_env="NO_SUCH_MAIL_PASSWORD")
    with pytest.raises(PublishError, match="environment variable NO_SUCH_MAIL_PASSWORD"):
        publisher.deliver(publisher.prepare(rendered))


def test_server_down_then_back_on_the_same_port(rendered, tmp_path):
    server = SMTPServer(tmp_path / "smtp").start()
    publisher = target(server)
    try:
        payload = publisher.prepare(rendered)
        assert publisher.deliver(payload) == "sent to 2 recipients"
        server.stop()
        with pytest.raises(PublishError) as caught:
            publisher.deliver(payload)
        assert caught.value.reason == f"127.0.0.1:{server.port}: connect: connection refused " \
                                      "(is the server running?)"
        assert len(server.messages) == 1
        server.restart()
        # the retry (a later run) sends the payload kept in the outbox: the same message
        assert publisher.deliver(json.loads(json.dumps(payload))) == "sent to 2 recipients"
    finally:
        server.stop()
    first, retried = (parse(m.data) for m in server.messages)
    assert retried["Message-ID"] == first["Message-ID"]
    assert_is_the_digest(retried, rendered)


def test_a_refused_recipient_is_reported(rendered, tmp_path):
    with SMTPServer(tmp_path / "smtp") as server:
        publisher = target(server, recipients=("leser@example.org", "nobody@refused.invalid"))
        server.refuse = {"nobody@refused.invalid"}
        outcome = publisher.deliver(publisher.prepare(rendered))
    assert outcome.startswith("sent to 1 of 2 recipients (refused: nobody@refused.invalid: 550")
    assert server.messages[0].rcpt_tos == ("leser@example.org",)


def test_no_answer_is_a_timeout_naming_the_address(rendered, tmp_path):
    import socket

    with socket.socket() as silent:  # accepts connections, never greets
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        port = silent.getsockname()[1]
        publisher = target(port=port, timeout=0.5)
        with pytest.raises(PublishError, match=rf"127\.0\.0\.1:{port}: connect: no answer within 0\.5 s"):
            publisher.deliver(publisher.prepare(rendered))

