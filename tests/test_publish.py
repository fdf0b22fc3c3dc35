"""Publishing end to end: payloads kept in the outbox, delivered by jobs and `digest publish`,
a target that is down never loses a digest and is retried. Real SMTP server (aiosmtpd)."""

import email
import email.policy
import logging
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from digest import service
from digest.cli import cli
from digest.config import load_config

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
