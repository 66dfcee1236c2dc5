"""Team policies: loading, checking and auditing them (rule R10)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from messaging_rules import PolicyEntry, PolicyError, Verdict, audit, load_policy, parse
from messaging_rules.cli import main
from messaging_rules.i18n import LOCALE_VARIABLES

ROOT = Path(__file__).resolve().parent.parent
CRAFT_SHOP = ROOT / "examples" / "policy-craft-shop.toml"
PRACTICE = ROOT / "examples" / "policy-practice-whatsapp.toml"


@pytest.fixture(autouse=True)
def english_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in LOCALE_VARIABLES:
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


def test_practice_policy_fails_on_r9_and_r12(capsys: pytest.CaptureFixture[str]) -> None:
    findings = audit(load_policy(PRACTICE))
    errors = [f for f in findings if f.verdict == Verdict.NOT_ALLOWED]
    assert errors and all(f.severity == "error" for f in errors)
    assert all("R9" in f.rules for f in errors)
    assert {f.entry.number for f in errors if f.entry} == {1, 2}
    # The practice declares professional secrecy, so even its WhatsApp reminders fail.
    (reminder,) = [f for f in findings if f.verdict == Verdict.DISCOURAGED]
    assert (str(reminder.situation.content), reminder.rules) == ("appointment", ("R12",))
    assert main(["audit", str(PRACTICE)]) == 1
    out = capsys.readouterr().out
    assert "Warning (entry 1, line 16): WhatsApp Business app" in out
    assert "Error (entry 1, line 16): WhatsApp Business app" in out
    assert "not allowed (R9, R12)" in out
    assert "Result: 2 errors, 1 warning." in out


def test_practice_policy_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", str(PRACTICE), "--format", "json"]) == 1
    document = json.loads(capsys.readouterr().out)
    assert (document["schema"], document["command"]) == (1, "audit")
    assert document["policy"] == {"name": load_policy(PRACTICE).name, "path": str(PRACTICE)}
    assert document["totals"]["findings"] == {"not-allowed": 2, "discouraged": 1}
    data = document["results"]
    assert [item["severity"] for item in data] == ["warning", "error", "error"]
    first = data[1]
    assert first["channel"] == "whatsapp-business-app"
    assert first["verdict"] == "not-allowed" and first["rules"] == ["R9", "R12"]
    assert first["entry"]["number"] == 1 and first["entry"]["line"] == 16
    assert first["entry"]["contacts"] == "business-only"
    assert first["entry"]["professional_secrecy"] is True
    assert first["situation"]["content"] == "special-category"
    assert first["situation"]["professional_secrecy"] is True


def test_practice_policy_german(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", str(PRACTICE), "--lang", "de"]) == 1
    out = capsys.readouterr().out
    assert "Fehler (Eintrag 1, Zeile 16): WhatsApp-Business-App" in out
    assert "Ergebnis: 2 Fehler, 1 Warnung." in out


def test_german_audit_names_the_policy_in_german(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(
        tmp_path,
        '[policy]\nname = "Joinery"\nname_de = "Tischlerei"\n'
        '[[allow]]\nchannel = "email"\ncounterpart = "consumer"\ncontent = "general"\n',
    )
    assert main(["audit", str(path), "--lang", "de"]) == 0
    assert capsys.readouterr().out.startswith("Richtlinie: Tischlerei (")
    assert main(["audit", str(path)]) == 0
    assert capsys.readouterr().out.startswith("Policy: Joinery (")


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


# -- files that are not policies: bad input with one clear line --------------------

ENTRY = '[[allow]]\nchannel = "email"\ncounterpart = "consumer"\ncontent = "general"\n'


def audit_line(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """Run ``audit``; return the exit code and the one line it wrote to stderr."""
    code = main(["audit", *args])
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert len(lines) == (1 if code == 2 else 0), captured.err
    return code, lines[0] if lines else captured.out


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: "/dev/zero", "not a regular file"),
        (lambda d: "/dev/null", "not a regular file"),
        (lambda d: write(d, ""), "no [[allow]]"),
        (lambda d: "", "no policy file given"),
        (lambda d: d, "is a folder, not a policy file"),
        (lambda d: d / "nope.toml", "does not exist"),
        (lambda d: d / "policy.toml" / "x", "does not exist"),
    ],
    ids=["dev-zero", "dev-null", "empty-file", "empty-name", "folder", "missing", "missing-dir"],
)
def test_files_that_are_not_policies_are_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make, message: str
) -> None:
    code, line = audit_line([str(make(tmp_path))], capsys)
    assert code == 2 and message in line, line


def test_comment_only_and_header_only_policies_are_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for text in ("# nothing yet\n\n# really\n", '[policy]\nname = "Team"\n', "allow = []\n"):
        code, line = audit_line([str(write(tmp_path, text))], capsys)
        assert code == 2 and "the policy allows nothing" in line


def test_a_50_mb_policy_is_refused_without_reading_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    big = tmp_path / "big.toml"
    with big.open("wb") as file:
        file.truncate(50 * 1024 * 1024)
    code, line = audit_line([str(big)], capsys)
    assert code == 2 and "larger than 4 MB" in line


def test_symlink_loop_and_unreadable_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    loop = tmp_path / "loop.toml"
    loop.symlink_to(loop)
    code, line = audit_line([str(loop), "--lang", "de"], capsys)
    assert code == 2 and "zu viele Ebenen symbolischer Links" in line

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("os.open", denied)
    code, line = audit_line([str(CRAFT_SHOP), "--lang", "de"], capsys)
    assert code == 2 and "keine Leseberechtigung" in line and "Permission" not in line


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x00\x01\x02binary", "NUL byte in line 1"),
        ("# Müller\n".encode("latin-1") + ENTRY.encode(), "probably Latin-1"),
        (ENTRY.encode("utf-16"), "UTF-16"),
        (b"\x81\x8d" + ENTRY.encode(), "not UTF-8: line 1, column 1 has the byte 0x81"),
    ],
    ids=["binary", "latin-1", "utf-16", "not-utf8"],
)
def test_wrong_policy_encodings_are_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], data: bytes, message: str
) -> None:
    path = tmp_path / "policy.toml"
    path.write_bytes(data)
    code, line = audit_line([str(path)], capsys)
    assert code == 2 and message in line, line


def test_a_latin_1_policy_error_names_line_column_and_letter(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "policy.toml"
    path.write_bytes(('[policy]\nname = "Bäckerei"\n' + ENTRY).encode("latin-1"))
    code, line = audit_line([str(path), "--lang", "de"], capsys)
    assert code == 2
    assert f"{path}:2: " in line and "vermutlich in Latin-1" in line
    assert "Zeile 2, Spalte 10" in line and "0xE4 (ä)" in line


def test_a_utf_8_byte_order_mark_is_accepted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "policy.toml"
    path.write_bytes(b"\xef\xbb\xbf" + CRAFT_SHOP.read_bytes())
    assert load_policy(path).name == "Example craft shop"
    assert main(["audit", str(path)]) == 0
    broken = tmp_path / "broken.toml"
    broken.write_bytes(b"\xef\xbb\xbf" + (ENTRY + 'channel = "sms"\n').encode())
    code, line = audit_line([str(broken)], capsys)
    assert code == 2 and f"{broken}:5: " in line, line


@pytest.mark.parametrize(
    ("text", "german"),
    [
        ('[[allow]]\nchannel = "sms\n', "an dieser Stelle nicht erlaubt: '\\n'"),
        ('[[allow]]\nchannel = """sms\n', "eine Zeichenkette ist nicht geschlossen"),
        ("[[allow]]\nchannel = sms\n", "ungültiger Wert"),
        ('[[allow]]\nchannel = "a"\nchannel = "b"\n', "doppelt angegeben"),
        ("[policy\n", "Tabellenüberschrift"),
        ("[[allow]\n", "„]]“"),
        ("a = [1, 2\n", "nicht mit „]“ geschlossen"),
        ("a = {b = 1\n", "nicht mit „}“ geschlossen"),
        ("a = {b = 1, b = 2}\n", "kommt in der Tabelle zweimal vor"),
        ('a = "\\q"\n', "Backslash"),
        ("a = 1979-02-30\n", "ungültiges Datum"),
        ("= 1\n", "ungültige Anweisung"),
        ("a.= 1\n", "ein Schlüssel kann nicht"),
        ("a 1\n", "„=“"),
        ("a = 1 b = 2\n", "muss die Zeile enden"),
    ],
)
def test_toml_parser_errors_are_german(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, german: str
) -> None:
    code, line = audit_line([str(write(tmp_path, text)), "--lang", "de"], capsys)
    assert code == 2 and "kein gültiges TOML" in line and german in line, line
    assert not re.search(r"\b(Invalid|Expected|Cannot|Unclosed|Unterminated)\b", line), line


# -- wrong schemas name the line, the key and the valid values ----------------------

SCHEMAS = [
    # (policy text, line, words in the message)
    ('allow = ["x", 1]\n', 1, "entry 1 of 'allow' must be a table, written as [[allow]], not a string"),  # noqa: E501
    ("allow = 5\n", 1, "'allow' must be a list of tables, written as [[allow]], not a number"),
    ('policy = "x"\n' + ENTRY, 1, "'policy' must be a table, written as [policy], not a string"),
    ("[policy]\nname = 5\n" + ENTRY, 2, "key 'name' in [policy] must be a string, not a number"),
    ("[policy]\nreviewed = 5\n" + ENTRY, 2, "must be a date such as 2026-11-28, not a number"),
    ("[policy]\nowner = 'me'\n" + ENTRY, 2, "unknown key 'owner' in [policy]; valid keys: name"),
    ("[policy]\nname = 'x'\n[policy.extra]\na = 1\n" + ENTRY, 3, "unknown key 'extra' in [policy]"),
    ('policy.nmae = "x"\n' + ENTRY, 1, "unknown key 'nmae' in [policy]"),
    ('\n\nteam.name = "x"\n' + ENTRY, 3, "unknown table or key 'team'"),
    (ENTRY + "[allow.sub]\nx = 1\n", 5, "unknown key 'sub' in [[allow]] entry 1"),
    (ENTRY + 'note.text = "x"\n', 5, "key 'note' in [[allow]] entry 1 must be a string, not a table"),  # noqa: E501
    (ENTRY + "urgent = 1\n", 5, "key 'urgent' in [[allow]] entry 1 must be true or false, not a number"),  # noqa: E501
    (ENTRY + "contacts = ['no-access']\n", 5, "key 'contacts' in [[allow]] entry 1 must be a string, not a list"),  # noqa: E501
    (ENTRY + "contacts = 'none'\n", 5, "valid values: full-address-book, business-only, no-access"),
    (ENTRY + "platform = 'windows'\n", 5, "valid values: android, ios"),
    ('[[allow]]\nchannel = 5\ncounterpart = "consumer"\ncontent = "general"\n', 2, "must be a string or a list of strings, not a number"),  # noqa: E501
    ('[[allow]]\nchannel = ["sms",\n  3]\ncounterpart = "consumer"\ncontent = "general"\n', 3, "not a number"),  # noqa: E501
    ('[[allow]]\nchannel = []\ncounterpart = "consumer"\ncontent = "general"\n', 2, "must not be empty; valid values: whatsapp,"),  # noqa: E501
    ('[[allow]]\nchannel = "sms"\ncontent = "general"\n', 1, "has no key 'counterpart'; valid values: business-client, consumer, colleague"),  # noqa: E501
    ('[[allow]]\ncounterpart = "consumer"\ncontent = "general"\n', 1, "has no key 'channel'; valid values: whatsapp, whatsapp-business-app"),  # noqa: E501
    ('[[allow]]\nchannel = "sms"\ncounterpart = "consumer"\n', 1, "has no key 'content'; valid values: appointment, general"),  # noqa: E501
    ('[policy]\ndescription = """\n[[allow]]\n"""\n' + ENTRY + ENTRY.replace('"general"', '"gossip"'), 12, "unknown value 'gossip'"),  # noqa: E501
    ("x = '''\n[[allow]]\nchannel = \"fax\"\n'''\n" + ENTRY, 1, "unknown table or key 'x'"),
    ('allow = [\n  {channel = "sms", counterpart = "consumer", content = "general"},\n  {channel = "fax", counterpart = "consumer", content = "general"},\n]\n', 3, "unknown value 'fax'"),  # noqa: E501
    ('allow = [{channel = "sms", counterpart = "consumer", content = "general"},\n  {channel = "sms", counterpart = "consumer", content = "general", contacts = "none"}]\n', 2, "unknown value 'none'"),  # noqa: E501
    ('[[allow]]\nchannel = "sms"\ncounterpart.x = "consumer"\ncontent = "general"\n', 3, "must be a string or a list of strings, not a table"),  # noqa: E501
    ('[[allow]]\n"channel" = "fax"\ncounterpart = "consumer"\ncontent = "general"\n', 2, "unknown value 'fax'"),  # noqa: E501
    ('[[allow]] # team\nchannel = [ # the channels\n  "sms", # ok\n  "fax", # not ok\n]\ncounterpart = "consumer"\ncontent = "general"\n', 4, "unknown value 'fax'"),  # noqa: E501
]  # fmt: skip


@pytest.mark.parametrize(("text", "line", "message"), SCHEMAS)
def test_wrong_policy_schemas_name_line_key_and_valid_values(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, line: int, message: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(PolicyError) as info:
        load_policy(path)
    assert info.value.line == line, info.value
    assert message in str(info.value)
    code, error = audit_line([str(path), "--lang", "de"], capsys)
    assert code == 2 and error.startswith(f"messaging-rules: Fehler: {path}:{line}: ")
    assert "None" not in error and "must" not in error


def test_entry_lines_are_right_in_a_long_policy_with_multi_line_strings(tmp_path: Path) -> None:
    entries = [
        f'[[allow]]\nnote = """\nentry {n}\n[[allow]]\n"""\nchannel = "email"\n'
        'counterpart = "consumer"\ncontent = "general"\n'
        for n in range(1, 401)
    ]
    path = write(tmp_path, "".join(entries))
    policy = load_policy(path)
    assert [e.line for e in policy.entries] == [1 + 8 * n for n in range(400)]


def test_audit_of_a_file_name_says_to_load_it() -> None:
    with pytest.raises(TypeError, match=r"audit\(\) expects a Policy .* load_policy"):
        audit(str(CRAFT_SHOP))  # type: ignore[arg-type]


# -- the audit report ---------------------------------------------------------------


def test_audit_json_says_which_policy_and_how_much_was_checked(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["audit", str(CRAFT_SHOP), "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    policy = load_policy(CRAFT_SHOP)
    assert document["policy"] == {"name": "Example craft shop", "path": str(CRAFT_SHOP)}
    assert document["totals"] == {
        "entries": len(policy.entries),
        "combinations": policy.combinations,
        "findings": {"not-allowed": 0, "discouraged": 0},
    }
    assert document["results"] == []


def test_a_policy_without_a_name_prints_its_path_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, ENTRY)
    assert main(["audit", str(path)]) == 0
    assert capsys.readouterr().out.splitlines()[0] == f"Policy: {path}"


def test_control_characters_in_a_name_are_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    name = "Shop\\nNo problems: the policy allows nothing\\u001b[2K\\u202e"
    path = write(tmp_path, f'[policy]\nname = "{name}"\n' + ENTRY.replace("email", "whatsapp"))
    assert main(["audit", str(path)]) == 1
    out = capsys.readouterr().out
    first = out.splitlines()[0]
    assert first.startswith("Policy: Shop\\nNo problems") and "\\x1b[2K\\u202e" in first
    assert "\x1b" not in out and "\u202e" not in out
    assert not any(line.startswith("No problems") for line in out.splitlines())


def test_a_huge_wrong_value_in_a_policy_is_cut(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, ENTRY.replace('"email"', '"' + "x" * 100_000 + '"'))
    code, line = audit_line([str(path)], capsys)
    assert code == 2 and len(line) < 600 and "…" in line and "valid values: whatsapp" in line


@pytest.mark.parametrize("odd", ["\x85", "\u2028", "\u2029", "\x1b[2K", "\u202e"])
def test_json_error_stays_one_line_with_odd_characters(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], odd: str
) -> None:
    """Found by tests/test_fuzz.py: JSON allows U+0085 raw, and str.splitlines() breaks there."""
    escaped = "".join(f"\\u{ord(char):04x}" for char in odd)
    path = write(tmp_path, ENTRY + f'"{escaped}" = []\n')
    assert main(["audit", str(path), "--format", "json"]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and odd not in err
    assert json.loads(err)["key"] == odd


def test_audit_scans_the_text_once_and_checks_each_combination_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No timing here (``make bench`` reports it): count the work instead.

    A 4,000-entry policy (CLI review) once took 24 s because every entry rescanned the
    file.  Now the full key map is built only for an error, and each distinct
    combination is checked once.
    """
    # Patch the globals load_policy() and audit() really use: under importlib import
    # mode a doctest run may have loaded a module a second time under its own name.
    loading, auditing = load_policy.__globals__, audit.__globals__
    scans, checks = [], []
    real_locate, real_check = loading["locate"], auditing["check"]
    monkeypatch.setitem(loading, "locate", lambda text: scans.append(1) or real_locate(text))
    monkeypatch.setitem(auditing, "check", lambda *args: checks.append(args) or real_check(*args))
    entry = ENTRY.replace('"email"', '["email", "whatsapp"]')
    path = write(tmp_path, entry * 4000)
    policy = load_policy(path)
    findings = audit(policy)
    assert scans == [] and len(checks) == 2
    assert len(findings) == 4000 and findings[-1].entry.line == 4 * 3999 + 1
    write(tmp_path, entry * 3999 + entry.replace("general", "gossip"))
    with pytest.raises(PolicyError) as info:
        load_policy(path)
    assert scans == [1] and info.value.line == 4 * 3999 + 4


# -- input limits, file kinds and the library API (second hardening pass) ------------


def test_a_policy_at_the_input_limits_is_audited_in_bounded_time_and_memory(
    tmp_path: Path,
) -> None:
    """The worst policy the limits let through (``make bench`` reports the figures)."""
    from tools.bench import limit_policy, peak

    policy = limit_policy(tmp_path / "limit.toml")
    for fmt in ("text", "json"):
        wall, megabytes, code = peak(["audit", str(policy), "--format", fmt])
        assert code == 1
        assert 0 < megabytes < 300, f"{fmt}: {megabytes:.0f} MB"
        assert wall < 15, f"{fmt}: {wall:.1f} s (goal 5 s, measured by make bench)"


def test_more_combinations_than_the_limit_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from messaging_rules.policy import MAX_POLICY_COMBINATIONS

    entry = ENTRY.replace('"email"', '["email", "whatsapp", "sms", "phone"]')
    path = write(tmp_path, entry * (MAX_POLICY_COMBINATIONS // 4 + 1))
    code, line = audit_line([str(path)], capsys)
    assert code == 2 and f"more than the {MAX_POLICY_COMBINATIONS}" in line
    assert f":{4 * (MAX_POLICY_COMBINATIONS // 4) + 1}:" in line  # the entry that passes it


def test_a_note_longer_than_the_limit_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, ENTRY + 'note = "' + "x" * 2001 + '"\n')
    code, line = audit_line([str(path)], capsys)
    assert code == 2 and "is 2001 characters long; the most is 2000" in line


def test_megabytes_of_comments_before_an_error_stay_small(tmp_path: Path) -> None:
    from tools.bench import peak

    text = ENTRY + "#\n" * (4 * 1024 * 1024 // 2 - 100) + "[policy]\nnme = 1\n"
    path = write(tmp_path, text)
    wall, megabytes, code = peak(["audit", str(path)])
    assert code == 2 and 0 < megabytes < 100, f"{megabytes:.0f} MB"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le"])
def test_utf16_without_a_byte_order_mark_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], encoding: str
) -> None:
    path = tmp_path / "policy.toml"
    path.write_bytes(ENTRY.encode(encoding))
    code, line = audit_line([str(path)], capsys)
    assert code == 2 and "UTF-16 or UTF-32" in line and "NUL" not in line


@pytest.mark.parametrize(
    ("call", "error", "named"),
    [
        (lambda: PolicyEntry(1, "sms", ("consumer",), ("general",)), TypeError, "channels"),
        (lambda: PolicyEntry(1, None, ("consumer",), ("general",)), TypeError, "channels"),
        (lambda: PolicyEntry(1, ("sms",), "consumer", ("general",)), TypeError, "counterparts"),
        (lambda: PolicyEntry(1, ("sms",), ("consumer",), None), TypeError, "contents"),
        (lambda: parse(str, "sms"), TypeError, "enum"),
        (lambda: parse(None, "sms"), TypeError, "enum"),
        (lambda: PolicyError("nosuchkind"), ValueError, "unknown kind 'nosuchkind'"),
    ],
)
def test_the_library_api_names_the_wrong_argument(call, error: type, named: str) -> None:
    with pytest.raises(error, match=named):
        call()
