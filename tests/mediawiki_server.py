"""A real MediaWiki on 127.0.0.1 for the tests: Debian's `mediawiki` package served by `php -S`.

Nothing is installed here. The wiki code stays in /usr/share/mediawiki; each test
session gets its own LocalSettings.php and SQLite database in a temporary folder
(MediaWiki reads the settings file named by the MW_CONFIG_FILE environment
variable), made by `maintenance/install.php`. The server can be stopped and
started again on the same port, to test a wiki that goes down mid-way.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

MEDIAWIKI = Path(os.environ.get("MEDIAWIKI_DIR", "/usr/share/mediawiki"))
INSTALL_HINT = "MediaWiki not installed: apt-get install mediawiki php-sqlite3"
ADMIN = "Admin"
#: Settings added to the installer's: no rate limits or login throttling in tests, no anonymous edits.
EXTRA_SETTINGS = """
# --- added by tests/mediawiki_server.py ---
$wgMainCacheType = CACHE_NONE;
$wgPasswordAttemptThrottle = [];
$wgRateLimits = [];
$wgGroupPermissions['*']['edit'] = false;
$wgGroupPermissions['*']['createaccount'] = false;
$wgJobRunRate = 0;
$wgShowExceptionDetails = true;
"""


def missing() -> str | None:
    """Why the wiki cannot run here, or None."""
    if shutil.which("php") is None:
        return "php not found"
    if not (MEDIAWIKI / "api.php").is_file() or not (MEDIAWIKI / "maintenance" / "install.php").is_file():
        return f"{MEDIAWIKI}/api.php not found"
    check = "echo class_exists('SQLite3') || extension_loaded('pdo_sqlite') ? 1 : 0;"
    probe = subprocess.run(["php", "-r", check], capture_output=True, text=True)
    if probe.stdout.strip() != "1":
        return "php has no SQLite support (php-sqlite3)"
    return None


def require() -> None:
    """Skip the test when MediaWiki is not installed; under CI (CI=true) that is a failure instead."""
    reason = missing()
    if reason is None:
        return
    message = f"{INSTALL_HINT} ({reason})"
    if os.environ.get("CI") == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Wiki:
    """A MediaWiki installed in ``root`` and served on 127.0.0.1:``port`` while running."""

    root: Path
    port: int
    password: str
    user: str = ADMIN
    process: subprocess.Popen | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    @property
    def api_url(self) -> str:
        return f"{self.url}api.php"

    @property
    def settings_file(self) -> Path:
        return self.root / "LocalSettings.php"

    def _env(self) -> dict[str, str]:
        return {**os.environ, "MW_CONFIG_FILE": str(self.settings_file)}

    def install(self) -> None:
        """Run MediaWiki's installer: SQLite database and LocalSettings.php in ``root``."""
        data = self.root / "data"
        data.mkdir(parents=True, exist_ok=True)
        passfile = self.root / "admin-password"
        passfile.write_text(self.password, encoding="utf-8")
        command = [
            "php", "maintenance/install.php", "--quiet",
            "--dbtype", "sqlite", "--dbpath", str(data), "--dbname", "wiki",
            "--server", f"http://127.0.0.1:{self.port}", "--scriptpath", "",
            "--confpath", str(self.root), "--lang", "de", "--skins", "",
            "--passfile", str(passfile), "DigestTest", self.user,
        ]
        done = subprocess.run(command, cwd=MEDIAWIKI, env=self._env(), capture_output=True, text=True,
                              timeout=300)
        passfile.unlink()
        if done.returncode != 0 or not self.settings_file.is_file():
            raise RuntimeError(f"MediaWiki install failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
        with self.settings_file.open("a", encoding="utf-8") as handle:
            handle.write(EXTRA_SETTINGS)

    def start(self, timeout: float = 60) -> None:
        """Serve the wiki with `php -S` and wait until api.php answers."""
        if self.process is not None and self.process.poll() is None:
            return
        log = (self.root / "server.log").open("ab")
        self.process = subprocess.Popen(
            ["php", "-S", f"127.0.0.1:{self.port}", "-t", str(MEDIAWIKI)],
            cwd=self.root, env=self._env(), stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        )
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"php -S exited with {self.process.returncode}; "
                                   f"see {self.root}/server.log")
            try:
                if self.api("query", meta="siteinfo").get("query"):
                    return
            except (OSError, ValueError):
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"MediaWiki did not answer on {self.api_url} within {timeout} s")

    def stop(self) -> None:
        """Stop the server; the port is free again when this returns."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.process = None

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def api(self, action: str, **params: str) -> dict:
        """An anonymous GET request to api.php, its JSON answer."""
        query = urllib.parse.urlencode({"action": action, "format": "json", "formatversion": "2", **params})
        with urllib.request.urlopen(f"{self.api_url}?{query}", timeout=30) as answer:
            return json.loads(answer.read().decode("utf-8"))

    def parse(self, title: str) -> dict:
        """The parsed page: ``text`` (HTML), ``links``, ``templates``, ``sections``."""
        answer = self.api("parse", page=title, prop="text|links|templates|sections|externallinks",
                          disablelimitreport="1", disableeditsection="1")
        if "error" in answer:
            raise AssertionError(f"parse {title!r}: {answer['error']}")
        return answer["parse"]

    def wikitext(self, title: str) -> str | None:
        """The page's current wikitext, None when it does not exist."""
        answer = self.api("query", prop="revisions", rvprop="content", rvslots="main", titles=title)
        page = answer["query"]["pages"][0]
        if page.get("missing"):
            return None
        return page["revisions"][0]["slots"]["main"]["content"]

    def revision_count(self, title: str) -> int:
        answer = self.api("query", prop="revisions", rvprop="ids", rvlimit="max", titles=title)
        page = answer["query"]["pages"][0]
        return 0 if page.get("missing") else len(page.get("revisions", []))


def start_wiki(root: Path, password: str) -> Wiki:
    """Install a fresh wiki in ``root`` and start it; the caller stops it."""
    wiki = Wiki(root, free_port(), password)
    wiki.install()
    wiki.start()
    return wiki
