"""The example script and the example policies run as the guide shows them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANG")}
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
