"""Publishing end to end: payloads kept in the outbox, delivered by jobs and `digest publish`,
a target that is down never loses a digest and is retried. Real SMTP server (aiosmtpd)."""

import email
import email.policy
import json
import logging
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from digest import pipeline, service
from digest.cli import cli
from digest.config import GitWikiTarget, MailTarget, MediaWikiTarget, load_config
from digest.publish import make_target
from digest.publish.base import (
    GitWikiPayload,
    MailPayload,
    MediaWikiPayload,
    PublishError,
    Rendered,
    WikiIndexLine,
    WikiPage,
    read_credentials,
)
from digest.publish.gitwiki import GitWikiPublisher
from digest.publish.mail import MailPublisher
from digest.publish.mediawiki import MediaWikiPublisher

from .smtp_server import SMTPServer

BERLIN = ZoneInfo("Europe/Berlin")
DUE = datetime(2025, 12, 3, 7, 0, tzinfo=BERLIN)


@pytest.fixture
def smtp(tmp_path):
    server = SMTPServer(tmp_path / "smtp")
    yield server
    server.stop()


@pytest.fixture
def config_path(seed_inbox, config_file, smtp):
    return config_file(seed_inbox, extra=f"""
service: {{settle_seconds: 0}}
publish:
  - {{type: mail, name: team, host: 127.0.0.1, port: {smtp.port}, security: none,
     sender: digest@example.org, recipients: [lage@example.org], timeout: 5}}
jobs:
  - {{name: pickup, action: pickup, every: 10 minutes}}
  - {{name: daily, action: digest, cron: "0 7 * * *"}}
""")


def _job(config, name):
    return next(j for j in config.settings.jobs if j.name == name)


def test_target_down_keeps_the_digest_logs_shows_and_retries(config_path, smtp, tmp_path, caplog):
    config = load_config(config_path)
    caplog.set_level(logging.INFO)
    outcome = service.run_job(config, _job(config, "daily"), DUE)  # the mail server is not running
    digest = tmp_path / "out" / "2025" / "12" / "digest-2025-12-03.html"
    assert digest.is_file() and (tmp_path / "out" / "feed.xml").is_file()
    assert outcome.outcome == "ok" and outcome.detail.endswith("; published 0, failed 1")
    warning = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("publishing digest 2025-12-03 to team failed (attempt 1" in w
               and f"127.0.0.1:{smtp.port}" in w for w in warning), warning
    [pending] = service.status(config).deliveries
    assert (pending.target, pending.status, pending.attempts) == ("team", "failed", 1)

    smtp.start()
    later = service.run_job(config, _job(config, "pickup"), datetime(2025, 12, 3, 7, 10, tzinfo=BERLIN))
    assert later.detail.endswith("; published 1, failed 0")
    [received] = smtp.messages
    message = email.message_from_bytes(received.data, policy=email.policy.default)
    assert message["Subject"] == "Lage der Verhandlungen: 3. Dezember 2025"
    assert service.status(config).deliveries == []
    # delivered once: later jobs send nothing again
    service.run_job(config, _job(config, "pickup"), datetime(2025, 12, 3, 7, 20, tzinfo=BERLIN))
    assert len(smtp.messages) == 1


def test_server_stopped_mid_way_between_two_digests(config_path, smtp):
    config = load_config(config_path)
    smtp.start()
    service.run_job(config, _job(config, "daily"), DUE)
    assert len(smtp.messages) == 1
    smtp.stop()
    service.run_job(config, _job(config, "daily"), datetime(2025, 12, 4, 7, 0, tzinfo=BERLIN))
    assert [d.date.isoformat() for d in service.status(config).deliveries] == ["2025-12-04"]
    smtp.start()
    service.run_job(config, _job(config, "pickup"), datetime(2025, 12, 4, 7, 10, tzinfo=BERLIN))
    subjects = [email.message_from_bytes(m.data, policy=email.policy.default)["Subject"]
                for m in smtp.messages]
    assert subjects == ["Lage der Verhandlungen: 3. Dezember 2025",
                        "Lage der Verhandlungen: 4. Dezember 2025"]


def test_run_by_hand_does_not_publish_but_publish_by_hand_does(config_path, smtp):
    smtp.start()
    runner = CliRunner()
    result = runner.invoke(cli, ["run", "--config", str(config_path), "--date", "2025-12-03"])
    assert result.exit_code == 0, result.output
    assert smtp.messages == []  # `digest run` writes; publishing is the job's or yours
    result = runner.invoke(cli, ["publish", "--config", str(config_path), "--date", "2025-12-03"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "team: digest 2025-12-03 sent to 1 recipient\n"
    assert len(smtp.messages) == 1
    again = runner.invoke(cli, ["publish", "--config", str(config_path), "--date", "2025-12-03"])
    assert again.exit_code == 0
    assert again.stdout == "team: digest 2025-12-03 already published\n"
    assert len(smtp.messages) == 1


def test_publish_by_hand_reports_failures_and_nothing_to_publish(config_path, smtp):
    runner = CliRunner()
    runner.invoke(cli, ["run", "--config", str(config_path), "--date", "2025-12-03"])
    failed = runner.invoke(cli, ["publish", "--config", str(config_path), "--date", "2025-12-03"])
    assert failed.exit_code == 1
    assert failed.stdout.startswith(f"team: digest 2025-12-03 failed: 127.0.0.1:{smtp.port}: connect:")
    missing = runner.invoke(cli, ["publish", "--config", str(config_path), "--date", "2025-12-01"])
    assert missing.exit_code == 2
    assert missing.stderr == ("Error: nothing to publish for 2025-12-01: write the digest first with "
                              "`digest run --date 2025-12-01`\n")
    unknown = runner.invoke(cli, ["publish", "--config", str(config_path), "--target", "wiki"])
    assert unknown.exit_code == 2
    assert "--target: no publish target named 'wiki'" in unknown.stderr
    assert "(targets: team)" in unknown.stderr


def test_a_changed_digest_is_delivered_again(config_path, smtp, seed_inbox):
    config = load_config(config_path)
    smtp.start()
    service.run_job(config, _job(config, "daily"), DUE)
    (seed_inbox / "neu.txt").write_text("Neue Gespräche\n\nDie Delegationen trafen sich erneut in Genf zu "
                                        "Gesprächen über eine Waffenruhe.\n", encoding="utf-8")
    from .conftest import set_arrival

    set_arrival(seed_inbox / "neu.txt")
    runner = CliRunner()
    assert runner.invoke(cli, ["run", "--config", str(config_path), "--date", "2025-12-03"]).exit_code == 0
    result = runner.invoke(cli, ["publish", "--config", str(config_path), "--date", "2025-12-03"])
    assert result.stdout == "team: digest 2025-12-03 sent to 1 recipient\n"
    assert len(smtp.messages) == 2


def test_a_job_after_a_run_by_hand_still_delivers(config_path, smtp):
    smtp.start()
    config = load_config(config_path)
    result = CliRunner().invoke(cli, ["run", "--config", str(config_path), "--date", "2025-12-03"])
    assert result.exit_code == 0
    assert smtp.messages == []
    service.run_job(config, _job(config, "daily"), DUE)  # same digest, unchanged: still delivered
    assert len(smtp.messages) == 1


# -- one reader of credentials, typed payloads ---------------------------------------------------------

@pytest.mark.parametrize("user_env, password_env, environment, expected", [
    (None, None, {}, None),
    ("DIGEST_T_USER", "DIGEST_T_PASS", {"DIGEST_T_USER": "bot", "DIGEST_T_PASS": "geheim"},
     ("bot", "geheim")),
    ("DIGEST_T_USER", None, {"DIGEST_T_USER": "bot"},
     "publish to 't' failed: password_env is not configured: a login needs both user_env and password_env"),
    ("DIGEST_T_USER", "DIGEST_T_PASS", {"DIGEST_T_USER": "bot"},
     "publish to 't' failed: environment variable DIGEST_T_PASS (password_env) is not set or empty; "
     "export it before the run, or remove password_env from the target"),
    ("DIGEST_T_USER", "DIGEST_T_PASS", {"DIGEST_T_USER": "", "DIGEST_T_PASS": "geheim"},
     "publish to 't' failed: environment variable DIGEST_T_USER (user_env) is not set or empty; "
     "export it before the run, or remove user_env from the target"),
])
def test_credentials_come_from_the_named_variables_or_an_error_names_the_variable(
        monkeypatch, user_env, password_env, environment, expected):
    for name in ("DIGEST_T_USER", "DIGEST_T_PASS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    if isinstance(expected, str):
        with pytest.raises(PublishError) as error:
            read_credentials("t", user_env, password_env)
        assert str(error.value) == expected and "geheim" not in str(error.value)
        return
    login = read_credentials("t", user_env, password_env)
    assert (login.user, login.password) == expected if expected else login is None
    if login:
        assert "geheim" not in repr(login)


def test_every_target_reads_its_login_through_the_one_reader(monkeypatch):
    monkeypatch.delenv("DIGEST_T_NONE", raising=False)
    monkeypatch.setenv("DIGEST_T_USER", "bot")
    login = {"user_env": "DIGEST_T_USER", "password_env": "DIGEST_T_NONE"}
    wiki = MediaWikiPublisher(MediaWikiTarget(type="mediawiki", name="wiki", url="http://127.0.0.1:9/",
                                              **login))
    post = MailPublisher(MailTarget(type="mail", name="post", host="127.0.0.1", sender="a@example.org",
                                    recipients=["b@example.org"], **login))
    for name, read in (("wiki", wiki._credentials), ("post", post.credentials)):
        with pytest.raises(PublishError, match=f"^publish to '{name}' failed: .* DIGEST_T_NONE \\(password"):
            read()


def test_each_target_prepares_exactly_the_keys_of_its_payload_type(config_path, tmp_path):
    config = load_config(config_path)
    result = pipeline.run(config, DUE.date())
    rendered = Rendered(result.digest, "digest", result.markdown.read_text(encoding="utf-8"),
                        result.html.read_text(encoding="utf-8"), result.markdown, result.html, None)
    wiki = MediaWikiPublisher(MediaWikiTarget(type="mediawiki", name="wiki", url="http://127.0.0.1:9/",
                                              index_page="Archiv"))
    git = GitWikiPublisher(GitWikiTarget(type="gitwiki", name="git", repository=str(tmp_path / "r")),
                           tmp_path / "checkout")
    post = make_target(config.settings.publish[0], config)
    for publisher, payload_type in ((wiki, MediaWikiPayload), (git, GitWikiPayload), (post, MailPayload)):
        payload = publisher.prepare(rendered)
        assert set(payload) == set(payload_type.__annotations__), publisher.name
        assert json.loads(json.dumps(payload)) == payload  # kept as JSON in the outbox
    assert set(WikiPage.__annotations__) == set(wiki.prepare(rendered)["pages"][0])
    assert set(WikiIndexLine.__annotations__) == set(wiki.prepare(rendered)["index"])
