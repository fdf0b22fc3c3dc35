"""digest/schema.py: each kind of check, every problem at once, frozen values; and the configuration's
messages and coercions, which stay those of the pydantic schema it replaced (users' files keep loading)."""

from __future__ import annotations

import dataclasses
import json
import math
import pickle
from functools import lru_cache
from typing import Annotated, Literal

import pytest

from digest.config import ConfigError, MailTarget, Settings, SummaryConfig, parse_settings
from digest.schema import Problem, Schema, Tagged, ValidationError, field, field_validator, model_validator


class Inner(Schema):
    """A nested section."""

    count: int = field(2, ge=1, le=5, description="how many")
    ratio: float = field(0.5, gt=0, le=1, description="a share")
    loose: int = field(0, ge=1, description="a default outside its own bounds")


class Item(Schema):
    """An item of a list."""

    key: str = field(pattern=r"^[a-z]+$", description="lower-case letters")
    words: tuple[str, ...] = field(min_length=1)
    note: str | None = field(None, min_length=1)


class Alpha(Schema):
    type: Literal["alpha"]
    port: int = field(1, ge=1, le=9)


class Beta(Schema):
    type: Literal["beta"]
    flag: bool = False


class Root(Schema):
    """A whole document."""

    name: str = field("x", min_length=1, description="a name")
    mode: Literal["fast", "slow", "off"] = field("fast")
    inner: Inner = Inner()
    items: tuple[Item, ...] = ()
    targets: tuple[Annotated[Alpha | Beta, Tagged("type")], ...] = ()
    limit: int | None = field(None, ge=1)
    first: int = 0
    last: int = 0

    @field_validator("name")
    @classmethod
    def _shout(cls, value: str) -> str:
        if value == "nobody":
            raise ValueError("Not a name")
        if value == "anybody":
            raise ValueError(f"expected someone, got {value!r}")
        return value.upper()

    @model_validator
    def _in_order(self) -> None:
        if self.first > self.last:
            raise ValueError("first comes after last")


def problems(data: object, model: type[Schema] = Root) -> list[tuple[object, str]]:
    with pytest.raises(ValidationError) as info:
        model.model_validate(data)
    return [(p.path, p.message) for p in info.value.problems]


# --- values that pass, and what they become -------------------------------------------------------

@pytest.mark.parametrize("given, expected", [
    (3, 3), (True, 1), (4.0, 4), ("3", 3), (" 4 ", 4), ("+3", 3), ("3.00", 3), ("1_0", 10), (b"3", 3),
    (None, None),
])
def test_an_int_is_taken_as_pydantic_took_it(given, expected):
    value = Root.model_validate({"limit": given}).limit
    assert value == expected and type(value) is type(expected)


@pytest.mark.parametrize("given, expected", [
    (1, 1.0), (True, 1.0), ("0.25", 0.25), ("1e-1", 0.1), (" .5 ", 0.5), ("1_0e-2", 0.1), (b"0.5", 0.5),
])
def test_a_float_is_taken_as_pydantic_took_it(given, expected):
    value = Inner.model_validate({"ratio": given}).ratio
    assert value == expected and type(value) is float


@pytest.mark.parametrize("given, expected", [
    (True, True), (0, False), (1, True), (1.0, True), ("yes", True), ("Off", False), ("T", True),
    ("n", False), (b"1", True),
])
def test_a_bool_is_taken_as_pydantic_took_it(given, expected):
    assert Beta.model_validate({"type": "beta", "flag": given}).flag is expected


def test_lists_and_sets_become_tuples_and_byte_strings_text():
    item = Item.model_validate({"key": b"ab", "words": ["a", "b"]})
    assert item.key == "ab" and item.words == ("a", "b")
    assert Item.model_validate({"key": "a", "words": {"z"}}).words == ("z",)
    items = Root.model_validate({"items": [{"key": "a", "words": ["x"]}]}).items
    assert items == (Item(key="a", words=("x",)),)


def test_defaults_are_taken_as_declared_not_checked():
    assert Inner().loose == 0  # outside ge=1: a default is the schema's word, not the user's
    assert Root() == Root.model_validate({}) and Root().inner == Inner()
    assert Root().name == "x"  # not run through its field validator either


def test_an_instance_is_taken_as_it_is():
    inner = Inner(count=3)
    assert Inner.model_validate(inner) is inner
    assert Root.model_validate({"inner": inner}).inner is inner


# --- problems -------------------------------------------------------------------------------------

@pytest.mark.parametrize("data, expected", [
    ({"limit": 0}, [(("limit",), "expected a value greater than or equal to 1, got 0")]),
    ({"limit": "0"}, [(("limit",), "expected a value greater than or equal to 1, got '0'")]),  # as given
    ({"limit": 2.5}, [(("limit",), "expected a valid integer, got a number with a fractional part, "
                                   "got 2.5")]),
    ({"limit": "3.5"}, [(("limit",), "expected a valid integer, unable to parse string as an integer, "
                                     "got '3.5'")]),
    ({"limit": math.inf}, [(("limit",), "expected a finite number, got inf")]),
    ({"limit": 1e30}, [(("limit",), "unable to parse input string as an integer, exceeded maximum size, "
                                    "got 1e+30")]),
    ({"limit": [1]}, [(("limit",), "expected a valid integer, got [1]")]),
    ({"inner": {"count": 6}}, [(("inner", "count"), "expected a value less than or equal to 5, got 6")]),
    ({"inner": {"ratio": 0}}, [(("inner", "ratio"), "expected a value greater than 0, got 0")]),
    ({"inner": {"ratio": "half"}}, [(("inner", "ratio"), "expected a valid number, unable to parse string "
                                                          "as a number, got 'half'")]),
    ({"inner": {"ratio": None}}, [(("inner", "ratio"), "expected a valid number, got None")]),
    ({"inner": {"ratio": math.nan}}, [(("inner", "ratio"), "expected a value less than or equal to 1, "
                                                            "got nan")]),
    ({"inner": 3}, [(("inner",), "expected a valid dictionary or instance of Inner, got 3")]),
    ({"name": 7}, [(("name",), "expected a valid string, got 7")]),
    ({"name": ""}, [(("name",), "string should have at least 1 character, got ''")]),
    ({"name": b"\xff"}, [(("name",), "expected a valid string, unable to parse raw data as a unicode "
                                     "string, got b'\\xff'")]),
    ({"mode": "slower"}, [(("mode",), "expected 'fast', 'slow' or 'off', got 'slower'")]),
    ({"mode": False}, [(("mode",), "expected 'fast', 'slow' or 'off', got False")]),
    ({"items": "abc"}, [(("items",), "expected a valid tuple, got 'abc'")]),
    ({"items": [{"key": "A", "words": ["x"]}]},
     [(("items", 0, "key"), "string should match pattern '^[a-z]+$', got 'A'")]),
    ({"items": [{"key": "a\n", "words": ["x"]}]},  # `$` is the end of the text, not before a last newline
     [(("items", 0, "key"), "string should match pattern '^[a-z]+$', got 'a\\n'")]),
    ({"items": [{"key": "a", "words": []}]},
     [(("items", 0, "words"), "tuple should have at least 1 item after validation, not 0, got []")]),
    ({"items": [{"key": "a", "words": [3]}]},  # the length counts the valid items only
     [(("items", 0, "words", 0), "expected a valid string, got 3"),
      (("items", 0, "words"), "tuple should have at least 1 item after validation, not 0, got [3]")]),
    ({"items": [{"key": "a", "words": ["x", 3]}]},
     [(("items", 0, "words", 1), "expected a valid string, got 3")]),
    ({"items": [{"key": "a", "words": ["x"], "note": ""}]},
     [(("items", 0, "note"), "string should have at least 1 character, got ''")]),
    ({"items": ["a"]}, [(("items", 0), "expected a valid dictionary or instance of Item, got 'a'")]),
    ({"items": [{}]}, [(("items", 0, "key"), "required key is missing"),
                       (("items", 0, "words"), "required key is missing")]),
    ({"targets": [{"type": "beta", "flag": "maybe"}]},
     [(("targets", 0, "beta", "flag"), "expected a valid boolean, unable to interpret input, got 'maybe'")]),
    ({"targets": [{"type": "beta", "flag": 0.5}]},
     [(("targets", 0, "beta", "flag"), "expected a valid boolean, got 0.5")]),
    ({"targets": [{"type": "alpha", "port": 10}]},
     [(("targets", 0, "alpha", "port"), "expected a value less than or equal to 9, got 10")]),
    ({"targets": [{"port": 1}]},
     [(("targets", 0), "unable to extract tag using discriminator 'type', got {'port': 1}")]),
    ({"targets": [{"type": "gamma"}]},
     [(("targets", 0), "input tag 'gamma' found using 'type' does not match any of the expected tags: "
                       "'alpha', 'beta', got {'type': 'gamma'}")]),
    ({"targets": [3]},
     [(("targets", 0), "expected a valid dictionary or object to extract fields from, got 3")]),
    ({"name": "nobody"}, [(("name",), "not a name, got 'nobody'")]),  # the reason, then what came
    ({"name": "anybody"}, [(("name",), "expected someone, got 'anybody'")]),  # a reason that says it
    ({"first": 2, "last": 1}, [((), "first comes after last, got {'first': 2, 'last': 1}")]),
    ({2: "x"}, [((2,), "keys should be strings, got 2")]),
])
def test_each_problem_has_its_path_and_says_what_was_expected_and_what_came(data, expected):
    assert problems(data) == expected


def test_every_problem_is_reported_at_once_fields_in_order_then_unknown_keys_as_given():
    data = {"zeta": 1, "limit": 0, "inner": {"count": 0, "extra": 1, "ratio": 2},
            "items": [{"key": "a", "words": ["x"]}, {"key": 1}], "alpha": 2, "name": ""}
    assert [key for key, _ in problems(data)] == [
        ("name",), ("inner", "count"), ("inner", "ratio"), ("inner", "extra"), ("items", 1, "key"),
        ("items", 1, "words"), ("limit",), ("zeta",), ("alpha",)]


def test_an_unknown_key_names_the_keys_of_its_section():
    with pytest.raises(ValidationError) as info:
        Root.model_validate({"inner": {"cuont": 3}})
    [problem] = info.value.problems
    assert problem == Problem(("inner", "cuont"), "unknown key", "unknown", ("count", "ratio", "loose"))
    assert str(info.value) == "inner.cuont: unknown key"


def test_validators_run_only_on_valid_values():
    assert Root.model_validate({"name": "ann"}).name == "ANN"  # a field validator may change the value
    # the section's validator waits for valid fields: a wrong field is the only problem told
    assert problems({"first": 2, "last": "one"}) == [
        (("last",), "expected a valid integer, unable to parse string as an integer, got 'one'")]
    assert problems({"first": 2, "last": 1, "bogus": 0}) == [(("bogus",), "unknown key")]


# --- values ---------------------------------------------------------------------------------------

def test_constructing_validates_like_model_validate():
    assert Root(items=[{"key": "a", "words": ["x"]}], inner={"count": 3}).inner.count == 3
    with pytest.raises(ValidationError, match=r"^inner\.count: expected a value greater than or equal to 1"):
        Root(inner={"count": 0})


def test_values_are_frozen_equal_by_value_and_hashable():
    one, two = Root.model_validate({"limit": 3}), Root.model_validate({"limit": "3"})
    with pytest.raises(dataclasses.FrozenInstanceError):
        one.limit = 4  # type: ignore[misc]
    assert one == two and hash(one) == hash(two) and one != Root()
    assert Inner() != Root() and len({one, two, Root()}) == 2

    @lru_cache(maxsize=2)
    def names(root: Root) -> str:
        return root.name

    assert names(one) == names(two) == "x" and names.cache_info().hits == 1


def test_model_copy_replaces_fields_without_checking_them():
    """model_copy does NOT validate (as in pydantic): it is for code that puts a valid value in place."""
    inner = Inner()
    assert inner.model_copy(update={"count": 99}).count == 99  # le=5 is not checked
    assert inner.model_copy(update={"count": 4}) == Inner(count=4) and inner.count == 2
    with pytest.raises(TypeError, match="Inner has no field cuont"):
        inner.model_copy(update={"cuont": 1})


def test_model_dump_and_its_json_give_the_values_back():
    root = Root.model_validate({"items": [{"key": "a", "words": ["x", "y"]}], "targets": [{"type": "beta"}],
                                "inner": {"loose": 3}, "name": "ann"})  # ANN, which stays ANN
    dumped = root.model_dump()
    assert dumped["inner"] == {"count": 2, "ratio": 0.5, "loose": 3}
    assert dumped["items"] == ({"key": "a", "words": ("x", "y"), "note": None},)
    assert Root.model_validate(json.loads(root.model_dump_json())) == root
    assert root.model_dump_json() == Root.model_validate(dumped).model_dump_json()  # same values, same text
    assert pickle.loads(pickle.dumps(root)) == root  # workers are sent the configuration


def test_model_fields_give_each_field_its_type_default_and_description():
    assert list(Root.model_fields) == ["name", "mode", "inner", "items", "targets", "limit", "first", "last"]
    assert Root.model_fields["inner"].annotation is Inner and Root.model_fields["inner"].default == Inner()
    assert Root.model_fields["limit"].annotation == int | None
    assert Inner.model_fields["count"].description == "how many"
    assert Item.model_fields["key"].is_required() and not Inner.model_fields["count"].is_required()


# --- the configuration: messages and coercions kept from the pydantic schema -----------------------

def config_problems(data: dict) -> list[str]:
    with pytest.raises(ConfigError) as info:
        parse_settings(data, "schedule.yaml")
    return info.value.problems


MAIL = {"type": "mail", "name": "post", "host": "h", "sender": "a@b", "recipients": ["c@d"]}


@pytest.mark.parametrize("data, expected", [
    ({"parties": [{"name": "A"}], "speakers": [{"name": "x", "party": "B"}]},
     "(top level): speakers[0].party: expected one of A, got 'B'; add it under parties"),
    ({"publish": [{**MAIL, "port": 70000}]},
     "publish[0].mail.port: expected a value less than or equal to 65535, got 70000"),
    ({"publish": [{"name": "q"}]},
     "publish[0]: unable to extract tag using discriminator 'type', got {'name': 'q'}"),
    ({"publish": [{"type": "x"}]}, "publish[0]: input tag 'x' found using 'type' does not match any of the "
                                   "expected tags: 'mediawiki', 'gitwiki', 'mail', got {'type': 'x'}"),
    ({"publish": [3]}, "publish[0]: expected a valid dictionary or object to extract fields from, got 3"),
    ({"publish": [{**MAIL, "zz": 1}]}, "publish[0].mail.zz: unknown key"),
    ({"parties": [{"name": "A", "zz": 1}]}, "parties[0].zz: unknown key"),
    ({"publish": [{**MAIL, "security": "ssl"}]},
     "publish[0].mail.security: expected 'starttls', 'tls' or 'none', got 'ssl'"),
    ({"publish": [{**MAIL, "recipients": ["nope"]}]}, "publish[0].mail.recipients: expected mail addresses, "
                                                      "got 'nope'"),
    ({"publish": [{"type": "mediawiki", "name": "w", "url": "http://w/", "article_subpages": "maybe"}]},
     "publish[0].mediawiki.article_subpages: expected a valid boolean, unable to interpret input, "
     "got 'maybe'"),
    ({"topics": [{"key": "a", "label": "A", "keywords": []}]},
     "topics[0].keywords: tuple should have at least 1 item after validation, not 0, got []"),
    ({"topics": [{"key": "a", "label": "A", "keywords": ["x", 3]}]},
     "topics[0].keywords[1]: expected a valid string, got 3"),
    ({"topics": "x"}, "topics: expected a valid tuple, got 'x'"),
    ({"speakers": [{"name": ""}]}, "speakers[0].name: string should have at least 1 character, got ''"),
    ({"digest": {"key_points": "five"}},
     "digest.key_points: expected a valid integer, unable to parse string as an integer, got 'five'"),
    ({"digest": {"key_points": 2.5}},
     "digest.key_points: expected a valid integer, got a number with a fractional part, got 2.5"),
    ({"digest": {"voices": float("inf")}}, "digest.voices: expected a finite number, got inf"),
    ({"digest": {"timeline_dates": 0}},
     "digest.timeline_dates: expected a value greater than or equal to 1, got 0"),
    ({"max_file_mb": "ten"},
     "max_file_mb: expected a valid number, unable to parse string as a number, got 'ten'"),
    ({"similarity": {"article": 0}}, "similarity.article: expected a value greater than 0, got 0"),
    ({"site_url": "ftp://x"}, "site_url: string should match pattern '^https?://', got 'ftp://x'"),
    ({"inbox": 7}, "inbox: expected a valid string, got 7"),
    ({"service": 3}, "service: expected a valid dictionary or instance of ServiceConfig, got 3"),
    ({"summary": {2: 3}}, "summary[2]: keys should be strings, got 2"),
    ({"jobs": [{"name": "a", "action": "weekly", "every": "1 hour"}]},
     "jobs[0].action: expected 'pickup' or 'digest', got 'weekly'"),
    ({"jobs": [{"name": "a", "action": "digest"}]},
     "jobs[0]: give exactly one of 'cron' or 'every', got {'name': 'a', 'action': 'digest'}"),
    ({"jobs": [{"name": "a b", "action": "digest"}]},  # the trigger is judged once the fields are right
     "jobs[0].name: string should match pattern '^[\\w.-]+$', got 'a b'"),
])
def test_the_configuration_says_what_the_pydantic_schema_said(data, expected):
    assert config_problems(data) == [expected]


def test_the_configuration_takes_what_the_pydantic_schema_took():
    settings = parse_settings({
        "summary": {"sentences": "3"}, "digest": {"key_points": 2.0, "voices": True, "timeline_dates": None},
        "max_file_mb": 5, "topics": [{"key": "a", "label": "A", "keywords": ["x"]}],
        "publish": [{**MAIL, "timeout": "5", "port": "25"},
                    {"type": "mediawiki", "name": "w", "url": "http://w/", "article_subpages": "yes"}],
    }, "schedule.yaml")
    assert settings.summary == SummaryConfig(sentences=3)
    digest = settings.digest
    assert (digest.key_points, digest.voices, digest.timeline_dates) == (2, 1, None)
    assert settings.max_file_mb == 5.0 and type(settings.max_file_mb) is float
    assert settings.topics[0].keywords == ("x",)
    mail, wiki = settings.publish
    assert isinstance(mail, MailTarget) and (mail.timeout, mail.port, mail.recipients) == (5.0, 25, ("c@d",))
    assert wiki.article_subpages is True


def test_the_settings_defaults_are_the_settings_of_an_empty_document():
    assert Settings() == parse_settings({}, "schedule.yaml")
    assert Settings().model_dump_json() == parse_settings(None, "schedule.yaml").model_dump_json()


def test_a_validator_of_a_field_that_does_not_exist_is_a_mistake_in_the_schema():
    with pytest.raises(TypeError, match="Broken: field_validator of no field: nmae"):
        class Broken(Schema):
            name: str = "x"

            @field_validator("nmae")
            @classmethod
            def _check(cls, value: str) -> str:
                return value
