import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml

from .helpers import write_tree

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
#: Arrival time given to copied seed files, so runs do not depend on the clone's mtimes.
ARRIVAL = datetime(2025, 12, 3, 6, 0, tzinfo=UTC)


def set_arrival(path: Path, when: datetime = ARRIVAL) -> None:
    stamp = when.timestamp()
    os.utime(path, (stamp, stamp))


@pytest.fixture
def seed_inbox(tmp_path: Path) -> Path:
    """A copy of seeds/ with a fixed arrival time."""
    inbox = tmp_path / "inbox"
    shutil.copytree(SEEDS, inbox)
    for path in inbox.iterdir():
        set_arrival(path)
    return inbox


@pytest.fixture
def make_inbox(tmp_path: Path):
    """Build an inbox tree from a dict of relative path -> text or bytes."""

    def build(files: dict[str, str | bytes], name: str = "inbox") -> Path:
        inbox = tmp_path / name
        inbox.mkdir(exist_ok=True)
        write_tree(inbox, files)
        for rel in files:
            set_arrival(inbox / rel)
        return inbox

    return build


@pytest.fixture
def config_file(tmp_path: Path):
    """Write a schedule.yaml based on ours, with inbox, output and state in tmp_path.

    ``extra`` is YAML whose top-level keys replace ours (or add unknown ones).
    """

    def build(inbox: Path, extra: str = "") -> Path:
        data = yaml.safe_load((ROOT / "schedule.yaml").read_text(encoding="utf-8"))
        data.update(inbox=str(inbox), output=str(tmp_path / "out"), state=str(tmp_path / "state.sqlite3"))
        data.update(yaml.safe_load(extra) or {})
        path = tmp_path / "schedule.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        return path

    return build
