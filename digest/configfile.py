"""Where the configuration file is, and the inbox it names, without the configuration's code.

`digest run` asks for the inbox before it imports ``digest.config`` (PyYAML and the schema's
sections, built as it is imported: ~35 ms of one core), so that the inbox is listed meanwhile
(``listing.list_early``). What this module reads is a guess, never validated: the pick-up uses
the early listing only for the inbox the validated configuration names.
"""

from __future__ import annotations

from pathlib import Path

#: The configuration file looked for in the current folder when no --config is given.
DEFAULT_CONFIG_NAME = "schedule.yaml"


def find_config(explicit: Path | None) -> Path | None:
    """The config to use: --config, else ./schedule.yaml when present, else built-in defaults."""
    if explicit is not None:
        return explicit
    candidate = Path.cwd() / DEFAULT_CONFIG_NAME
    return candidate if candidate.is_file() else None


def inbox_named(explicit: Path | None, inbox: Path | None = None) -> Path | None:
    """The inbox --inbox or the configuration file names (resolved as ``config.load_config`` does);
    None when there is no file, it names none, or it cannot be read (its loading tells why)."""
    if inbox is not None:
        return inbox.resolve()
    path = find_config(explicit)
    if path is None:
        return None
    try:
        import yaml

        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)  # noqa: S506
        value = data.get("inbox") if isinstance(data, dict) else None
        if not isinstance(value, str) or not value:
            return None
        named = Path(value).expanduser()
        return named if named.is_absolute() else path.resolve().parent / named
    except (OSError, ValueError, AttributeError, yaml.YAMLError):  # (no C parser: AttributeError)
        return None
