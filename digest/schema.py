"""A small declared schema: frozen dataclasses whose fields say their type, default, bounds and doc.

A section of the configuration is a subclass of ``Schema``; each field is annotated with its type
and may carry a ``field(...)`` with a default, bounds (``ge``, ``gt``, ``le``), ``min_length``, a
``pattern`` and a one-line ``description``::

    class SummaryConfig(Schema):
        algorithm: Literal["lexrank", "newsrank"] = field("newsrank", description="summarizer")
        sentences: int = field(3, ge=1, le=20, description="sentences per article summary")

``SummaryConfig.model_validate(mapping)`` checks a parsed YAML mapping and returns a frozen
instance, or raises ``ValidationError`` listing every problem at once, each with its key path
(``("jobs", 1, "cron")``) and a message that says what was expected and what came. Types: ``str``,
``int``, ``float``, ``bool``, ``Literal[...]``, ``X | None``, ``tuple[X, ...]``, a ``Schema``
subclass, and ``Annotated[A | B, Tagged("type")]``: one of several sections chosen by the value of
their ``type`` key (problems inside one name the tag: ``publish[0].mail.port``).

Values are coerced as pydantic's lax mode did for these types, so that files written for the
pydantic schema keep loading: ``"3"``, ``3.0`` and ``True`` are the int 3, 3 and 1; ``"1e3"`` is
the float 1000.0; ``"yes"``, ``"off"``, 0 and 1 are booleans; a YAML list (or set) is a tuple; a
YAML byte string is text. Defaults are taken as declared, never checked.

``@field_validator("name")`` marks a function ``(cls, value) -> value`` run after a given value
has its type and bounds; ``@model_validator`` marks a function ``(self) -> Any`` run once every
field of a section is valid. Both raise ``ValueError`` with the reason; a reason without
``got ...`` gets ``, got <the value as given>`` appended.

Constructing (``Settings(topics=[...])``) validates like ``model_validate``; ``model_copy`` does
NOT validate (as in pydantic): it is for code that changes a valid value to another valid value.
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
import sys
import types
import typing
from collections.abc import Callable, Mapping
from typing import Annotated, Any, Literal, Union

#: A field without a default: the key is required.
MISSING: Any = dataclasses.MISSING

#: The result of a check that failed (its problems were added to the list).
_FAILED = object()

#: Container types taken as a tuple (YAML lists and sets).
_SEQUENCES = (list, tuple, set, frozenset)

_I64 = 2**63
_INTEGER_TEXT = re.compile(r"[+-]?[0-9]+(?:_[0-9]+)*(?:\.0+)?")
_TRUE = frozenset({"1", "on", "t", "true", "y", "yes"})
_FALSE = frozenset({"0", "off", "f", "false", "n", "no"})


@dataclasses.dataclass(frozen=True)
class Problem:
    """One thing wrong with the data: where (a key path), what kind, and the message.

    ``kind`` is "unknown" (a key the section does not have; ``message`` is "unknown key" and
    ``allowed`` lists the section's keys), "missing" (a required key) or "invalid".
    """

    path: tuple[Any, ...]
    message: str
    kind: str = "invalid"
    allowed: tuple[str, ...] = ()


class ValidationError(ValueError):
    """Raised when data does not fit a schema; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(f"{key_path(p.path)}: {p.message}" for p in problems))


def key_path(path: tuple[Any, ...]) -> str:
    """A key path as written in messages: ``jobs[1].cron``; ``(top level)`` for the empty path."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part:d}]"  # True as [1]
        else:
            out += f".{part}" if out else str(part)
    return out or "(top level)"


@dataclasses.dataclass(frozen=True)
class FieldInfo:
    """What a field declares. ``annotation`` is its resolved type (filled in by ``Schema``)."""

    default: Any = MISSING
    description: str | None = None
    ge: float | None = None
    gt: float | None = None
    le: float | None = None
    min_length: int | None = None
    pattern: str | None = None
    annotation: Any = None

    def is_required(self) -> bool:
        return self.default is MISSING


def field(default: Any = MISSING, *, description: str | None = None, ge: float | None = None,
          gt: float | None = None, le: float | None = None, min_length: int | None = None,
          pattern: str | None = None) -> Any:
    """Declare a field: its default (none: required) and its constraints and description."""
    return FieldInfo(default, description, ge, gt, le, min_length, pattern)


@dataclasses.dataclass(frozen=True)
class Tagged:
    """Marks ``Annotated[A | B | C, Tagged("type")]``: the section whose ``type`` Literal matches."""

    key: str


class _Validator:
    """A function marked by ``field_validator`` or ``model_validator``, collected by ``Schema``."""

    def __init__(self, func: Any, fields: tuple[str, ...]):
        self.func = func.__func__ if isinstance(func, classmethod) else func
        self.fields = fields


def field_validator(*names: str) -> Callable[[Any], _Validator]:
    """Run the decorated ``(cls, value) -> value`` on these fields once their type is right."""
    return lambda func: _Validator(func, names)


def model_validator(func: Any) -> _Validator:
    """Run the decorated ``(self) -> Any`` once every field of the section is valid."""
    return _Validator(func, ())


Check = Callable[[Any, tuple[Any, ...], list[Problem]], Any]
"""Validate a value found at a key path: the value to keep, or ``_FAILED`` after adding problems."""


class Schema:
    """Base of every section: a frozen dataclass validated from a mapping; unknown keys are errors."""

    model_fields: typing.ClassVar[dict[str, FieldInfo]] = {}
    _checks: typing.ClassVar[dict[str, Check]] = {}
    _field_validators: typing.ClassVar[dict[str, list[Any]]] = {}
    _model_validators: typing.ClassVar[list[Any]] = []
    _defaults: typing.ClassVar[dict[str, Any]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """Make the subclass a frozen dataclass and compile the checks of its fields."""
        super().__init_subclass__(**kwargs)
        fields = dict(cls.model_fields)  # a base section's, if any
        field_validators = {name: list(funcs) for name, funcs in cls._field_validators.items()}
        model_validators = list(cls._model_validators)
        for name, value in list(vars(cls).items()):
            if isinstance(value, _Validator):
                for field_name in value.fields:
                    field_validators.setdefault(field_name, []).append(value.func)
                if not value.fields:
                    model_validators.append(value.func)
                delattr(cls, name)
        namespace = vars(sys.modules[cls.__module__])
        for name, annotation in cls.__dict__.get("__annotations__", {}).items():
            declared = cls.__dict__.get(name, MISSING)
            info = declared if isinstance(declared, FieldInfo) else FieldInfo(default=declared)
            # a string under `from __future__ import annotations`: evaluated as typing.get_type_hints does
            kind = eval(annotation, namespace, dict(vars(cls))) if isinstance(annotation, str) else annotation
            fields[name] = dataclasses.replace(info, annotation=kind)
            setattr(cls, name, dataclasses.field(default=info.default))
        dataclasses.dataclass(frozen=True, init=False, eq=False)(cls)
        unknown = set(field_validators) - set(fields)
        if unknown:
            raise TypeError(f"{cls.__name__}: field_validator of no field: {', '.join(sorted(unknown))}")
        cls.model_fields = fields
        cls._checks = {name: _compile(info.annotation, info) for name, info in fields.items()}
        cls._defaults = {name: info.default for name, info in fields.items() if info.default is not MISSING}
        cls._field_validators = field_validators
        cls._model_validators = model_validators

    def __init__(self, **data: Any) -> None:
        """Validate keyword arguments as ``model_validate`` does a mapping."""
        problems: list[Problem] = []
        values = _fields_of(type(self), data, (), problems)
        if values is not None:
            self.__dict__.update(values)
            _check_model(self, data, (), problems)
        if problems:
            raise ValidationError(problems)

    @classmethod
    def model_validate(cls, data: Any) -> typing.Self:
        """A valid instance made from a mapping (an instance is returned as it is)."""
        problems: list[Problem] = []
        made = _validate_model(cls, data, (), problems)
        if problems:
            raise ValidationError(problems)
        return made

    @classmethod
    def _make(cls, values: dict[str, Any]) -> typing.Self:
        """An instance of already valid values, without checks."""
        made = object.__new__(cls)
        made.__dict__.update(values)
        return made

    def model_copy(self, *, update: Mapping[str, Any] | None = None) -> typing.Self:
        """A copy with some fields replaced; NOT validated (as pydantic's ``model_copy``)."""
        unknown = set(update or ()) - set(self.model_fields)
        if unknown:
            raise TypeError(f"{type(self).__name__} has no field {', '.join(sorted(unknown))}")
        return self._make({**self.__dict__, **(update or {})})

    def model_dump(self) -> dict[str, Any]:
        """The values as a dict, sections as dicts too (tuples stay tuples)."""
        return {name: _dump(getattr(self, name)) for name in self.model_fields}

    def model_dump_json(self) -> str:
        """The values as compact JSON, keys in declaration order: the same values, the same text."""
        return json.dumps(self.model_dump(), ensure_ascii=False, separators=(",", ":"), allow_nan=True)

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.model_fields)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._values() == other._values()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((type(self).__name__, self._values()))


def _dump(value: Any) -> Any:
    if isinstance(value, Schema):
        return value.model_dump()
    if isinstance(value, tuple):
        return tuple(_dump(item) for item in value)
    return value


# --- validation of a section --------------------------------------------------------------------


def _validate_model(cls: type[Schema], data: Any, path: tuple[Any, ...], problems: list[Problem]) -> Any:
    """Check for one section: an instance of ``cls`` made from a mapping."""
    if isinstance(data, cls):
        return data
    if not isinstance(data, Mapping):
        problems.append(Problem(path, f"expected a valid dictionary or instance of {cls.__name__}, "
                                      f"got {data!r}"))
        return _FAILED
    before = len(problems)
    values = _fields_of(cls, data, path, problems)
    if values is None:
        return _FAILED
    made = cls._make(values)
    _check_model(made, data, path, problems)
    return made if len(problems) == before else _FAILED


def _fields_of(cls: type[Schema], data: Mapping[Any, Any], path: tuple[Any, ...],
               problems: list[Problem]) -> dict[str, Any] | None:
    """Every field's value (given and checked, or its default); None when any problem was found.

    Problems come in the order of the declared fields, then unknown keys in the order given.
    """
    before = len(problems)
    values = dict(cls._defaults)
    for name, check in cls._checks.items():
        if name not in data:
            if name not in values:
                problems.append(Problem((*path, name), "required key is missing", "missing"))
            continue
        given = data[name]
        value = check(given, (*path, name), problems)
        if value is _FAILED:
            continue
        try:
            for validate in cls._field_validators.get(name, ()):
                value = validate(cls, value)
        except ValueError as exc:
            problems.append(Problem((*path, name), _reason(exc, given)))
            continue
        values[name] = value
    for key in data:
        if not isinstance(key, str):
            problems.append(Problem((*path, key), f"keys should be strings, got {key!r}"))
        elif key not in cls._checks:
            problems.append(Problem((*path, key), "unknown key", "unknown", tuple(cls._checks)))
    return values if len(problems) == before else None


def _check_model(made: Schema, given: Any, path: tuple[Any, ...], problems: list[Problem]) -> None:
    """Run the section's model validators on a section whose every field is valid."""
    for validate in type(made)._model_validators:
        try:
            validate(made)
        except ValueError as exc:
            problems.append(Problem(path, _reason(exc, given)))
            return


def _reason(exc: ValueError, given: Any) -> str:
    """A validator's reason, with the value given unless the reason already names what came."""
    message = str(exc)
    if "got " in message:
        return message
    return f"{message[:1].lower()}{message[1:]}, got {given!r}"


# --- checks of each type ------------------------------------------------------------------------


def _compile(kind: Any, info: FieldInfo) -> Check:
    """The check of one field: its type, then its constraints (on the value when not None)."""
    origin = typing.get_origin(kind)
    if origin in (Union, types.UnionType) and type(None) in typing.get_args(kind):
        others = [a for a in typing.get_args(kind) if a is not type(None)]
        if len(others) != 1:
            raise TypeError(f"schema: only X | None is supported, not {kind!r}")
        inner = _compile(others[0], info)
        return lambda value, path, problems: None if value is None else inner(value, path, problems)
    if origin is tuple:
        check = _tuple_check(typing.get_args(kind), info.min_length)
    else:
        check = _type_check(kind)
    limits = _limits(kind, info)
    if not limits:
        return check

    def constrained(value: Any, path: tuple[Any, ...], problems: list[Problem]) -> Any:
        checked = check(value, path, problems)
        if checked is _FAILED:
            return _FAILED
        for fails, message in limits:
            if fails(checked):
                problems.append(Problem(path, f"{message}, got {value!r}"))
                return _FAILED
        return checked

    return constrained


def _limits(kind: Any, info: FieldInfo) -> list[tuple[Callable[[Any], bool], str]]:
    """(fails, message) for each constraint, in the order they are checked."""
    limits: list[tuple[Callable[[Any], bool], str]] = []
    if kind is str and (info.min_length is not None or info.pattern is not None):
        limits.append((_not_unicode, "expected a valid string, unable to parse raw data as a unicode string"))
    if info.le is not None:
        le = info.le
        limits.append((lambda v: not v <= le, f"expected a value less than or equal to {le}"))
    if info.ge is not None:
        ge = info.ge
        limits.append((lambda v: not v >= ge, f"expected a value greater than or equal to {ge}"))
    if info.gt is not None:
        gt = info.gt
        limits.append((lambda v: not v > gt, f"expected a value greater than {gt}"))
    if info.min_length is not None and kind is str:  # a tuple's is checked with its items
        least = info.min_length
        chars = "character" if least == 1 else "characters"
        limits.append((lambda v: len(v) < least, f"string should have at least {least} {chars}"))
    if info.pattern is not None:
        # `$` at the end means the end of the text (as in pydantic's regex), not before a final newline
        pattern = re.compile(info.pattern[:-1] + r"\Z" if info.pattern.endswith("$") else info.pattern)
        limits.append((lambda v: pattern.search(v) is None, f"string should match pattern '{info.pattern}'"))
    return limits


def _not_unicode(text: str) -> bool:
    """True for a str with lone surrogates (what a constrained text refused under pydantic)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _type_check(kind: Any) -> Check:
    """The check of a type, without constraints."""
    origin = typing.get_origin(kind)
    if kind in _SCALARS:
        return _SCALARS[kind]
    if origin is Literal:
        return _literal_check(typing.get_args(kind))
    if origin is tuple:
        return _tuple_check(typing.get_args(kind), None)
    if origin is Annotated:
        union, *marks = typing.get_args(kind)
        tagged = [m for m in marks if isinstance(m, Tagged)]
        if tagged:
            return _tagged_check(tagged[0].key, typing.get_args(union))
        return _type_check(union)
    if isinstance(kind, type) and issubclass(kind, Schema):
        return lambda value, path, problems: _validate_model(kind, value, path, problems)
    raise TypeError(f"schema: no check for the type {kind!r}")


def _as_text(value: Any) -> str | None:
    """Text of a str or a UTF-8 byte string; None for anything else (or bytes that are not UTF-8)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bytes | bytearray):
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            return None
    return None


def _check_str(value: Any, path: tuple[Any, ...], problems: list[Problem]) -> Any:
    if isinstance(value, str):
        return value
    if isinstance(value, bytes | bytearray):
        text = _as_text(value)
        if text is not None:
            return text
        problems.append(Problem(path, f"expected a valid string, unable to parse raw data as a unicode "
                                      f"string, got {value!r}"))
        return _FAILED
    problems.append(Problem(path, f"expected a valid string, got {value!r}"))
    return _FAILED


def _check_int(value: Any, path: tuple[Any, ...], problems: list[Problem]) -> Any:
    if isinstance(value, int):
        return int(value)  # True is 1
    if isinstance(value, float):
        if not math.isfinite(value):
            message = "expected a finite number"
        elif not value.is_integer():
            message = "expected a valid integer, got a number with a fractional part"
        elif not abs(value) < _I64:
            message = "unable to parse input string as an integer, exceeded maximum size"
        else:
            return int(value)
        problems.append(Problem(path, f"{message}, got {value!r}"))
        return _FAILED
    if isinstance(value, str | bytes):
        text = _as_text(value)
        if text is not None and _INTEGER_TEXT.fullmatch(text.strip()):
            return int(text.strip().split(".")[0])
        problems.append(Problem(path, f"expected a valid integer, unable to parse string as an integer, "
                                      f"got {value!r}"))
        return _FAILED
    problems.append(Problem(path, f"expected a valid integer, got {value!r}"))
    return _FAILED


def _check_float(value: Any, path: tuple[Any, ...], problems: list[Problem]) -> Any:
    if isinstance(value, float):
        return value
    if isinstance(value, int) and abs(value) < 2**1024:
        return float(value)
    if isinstance(value, str | bytes):
        text = _as_text(value)
        if text is not None and text.isascii():
            try:
                return float(text)
            except ValueError:
                pass
        problems.append(Problem(path, f"expected a valid number, unable to parse string as a number, "
                                      f"got {value!r}"))
        return _FAILED
    problems.append(Problem(path, f"expected a valid number, got {value!r}"))
    return _FAILED


def _check_bool(value: Any, path: tuple[Any, ...], problems: list[Problem]) -> Any:
    if isinstance(value, bool):
        return value
    number = value
    if isinstance(value, float) and math.isfinite(value) and value.is_integer() and abs(value) < _I64:
        number = int(value)
    if isinstance(number, int) and -_I64 <= number < _I64:
        if number in (0, 1):
            return number == 1
        unable = True
    elif isinstance(value, str | bytes):
        text = _as_text(value)
        lowered = text.lower() if text is not None else None
        if lowered in _TRUE or lowered in _FALSE:
            return lowered in _TRUE
        unable = True
    else:
        unable = False
    how = ", unable to interpret input" if unable else ""
    problems.append(Problem(path, f"expected a valid boolean{how}, got {value!r}"))
    return _FAILED


_SCALARS: dict[Any, Check] = {str: _check_str, int: _check_int, float: _check_float, bool: _check_bool}


def _literal_check(choices: tuple[Any, ...]) -> Check:
    shown = ", ".join(repr(c) for c in choices[:-1])
    expected = f"{shown} or {choices[-1]!r}" if shown else repr(choices[-1])

    def check(value: Any, path: tuple[Any, ...], problems: list[Problem]) -> Any:
        if any(type(value) is type(choice) and value == choice for choice in choices):
            return value
        problems.append(Problem(path, f"expected {expected}, got {value!r}"))
        return _FAILED

    return check


def _tuple_check(args: tuple[Any, ...], least: int | None) -> Check:
    """A tuple of ``args[0]`` (``tuple[X, ...]``) from a list, tuple or set; at least ``least`` items."""
    if len(args) != 2 or args[1] is not Ellipsis:
        raise TypeError(f"schema: only tuple[X, ...] is supported, not tuple{list(args)}")
    item = _type_check(args[0])
    items = "item" if least == 1 else "items"

    def check(value: Any, path: tuple[Any, ...], problems: list[Problem]) -> Any:
        if not isinstance(value, _SEQUENCES):
            problems.append(Problem(path, f"expected a valid tuple, got {value!r}"))
            return _FAILED
        checked = [item(v, (*path, i), problems) for i, v in enumerate(value)]
        valid = tuple(v for v in checked if v is not _FAILED)
        if least is not None and len(valid) < least:  # counted among the valid items, as pydantic did
            problems.append(Problem(path, f"tuple should have at least {least} {items} after validation, "
                                          f"not {len(valid)}, got {value!r}"))
            return _FAILED
        return valid if len(valid) == len(checked) else _FAILED

    return check


def _tagged_check(key: str, kinds: tuple[Any, ...]) -> Check:
    """One of several sections, chosen by the Literal value of their field ``key``."""
    by_tag: dict[str, type[Schema]] = {}
    for kind in kinds:
        for tag in typing.get_args(kind.model_fields[key].annotation):
            by_tag[tag] = kind
    tags = ", ".join(repr(t) for t in by_tag)
    classes = tuple(by_tag.values())

    def check(value: Any, path: tuple[Any, ...], problems: list[Problem]) -> Any:
        if isinstance(value, classes):
            return value
        if not isinstance(value, Mapping):
            problems.append(Problem(path, f"expected a valid dictionary or object to extract fields from, "
                                          f"got {value!r}"))
            return _FAILED
        if key not in value:
            problems.append(Problem(path, f"unable to extract tag using discriminator {key!r}, "
                                          f"got {value!r}"))
            return _FAILED
        tag = value[key]
        if not isinstance(tag, str) or tag not in by_tag:
            problems.append(Problem(path, f"input tag '{tag}' found using {key!r} does not match any of the "
                                          f"expected tags: {tags}, got {value!r}"))
            return _FAILED
        return _validate_model(by_tag[tag], value, (*path, tag), problems)

    return check
