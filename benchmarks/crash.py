"""Crash safety at scale: SIGKILL `digest run` many times, then check state and output.

    python benchmarks/crash.py [--kills 300] [--seed 20251203] [--lanes 2] [--per-round 60]
                               [--parallel-kills 10] [--keep]

Runs rounds of benchmarks/crashlib.py (the same loop as tests/test_crash.py): each round builds a
fresh inbox, kills up to --per-round runs during their work (split over --lanes parallel lanes, each
with its own inbox, state and output), changes the inbox between kills, then checks that every
inbox file is stored exactly once, the store passes PRAGMA integrity_check, no output file was
ever partial or left behind, and the final digest equals the uninterrupted one. Prints the kills
sent, the kills that landed during work and in which phase, the time taken, and PASS/FAIL for each
invariant; exits 1 if any failed.

After each kill it also counts the run's processes still running 5 s later (found by an environment
variable they all inherit, so re-parented ones count too). The rounds' inboxes are small and read in
the main process; --parallel-kills more runs are killed while worker processes read an inbox of 300
files (a fresh state each time), and their forkserver and workers are counted as well. Every count
must be 0.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import crashlib  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=300, help="kills that must land during work [300]")
    parser.add_argument("--seed", type=int, default=20251203,
                        help="seed of the kill moments; round r uses seed + r")
    parser.add_argument("--lanes", type=int, default=2, help="kill lanes running in parallel [2]")
    parser.add_argument("--per-round", type=int, default=60, help="kills per round (fresh inbox) [60]")
    parser.add_argument("--parallel-kills", type=int, default=10,
                        help="kills during a parallel pick-up of 300 files [10]")
    parser.add_argument("--keep", action="store_true", help="keep the working folders (path printed)")
    args = parser.parse_args()

    began = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="digest-crash-"))
    rounds = []
    left = args.kills
    number = 0
    while left > 0:
        kills = min(args.per_round, left)
        seed = args.seed + number
        print(f"round {number + 1}: {kills} kills, seed {seed}", flush=True)
        result = crashlib.crash_round(work / f"round{number}", kills, seed, lanes=args.lanes,
                                      log=lambda text: print("  " + text, flush=True))
        print(crashlib.describe(result), flush=True)
        verdict = "PASS" if result.ok else "FAIL"
        print(f"  round {number + 1}: {verdict} in {result.seconds:.1f} s", flush=True)
        rounds.append(result)
        left -= kills
        number += 1
    parallel = parallel_kills(work / "parallel", args.parallel_kills, args.seed)
    elapsed = time.monotonic() - began

    sent = sum(r.kills_sent for res in rounds for r in res.lanes)
    landed = sum(r.kills_landed for res in rounds for r in res.lanes)
    in_work = sum(r.kills_in_work for res in rounds for r in res.lanes)
    unkilled = sum(len(r.completed) for res in rounds for r in res.lanes)
    phases = dict.fromkeys(crashlib.PHASES, 0)
    for res in rounds:
        for name, count in res.phases.items():
            phases[name] += count
    print()
    print(f"runs started:            {sent}")
    print(f"kills landed:            {landed} ({unkilled} runs ended before their kill)")
    print(f"kills during work:       {in_work} (process past imports, holding the state lock)")
    print("kills by phase:          " + ", ".join(f"{k} {v}" for k, v in phases.items()))
    left = [a.left for res in rounds for r in res.lanes for a in r.attempts if a.killed]
    print(f"left running 5 s later:  {sum(left)} processes after {len(left)} kills")
    print(f"parallel pick-up kills:  {len(parallel)}; processes at the kill "
          f"{sorted({k.processes for k in parallel})}, workers {sorted({k.workers for k in parallel})}; "
          f"left running 5 s later: {sum(len(k.left) for k in parallel)} processes")
    print(f"elapsed:                 {elapsed:.1f} s ({len(rounds)} rounds, {args.lanes} lanes)")
    names: dict[str, list[str]] = {}
    for res in rounds:
        for lane, check in res.checks:
            names.setdefault(check.name, [])
            if not check.ok:
                names[check.name].append(f"round seed {res.seed} {lane}: {check.detail}")
    ok = True
    names["no-leftover-processes (parallel pick-up)"] = [
        f"kill {i + 1}: {k.rc=}, {sorted(k.left)} still running, {k.unmarked} processes not marked"
        for i, k in enumerate(parallel) if k.left or k.unmarked or k.rc != -9]
    for name, failures in names.items():
        print(f"{'PASS' if not failures else 'FAIL'} {name}")
        for failure in failures:
            print(f"     {failure}")
        ok = ok and not failures
    if args.keep or not ok:
        print(f"working folders: {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if ok else 1


def parallel_kills(folder: Path, kills: int, seed: int) -> list[crashlib.ParallelKill]:
    """SIGKILL ``kills`` runs while their workers read 300 files; what each left running."""
    if kills <= 0:
        return []
    crashlib.write_many(folder / "inbox")
    rng = random.Random(f"{seed}:parallel")
    results = []
    for i in range(kills):
        kill = crashlib.kill_parallel_pickup(folder, rng)
        print(f"parallel kill {i + 1}: {kill.processes} processes ({kill.workers} workers), killed "
              f"{kill.delay:.2f} s after the workers appeared; {len(kill.left)} left running 5 s later",
              flush=True)
        results.append(kill)
    return results


if __name__ == "__main__":
    sys.exit(main())
