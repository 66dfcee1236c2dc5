"""The package's modules each do one job (issue 24): none grows past 500 lines, and
each says at its top what it is for: a one-line summary, prose, and an example
wherever it defines functions or classes.

A module that outgrows the limit is split where it does two jobs (loading and
auditing, messages and logic), as ``cli.py``, ``rules.py`` and ``policy.py`` were.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import messaging_rules

PACKAGE = Path(messaging_rules.__file__).resolve().parent
MODULES = sorted(PACKAGE.glob("*.py"))
#: The most lines a module of the package may have.
MAX_LINES = 500


@pytest.mark.parametrize("path", MODULES, ids=lambda path: path.name)
def test_a_module_stays_small(path: Path) -> None:
    lines = path.read_text("utf-8").count("\n")
    assert lines <= MAX_LINES, f"{path.name} has {lines} lines: split it where it does two jobs"


@pytest.mark.parametrize("path", MODULES, ids=lambda path: path.name)
def test_a_module_says_what_it_is_for(path: Path) -> None:
    tree = ast.parse(path.read_text("utf-8"))
    docstring = ast.get_docstring(tree) or ""
    summary, _, prose = docstring.partition("\n\n")
    assert summary and "\n" not in summary and summary.endswith((".", "?")), path.name
    if any(isinstance(node, ast.FunctionDef | ast.ClassDef) for node in tree.body):
        assert prose.strip() and ">>> " in prose, f"{path.name}: no prose or no example"


def test_the_modules_are_found() -> None:
    names = {path.name for path in MODULES}
    assert {"__init__.py", "cli.py", "rules.py", "policy.py"} <= names
