"""Every JSON document the command line prints is valid under the schema it ships.

``messaging_rules/output.schema.json`` describes the ``"schema": 1`` documents of
``check``, ``recommend``, ``rules``, ``audit``, ``policy render`` and of an error;
the wheel carries it (``tests/test_package.py``).  These tests validate real output
against it with the small validator of ``tests/json_schema.py``.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from messaging_rules import Channel, all_situations
from messaging_rules.cli import main
from tests.json_schema import errors

ROOT = Path(__file__).resolve().parent.parent
SCHEMA: dict[str, Any] = json.loads(
    resources.files("messaging_rules").joinpath("output.schema.json").read_text("utf-8")
)
POLICIES = sorted((ROOT / "examples").glob("policy-*.toml"))
SITUATION = ["--counterpart", "consumer", "--content", "special-category", "--urgent"]


def printed(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    """Run the command line with *args* and ``--format json``; return its one document."""
    main([*args, "--format", "json"])
    out, err = capsys.readouterr()
    document: dict[str, Any] = json.loads(out or err)
    return document


def assert_valid(document: dict[str, Any], error: bool = False) -> None:
    """*document* is valid, and an error document exactly when *error* says so."""
    assert ("error" in document) == error, json.dumps(document)[:300]
    assert errors(SCHEMA, document) == [], json.dumps(document)[:300]


@pytest.mark.parametrize("lang", ["en", "de"])
def test_check_and_recommend_for_every_channel(
    capsys: pytest.CaptureFixture[str], lang: str
) -> None:
    for channel in Channel:
        assert_valid(
            printed(capsys, "check", "--channel", channel.value, *SITUATION, "--lang", lang)
        )
    assert_valid(printed(capsys, "recommend", *SITUATION, "--lang", lang))


def test_recommend_for_a_sample_of_situations(capsys: pytest.CaptureFixture[str]) -> None:
    for situation in list(all_situations())[::37]:
        args = [f"--{k.replace('_', '-')}" for k, v in vars(situation).items() if v is True]
        values = {k: v for k, v in vars(situation).items() if not isinstance(v, bool)}
        for key, value in values.items():
            args += [f"--{key}", str(value)]
        assert_valid(printed(capsys, "recommend", *args))


@pytest.mark.parametrize("lang", ["en", "de"])
def test_rules(capsys: pytest.CaptureFixture[str], lang: str) -> None:
    assert_valid(printed(capsys, "rules", "--lang", lang))


@pytest.mark.parametrize("policy", POLICIES, ids=[p.stem for p in POLICIES])
def test_audit_and_policy_render_of_every_example(
    capsys: pytest.CaptureFixture[str], policy: Path, tmp_path: Path
) -> None:
    assert_valid(printed(capsys, "audit", str(policy)))
    assert_valid(printed(capsys, "policy", "render", str(policy)))
    out = tmp_path / "policy.html"
    assert_valid(printed(capsys, "policy", "render", str(policy), "--output", str(out)))


@pytest.mark.parametrize(
    "args",
    [
        ("nosuch",),
        (),
        ("check", "--channel", "nope"),
        ("audit", "/no/such/policy.toml"),
        ("recommend", "--lang", "de", "--counterpart", "customer"),
    ],
    ids=["unknown-command", "no-command", "bad-channel", "missing-file", "bad-value-de"],
)
def test_errors(capsys: pytest.CaptureFixture[str], args: tuple[str, ...]) -> None:
    assert_valid(printed(capsys, *args), error=True)


def test_the_schema_rejects_what_it_should(capsys: pytest.CaptureFixture[str]) -> None:
    document = printed(capsys, "check", "--channel", "sms", *SITUATION)
    assert errors(SCHEMA, {**document, "schema": 2})
    assert errors(SCHEMA, {**document, "result": {**document["result"], "verdict": "fine"}})
    assert errors(SCHEMA, {**document, "extra": 1})
