"""A `digest run` that finds nothing new loads only what it needs (issue 12 point 6)."""

import os
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT

#: What makes a digest, schedules jobs or reads articles: none of it is needed to keep a digest unchanged.
NOT_FOR_A_NO_OP = ("jinja2", "apscheduler", "sumy", "numpy", "trafilatura", "digest.render", "digest.archive",
                   "digest.selection", "digest.publish", "digest.cron", "digest.schedule", "digest.analysis",
                   "digest.compose", "digest.voices", "digest.timeline", "pydantic")

#: Runs `python -m digest ARGS…` as a user does, then writes the names of every imported module to a file.
HOOK = """
import atexit, runpy, sys
def dump(path=sys.argv.pop(1)):
    with open(path, "w", encoding="utf-8") as out:
        out.write("\\n".join(sorted(sys.modules)))
atexit.register(dump)
sys.argv[0] = "digest"
runpy.run_module("digest", run_name="__main__", alter_sys=True)
"""


def imported_by_run(config: Path, dump: Path) -> tuple[set[str], subprocess.CompletedProcess[str]]:
    """The modules a `digest run --date 2025-12-03` process had imported when it ended, and the process."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", HOOK, str(dump), "run", "--config", str(config),
                           "--date", "2025-12-03"], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    return set(dump.read_text(encoding="utf-8").split()), done


def loaded(modules: set[str], name: str) -> bool:
    """Whether a package or module, or any module inside it, was imported."""
    return any(m == name or m.startswith(name + ".") for m in modules)


def test_a_run_with_nothing_new_imports_no_rendering_scheduling_or_summarizing(tmp_path, config_file):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for seed in sorted((ROOT / "seeds").glob("*.txt"))[:2]:
        (inbox / seed.name).write_bytes(seed.read_bytes())
    config = config_file(inbox)  # our schedule.yaml: its jobs have cron expressions to validate
    first, _ = imported_by_run(config, tmp_path / "first.txt")
    assert loaded(first, "jinja2") and loaded(first, "digest.render")  # the hook sees what a run imports
    again, done = imported_by_run(config, tmp_path / "again.txt")
    assert "unchanged, nothing new since it was written" in done.stderr
    assert [name for name in NOT_FOR_A_NO_OP if loaded(again, name)] == []


def test_the_command_line_starts_without_the_configuration_code():
    """`digest run` lists the inbox while the configuration's code loads: the CLI module must not
    import it first (nor pydantic, which it no longer needs)."""
    code = ("import sys, digest.cli; print(sorted(m for m in sys.modules"
            " if m.split('.')[0] in ('pydantic', 'pydantic_core') or m in ('digest.config', 'digest.schema')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
