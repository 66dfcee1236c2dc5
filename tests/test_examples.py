"""The example script and the example policies run as the guide shows them."""

from __future__ import annotations

from pathlib import Path

import pytest

from messaging_rules import Channel
from tests.conftest import python
from tools.pdf import POLICIES

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def test_check_channel_script() -> None:
    result = python(str(EXAMPLES / "check_channel.py"))
    assert result.returncode == 0, result.stderr
    title, *rows = result.stdout.splitlines()
    assert title == "Moving a consumer's appointment at short notice:"
    assert sorted(row.split()[0] for row in rows) == sorted(Channel), "each channel once"
    assert rows[0].split() == ["phone", "recommended", "R6"]
    assert rows[3].split() == ["sms", "allowed-with-conditions", "R5"]
    assert rows[-1].split() == ["whatsapp", "not-allowed", "R1,", "R6"]


SECTOR_POLICIES = POLICIES


@pytest.mark.parametrize("name", ["craft-shop", *SECTOR_POLICIES])
def test_example_policy_audits_clean(name: str) -> None:
    result = python("-m", "messaging_rules", "audit", f"examples/policy-{name}.toml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No problems" in result.stdout
    assert "Warning" not in result.stdout


def test_audit_practice_finds_health_data_over_whatsapp() -> None:
    result = python("-m", "messaging_rules", "audit", "examples/policy-practice-whatsapp.toml")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "WhatsApp Business app" in result.stdout and "not allowed (R9, R12)" in result.stdout
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("sector", SECTOR_POLICIES)
def test_ready_sector_policy_speaks_both_languages(sector: str) -> None:
    """Every free text of a ready policy has a German version, so the German page is German."""
    from messaging_rules.policy import load_policy

    policy = load_policy(EXAMPLES / f"policy-{sector}.toml")
    for key in ("name", "description", "contact"):
        assert policy.text(key, "en") and policy.text(key, "de") != policy.text(key, "en"), key
    for entry in policy.entries:
        assert entry.note_in("de") != entry.note_in("en"), f"entry {entry.number}"
