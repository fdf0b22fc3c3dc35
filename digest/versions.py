"""What stored results depend on besides their inputs: versions of the code that makes them.

A cache is only as honest as its key. Summaries carry ``SUMMARIZER_VERSION``; a
digest's fingerprint carries ``code_hash()`` (the source that composes and renders
it) and ``templates_hash()`` (the templates by content). The analyses' version is
``analysis.VERSION``, tied to its code by tests/test_caches.py.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import cache
from pathlib import Path

#: Raise when a summarizer (summarize.py, newsrank.py) picks other sentences for the same
#: article: summaries stored by an older version are then made anew, once.
SUMMARIZER_VERSION = 6

#: Summarizer names accepted in ``summary.algorithm`` and by ``--algorithm`` (here, not in
#: digest.config: the command line offers them before it imports the configuration's code).
ALGORITHMS = (
    "lexrank", "textrank", "lsa", "luhn", "edmundson", "sumbasic", "kl", "reduction", "random",
    "newsrank", "lead",
)

#: The package's own folder: its Python source makes every digest.
PACKAGE = Path(__file__).resolve().parent
#: The template of a digest in Markdown: where it is, our templates are.
MARKDOWN_TEMPLATE = "digest.md.j2"


def builtin_templates() -> Path:
    """Our own templates: installed inside the package, or `templates/` beside it in a checkout."""
    installed = PACKAGE / "templates"
    return installed if (installed / MARKDOWN_TEMPLATE).is_file() else PACKAGE.parent / "templates"


def files_hash(paths: Iterable[Path], root: Path) -> str:
    """A SHA-256 of files by their path below ``root`` and their content (not their times)."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


@cache
def code_hash() -> str:
    """The source of the digest package (compose, render, i18n, models and all they use); once a process."""
    return files_hash((p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts), PACKAGE)


def templates_hash(folders: Iterable[Path]) -> str:
    """The templates of these folders by content, the first folder's before the next (as looked up)."""
    digest = hashlib.sha256()
    for folder in folders:
        files = [p for p in folder.rglob("*") if p.is_file()] if folder.is_dir() else []
        digest.update(f"{folder}\0{files_hash(files, folder)}\0".encode())
    return digest.hexdigest()
