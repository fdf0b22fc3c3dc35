"""The README is the program as it is: its commands table and its config table cannot drift from the code."""

from __future__ import annotations

import re

import click

from digest.cli import cli
from digest.config import Settings
from digest.schema import Schema

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    """The text of a README section, up to the next heading of the same level."""
    start = README.index(f"\n## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start:end if end != -1 else None]


def first_cells(text: str) -> list[str]:
    """The first cell of each body row of the Markdown tables in ``text`` (escaped pipes kept)."""
    cells = []
    for line in text.splitlines():
        if line.startswith("|") and not set(line) <= set("|- "):
            cells.append(re.split(r"(?<!\\)\|", line)[1].strip())
    return cells[1:] if cells else cells  # the first row of a table is its header


def table_commands() -> dict[str, set[str]]:
    """Command name -> the long and short options its row of the commands table names."""
    rows: dict[str, set[str]] = {}
    for cell in first_cells(section("Commands")):
        for span in re.findall(r"`([^`]+)`", cell):
            words = span.split()
            if not words or words[0] != "digest":
                continue
            name = words[1] if len(words) > 1 and re.fullmatch(r"[a-z][a-z-]*", words[1]) else ""
            options = set(re.findall(r"(?<![\w-])(--?[a-zA-Z][\w-]*)", span))
            rows.setdefault(name, set()).update(options - {"--help"})  # every command has --help
    return rows


def program_commands() -> dict[str, set[str]]:
    """Command name ('' for the group itself) -> the options `--help` lists, without --help."""
    def options(command: click.Command) -> set[str]:
        found = set()
        for param in command.params:
            if isinstance(param, click.Option):
                found.update(o for o in (*param.opts, *param.secondary_opts) if o != "--help")
        return found

    commands = {"": options(cli)}
    commands.update({name: options(command) for name, command in cli.commands.items()})
    return commands


def test_every_command_and_option_of_the_program_is_in_the_readme_and_nothing_else():
    documented, actual = table_commands(), program_commands()
    assert set(documented) == set(actual)
    for name, options in actual.items():
        assert documented[name] == options, f"`digest {name}`: README {sorted(documented[name])}, " \
                                            f"--help {sorted(options)}"


def schema_keys(model: type[Schema], prefix: str = "") -> set[str]:
    """Every configuration key as a dotted path; lists (topics, jobs, ...) as one key."""
    keys = set()
    for name, field in model.model_fields.items():
        kind = field.annotation
        if isinstance(kind, type) and issubclass(kind, Schema):
            keys |= schema_keys(kind, f"{prefix}{name}.")
        else:
            keys.add(prefix + name)
    return keys


def table_keys() -> set[str]:
    """The keys named in the first column of the configuration table."""
    cells = first_cells(section("Configuration (`schedule.yaml`)"))
    return {key for cell in cells for key in re.findall(r"`([a-z_.]+)`", cell)}


def test_every_configuration_key_is_in_the_readme_table_and_nothing_else():
    assert table_keys() == schema_keys(Settings)


def test_the_table_readers_see_what_they_should():
    """The helpers above read real rows: a wrong parser would make the two tests vacuous."""
    assert {"--date", "--since", "--preview", "--wait"} <= table_commands()["run"]
    assert {"summary.algorithm", "service.catch_up_hours", "jobs"} <= table_keys()
