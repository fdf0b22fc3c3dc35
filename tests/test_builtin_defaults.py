"""The built-in defaults read without PyYAML (digest/schedule.yaml.json) are the shipped schedule.yaml."""

from __future__ import annotations

import os
import subprocess
import sys

import yaml

from digest.config import (
    DEFAULTS_JSON,
    builtin_settings,
    defaults_document,
    defaults_json,
    defaults_text,
    parse_settings,
)

from .conftest import ROOT

REWRITE = ("python -c \"import digest.config as c, pathlib; "
           "pathlib.Path('digest/schedule.yaml.json').write_text(c.defaults_json(), encoding='utf-8')\"")


def test_the_json_defaults_are_the_ones_written_from_the_shipped_yaml():
    written = (ROOT / "digest" / DEFAULTS_JSON).read_text(encoding="utf-8")
    assert written == defaults_json(), f"digest/{DEFAULTS_JSON} differs from digest/schedule.yaml: {REWRITE}"


def test_the_defaults_document_equals_the_yaml_parsed_by_pyyaml():
    parsed = yaml.safe_load(defaults_text())
    document = defaults_document()
    assert document == parsed
    assert repr(document) == repr(parsed)  # the same types and key order, not only equal values (1 == True)


def test_the_builtin_settings_are_those_of_the_yaml():
    assert builtin_settings() == parse_settings(yaml.safe_load(defaults_text()), "schedule.yaml")


def test_a_process_without_a_configuration_file_does_not_import_pyyaml(tmp_path):
    code = ("import sys; from digest.config import load_config; load_config(None); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'yaml'))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
