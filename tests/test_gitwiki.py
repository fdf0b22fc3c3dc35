"""The gitwiki target against a local bare repository."""

from __future__ import annotations

import os
import subprocess
from datetime import date
from pathlib import Path

import pytest

from digest.config import GitWikiTarget, load_config
from digest.publish import gitwiki
from digest.publish.base import PublishError, Rendered

from .test_mail import written_digest

HOME = "# Willkommen\n\nDas Wiki der Redaktion.\n"


def git(*args: str, cwd: Path) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Jemand", "GIT_AUTHOR_EMAIL": "jemand@example.org",
           "GIT_COMMITTER_NAME": "Jemand", "GIT_COMMITTER_EMAIL": "jemand@example.org",
           "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(cwd)}
    done = subprocess.run(["git", "-c", "commit.gpgsign=false", *args], cwd=cwd, capture_output=True,
                          text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture
def remote(tmp_path) -> Path:
    """A bare repository on branch 'main' with a first commit (a Home page of the wiki's own)."""
    bare = tmp_path / "wiki.git"
    bare.mkdir()
    git("init", "--quiet", "--bare", "-b", "main", cwd=bare)
    helper = tmp_path / "helper"
    git("clone", "--quiet", str(bare), str(helper), cwd=tmp_path)
    (helper / "Home.md").write_text(HOME, encoding="utf-8")
    git("add", "Home.md", cwd=helper)
    git("commit", "--quiet", "-m", "Erste Seite", cwd=helper)
    git("push", "--quiet", "origin", "HEAD:main", cwd=helper)
    return bare


@pytest.fixture
def digests(seed_inbox, config_file):
    """The written digests of 3 and 4 December 2025 (the second one's window starts after the first)."""
    config = load_config(config_file(seed_inbox))
    return written_digest(config), written_digest(config, date(2025, 12, 4), since=None)


def publisher(remote: Path, checkout: Path, **values) -> gitwiki.GitWikiPublisher:
    settings = GitWikiTarget(type="gitwiki", name="wiki", repository=str(remote), **values)
    return gitwiki.GitWikiPublisher(settings, checkout)


def log(bare: Path) -> list[str]:
    return git("log", "--format=%s|%an <%ae>", "main", cwd=bare).splitlines()


def show(bare: Path, path: str) -> str:
    return git("show", f"main:{path}", cwd=bare)


def test_publish_commits_the_page_and_the_index(remote, digests, tmp_path):
    first: Rendered = digests[0]
    wiki = publisher(remote, tmp_path / "checkout")
    payload = wiki.prepare(first)
    assert payload["page"] == "Lage-2025-12-03.md"
    assert payload["title"] == "Lage der Verhandlungen 3. Dezember 2025"
    assert payload["first_key_point"] == first.digest.key_points[0].text
    outcome = wiki.deliver(payload)
    head = git("rev-parse", "--short", "main", cwd=remote).strip()
    assert outcome == f"commit {head}"
    assert log(remote) == ["Lage der Verhandlungen 3. Dezember 2025|news digest <news-digest@localhost>",
                           "Erste Seite|Jemand <jemand@example.org>"]
    changed = git("show", "--name-only", "--format=", "main", cwd=remote).split()
    assert sorted(changed) == ["Home.md", "Lage-2025-12-03.md"]
    assert show(remote, "Lage-2025-12-03.md") == first.markdown
    home = show(remote, "Home.md")
    assert home.startswith(HOME)  # the wiki's own text stays
    assert "- [Lage der Verhandlungen: Digest vom 3. Dezember 2025](Lage-2025-12-03)" in home


def test_the_same_digest_again_makes_no_commit(remote, digests, tmp_path):
    wiki = publisher(remote, tmp_path / "checkout")
    payload = wiki.prepare(digests[0])
    wiki.deliver(payload)
    before = log(remote)
    # leftovers of a crashed run in our clone are discarded, not published
    (tmp_path / "checkout" / "stray.md").write_text("halb geschrieben", encoding="utf-8")
    (tmp_path / "checkout" / "Home.md").write_text("kaputt", encoding="utf-8")
    (tmp_path / "checkout" / ".git" / "index.lock").write_text("", encoding="utf-8")
    again = publisher(remote, tmp_path / "checkout")  # a later run
    assert again.deliver(payload) == "unchanged"
    assert log(remote) == before
    assert not (tmp_path / "checkout" / "stray.md").exists()


def test_index_lists_every_digest_newest_first(remote, digests, tmp_path):
    first, second = digests
    publisher(remote, tmp_path / "one").deliver(publisher(remote, tmp_path / "one").prepare(first))
    # another run with its own clone publishes the next day: its index lists both
    other = publisher(remote, tmp_path / "two")
    assert other.deliver(other.prepare(second)).startswith("commit ")
    home = show(remote, "Home.md")
    links = [line for line in home.splitlines() if line.startswith("- [")]
    assert links == ["- [Lage der Verhandlungen: Digest vom 4. Dezember 2025](Lage-2025-12-04)",
                     "- [Lage der Verhandlungen: Digest vom 3. Dezember 2025](Lage-2025-12-03)"]
    assert home.count(gitwiki.INDEX_START) == 1
    assert len(log(remote)) == 3


def move_the_remote(remote: Path, tmp_path: Path, times: int):
    """A hook into our git runner: before each of our first ``times`` pushes, someone else pushes."""
    other = tmp_path / "colleague"
    git("clone", "--quiet", str(remote), str(other), cwd=tmp_path)
    pushes = []

    def before_push(args):
        if "push" in args and len(pushes) < times:
            n = len(pushes) + 1
            git("pull", "--quiet", "--rebase", cwd=other)
            (other / f"Notizen-{n}.md").write_text(f"Notiz {n}\n", encoding="utf-8")
            home = (other / "Home.md").read_text(encoding="utf-8")
            (other / "Home.md").write_text(f"Hinweis {n} der Redaktion.\n\n" + home, encoding="utf-8")
            git("add", "-A", cwd=other)
            git("commit", "--quiet", "-m", f"Notizen {n}", cwd=other)
            git("push", "--quiet", "origin", "HEAD:main", cwd=other)
            pushes.append(n)

    return before_push


def hook(wiki: gitwiki.GitWikiPublisher, before) -> None:
    run = wiki._git

    def wrapped(*args, **kwargs):
        before(args)
        return run(*args, **kwargs)

    wiki._git = wrapped  # type: ignore[method-assign]


def test_a_push_rejected_because_the_remote_moved_is_redone_on_top(remote, digests, tmp_path):
    wiki = publisher(remote, tmp_path / "checkout")
    hook(wiki, move_the_remote(remote, tmp_path, times=1))
    outcome = wiki.deliver(wiki.prepare(digests[0]))
    assert outcome.startswith("commit ")
    subjects = [line.split("|")[0] for line in log(remote)]
    assert subjects == ["Lage der Verhandlungen 3. Dezember 2025", "Notizen 1", "Erste Seite"]  # linear
    home = show(remote, "Home.md")
    assert home.startswith("Hinweis 1 der Redaktion.\n\n# Willkommen")  # their edit of the index page
    assert "](Lage-2025-12-03)" in home  # and our list
    assert show(remote, "Notizen-1.md") == "Notiz 1\n"


def test_a_remote_that_keeps_moving_gives_up_after_three_pushes(remote, digests, tmp_path):
    wiki = publisher(remote, tmp_path / "checkout")
    hook(wiki, move_the_remote(remote, tmp_path, times=99))
    with pytest.raises(PublishError, match="git push: rejected 3 times"):
        wiki.deliver(wiki.prepare(digests[0]))
    assert "Lage der Verhandlungen 3. Dezember 2025" not in "".join(log(remote))


def test_unreachable_repository(digests, tmp_path):
    missing = tmp_path / "no-such-wiki.git"
    wiki = publisher(missing, tmp_path / "checkout")
    with pytest.raises(PublishError) as caught:
        wiki.deliver(wiki.prepare(digests[0]))
    assert caught.value.target == "wiki"
    assert caught.value.reason.startswith(f"{missing}: git clone: fatal:")
    assert "does not exist" in caught.value.reason


def test_credentials_in_the_url_are_never_shown(digests, tmp_path, caplog):
    url = "https://digest:tok3n-s3cret@127.0.0.1:9/wiki.git"
    wiki = publisher(url, tmp_path / "checkout")  # type: ignore[arg-type]
    with pytest.raises(PublishError) as caught:
        wiki.deliver(wiki.prepare(digests[0]))
    assert "https://***@127.0.0.1:9/wiki.git: git clone:" in caught.value.reason
    assert "tok3n" not in str(caught.value) and "tok3n" not in caplog.text


def test_a_configured_branch_that_does_not_exist_yet_is_started(remote, digests, tmp_path):
    wiki = publisher(remote, tmp_path / "checkout", branch="digests", index="Archiv.md",
                     page="{kind}/{date}.md")
    assert wiki.deliver(wiki.prepare(digests[0])).startswith("commit ")
    files = git("ls-tree", "-r", "--name-only", "digests", cwd=remote).split()
    assert sorted(files) == ["Archiv.md", "digest/2025-12-03.md"]
    assert "](digest/2025-12-03)" in git("show", "digests:Archiv.md", cwd=remote)
    assert len(log(remote)) == 1  # main untouched


def test_a_checkout_folder_that_is_not_a_clone_is_refused(remote, digests, tmp_path):
    (tmp_path / "checkout").mkdir()
    (tmp_path / "checkout" / "wichtig.txt").write_text("nicht löschen", encoding="utf-8")
    wiki = publisher(remote, tmp_path / "checkout")
    with pytest.raises(PublishError, match="is not a git clone"):
        wiki.deliver(wiki.prepare(digests[0]))
    assert (tmp_path / "checkout" / "wichtig.txt").read_text(encoding="utf-8") == "nicht löschen"


def test_page_names_stay_inside_the_repository(remote, digests, tmp_path):
    with pytest.raises(PublishError, match="inside the repository"):
        publisher(remote, tmp_path / "c", page="../{date}.md").prepare(digests[0])
    with pytest.raises(PublishError, match="inside the repository"):
        publisher(remote, tmp_path / "c").deliver({**publisher(remote, tmp_path / "c").prepare(digests[0]),
                                                   "page": ".git/config"})


def test_merge_index_keeps_the_rest_of_the_page():
    block = gitwiki.index_block([("Lage-2025-12-03.md", "Lage [3.]")], "Lage")
    assert "- [Lage \\[3.\\]](Lage-2025-12-03)" in block
    already = gitwiki.index_block([("Lage-2025-12-03.md", "Lage \\[3.\\]")], "Lage")  # escaped heading
    assert "- [Lage \\[3.\\]](Lage-2025-12-03)" in already
    page = "Oben\n\n" + block + "Unten\n"
    newer = gitwiki.index_block([("Lage-2025-12-04.md", "B"), ("Lage-2025-12-03.md", "A")], "Lage")
    merged = gitwiki.merge_index(page, newer)
    assert merged == "Oben\n\n" + newer + "Unten\n"
    assert gitwiki.merge_index(merged, newer) == merged
    assert gitwiki.merge_index(None, newer) == newer


def test_page_pattern_matches_what_it_makes():
    pattern = gitwiki.page_pattern("Lage-{kind}-{date}.md")
    assert pattern.fullmatch("Lage-weekly-2025-12-03.md").group("date", "kind") == ("2025-12-03", "weekly")
    assert pattern.fullmatch("Lage-weekly-2025-12-03.mdx") is None
    assert pattern.fullmatch("Lage-xmd") is None
