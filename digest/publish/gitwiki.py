"""The `gitwiki` target: GitHub, GitLab and Gitea wikis are git repositories of Markdown pages.

A delivery brings our clone up to date with the remote branch (the clone is
ours: leftovers of a crashed run are discarded), writes the digest page,
regenerates the list of digest pages in the index page, and commits and pushes
both. Nothing changed means no commit. When the push is rejected because the
remote moved meanwhile, the same change is made again on top of the new remote
state (what a rebase with a regenerated index amounts to, without its
conflicts) and pushed again, up to ``PUSH_ATTEMPTS`` times.

The index page may hold text of its own: we only replace the part between our
two markers (or append it when they are missing).
"""

from __future__ import annotations

import logging
import os
import re
import subprocess
from collections.abc import Sequence
from datetime import date
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from .. import i18n
from ..config import GitWikiTarget
from .base import GitWikiPayload, PublishError, Rendered

log = logging.getLogger("digest.publish.gitwiki")

#: Seconds one git command may take (a clone or push over a slow link included).
GIT_TIMEOUT = 300
#: Pushes tried before giving up on a remote that keeps moving.
PUSH_ATTEMPTS = 3

INDEX_START = "<!-- news-digest: list of digests, made by the digest bot; edits here are replaced -->"
INDEX_END = "<!-- news-digest: end of the list -->"

_CREDENTIALS = re.compile(r"(\b[a-zA-Z][a-zA-Z0-9+.-]*://)[^/@\s]+@")
_RETRYABLE = ("[rejected]", "failed to update ref", "cannot lock ref", "incorrect old value", "stale info")


def mask(text: str) -> str:
    """Hide credentials in URLs: https://user:token@host → https://***@host."""
    return _CREDENTIALS.sub(r"\1***@", text)


def page_pattern(pattern: str) -> re.Pattern[str]:
    """A regex matching the file names the page pattern makes; groups 'date' and 'kind'."""
    parts = re.split(r"(\{date\}|\{kind\})", pattern)
    regex = []
    seen: set[str] = set()
    for part in parts:
        if part in ("{date}", "{kind}"):
            name = part[1:-1]
            body = r"\d{4}-\d{2}-\d{2}" if name == "date" else r"[a-z0-9][a-z0-9_-]*"
            regex.append(f"(?P={name})" if name in seen else f"(?P<{name}>{body})")
            seen.add(name)
        else:
            regex.append(re.escape(part))
    return re.compile("".join(regex))


def first_heading(path: Path) -> str | None:
    """The text of a Markdown page's first '# ' heading."""
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            for _, line in zip(range(200), handle, strict=False):
                if line.startswith("# "):
                    return line[2:].strip() or None
    except OSError:
        return None
    return None


def index_block(pages: Sequence[tuple[str, str]], heading: str) -> str:
    """Our part of the index page: a heading and a link to every (file name, title), as given."""
    lines = [INDEX_START, "", f"## {heading}", ""]
    for name, title in pages:
        target = name[:-3] if name.endswith(".md") else name  # wikis link pages by name
        label = re.sub(r"(?<!\\)([\[\]])", r"\\\1", title)  # headings come escaped; escape the rest
        lines.append(f"- [{label}]({quote(target)})")
    lines += ["", INDEX_END, ""]
    return "\n".join(lines)


def merge_index(existing: str | None, block: str) -> str:
    """The index page with our block replaced (or appended); the rest of the page is kept."""
    if not existing:
        return block
    start, end = existing.find(INDEX_START), existing.find(INDEX_END)
    if start >= 0 and end > start:
        tail = existing[end + len(INDEX_END):]
        return existing[:start] + block + tail.removeprefix("\n")
    return existing.rstrip("\n") + "\n\n" + block


class GitWikiPublisher:
    """Commits digest pages and the index to a git wiki; see the module docstring."""

    def __init__(self, settings: GitWikiTarget, default_checkout: Path):
        self.settings = settings
        self.name = settings.name
        self.checkout = Path(settings.checkout).expanduser() if settings.checkout else Path(default_checkout)
        self.pattern = page_pattern(settings.page)
        self.remote = remote_location(settings.repository)

    # -- prepare ---------------------------------------------------------------------------------------

    def page_name(self, day: date, kind: str) -> str:
        """The file name of a digest page; relative, inside the repository."""
        try:
            name = self.settings.page.format_map({"date": day.isoformat(), "kind": kind})
        except (KeyError, IndexError, ValueError) as exc:
            raise PublishError(self.name, f"page {self.settings.page!r}: expected the placeholders {{date}} "
                                          f"and {{kind}} ({type(exc).__name__}: {exc})") from None
        _check_relative(self.name, "page", name)
        if name == self.settings.index:
            raise PublishError(self.name, f"page {name!r} is the index page")
        return name

    def prepare(self, rendered: Rendered) -> GitWikiPayload:
        """The Markdown page and what its commit message and the index say of it."""
        language = rendered.digest.language
        key_points = rendered.digest.key_points
        return GitWikiPayload(
            page=self.page_name(rendered.date, rendered.kind),
            markdown=rendered.markdown,
            date=rendered.date.isoformat(),
            kind=rendered.kind,
            language=language,
            title=f"{i18n.labels(language)['title']} {i18n.format_day(rendered.date, language)}",
            first_key_point=key_points[0].text if key_points else "",
        )

    # -- deliver ---------------------------------------------------------------------------------------

    def deliver(self, payload: GitWikiPayload) -> str:
        page = payload["page"]
        _check_relative(self.name, "page", page)
        _check_relative(self.name, "index", self.settings.index)
        for attempt in range(1, PUSH_ATTEMPTS + 1):
            branch = self._sync()
            self._write(payload)
            self._git("add", "--", page, self.settings.index)
            if self._git("diff", "--cached", "--quiet", check=False).returncode == 0:
                return "unchanged"
            message = [payload.get("title") or page]
            if payload.get("first_key_point"):
                message.append(payload["first_key_point"])
            self._git("-c", f"user.name={self.settings.author_name}",
                      "-c", f"user.email={self.settings.author_email}",
                      "commit", "--quiet", "--no-verify", *(a for m in message for a in ("-m", m)))
            pushed = self._git("push", "--porcelain", "origin", f"HEAD:refs/heads/{branch}", check=False)
            if pushed.returncode == 0:
                sha = self._git("rev-parse", "--short", "HEAD").stdout.strip()
                return f"commit {sha}"
            if not any(signal in pushed.stdout + pushed.stderr for signal in _RETRYABLE):
                raise self._error("push", pushed)
            log.info("%s: push %d of %d rejected, the remote moved; trying again on top of it", self.name,
                     attempt, PUSH_ATTEMPTS)
        raise PublishError(self.name, f"{self._where()}: git push: rejected {PUSH_ATTEMPTS} times, "
                                      "the remote branch keeps moving")

    def _sync(self) -> str:
        """Clone, or fetch and reset our clone to the remote branch; return the branch name."""
        git_dir = self.checkout / ".git"
        if not git_dir.is_dir():
            if self.checkout.exists() and any(self.checkout.iterdir()):
                raise PublishError(self.name, f"checkout {self.checkout} exists and is not a git clone; "
                                              "remove it or name another 'checkout'")
            self.checkout.parent.mkdir(parents=True, exist_ok=True)
            self._git("clone", "--quiet", "--no-tags", "--", self.remote, str(self.checkout),
                      cwd=self.checkout.parent)
        else:
            self._clean_up_after_crash(git_dir)
            self._git("remote", "set-url", "origin", self.remote)
            self._git("fetch", "--quiet", "--prune", "--no-tags", "origin")
        branch = self._branch()
        remote = f"refs/remotes/origin/{branch}"
        if self._git("rev-parse", "--verify", "--quiet", remote, check=False).returncode == 0:
            self._git("checkout", "--quiet", "--force", "-B", branch, remote)
            self._git("reset", "--quiet", "--hard", remote)
        else:  # an empty wiki, or a new branch: start it from nothing
            self._git("checkout", "--quiet", "--force", "--orphan", branch)
            self._git("rm", "-r", "-q", "--cached", "--ignore-unmatch", ".")
        self._git("clean", "-q", "-ffdx")
        return branch

    def _clean_up_after_crash(self, git_dir: Path) -> None:
        """A run killed mid-way may leave a lock or a rebase; the clone is ours and we hold the state lock."""
        lock = git_dir / "index.lock"
        if lock.exists():
            log.warning("%s: removing %s left by an interrupted git command", self.name, lock)
            lock.unlink(missing_ok=True)
        for state in ("rebase-merge", "rebase-apply"):
            if (git_dir / state).exists():
                self._git("rebase", "--abort", check=False)
        if (git_dir / "MERGE_HEAD").exists():
            self._git("merge", "--abort", check=False)

    def _branch(self) -> str:
        """The configured branch, else the remote's default (else the one the clone started on)."""
        if self.settings.branch:
            return self.settings.branch
        for attempt in range(2):
            head = self._git("symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD", check=False)
            if head.returncode == 0 and head.stdout.strip().startswith("origin/"):
                return head.stdout.strip().removeprefix("origin/")
            if attempt == 0:
                self._git("remote", "set-head", "origin", "--auto", check=False)
        local = self._git("symbolic-ref", "--quiet", "--short", "HEAD", check=False)
        if local.returncode == 0 and local.stdout.strip():
            return local.stdout.strip()
        raise PublishError(self.name,
                           f"{self._where()}: cannot tell the remote's default branch; set 'branch'")

    def _write(self, payload: GitWikiPayload) -> None:
        """Write the page, then the index listing every digest page now in the clone."""
        page = self.checkout / payload["page"]
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(payload["markdown"], encoding="utf-8", newline="")
        index = self.checkout / self.settings.index
        existing = index.read_text(encoding="utf-8", errors="replace") if index.is_file() else None
        language = payload.get("language", "german")
        heading = i18n.labels(language if language in i18n.LANGUAGES else "german")["title"]
        index.parent.mkdir(parents=True, exist_ok=True)
        index.write_text(merge_index(existing, index_block(self.pages(), heading)), encoding="utf-8",
                         newline="")

    def pages(self) -> list[tuple[str, str]]:
        """Every digest page in the clone as (file name, title), newest first."""
        found = []
        for path in self.checkout.rglob("*"):
            if ".git" in path.relative_to(self.checkout).parts or not path.is_file():
                continue
            name = path.relative_to(self.checkout).as_posix()
            match = self.pattern.fullmatch(name)
            if match is None or name == self.settings.index:
                continue
            day = match.groupdict().get("date") or ""
            kind = match.groupdict().get("kind") or ""
            found.append((day, kind, name, first_heading(path) or PurePosixPath(name).stem))
        found.sort(key=lambda item: (item[0], item[1], item[2]), reverse=True)
        return [(name, title) for _, _, name, title in found]

    # -- running git -----------------------------------------------------------------------------------

    def _where(self) -> str:
        return mask(self.settings.repository)

    def _git(self, *args: str, check: bool = True, cwd: Path | None = None) -> subprocess.CompletedProcess:
        command = ["git", "-c", "commit.gpgsign=false", "-c", "core.hooksPath=/dev/null", *args]
        try:
            done = subprocess.run(command, cwd=cwd or self.checkout, capture_output=True, text=True,
                                  timeout=GIT_TIMEOUT, env=_git_env())
        except subprocess.TimeoutExpired:
            raise PublishError(self.name, f"{self._where()}: git {_verb(args)}: no answer within "
                                          f"{GIT_TIMEOUT} s") from None
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise PublishError(self.name, f"{self._where()}: git {_verb(args)}: {reason}") from None
        if check and done.returncode != 0:
            raise self._error(_verb(args), done)
        return done

    def _error(self, verb: str, done: subprocess.CompletedProcess) -> PublishError:
        lines = [line.strip() for line in (done.stderr or done.stdout or "").splitlines() if line.strip()]
        useful = [line for line in lines if not line.startswith("hint:")] or lines
        reason = useful[-1] if useful else f"exit status {done.returncode}"
        return PublishError(self.name, mask(f"{self._where()}: git {verb}: {reason}"))


def remote_location(repository: str) -> str:
    """A URL or scp-like address as given; a local path made absolute (git runs in other folders)."""
    if "://" in repository or re.match(r"^[\w.-]+@[\w.-]+:", repository) or repository.startswith("file:"):
        return repository
    return str(Path(repository).expanduser().absolute())


def _verb(args: Sequence[str]) -> str:
    """The git subcommand in an argument list (after any '-c name=value' options)."""
    rest = list(args)
    while rest and rest[0] == "-c":
        rest = rest[2:]
    return rest[0] if rest else "git"


def _git_env() -> dict[str, str]:
    """Our environment for git: never prompt, English messages, normal dates, no inherited repository."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("GIT_AUTHOR_DATE", "GIT_COMMITTER_DATE", "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE",
                        "GIT_OBJECT_DIRECTORY", "GIT_NAMESPACE", "GIT_CEILING_DIRECTORIES")}
    env.update(GIT_TERMINAL_PROMPT="0", LC_ALL="C", LANGUAGE="C")
    env.setdefault("GIT_SSH_COMMAND", "ssh -o BatchMode=yes")
    return env


def _check_relative(target: str, key: str, name: str) -> None:
    """A page name stays inside the repository: relative, no '..', not in .git."""
    parts = PurePosixPath(name).parts
    if not name or name.startswith("/") or "\\" in name or ".." in parts or ".git" in parts:
        raise PublishError(target, f"{key} {name!r}: expected a file name inside the repository")
