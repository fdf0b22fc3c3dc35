"""The shape a newcomer can read: no function in digest/ longer than 50 lines, orchestrators shorter still.

A function's length runs from its ``def`` line to its last line (decorators left out,
docstring and comments counted), for methods and nested functions as well.
"""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import pytest

import digest

PACKAGE = Path(digest.__file__).parent
#: The longest function anywhere in the package.
MAX_LINES = 50
#: The orchestrators read as a table of contents of their phases.
TABLE_OF_CONTENTS = {("pipeline.py", "run"): 30, ("pickup.py", "pick_up_inbox"): 30}


def function_lengths(source: str) -> dict[str, int]:
    """Each function's qualified name ('Class.method', 'outer.inner') and its length in lines."""
    lengths: dict[str, int] = {}

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                name = f"{prefix}{child.name}"
                lengths[name] = child.end_lineno - child.lineno + 1  # type: ignore[operator]
                visit(child, f"{name}.")
            elif isinstance(child, ast.ClassDef):
                visit(child, f"{prefix}{child.name}.")
            else:
                visit(child, prefix)

    visit(ast.parse(source), "")
    return lengths


def package_functions() -> dict[tuple[str, str], int]:
    """Every function of the package by (module path relative to digest/, qualified name)."""
    found: dict[tuple[str, str], int] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        module = path.relative_to(PACKAGE).as_posix()
        for name, length in function_lengths(path.read_text(encoding="utf-8")).items():
            found[module, name] = length
    return found


def test_the_measure_counts_methods_and_nested_functions_from_def_to_last_line() -> None:
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_LINES))  # 50 lines of body: 51 in all
    source = textwrap.dedent("""
        @decorated
        def short():
            return 1


        class Publisher:
            def method(self):
                def inner():
                    pass
                return inner
    """) + f"\ndef long():\n{body}\n"
    assert function_lengths(source) == {"short": 2, "Publisher.method": 4, "Publisher.method.inner": 2,
                                        "long": MAX_LINES + 1}


def test_the_package_is_measured() -> None:
    functions = package_functions()
    assert len(functions) > 300
    assert ("pickup.py", "pick_up_inbox") in functions and ("pipeline.py", "run") in functions
    assert any(module.startswith("publish/") for module, _ in functions)


def test_no_function_is_longer_than_50_lines() -> None:
    too_long = [f"{module}: {name} has {length} lines"
                for (module, name), length in package_functions().items() if length > MAX_LINES]
    assert too_long == [], f"split these into named steps (at most {MAX_LINES} lines each)"


@pytest.mark.parametrize(("where", "limit"), TABLE_OF_CONTENTS.items(), ids=lambda v: str(v))
def test_the_orchestrators_read_as_a_table_of_contents(where: tuple[str, str], limit: int) -> None:
    assert package_functions()[where] <= limit
