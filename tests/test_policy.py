"""Team policies: loading, checking and auditing them (rule R10)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from messaging_rules import PolicyError, Verdict, audit, load_policy
from messaging_rules.cli import main

ROOT = Path(__file__).resolve().parent.parent
CRAFT_SHOP = ROOT / "examples" / "policy-craft-shop.toml"
PRACTICE = ROOT / "examples" / "policy-practice-whatsapp.toml"


@pytest.fixture(autouse=True)
def english_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "policy.toml"
    path.write_text(text, encoding="utf-8")
    return path


# -- clean and dirty policies --------------------------------------------------------


def test_clean_policy(capsys: pytest.CaptureFixture[str]) -> None:
    policy = load_policy(CRAFT_SHOP)
    assert policy.name == "Example craft shop"
    assert policy.combinations > 0
    assert audit(policy) == []
    assert main(["audit", str(CRAFT_SHOP)]) == 0
    out = capsys.readouterr().out
    assert "No problems" in out and f"{policy.combinations} combinations checked" in out


def test_practice_policy_fails_on_r9(capsys: pytest.CaptureFixture[str]) -> None:
    findings = audit(load_policy(PRACTICE))
    errors = [f for f in findings if f.verdict == Verdict.NOT_ALLOWED]
    assert errors and all(f.severity == "error" for f in errors)
    assert all("R9" in f.rules for f in errors)
    assert {f.entry.number for f in errors if f.entry} == {1, 2}
    assert main(["audit", str(PRACTICE)]) == 1
    out = capsys.readouterr().out
    assert "Error (entry 1, line 12): WhatsApp Business app" in out
    assert "not allowed (R9)" in out
    assert "Result: 2 errors, 0 warnings." in out


def test_practice_policy_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", str(PRACTICE), "--format", "json"]) == 1
    document = json.loads(capsys.readouterr().out)
    assert (document["schema"], document["command"]) == (1, "audit")
    assert document["policy"] == {"name": load_policy(PRACTICE).name, "path": str(PRACTICE)}
    assert document["totals"]["findings"] == {"not-allowed": 2, "discouraged": 0}
    data = document["results"]
    assert [item["severity"] for item in data] == ["error", "error"]
    first = data[0]
    assert first["channel"] == "whatsapp-business-app"
    assert first["verdict"] == "not-allowed" and first["rules"] == ["R9"]
    assert first["entry"]["number"] == 1 and first["entry"]["line"] == 12
    assert first["entry"]["contacts"] == "business-only"
    assert first["situation"]["content"] == "special-category"


def test_practice_policy_german(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", str(PRACTICE), "--lang", "de"]) == 1
    out = capsys.readouterr().out
    assert "Fehler (Eintrag 1, Zeile 12): WhatsApp-Business-App" in out
    assert "Ergebnis: 2 Fehler, 0 Warnungen." in out


def test_discouraged_is_only_a_warning(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(
        tmp_path,
        '[[allow]]\nchannel = "sms"\ncounterpart = "consumer"\ncontent = "general"\n',
    )
    assert main(["audit", str(path)]) == 0
    assert "Warning (entry 1, line 1): SMS" in capsys.readouterr().out


def test_audit_accepts_a_dict() -> None:
    policy = {
        "policy": {"name": "Team"},
        "allow": [
            {"channel": ["email", "phone"], "counterpart": "colleague", "content": "general"},
            {"channel": "whatsapp", "counterpart": "colleague", "content": "general"},
        ],
    }
    assert [(f.entry.number, f.rules) for f in audit(policy) if f.entry] == [(2, ("R1",))]


def test_flags_are_checked(tmp_path: Path) -> None:
    sms = '[[allow]]\nchannel = "sms"\ncounterpart = "consumer"\ncontent = "appointment"\n'
    assert audit(load_policy(write(tmp_path, sms + "urgent = true\n"))) == []
    letters = audit(load_policy(write(tmp_path, sms + "urgent = true\nbusiness_letter = true\n")))
    assert [f.rules for f in letters] == [("R7",)]


# -- broken files exit 2 -------------------------------------------------------------


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nope.toml"
    with pytest.raises(PolicyError) as info:
        load_policy(missing)
    assert info.value.path == str(missing)
    assert main(["audit", str(missing)]) == 2
    err = capsys.readouterr().err
    assert f"{missing}: the policy file does not exist" in err
    assert "Traceback" not in err


def test_invalid_toml(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, '[policy]\nname = "Shop"\n\n[[allow]]\nchannel = sms\n')
    with pytest.raises(PolicyError) as info:
        load_policy(path)
    assert info.value.line == 5
    assert main(["audit", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}:5: the policy file is not valid TOML" in err
    assert "Traceback" not in err


def test_unknown_channel(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(
        tmp_path,
        "[policy]\n"
        'name = "Shop"\n'
        "\n"
        "[[allow]]\n"
        'channel = "email"\n'
        'counterpart = "consumer"\n'
        'content = "general"\n'
        "\n"
        "[[allow]]\n"
        'counterpart = "consumer"\n'
        'channel = ["email", "telegram"]\n'
        'content = "general"\n',
    )
    with pytest.raises(PolicyError) as info:
        load_policy(path)
    assert (info.value.line, info.value.key) == (11, "channel")
    assert main(["audit", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}:11: unknown value 'telegram' for key 'channel' in [[allow]] entry 2" in err
    assert "valid values: whatsapp, whatsapp-business-app" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("entry", "line", "key", "message"),
    [
        (
            'channel = "sms"\ncounterpart = "boss"\ncontent = "general"\n',
            3,
            "counterpart",
            "unknown value 'boss' for key 'counterpart'",
        ),
        (
            'channel = "sms"\ncounterpart = "consumer"\n'
            'content = [\n  "general",\n  "gossip",\n]\n',
            6,
            "content",
            "unknown value 'gossip' for key 'content'",
        ),
        ('channel = "sms"\ncounterpart = "consumer"\n', 1, "content", "has no key 'content'"),
        (
            'channel = "sms"\ncounterpart = "consumer"\ncontent = "general"\nurgnet = true\n',
            5,
            "urgnet",
            "unknown key 'urgnet'",
        ),
        (
            'channel = "sms"\ncounterpart = "consumer"\ncontent = "general"\nurgent = "yes"\n',
            5,
            "urgent",
            "must be true or false",
        ),
        (
            'channel = []\ncounterpart = "consumer"\ncontent = "general"\n',
            2,
            "channel",
            "must not be empty",
        ),
    ],
)
def test_entry_errors_name_file_line_and_key(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    entry: str,
    line: int,
    key: str,
    message: str,
) -> None:
    path = write(tmp_path, "[[allow]]\n" + entry)
    with pytest.raises(PolicyError) as info:
        load_policy(path)
    assert (info.value.line, info.value.key) == (line, key)
    assert main(["audit", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}:{line}: " in err and message in err


def test_unknown_table(tmp_path: Path) -> None:
    path = write(tmp_path, '[policy]\nname = "x"\n\n[[allows]]\nchannel = "sms"\n')
    with pytest.raises(PolicyError, match=r":4: unknown table or key 'allows'"):
        load_policy(path)


def test_policy_error_in_german(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(
        tmp_path, '[[allow]]\nchannel = "fax"\ncounterpart = "consumer"\ncontent = "general"\n'
    )
    assert main(["audit", str(path), "--lang", "de"]) == 2
    err = capsys.readouterr().err
    assert f"Fehler: {path}:2: unbekannter Wert „fax“ für den Schlüssel „channel“" in err
