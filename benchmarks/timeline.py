"""Timeline summarization on Timeline17 (dev topics) with the news-tls protocol.

    python benchmarks/timeline.py [--data DIR] [--topics bpoil,MJ] [--keep DIR] [--json FILE]

Data: ``../shared/data/t17-dev/`` (see its README): folders ``<topic>_<outlet>/`` with
``articles.jsonl`` and ``timelines/*.txt``. A topic's articles are those of all its folders
(bpoil: 1,460); its references are the timelines of all its folders.

The user's path: every article of a topic becomes a file of an inbox, as a user's inbox holds
them (``<folder>/<date>_<file>``: YAML front matter ``date:``, then the text, one sentence a
line), and is picked up once into a state with :func:`digest.pipeline.pickup_job` (the
service's pick-up job). Then, per reference (news-tls, Gholipour Ghalandari & Ifrim 2020):
the window is the reference's first..last date, L = its number of dates, k = the mean number
of sentences per date, rounded; :func:`digest.pipeline.build_timeline` (what ``digest
timeline`` calls) returns the events, which go through :func:`digest.render.format_tilse`
(``digest timeline --format tilse``) and are read back by tilse's rules.

* **ours**: when ``build_timeline`` takes ``dates=`` and ``per_date=``, it is called with L and
  k and its timeline is scored as it is. Otherwise (row labelled "ours (emulated)") today's
  behaviour as the issue measured it: of the days inside the window, the L with most events
  (ties: the earlier day), the first k sentences of each.
* **first sentences** (baseline): from the same picked-up articles (so with our reader and
  sentence splitter): the L days of the window with most articles (ties: the earlier day), and
  on each the first sentences of its first k articles (in file order).
* **published**: the news-tls figures on all of T17, quoted, not run.

Predicted sentences are PTB-tokenized (:func:`benchmarks.tlmetrics.ptb_tokenize`) like the
references before scoring. Metrics: :mod:`benchmarks.tlmetrics` (Date-F1; alignment-based
ROUGE-1/2 F1 of tilse, many-to-one with date and content costs; averages are F1 of the mean
precision and mean recall). The time printed is that of the ``build_timeline`` calls only
(after pick-up; one process, one core). Nothing here is tuned: all four topics are dev topics
that the timeline code may be tuned on; the five other T17 topics are held out elsewhere.
``--keep DIR`` keeps (and reuses) the inboxes and states; a state is made anew when a file that
what pick-up stores comes from (``STORED_BY``) changed since: stored analyses are keyed by
``analysis.VERSION``, which is not raised for every edit. Exit 0, also when the data is missing.
"""

from __future__ import annotations

import argparse
import hashlib
import inspect
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.tlmetrics import (  # noqa: E402
    PRF,
    alignment_rouge,
    date_prf,
    mean_prf,
    ptb_tokenize,
    read_tilse,
)
from digest import pipeline  # noqa: E402
from digest.compose import Window, day_window  # noqa: E402
from digest.config import Config, load_config  # noqa: E402
from digest.render import format_tilse  # noqa: E402
from digest.selection import select_stored  # noqa: E402
from digest.store import Store  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "t17-dev"
PUBLISHED = {  # news-tls (ACL 2020), all of T17: Date-F1, AR-1 F1, AR-2 F1
    "news-tls DATEWISE (supervised), all T17, published": (0.544, 0.120, 0.035),
    "news-tls CLUST, all T17, published": (0.407, 0.082, 0.020),
}
Day = dict[date, list[str]]


@dataclass
class Scores:
    """Date, AR-1 and AR-2 precision/recall/F1 of one timeline against one reference."""

    dates: PRF
    ar1: PRF
    ar2: PRF


@dataclass
class RefResult:
    """The scores of every system on one reference, with its size and the time taken."""

    topic: str
    reference: str
    first: str
    last: str
    dates: int
    per_date: int
    articles: int
    seconds: float  # wall clock of the build_timeline call
    cpu_seconds: float  # CPU time of this process during it
    scores: dict[str, Scores] = field(default_factory=dict)
    timelines: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # as scored


def tokenized(predicted: Day) -> Day:
    """A predicted timeline in PTB-like tokens, as the references are written."""
    return {day: [ptb_tokenize(s) for s in sentences] for day, sentences in predicted.items()}


def score(predicted: Day, reference: Day) -> Scores:
    """Date-F1 and AR-1/2 of a (tokenized) predicted timeline against a reference."""
    ar = alignment_rouge(predicted, reference)
    return Scores(date_prf(predicted, reference), ar[1], ar[2])


# --- data and inbox ---------------------------------------------------------------------------


def topics_of(data: Path) -> dict[str, list[Path]]:
    """Topic name -> its folders (``<topic>_<outlet>``)."""
    topics: dict[str, list[Path]] = {}
    for folder in sorted(p for p in data.iterdir() if p.is_dir() and "_" in p.name):
        topics.setdefault(folder.name.split("_", 1)[0], []).append(folder)
    return topics


def references_of(folders: Sequence[Path]) -> dict[str, Day]:
    """Reference name (``<folder>/<file>``) -> its timeline, read by tilse's rules."""
    return {f"{folder.name}/{path.name}": read_tilse(path.read_text(encoding="utf-8"))
            for folder in folders for path in sorted((folder / "timelines").glob("*.txt"))}


def write_inbox(folders: Sequence[Path], inbox: Path) -> int:
    """One text file with front matter per article; the file time is the article's day at noon."""
    count = 0
    for folder in folders:
        with (folder / "articles.jsonl").open(encoding="utf-8") as lines:
            for line in lines:
                item = json.loads(line)
                outlet, day, name = item["id"].split("/", 2)
                path = inbox / outlet / f"{day}_{name.replace('/', '_')}"
                if not path.name.endswith(".txt"):
                    path = path.with_name(path.name + ".txt")
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(f"---\ndate: {item['date']}\n---\n\n{item['text']}\n", encoding="utf-8")
                noon = datetime.combine(date.fromisoformat(item["date"]), datetime.min.time(), UTC)
                stamp = (noon + timedelta(hours=12)).timestamp()
                os.utime(path, (stamp, stamp))
                count += 1
    return count


def make_config(work: Path) -> Config:
    """A schedule.yaml for the topic's inbox and state (English, UTC: days stay days)."""
    data = {"language": "english", "timezone": "UTC", "inbox": "inbox", "output": "out",
            "state": "state.sqlite3"}
    path = work / "schedule.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return load_config(path)


STORED_BY = ("analysis.py", "timeline.py", "dates.py", "readers.py", "clean.py", "text.py",
             "pickup.py", "store.py", "lang/__init__.py", "lang/english.py", "lang/german.py")
"""The files of digest/ that what pick-up stores (articles, their sentences, analyses) comes from."""


def code_hash() -> str:
    """A hash of STORED_BY: a kept state made by other code is not reused."""
    digest = hashlib.sha256()
    for name in STORED_BY:
        path = ROOT / "digest" / name
        digest.update(name.encode() + b"\0" + (path.read_bytes() if path.exists() else b""))
    return digest.hexdigest()[:16]


def fresh_state(work: Path) -> None:
    """Drop a kept state made by other code (analysis.VERSION is not raised while we work)."""
    stamp = work / "code.sha"
    if stamp.exists() and stamp.read_text(encoding="utf-8") == code_hash():
        return
    old = list(work.glob("state.sqlite3*"))
    if old:
        print(f"{work.name}: digest code that pick-up stores from changed since the kept state was "
              "made: picking up anew",
              file=sys.stderr)
    for path in old:
        path.unlink()
    stamp.write_text(code_hash(), encoding="utf-8")


def prepare(folders: Sequence[Path], work: Path) -> tuple[Config, float]:
    """The topic's inbox picked up into its state (reused under --keep); seconds the pick-up took."""
    work.mkdir(parents=True, exist_ok=True)
    inbox = work / "inbox"
    if not inbox.exists():
        write_inbox(folders, inbox)
    fresh_state(work)
    config = make_config(work)
    start = time.perf_counter()
    report, _ = pipeline.pickup_job(config)
    seconds = time.perf_counter() - start
    print(f"{work.name}: {report.files} files, {report.new_articles} new articles, "
          f"{report.duplicates} duplicates, {len(report.skipped)} skipped ({seconds:.1f} s)", file=sys.stderr)
    if report.skipped:
        print(f"WARNING: {len(report.skipped)} files were not read, e.g. {report.skipped[0]}; "
              "the figures are not comparable (with --keep, delete the folder to pick up anew)",
              file=sys.stderr)
    return config, seconds


# --- systems ----------------------------------------------------------------------------------


def supports_sizes() -> bool:
    """Whether build_timeline takes dates= and per_date= (the date selection of issue 13)."""
    parameters = inspect.signature(pipeline.build_timeline).parameters
    return "dates" in parameters and "per_date" in parameters


def top_days(days: dict[date, list[str]], weight: Callable[[date], int], count: int) -> list[date]:
    """The ``count`` days of most weight, ties to the earlier day."""
    return sorted(days, key=lambda day: (-weight(day), day))[:count]


def ours(config: Config, first: date, last: date, dates: int,
         per_date: int) -> tuple[Day, tuple[float, float]]:
    """Our timeline of the window through build_timeline and the tilse format; wall and CPU seconds."""
    since = datetime.combine(first, datetime.min.time())
    start, cpu = time.perf_counter(), time.process_time()
    if supports_sizes():
        events = pipeline.build_timeline(config, last, since=since, dates=dates,  # type: ignore[call-arg]
                                         per_date=per_date)
    else:
        events = pipeline.build_timeline(config, last, since=since)
    seconds = time.perf_counter() - start, time.process_time() - cpu
    timeline = read_tilse(format_tilse(events))
    if supports_sizes():
        return timeline, seconds
    inside = {day: s for day, s in timeline.items() if first <= day <= last}
    chosen = top_days(inside, lambda day: len(inside[day]), dates)
    return {day: inside[day][:per_date] for day in chosen}, seconds


def first_sentences(config: Config, first: date, last: date, dates: int, per_date: int) -> tuple[Day, int]:
    """The baseline: the L days with most articles, the first sentence of k articles each."""
    window = Window(datetime.combine(first, datetime.min.time()), day_window(last, None, 1).end)
    with Store(config.state, preview=True) as store:
        articles = select_stored(store, window, config.tz, set()).new
    by_day: dict[date, list[str]] = {}
    for split in sorted(articles, key=lambda s: s.article.path):
        when = split.article.published.value
        if when is None or not split.sentences or not first <= when.date() <= last:
            continue
        by_day.setdefault(when.date(), []).append(" ".join(split.sentences[0].split()))
    chosen = top_days(by_day, lambda day: len(by_day[day]), dates)
    return {day: list(dict.fromkeys(by_day[day]))[:per_date] for day in chosen}, len(articles)


# --- running and printing ---------------------------------------------------------------------


def run_reference(config: Config, topic: str, name: str, reference: Day) -> RefResult:
    """Every system on one reference."""
    days = sorted(reference)
    first, last, dates = days[0], days[-1], len(days)
    per_date = round(sum(len(s) for s in reference.values()) / dates)
    timeline, seconds = ours(config, first, last, dates, per_date)
    baseline, count = first_sentences(config, first, last, dates, per_date)
    result = RefResult(topic, name, first.isoformat(), last.isoformat(), dates, per_date, count, *seconds)
    for system, predicted in ((ours_label(), tokenized(timeline)), ("first sentences", tokenized(baseline))):
        result.scores[system] = score(predicted, reference)
        result.timelines[system] = {day.isoformat(): s for day, s in sorted(predicted.items())}
    return result


def ours_label() -> str:
    """The row name of our system: emulated until build_timeline selects dates itself."""
    return "ours" if supports_sizes() else "ours (emulated: L days with most events, first k)"


def row(label: str, values: tuple[float, float, float]) -> str:
    """One table row: Date-F1, AR-1 F1, AR-2 F1."""
    return f"  {label:<58} {values[0]:7.3f} {values[1]:7.3f} {values[2]:7.3f}"


def averaged(results: Sequence[RefResult], system: str) -> tuple[PRF, PRF, PRF]:
    """news-tls averages over references: F1 of mean precision and mean recall."""
    picked = [r.scores[system] for r in results]
    return (mean_prf([s.dates for s in picked]), mean_prf([s.ar1 for s in picked]),
            mean_prf([s.ar2 for s in picked]))


def print_results(results: Sequence[RefResult]) -> None:
    """Per reference and averaged, then the published figures."""
    header = f"  {'system':<58} {'Date-F1':>7} {'AR-1':>7} {'AR-2':>7}"
    for r in results:
        print(f"\n{r.reference} ({r.first}..{r.last}, L={r.dates}, k={r.per_date}, "
              f"{r.articles} articles, build_timeline {r.seconds:.2f} s, CPU {r.cpu_seconds:.2f} s)")
        print(header)
        for system, s in r.scores.items():
            print(row(system, (s.dates.f1, s.ar1.f1, s.ar2.f1)))
    topics = sorted({r.topic for r in results})
    print(f"\nAveraged over {len(results)} references ({', '.join(topics)}; dev topics, "
          "mean P and mean R, then F1)")
    print(header)
    for system in results[0].scores:
        print(row(system, tuple(m.f1 for m in averaged(results, system))))  # type: ignore[arg-type]
    for label, values in PUBLISHED.items():
        print(row(label, values))
    print("  (first sentences: from the same picked-up articles, so with our reader and sentence "
          "splitter)")
    print("  (all references here are dev: the timeline code may be tuned on them; the five other "
          "T17 topics are held out and not here)")


def print_speed(results: Sequence[RefResult], pickups: dict[str, float]) -> None:
    """Pick-up time per topic and the build_timeline times of bpoil (issue 13 point 6: <= 10 s)."""
    for topic, seconds in pickups.items():
        print(f"pick-up of {topic}: {seconds:.1f} s")
    bpoil = [r for r in results if r.topic == "bpoil"]
    if bpoil:
        wall, cpu = [r.seconds for r in bpoil], [r.cpu_seconds for r in bpoil]
        print(f"bpoil timelines after pick-up: {len(bpoil)} build_timeline calls, "
              f"wall max {max(wall):.2f} s mean {sum(wall) / len(wall):.2f} s, "
              f"CPU max {max(cpu):.2f} s mean {sum(cpu) / len(cpu):.2f} s "
              "(target: <= 10 s each on one core; wall time counts other load on the machine)")


def t17_args(description: str, json_help: str, argv: Sequence[str] | None) -> argparse.Namespace:
    """The options of the Timeline17 benchmarks (this one and weekly.py)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--data", type=Path, default=DATA, help="the t17-dev folder")
    parser.add_argument("--topics", help="comma-separated topics (bpoil,H1N1,haiti,MJ) [default: all]")
    parser.add_argument("--keep", type=Path, help="keep (and reuse) the inboxes and states here")
    parser.add_argument("--json", type=Path, help=json_help)
    return parser.parse_args(argv)


def t17_topics(args: argparse.Namespace) -> tuple[dict[str, list[Path]], list[str]] | None:
    """The topics' folders and the topics asked for; None (said why) when there is nothing to measure."""
    if not args.data.is_dir() or not any(args.data.glob("*/articles.jsonl")):
        print(f"Timeline17 data not found in {args.data}: nothing measured.")
        return None
    topics = topics_of(args.data)
    wanted = args.topics.split(",") if args.topics else sorted(topics)
    unknown = [t for t in wanted if t not in topics]
    if unknown:
        print(f"unknown topics: {', '.join(unknown)} (known: {', '.join(sorted(topics))})")
        return None
    return topics, wanted


def main(argv: Sequence[str] | None = None) -> int:
    args = t17_args(__doc__.split("\n")[0], "write the results as JSON to this file", argv)
    found = t17_topics(args)
    if found is None:
        return 0
    topics, wanted = found
    with tempfile.TemporaryDirectory(prefix="t17-") as scratch:
        base = args.keep or Path(scratch)
        results, pickups = [], {}
        for topic in wanted:
            config, pickups[topic] = prepare(topics[topic], base / topic)
            for name, reference in references_of(topics[topic]).items():
                results.append(run_reference(config, topic, name, reference))
    print(f"Timeline17 dev topics, news-tls protocol; build_timeline with dates/per_date: "
          f"{'yes' if supports_sizes() else 'no (emulated)'}")
    print_results(results)
    print_speed(results, pickups)
    if args.json:
        out = {"results": [asdict(r) for r in results],
               "average": {s: [m._asdict() for m in averaged(results, s)] for s in results[0].scores},
               "published": PUBLISHED, "pickup_seconds": pickups}
        args.json.write_text(json.dumps(out, indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
