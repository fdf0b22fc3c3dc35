"""Time and peak memory of reading one hostile inbox file, shape by shape, against 30 s and 500 MB.

    python benchmarks/hostile.py [--only NAME[,NAME]] [--seconds 30] [--mb 500] [--timeout 180] [--keep]

For each shape (one line of 10 MB, a million short lines, no punctuation, one giant
paragraph, a million words without spaces, deeply nested HTML, huge JSON, ...) it
writes one file just under ``max_file_mb`` (10 MB) into a fresh inbox in a temporary
folder, then runs the product's pick-up on that inbox in a fresh Python process
pinned to one core (``os.sched_setaffinity``): listing, stat, ``pickup.read_file``
(read, decode, date, clean, split, analyse, summarize, fingerprint) and storing into
a real SQLite state, with the settings of ``schedule.yaml`` (numpy, sumy and NLTK are
imported before the clock starts: once per process, not per file). The parent reaps the
child with ``os.wait4`` and reports its peak RSS (``ru_maxrss``: interpreter and
imports included), the seconds of the pick-up as the child measured it, and what
became of the file (stored with N sentences, or skipped and why).

PASS when the pick-up took at most --seconds and the child's peak RSS was at most
--mb; a child still running after --timeout seconds is killed and FAILs. Exit code
1 if any shape failed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MEGABYTE = 1024 * 1024
#: Every file is just under the default max_file_mb of 10 MB.
SIZE = 10 * MEGABYTE - 64 * 1024


def seed_sentences() -> list[str]:
    """Real German sentences: the lines of seeds/ split at sentence ends (no product code)."""
    import re

    found = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            found.extend(s.strip() for s in re.split(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ„\"])", line) if s.strip())
    return [s for s in found if len(s.split()) >= 4]


def _fill(pieces: Callable[[], str], size: int = SIZE, joiner: str = " ") -> str:
    """Pieces joined until the UTF-8 text is about ``size`` bytes."""
    out, total = [], 0
    while total < size:
        piece = pieces()
        out.append(piece)
        total += len(piece.encode("utf-8")) + len(joiner)
    return joiner.join(out)


@dataclass(frozen=True)
class Shape:
    """One hostile file: its name in the inbox and how to make its bytes."""

    name: str
    file: str
    make: Callable[[random.Random, list[str]], bytes]
    what: str


def _one_line(rng: random.Random, sentences: list[str]) -> bytes:
    return ("Titel\n\n" + _fill(lambda: rng.choice(sentences))).encode()


def _million_lines(rng: random.Random, sentences: list[str]) -> bytes:
    words = [w.strip(".,:;!?\"„“()") for s in sentences for w in s.split()]
    words = [w for w in words if 2 <= len(w) <= 6]
    return "".join(f"{rng.choice(words)}\n" for _ in range(1_000_000)).encode()


def _no_punctuation(rng: random.Random, sentences: list[str]) -> bytes:
    words = [w.strip(".,:;!?\"„“()") for s in sentences for w in s.split()]
    return _fill(lambda: rng.choice(words)).encode()


def _wrapped_paragraph(rng: random.Random, sentences: list[str]) -> bytes:
    import textwrap

    text = _fill(lambda: rng.choice(sentences))
    return "\n".join(textwrap.wrap(text, 72, break_long_words=False, break_on_hyphens=False)).encode()


def _no_spaces(rng: random.Random, sentences: list[str]) -> bytes:
    words = [w.strip(".,:;!?\"„“()") for s in sentences for w in s.split()]
    return _fill(lambda: rng.choice(words), joiner="").encode()


def _paragraphs(rng: random.Random, sentences: list[str]) -> bytes:
    return _fill(lambda: " ".join(rng.sample(sentences, 3)), joiner="\n\n").encode()


def _deep_html(rng: random.Random, sentences: list[str]) -> bytes:
    depth = (SIZE - 4096) // len("<div></div>")
    body = " ".join(rng.sample(sentences, 20))
    return f"<html><body>{'<div>' * depth}<p>{body}</p>{'</div>' * depth}</body></html>".encode()


def _huge_html(rng: random.Random, sentences: list[str]) -> bytes:
    body = _fill(lambda: f"<p>{' '.join(rng.sample(sentences, 3))}</p>", joiner="\n")
    return (f"<html><head><title>Titel</title></head><body><article><h1>Titel</h1>{body}"
            "</article></body></html>").encode()


def _huge_json(rng: random.Random, sentences: list[str]) -> bytes:
    text = _fill(lambda: " ".join(rng.sample(sentences, 3)), size=SIZE * 9 // 10, joiner="\n\n")
    return json.dumps({"title": "Titel", "date": "2025-12-03", "text": text}, ensure_ascii=False).encode()


def _deep_json(rng: random.Random, sentences: list[str]) -> bytes:
    return ("[" * 10_000 + "]" * 10_000).encode()


def _big_front_matter(rng: random.Random, sentences: list[str]) -> bytes:
    keys = _fill(lambda: f"k{rng.randrange(10**9)}: {json.dumps(rng.choice(sentences), ensure_ascii=False)}",
                 size=SIZE - 4096, joiner="\n")
    return f"---\ntitle: Titel\n{keys}\n---\nDer Text ist kurz. Er hat zwei Sätze.\n".encode()


def _many_dates(rng: random.Random, sentences: list[str]) -> bytes:
    pieces = ("am Freitag", "am 3. Dezember 2025", "im Frühjahr 2022", "gestern", "21.04.2025, 19:54 Uhr",
              "Ende August", "im Jahr 2014", "am kommenden Montag")
    return ("---\ndate: 2025-12-03\n---\nTitel\n\n"
            + _fill(lambda: f"Putin sagte {rng.choice(pieces)} etwas.")).encode()


def _many_quotes(rng: random.Random, sentences: list[str]) -> bytes:
    pieces = ("„Wir sind bereit“, sagte Putin.", "Selenskyj erklärte, man sei froh.",
              "Laut Peskow sei das gut.", "„Das ist", "falsch“, so Lawrow.", "Er sagte, es sei gut.")
    return ("Titel\n\n" + _fill(lambda: rng.choice(pieces))).encode()


def _combining(rng: random.Random, sentences: list[str]) -> bytes:
    marks = "\u0301\u0316\u0327\u0300\u0323"
    return ("Titel\n\na" + _fill(lambda: rng.choice(marks), size=SIZE // 2, joiner="")).encode()


def _dots(rng: random.Random, sentences: list[str]) -> bytes:
    pieces = ("z. B.", "Dr.", "A.", "...", "1.", "U.S.", "X. Er")
    return ("Titel\n\n" + _fill(lambda: rng.choice(pieces))).encode()


def _headings(rng: random.Random, sentences: list[str]) -> bytes:
    words = [w.strip(".,:;!?\"„“()") for s in sentences for w in s.split()]
    return "".join(f"## {rng.choice(words)} {rng.choice(words)}\n" for _ in range(400_000)).encode()


def _random_latin1(rng: random.Random, sentences: list[str]) -> bytes:
    alphabet = bytes(range(0x20, 0x7F)) + bytes(range(0xA0, 0x100)) + b"\n" * 4 + b"." * 8 + b" " * 20
    return bytes(rng.choice(alphabet) for _ in range(SIZE))


SHAPES = (
    Shape("normal", "normal.txt", lambda rng, s: ("Titel\n\n" + " ".join(rng.sample(s, 20))).encode(),
          "a normal article of 20 sentences (baseline)"),
    Shape("one-line", "one-line.txt", _one_line, "real sentences on one 10 MB line"),
    Shape("million-lines", "million-lines.txt", _million_lines, "a million short lines of one word (8 MB)"),
    Shape("no-punctuation", "no-punct.txt", _no_punctuation, "10 MB of words, no punctuation or line break"),
    Shape("wrapped-paragraph", "wrapped.txt", _wrapped_paragraph, "one giant paragraph hard-wrapped at 72"),
    Shape("paragraphs", "paragraphs.txt", _paragraphs, "10 MB of normal paragraphs of 3 sentences"),
    Shape("no-spaces", "no-spaces.txt", _no_spaces, "a million words without spaces: one 10 MB token"),
    Shape("headings", "headings.md", _headings, "400,000 Markdown headings"),
    Shape("deep-html", "deep.html", _deep_html, "HTML nested ~950,000 <div> deep"),
    Shape("huge-html", "huge.html", _huge_html, "an HTML page of 10 MB of paragraphs"),
    Shape("huge-json", "huge.json", _huge_json, "a JSON article whose text is 10 MB"),
    Shape("deep-json", "deep.json", _deep_json, "JSON nested 10,000 deep"),
    Shape("front-matter", "front-matter.md", _big_front_matter, "10 MB of YAML front matter"),
    Shape("many-dates", "dates.txt", _many_dates, "10 MB of sentences each naming a date"),
    Shape("many-quotes", "quotes.txt", _many_quotes, "10 MB of attributed statements"),
    Shape("combining", "combining.txt", _combining, "one letter and 5 MB of combining accents"),
    Shape("dots", "dots.txt", _dots, "10 MB of abbreviations, initials and ellipses"),
    Shape("random-latin1", "random.txt", _random_latin1, "10 MB of random printable Latin-1 bytes"),
)


# --- the child: the product's pick-up of one inbox ------------------------------------------


def child(inbox: str, state: str, cpu: int) -> None:
    """Pick up ``inbox`` into ``state`` on one core; print what became of each file as JSON."""
    os.sched_setaffinity(0, {cpu})
    sys.path.insert(0, str(ROOT))
    from datetime import UTC, datetime

    from digest import pickup
    from digest.config import load_config
    from digest.store import Store

    config = load_config(ROOT / "schedule.yaml").with_paths(inbox=Path(inbox), state=Path(state))
    import digest.similarity  # noqa: F401 - what the read imports once per process (numpy, sumy, NLTK)
    import digest.summarize  # noqa: F401 - is not the file's cost; the peak RSS includes it
    started = time.perf_counter()
    with Store(config.state) as store:
        report = pickup.pick_up_inbox(config, store, datetime.now(UTC), parallel_from=10**9)
        seconds = time.perf_counter() - started
        sentences = sum(len(s.sentences) for s in store.articles())
    print(json.dumps({"seconds": seconds, "new": report.new_articles, "sentences": sentences,
                      "skipped": [[s.path, s.reason] for s in report.skipped]}))


# --- the parent -----------------------------------------------------------------------------


@dataclass
class Outcome:
    """What one shape's child did."""

    seconds: float | None
    peak_mb: float
    result: str


def run_shape(shape: Shape, work: Path, cpu: int, timeout: float) -> Outcome:
    """Write the shape's file into a fresh inbox and pick it up in a child pinned to ``cpu``."""
    folder = work / shape.name
    inbox = folder / "inbox"
    inbox.mkdir(parents=True)
    # made in a process of its own: Linux keeps a parent's peak RSS in the ru_maxrss of its children
    subprocess.run([sys.executable, __file__, "--make", shape.name, str(inbox / shape.file)], check=True)
    out = folder / "child.json"
    with out.open("wb") as stdout, (folder / "child.log").open("wb") as stderr:
        command = [sys.executable, __file__, "--child", str(inbox), str(folder / "state.sqlite3"), str(cpu)]
        proc = subprocess.Popen(command, stdout=stdout, stderr=stderr)
        deadline = time.monotonic() + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                os.kill(proc.pid, signal.SIGKILL)
                pid, status, usage = os.wait4(proc.pid, 0)
                proc.returncode = -9
                return Outcome(None, usage.ru_maxrss / 1024, f"killed after {timeout:.0f} s")
            time.sleep(0.05)
        proc.returncode = os.waitstatus_to_exitcode(status)
    peak = usage.ru_maxrss / 1024  # KiB on Linux
    if proc.returncode != 0:
        tail = (folder / "child.log").read_text(errors="replace").strip().splitlines()[-1:]
        return Outcome(None, peak, f"exit {proc.returncode}: {' '.join(tail)[:100]}")
    data = json.loads(out.read_text())
    if data["skipped"]:
        result = f"skipped: {data['skipped'][0][1][:90]}"
    else:
        result = f"stored, {data['sentences']} sentences"
    return Outcome(data["seconds"], peak, result)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help="comma-separated shape names")
    parser.add_argument("--seconds", type=float, default=30.0, help="time limit per file [30]")
    parser.add_argument("--mb", type=float, default=500.0, help="peak memory limit per file [500]")
    parser.add_argument("--timeout", type=float, default=180.0, help="kill a child after this long [180]")
    parser.add_argument("--keep", action="store_true", help="keep the working folder (path printed)")
    parser.add_argument("--child", nargs=3, metavar=("INBOX", "STATE", "CPU"), help=argparse.SUPPRESS)
    parser.add_argument("--make", nargs=2, metavar=("SHAPE", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.make:
        shape = next(s for s in SHAPES if s.name == args.make[0])
        Path(args.make[1]).write_bytes(shape.make(random.Random(20251203), seed_sentences()))
        return 0
    if args.child:
        child(args.child[0], args.child[1], int(args.child[2]))
        return 0
    wanted = set(args.only.split(",")) if args.only else None
    cpu = sorted(os.sched_getaffinity(0))[-1]
    work = Path(tempfile.mkdtemp(prefix="digest-hostile-"))
    print(f"one core (cpu {cpu}), limits {args.seconds:g} s and {args.mb:g} MB peak RSS per file "
          f"(files of {SIZE / MEGABYTE:.2f} MB at most)")
    print(f"{'shape':<18} {'seconds':>8} {'peak MB':>8}  verdict  result")
    ok = True
    for shape in SHAPES:
        if wanted is not None and shape.name not in wanted:
            continue
        outcome = run_shape(shape, work, cpu, args.timeout)
        passed = (outcome.seconds is not None and outcome.seconds <= args.seconds
                  and outcome.peak_mb <= args.mb)
        ok = ok and passed
        seconds = f"{outcome.seconds:8.1f}" if outcome.seconds is not None else f"{'-':>8}"
        print(f"{shape.name:<18} {seconds} {outcome.peak_mb:8.0f}  {'PASS' if passed else 'FAIL':<7}  "
              f"{outcome.result}", flush=True)
    if args.keep or not ok:
        print(f"working folder: {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
