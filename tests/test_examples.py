"""The example script and the example policies run as the guide shows them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from messaging_rules.i18n import LOCALE_VARIABLES

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in LOCALE_VARIABLES}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env["PYTHONIOENCODING"] = "utf-8"
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )


def test_check_channel_script() -> None:
    script = EXAMPLES / "check_channel.py"
    assert len(script.read_text(encoding="utf-8").splitlines()) <= 40
    result = run(str(script))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 9
    assert lines[1].split() == ["phone", "recommended", "R6"]
    assert lines[4].split() == ["sms", "allowed-with-conditions", "R5"]
    assert lines[-1].split() == ["whatsapp", "not-allowed", "R1,", "R6"]


def test_audit_craft_shop_is_clean() -> None:
    result = run("-m", "messaging_rules", "audit", "examples/policy-craft-shop.toml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No problems" in result.stdout
    assert "Warning" not in result.stdout


def test_audit_practice_finds_health_data_over_whatsapp() -> None:
    result = run("-m", "messaging_rules", "audit", "examples/policy-practice-whatsapp.toml")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "WhatsApp Business app" in result.stdout and "not allowed (R9)" in result.stdout
    assert "Traceback" not in result.stderr


SECTOR_POLICIES = ("craft-business", "health-practice", "office")


@pytest.mark.parametrize("sector", SECTOR_POLICIES)
def test_ready_sector_policy_audits_clean(sector: str) -> None:
    result = run("-m", "messaging_rules", "audit", f"examples/policy-{sector}.toml", "--lang", "en")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No problems" in result.stdout
    assert "Warning" not in result.stdout


@pytest.mark.parametrize("sector", SECTOR_POLICIES)
def test_ready_sector_policy_speaks_both_languages(sector: str) -> None:
    """Every free text of a ready policy has a German version, so the German page is German."""
    from messaging_rules.policy import load_policy

    policy = load_policy(EXAMPLES / f"policy-{sector}.toml")
    for key in ("name", "description", "contact"):
        assert policy.text(key, "en") and policy.text(key, "de") != policy.text(key, "en"), key
    for entry in policy.entries:
        assert entry.note_in("de") != entry.note_in("en"), f"entry {entry.number}"
