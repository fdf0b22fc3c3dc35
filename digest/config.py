"""Loading and validating schedule.yaml: a declared schema, every problem reported at once."""

from __future__ import annotations

import re
import zoneinfo
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

from . import lang
from .configfile import DEFAULT_CONFIG_NAME
from .crontab import check_cron, interval
from .errors import ConfigError
from .schema import (
    Problem,
    Schema,
    Tagged,
    ValidationError,
    field,
    field_validator,
    key_path,
    model_validator,
)
from .versions import ALGORITHMS

#: Where the state is kept, relative to the output folder, when there is no config file.
STATE_IN_OUTPUT = ".digest-state/state.sqlite3"


class SummaryConfig(Schema):
    """How each article is summarized."""

    algorithm: Literal[ALGORITHMS] = field("newsrank", description="summarizer (sumy-based)")  # type: ignore[valid-type]
    sentences: int = field(3, ge=1, le=20, description="sentences per article summary")


class DigestConfig(Schema):
    """What a digest shows."""

    key_points: int = field(5, ge=1, le=30, description="key points across the window")
    topic_sentences: int = field(1, ge=1, le=5, description="sentences shown per topic")
    first_window_days: int = field(
        1, ge=1, le=3650, description="window of the first digest, when no earlier digest exists"
    )
    timeline_events: int = field(
        20, ge=0, le=500, description="sentences shown in the timeline at most, over all its days"
    )
    timeline_dates: int | None = field(
        None, ge=1, le=500,
        description="days in the timeline; null: the square root of the days with news, rounded up",
    )
    timeline_per_date: int = field(2, ge=1, le=20, description="sentences shown for each day of the timeline")
    voices: int = field(12, ge=0, le=200, description="attributed statements shown under Voices")
    voices_per_speaker: int = field(3, ge=1, le=50, description="statements shown per speaker")


class ServiceConfig(Schema):
    """How `digest serve` behaves."""

    catch_up_hours: float = field(
        36, ge=0, le=24 * 366, description="a digest missed longer ago than this is not written late"
    )
    settle_seconds: float = field(
        1, ge=0, le=600, description="a file changed more recently than this is checked for growth"
    )
    lock_wait_seconds: float = field(
        600, ge=0, le=86400, description="how long a job waits for another process to finish"
    )


class SimilarityConfig(Schema):
    """When two texts count as the same."""

    article: float = field(
        0.8, gt=0, le=1, description="Jaccard of word 3-grams at which two articles are one"
    )
    sentence: float = field(
        0.5, gt=0, le=1, description="Jaccard of word stems at which two sentences say the same"
    )


class Speaker(Schema):
    """A person or office and the names it goes by in articles."""

    name: str = field(min_length=1, description="name shown in the digest")
    aliases: tuple[str, ...] = field((), description="other names and roles, as written")
    party: str | None = field(None, min_length=1, description="the side the speaker speaks for (see parties)")


class Party(Schema):
    """A side of the story and the subjects that speak for it: its country, capital, government."""

    name: str = field(min_length=1, description="name shown in bold before its positions")
    subjects: tuple[str, ...] = field(
        (), description="subjects that speak for it, as written: 'Moskau', 'der Kreml'"
    )


class SourceSignature(Schema):
    """A pattern in an article's raw text that names its publisher."""

    pattern: str = field(description="regular expression searched in the raw text")
    name: str = field(min_length=1, description="source name shown in the digest")

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"not a valid regular expression ({exc})") from None
        return value


class Topic(Schema):
    """A topic of the story and the words that signal it."""

    key: str = field(pattern=r"^[a-z][a-z0-9_-]*$", description="stable identifier")
    label: str = field(min_length=1, description="heading shown in the digest")
    keywords: tuple[str, ...] = field(min_length=1, description="words or word stems, any case")
    exclude: tuple[str, ...] = field(
        (), description="phrases in which a keyword does not speak of the topic ('ein Vermögen')"
    )


class MediaWikiTarget(Schema):
    """Publish to a MediaWiki as wikitext (MediaWiki does not render Markdown)."""

    type: Literal["mediawiki"]
    name: str = field(min_length=1, pattern=r"^[\w.-]+$")
    url: str = field(pattern=r"^https?://", description="the wiki's address, e.g. http://wiki.local/")
    script_path: str = field("/", description="where api.php lives below the address ('/w/' on many wikis)")
    page: str = field("Verhandlungen/Lage {date}", description="page title; {date} is YYYY-MM-DD, {kind}")
    index_page: str | None = field("Verhandlungen/Archiv", description="page listing every digest; none")
    article_subpages: bool = field(False, description="each article summary as a subpage of the digest")
    user_env: str | None = field(None, description="environment variable holding the user name")
    password_env: str | None = field(None, description="environment variable holding the password")
    summary: str = field("news digest", description="edit summary")
    timeout: float = field(30, gt=0, le=600)


class GitWikiTarget(Schema):
    """Publish Markdown pages to a git-backed wiki (GitHub, GitLab, Gitea wikis)."""

    type: Literal["gitwiki"]
    name: str = field(min_length=1, pattern=r"^[\w.-]+$")
    repository: str = field(min_length=1, description="URL or path of the wiki's git repository")
    branch: str | None = field(None, description="branch to push to; default: the remote's default")
    checkout: str | None = field(None, description="local clone; default: beside the state file")
    page: str = field("Lage-{date}.md", description="file name of a digest page; {date}, {kind}")
    index: str = field("Home.md", description="page listing every digest, newest first")
    author_name: str = field("news digest")
    author_email: str = field("news-digest@localhost")


class MailTarget(Schema):
    """Send each digest by mail: plain text and HTML alternatives."""

    type: Literal["mail"]
    name: str = field(min_length=1, pattern=r"^[\w.-]+$")
    host: str = field(min_length=1)
    port: int = field(587, ge=1, le=65535)
    security: Literal["starttls", "tls", "none"] = field(
        "starttls", description="how the connection is secured"
    )
    user_env: str | None = field(None, description="environment variable holding the login name")
    password_env: str | None = field(None, description="environment variable holding the password")
    sender: str = field(pattern=r"^[^@\s]+@[^@\s]+$")
    recipients: tuple[str, ...] = field(min_length=1)
    subject: str = field(
        "Lage der Verhandlungen: {day}", description="{day} is the date in words, {date} ISO"
    )
    timeout: float = field(30, gt=0, le=600)

    @field_validator("recipients")
    @classmethod
    def _addresses(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for address in value:
            if not re.fullmatch(r"[^@\s]+@[^@\s]+", address):
                raise ValueError(f"expected mail addresses, got {address!r}")
        return value


TargetConfig = Annotated[MediaWikiTarget | GitWikiTarget | MailTarget, Tagged("type")]


class Job(Schema):
    """A scheduled job (run by `digest serve`)."""

    name: str = field(min_length=1, pattern=r"^[\w.-]+$")
    action: Literal["pickup", "digest"]
    cron: str | None = field(None, description="five-field crontab expression, Sunday = 0")
    every: str | None = field(None, description="interval such as '10 minutes'")
    window_days: int | None = field(
        None, ge=1, le=3650, description="fixed window in days instead of 'since the previous digest'"
    )
    output: str = field(
        "digest", pattern=r"^[a-z0-9][a-z0-9_-]*$", description="file stem: out/<yyyy>/<mm>/<output>-<date>"
    )
    publish: tuple[str, ...] | None = field(
        None, description="names of publish targets after this digest; default: all"
    )

    @field_validator("cron")
    @classmethod
    def _valid_cron(cls, value: str | None) -> str | None:
        if value is not None:
            check_cron(value)  # raises ValueError with the reason
        return value

    @field_validator("every")
    @classmethod
    def _valid_interval(cls, value: str | None) -> str | None:
        if value is not None:
            interval(value)
        return value

    @model_validator
    def _one_trigger(self) -> None:
        if (self.cron is None) == (self.every is None):
            raise ValueError("give exactly one of 'cron' or 'every'")


class Settings(Schema):
    """The whole of schedule.yaml."""

    language: str = field("german", description="labels of the digest")
    timezone: str = field("Europe/Berlin", description="IANA time zone of digest dates")
    inbox: str = field("seeds", description="folder watched for articles")
    output: str = field("out", description="folder the digests are written to")
    state: str = field(
        STATE_IN_OUTPUT, description="SQLite state file (without a config file: in the output folder)"
    )
    templates: str | None = field(None, description="folder of templates looked up first")
    max_file_mb: float = field(10, gt=0, le=1024, description="larger inbox files are skipped")
    site_url: str | None = field(
        None, pattern=r"^https?://", description="where out/ is served; makes the feed's links absolute"
    )
    summary: SummaryConfig = SummaryConfig()
    digest: DigestConfig = DigestConfig()
    similarity: SimilarityConfig = SimilarityConfig()
    service: ServiceConfig = ServiceConfig()
    sources: tuple[SourceSignature, ...] = ()
    speakers: tuple[Speaker, ...] = ()
    parties: tuple[Party, ...] = ()
    topics: tuple[Topic, ...] = ()
    jobs: tuple[Job, ...] = ()
    publish: tuple[TargetConfig, ...] = ()

    @field_validator("language")
    @classmethod
    def _known_language(cls, value: str) -> str:
        try:
            return lang.normalize(value)
        except ValueError:
            raise ValueError(f"expected one of {', '.join(lang.LANGUAGES)}, got {value!r}") from None

    @model_validator
    def _known_parties(self) -> None:
        names = {party.name for party in self.parties}
        for i, speaker in enumerate(self.speakers):
            if self.parties and speaker.party is not None and speaker.party not in names:
                raise ValueError(f"speakers[{i}].party: expected one of {', '.join(sorted(names))}, "
                                 f"got {speaker.party!r}; add it under parties")

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"expected an IANA time zone such as 'Europe/Berlin', got {value!r}"
            ) from None
        return value


@dataclass(frozen=True)
class Config:
    """Validated settings with every path resolved against the config file's folder.

    Without a config file (``path`` None), inbox and output are relative to the current
    folder and the state to the output folder: ``state_in_output`` says so, and a new
    output folder given by ``with_paths`` takes the state along.
    """

    settings: Settings
    path: Path | None
    inbox: Path
    output: Path
    state: Path
    templates: Path | None
    state_in_output: bool = False

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.settings.timezone)

    def with_paths(self, *, inbox: Path | None = None, output: Path | None = None,
                   state: Path | None = None) -> Config:
        """Return a copy with command-line overrides applied."""
        follows = self.state_in_output and state is None  # the state stays in the output folder
        if follows and output is not None:
            state = output / self.settings.state
        return Config(
            self.settings,
            self.path,
            inbox if inbox is not None else self.inbox,
            output if output is not None else self.output,
            state if state is not None else self.state,
            self.templates,
            follows,
        )

    @property
    def own_state_hint(self) -> str:
        """How to give an inbox a state of its own, for the message refusing to mix two inboxes."""
        if self.state_in_output:
            return (f"another output folder (--out; without a config file the state is "
                    f"<out>/{self.settings.state})")
        if self.path is None:
            return "another state file"
        return (f"set 'state:' in {self.path} to another file, or use a copy of {self.path} in another "
                "folder (its relative paths follow it)")


#: Sections whose unknown keys are told with the keys they have ("speakers[]": each speaker). The
#: parties and the publish targets have never had that hint: kept so, every message is as it was.
_HINTED_SECTIONS = frozenset({"", "summary", "digest", "similarity", "service", "speakers[]", "sources[]",
                              "topics[]", "jobs[]"})


def _describe(problem: Problem) -> str:
    """One line per problem: key path, what was expected, what came."""
    where = key_path(problem.path)
    if problem.kind == "unknown":
        section = re.sub(r"\[\d+\]", "[]", key_path(problem.path[:-1])) if len(problem.path) > 1 else ""
        hint = f"; expected one of: {', '.join(problem.allowed)}" if section in _HINTED_SECTIONS else ""
        return f"{where}: unknown key{hint}"
    return f"{where}: {problem.message}"


def parse_settings(data: Any, origin: str) -> Settings:
    """Validate a parsed YAML document; raise ConfigError listing every problem."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(origin, [f"expected a mapping of keys at the top level, got {data!r}"])
    try:
        settings = Settings.model_validate(data)
    except ValidationError as exc:
        problems = [_describe(problem) for problem in exc.problems]
        raise ConfigError(origin, problems) from None
    problems = _duplicate_names(settings)
    if problems:
        raise ConfigError(origin, problems)
    return settings


def _duplicate_names(settings: Settings) -> list[str]:
    """Topic keys, job names and the output names of digest jobs must be unique."""
    problems = []
    checks = (
        ("topics", "key", list(enumerate(settings.topics))),
        ("jobs", "name", list(enumerate(settings.jobs))),
        ("jobs", "output", [(i, j) for i, j in enumerate(settings.jobs) if j.action == "digest"]),
        ("publish", "name", list(enumerate(settings.publish))),
    )
    for section, attr, items in checks:
        seen: set[str] = set()
        for i, item in items:
            name = getattr(item, attr)
            if name in seen:
                problems.append(f"{section}[{i}].{attr}: duplicate {attr} {name!r}")
            seen.add(name)
    targets = {t.name for t in settings.publish}
    for i, job in enumerate(settings.jobs):
        for name in job.publish or ():
            if name not in targets:
                known = ", ".join(sorted(targets)) or "none configured"
                problems.append(f"jobs[{i}].publish: no publish target named {name!r} (targets: {known})")
    return problems


@cache
def _yaml_loaders() -> tuple[type, type]:
    """PyYAML's loaders of a configuration file, made when one is first read (PyYAML's import costs
    ~6 ms that a process with no configuration file does not spend): a strict one, for which a key
    given twice in one mapping is an error, not a silent override; and the same with libyaml's parser
    when PyYAML has it (ten times faster), whose problems are told by the strict one, so each message
    is the same with or without libyaml."""
    import yaml

    def mapping_without_duplicates(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False,
                                   ) -> dict:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = loader.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r} (a later value would silently replace the first)",
                    key_node.start_mark,
                )
            seen.add(key)
        return loader.construct_mapping(node, deep=deep)

    strict = type("_StrictLoader", (yaml.SafeLoader,), {})
    quick = type("_QuickStrictLoader", (getattr(yaml, "CSafeLoader", yaml.SafeLoader),), {})
    for loader in (strict, quick):
        loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping_without_duplicates)
    return strict, quick


def defaults_text() -> str:
    """The shipped schedule.yaml (package data of ``digest``): the built-in defaults, as written."""
    return resources.files(__package__).joinpath(DEFAULT_CONFIG_NAME).read_text(encoding="utf-8")


#: The shipped schedule.yaml parsed and written as JSON (:func:`defaults_json`), package data beside it:
#: the built-in defaults read without PyYAML, whose import costs ~6 ms of every process that reads no
#: configuration file (tests/test_builtin_defaults.py keeps the two equal).
DEFAULTS_JSON = f"{DEFAULT_CONFIG_NAME}.json"


@cache
def defaults_document() -> dict[str, Any]:
    """The shipped schedule.yaml as parsed YAML (validated by ``builtin_settings``), read from its
    JSON copy ``DEFAULTS_JSON``."""
    import json

    return json.loads(resources.files(__package__).joinpath(DEFAULTS_JSON).read_text(encoding="utf-8"))


def defaults_json() -> str:
    """The text of ``DEFAULTS_JSON``: the shipped schedule.yaml parsed by PyYAML, as JSON."""
    import json

    document = _parse_yaml(defaults_text(), f"{__package__}/{DEFAULT_CONFIG_NAME} (built-in defaults)")
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


@cache
def builtin_settings() -> Settings:
    """The built-in defaults: the shipped schedule.yaml, validated."""
    return parse_settings(defaults_document(), f"{__package__}/{DEFAULT_CONFIG_NAME} (built-in defaults)")


def with_defaults(data: Any, defaults: dict[str, Any]) -> Any:
    """``data`` with every key it leaves out taken from ``defaults``; mappings are merged key by key.

    Lists are not merged: a config file that lists topics (or jobs, ...) has only its own.
    """
    if not isinstance(data, dict):
        return data
    merged = dict(defaults)
    for key, value in data.items():
        default = defaults.get(key)
        merged[key] = with_defaults(value, default) if isinstance(default, dict) else value
    return merged


def _parse_yaml(text: str, origin: str) -> Any:
    """A YAML document; ConfigError naming the line of a syntax error or a key given twice."""
    import yaml

    strict, quick = _yaml_loaders()
    try:
        return yaml.load(text, Loader=quick)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError:
        pass  # read again below, for the message of the pure-Python parser
    try:
        return yaml.load(text, Loader=strict)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ConfigError(origin, [f"{where}invalid YAML: {problem}"]) from None


def load_config(path: Path | None) -> Config:
    """Load schedule.yaml and resolve its paths; keys it leaves out, or all without ``path``, are
    the built-in defaults (the shipped schedule.yaml).

    Paths are relative to the config file's folder; without one, inbox and output are relative
    to the current folder and the state to the output folder.
    """
    if path is None:
        settings = builtin_settings()
        base = Path.cwd()
    else:
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise ConfigError(str(path), ["file not found; pass --config PATH or create it"]) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(str(path), [f"cannot read: {exc}"]) from None
        data = _parse_yaml(text, str(path))
        settings = parse_settings(with_defaults(data, defaults_document()) if data is not None
                                  else defaults_document(), str(path))
        base = path.resolve().parent

    def resolve(value: str, against: Path = base) -> Path:
        p = Path(value).expanduser()
        return p if p.is_absolute() else against / p

    templates = resolve(settings.templates) if settings.templates else None
    output = resolve(settings.output)
    state = resolve(settings.state, output if path is None else base)
    return Config(settings, path, resolve(settings.inbox), output, state, templates, path is None)
