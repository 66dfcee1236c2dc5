"""The package's types serve its users: the idioms its documentation shows type-check
in a user's code (``Situation(counterpart="consumer", …)``), and a typo in them does not.

Whether the code itself is ruff-clean and passes ``mypy --strict`` is ``make lint``'s
business, not the tests'.
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


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *command],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip


IDIOM = """\
from messaging_rules import Channel, Situation, check, recommend
s = Situation(counterpart='consumer', content='appointment', urgent=True)
t = Situation('colleague', 'general', contacts='no-access', platform='ios')
f = check('sms', s)
best: Channel = recommend(t)[0].channel
rank: int = f.verdict.rank
"""
TYPO = """\
from messaging_rules import Situation
Situation(counterpart='customer', content='general')
"""


@pytest.fixture(scope="module")
def mypy_report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """One ``mypy`` run (the options of ``[tool.mypy]``) over two snippets of user
    code, which import the package; its error lines per file."""
    snippets = tmp_path_factory.mktemp("mypy")
    for name, code in (("idiom.py", IDIOM), ("typo.py", TYPO)):
        (snippets / name).write_text(code, "utf-8")
    files = [str(snippets / "idiom.py"), str(snippets / "typo.py")]
    result = run("mypy", *files)  # incremental: the cache of make lint, in _build/
    assert result.returncode in (0, 1), result.stdout + result.stderr
    report: dict[str, list[str]] = {}
    for line in result.stdout.splitlines():
        if ": error: " in line:
            report.setdefault(Path(line.split(":", 1)[0]).name, []).append(line)
    return report


def test_the_documented_idiom_type_checks(mypy_report: dict[str, list[str]]) -> None:
    assert "idiom.py" not in mypy_report, mypy_report["idiom.py"]


def test_a_typo_in_the_idiom_is_a_type_error(mypy_report: dict[str, list[str]]) -> None:
    (error,) = mypy_report["typo.py"]
    assert 'Argument "counterpart" to "Situation" has incompatible type' in error


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
