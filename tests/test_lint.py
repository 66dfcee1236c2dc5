"""The code is ruff-clean and the package passes ``mypy --strict``: the checks of ``make lint``.

Beyond the package itself, the idioms its documentation shows must type-check in a
user's code (``Situation(counterpart="consumer", …)``), and a typo in them must not.
"""

from __future__ import annotations

import subprocess
import sys
from enum import Enum
from pathlib import Path
from typing import get_args

import pytest

from messaging_rules import vocabulary
from messaging_rules.vocabulary import Channel, Contacts, Content, Counterpart, Platform

ROOT = Path(__file__).resolve().parent.parent
PATHS = ["messaging_rules", "tools", "tests", "examples", "docs/_ext", "conf.py"]


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *command],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip


def mypy_on(code: str) -> subprocess.CompletedProcess[str]:
    """``mypy --strict`` on a snippet of user code that imports the package."""
    return run("mypy", "--strict", "--no-incremental", "--config-file", "/dev/null", "-c", code)


def test_ruff_finds_nothing() -> None:
    result = run("ruff", "check", *PATHS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_package_passes_mypy_strict() -> None:
    """The files and options come from ``[tool.mypy]`` in pyproject.toml, as in ``make lint``."""
    result = run("mypy", "--no-incremental")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("Success: no issues found")


def test_the_documented_idiom_type_checks() -> None:
    result = mypy_on(
        "from messaging_rules import Channel, Situation, check, recommend\n"
        "s = Situation(counterpart='consumer', content='appointment', urgent=True)\n"
        "t = Situation('colleague', 'general', contacts='no-access', platform='ios')\n"
        "f = check('sms', s)\n"
        "best: Channel = recommend(t)[0].channel\n"
        "rank: int = f.verdict.rank\n"
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_typo_in_the_idiom_is_a_type_error() -> None:
    result = mypy_on(
        "from messaging_rules import Situation\n"
        "Situation(counterpart='customer', content='general')\n"
    )
    assert result.returncode == 1
    assert 'Argument "counterpart" to "Situation" has incompatible type' in result.stdout


@pytest.mark.parametrize(
    ("enum", "literal"),
    [
        (Channel, vocabulary.ChannelId),
        (Counterpart, vocabulary.CounterpartId),
        (Content, vocabulary.ContentId),
        (Contacts, vocabulary.ContactsId),
        (Platform, vocabulary.PlatformId),
    ],
)
def test_literal_types_list_exactly_the_enum_values(enum: type[Enum], literal: object) -> None:
    assert get_args(literal) == tuple(member.value for member in enum)
