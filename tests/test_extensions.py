"""The examples in the local Sphinx extensions' docstrings (docs/_ext) run.

pytest does not collect docs/_ext itself (its modules are Sphinx extensions, loaded
by conf.py), so their ``>>>`` examples run here.
"""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest

EXT = Path(__file__).resolve().parent.parent / "docs" / "_ext"
WITH_EXAMPLES = sorted(p.stem for p in EXT.glob("*.py") if ">>> " in p.read_text("utf-8"))


@pytest.mark.parametrize("name", WITH_EXAMPLES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    result = doctest.testmod(module, optionflags=flags, report=True)
    assert result.attempted and not result.failed, f"{name}: {result}"
