"""The command line in both languages, and the German catalog behind it."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

import messaging_rules as mr
from messaging_rules import Channel, Situation, all_situations, recommend
from messaging_rules.cli import main
from messaging_rules.i18n import catalog, default_language, translate
from messaging_rules.policy import parse_policy
from tests.conftest import child, python
from tools import catalogs
from tools.i18n_extract import extract

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "messaging_rules" / "locale" / "de" / "LC_MESSAGES" / "messaging_rules.po"
SITUATION = ["--counterpart", "consumer", "--content", "appointment", "--urgent"]


def run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -m messaging_rules`` in a clean locale (plus *env*)."""
    return python("-m", "messaging_rules", *args, **env)


# Calls of main() default to English unless a test sets the locale.
pytestmark = pytest.mark.usefixtures("english_locale")


# -- check and recommend -------------------------------------------------------------


def test_check_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--channel", "sms", *SITUATION]) == 0
    out = capsys.readouterr().out
    assert "Channel: SMS" in out
    assert "Verdict: allowed with conditions (R5)" in out
    assert "Condition: Keep the text to the time, the place" in out


def test_check_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--channel", "sms", *SITUATION, "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert list(document) == ["schema", "command", "lang", "situation", "result"]
    assert (document["schema"], document["command"], document["lang"]) == (1, "check", "en")
    assert document["situation"]["counterpart"] == "consumer"
    assert document["situation"]["urgent"] is True
    data = document["result"]
    assert list(data) == ["channel", "verdict", "rules", "reasons", "conditions"]
    assert data["channel"] == "sms"
    assert data["verdict"] == "allowed-with-conditions"
    assert data["rules"] == ["R5"]
    for item in data["conditions"] + data["reasons"]:
        assert list(item) == ["id", "text"]
        assert re.fullmatch(r"r\d+-[a-z0-9-]+", item["id"]) and item["text"]


def test_check_defaults_are_full_address_book_and_android(
    capsys: pytest.CaptureFixture[str],
) -> None:
    main(
        ["check", "--channel", "whatsapp-business-app", "--counterpart", "business-client"]
        + ["--content", "general", "--format", "json"]
    )
    assert json.loads(capsys.readouterr().out)["result"]["rules"] == ["R3"]
    assert main(["check", "--help"]) == 0
    help_text = " ".join(capsys.readouterr().out.split())
    assert "(default: full-address-book)" in help_text
    assert "(default: android)" in help_text


def test_recommend_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["recommend", *SITUATION]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Situation: consumer · appointment · full address book · Android")
    lines = [line for line in out.splitlines() if re.match(r"\d\. ", line)]
    assert len(lines) == 8
    assert lines[0] == "1. Phone call: recommended (R6)"
    assert lines[-1] == "8. WhatsApp (consumer app): not allowed (R1, R6)"


def test_recommend_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["recommend", *SITUATION, "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert list(document) == ["schema", "command", "lang", "situation", "results"]
    assert (document["schema"], document["command"]) == (1, "recommend")
    data = document["results"]
    assert [item["channel"] for item in data][:3] == ["phone", "email", "email-encrypted"]
    assert sorted(item["channel"] for item in data) == sorted(c.value for c in Channel)
    assert all(
        list(item) == ["channel", "verdict", "rules", "reasons", "conditions"] for item in data
    )


def test_recommend_german(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["recommend", *SITUATION, "--lang", "de"]) == 0
    out = capsys.readouterr().out
    situation = "Privatkundin oder Privatkunde · Termin · gesamtes Adressbuch · Android · dringend"
    assert situation in out
    assert "Kanäle, die geeignetsten zuerst:" in out
    assert "1. Telefonanruf: empfohlen (R6)" in out
    assert "SMS: unter Bedingungen erlaubt (R5)" in out
    assert "WhatsApp (private App): nicht erlaubt (R1, R6)" in out
    assert "Bedingung: Beschränken Sie den Text auf Uhrzeit, Ort und Absender" in out
    assert "Dies ist eine allgemeine Information, keine Rechtsberatung." in out
    assert "recommended" not in out and "Condition" not in out


def test_lang_before_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", "de", "check", "--channel", "phone", *SITUATION]) == 0
    assert "Bewertung: empfohlen (R6)" in capsys.readouterr().out


def test_german_json_translates_texts_not_identifiers(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--channel", "sms", *SITUATION, "--lang", "de", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["lang"] == "de"
    data = document["result"]
    assert data["verdict"] == "allowed-with-conditions"
    assert data["reasons"][0]["id"] == "r5-short-notice"
    assert data["reasons"][0]["text"].startswith("Für eine kurze Mitteilung mit minimalem Inhalt")


def test_lang_from_environment(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    assert (
        main(["check", "--channel", "email", "--counterpart", "consumer", "--content", "general"])
        == 0
    )
    assert "Kanal: E-Mail" in capsys.readouterr().out
    monkeypatch.setenv("LC_ALL", "C")
    assert (
        main(["check", "--channel", "email", "--counterpart", "consumer", "--content", "general"])
        == 0
    )
    assert "Channel: E-mail" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("environ", "lang"),
    [
        ({}, "en"),
        ({"LANG": "de_DE.UTF-8"}, "de"),
        ({"LANG": "de_AT"}, "de"),
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LC_MESSAGES": "de_DE", "LANG": "en_US"}, "de"),
        ({"LC_ALL": "en_US.UTF-8", "LC_MESSAGES": "de_DE"}, "en"),
        ({"LC_ALL": "", "LANG": "de_CH"}, "de"),
        # LANGUAGE as GNU gettext reads it: a list, first, and ignored only in the
        # locale "C" or "POSIX" exactly ("C.UTF-8" is a locale, as for ls).
        ({"LANGUAGE": "de", "LANG": "en_US.UTF-8"}, "de"),
        ({"LANGUAGE": "fr:de_AT:en", "LANG": "en_US.UTF-8"}, "de"),
        ({"LANGUAGE": "en:de", "LANG": "de_DE.UTF-8"}, "en"),
        ({"LANGUAGE": "fr", "LANG": "de_DE.UTF-8"}, "en"),
        ({"LANGUAGE": "de", "LC_ALL": "C"}, "en"),
        ({"LANGUAGE": "de", "LANG": "C.UTF-8"}, "de"),
        ({"LANGUAGE": "de", "LC_ALL": "POSIX"}, "en"),
        ({"LANGUAGE": "de", "LC_ALL": "C.UTF-8", "LANG": "en_US.UTF-8"}, "de"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANGUAGE": "de"}, "en"),
        ({"LANGUAGE": "", "LANG": "de_DE.UTF-8"}, "de"),
    ],
)
def test_default_language(environ: dict[str, str], lang: str) -> None:
    assert default_language(environ) == lang


# -- wrong input ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "valid"),
    [
        (["check", "--channel", "fax", *SITUATION], "'whatsapp', 'whatsapp-business-app'"),
        (["recommend", "--counterpart", "boss", "--content", "general"], "'colleague'"),
        (["recommend", "--counterpart", "consumer", "--content", "gossip"], "'special-category'"),
        (["recommend", *SITUATION, "--contacts", "all"], "'no-access'"),
        (["recommend", *SITUATION, "--platform", "windows"], "'android', 'ios'"),
        (["rules", "--lang", "fr"], "'en', 'de'"),
        (["rules", "--format", "xml"], "'text', 'json'"),
        (["frobnicate"], "'check', 'recommend', 'rules', 'audit'"),
    ],
)
def test_unknown_value_exits_2_naming_valid_values(
    args: list[str], valid: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "invalid choice" in err and valid in err
    assert "Traceback" not in err


def test_unknown_value_german(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--channel", "fax", *SITUATION, "--lang", "de"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("messaging-rules check: Fehler: Argument --channel: ungültige Auswahl:")
    assert "„fax“ (möglich sind: „whatsapp“" in err
    assert err.count("\n") == 1


def test_subprocess_unknown_value_has_no_traceback() -> None:
    result = run("check", "--channel", "telegram", *SITUATION)
    assert result.returncode == 2
    assert "invalid choice: 'telegram'" in result.stderr
    assert "'business-messenger'" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


# -- rules ---------------------------------------------------------------------------


def test_rules_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert (document["schema"], document["command"], document["lang"]) == (1, "rules", "en")
    data = document["results"]
    assert [item["id"] for item in data] == [f"R{n}" for n in range(1, 15)]
    for item in data:
        assert list(item) == ["id", "title", "status", "article_claim", "sources"]
        assert item["status"] in {"confirmed", "opinion", "corrected", "outdated", "added"}
        assert item["sources"] and all(re.fullmatch(r"S\d+", x) for x in item["sources"])


def test_rules_text_german(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--lang", "de"]) == 0
    out = capsys.readouterr().out
    assert "R8: iPhone oder Android ändert nichts an der Rechtslage von WhatsApp" in out
    assert "Status: überholt" in out and "Quellen: S6, S7, S49" in out


# -- through a real process ----------------------------------------------------------


def test_subprocess_lang_from_environment() -> None:
    result = run("recommend", *SITUATION, LANG="de_DE.UTF-8")
    assert result.returncode == 0, result.stderr
    assert "1. Telefonanruf: empfohlen (R6)" in result.stdout
    helped = run("recommend", "--help", LANG="de_DE.UTF-8")
    assert helped.stdout.startswith("Aufruf: ")
    assert "(Standard: full-address-book)" in " ".join(helped.stdout.split())


# -- the German catalog --------------------------------------------------------------


def test_every_message_the_engine_produces_is_extracted() -> None:
    extracted = {m.msgid for m in extract()}
    produced = {
        text
        for situation in all_situations()
        for finding in recommend(situation)
        for text in finding.reasons + finding.conditions
    }
    assert produced <= extracted


def test_german_typography_and_terms() -> None:
    texts = [t for m in catalogs.entries(catalogs.read(PO)) for t in catalogs.strings(m) if t]
    joined = "\n".join(texts)
    assert not re.search(r"(§|Art\.) \d", joined), "use a non-breaking space after § and Art."
    assert not re.search(r"\d (HGB|AO|DSGVO)", joined), "use a non-breaking space before the law"
    assert "§\u00a0257\u00a0HGB" in joined and "Art.\u00a09\u00a0DSGVO" in joined
    assert '"' not in joined, "German quotes are „…“"
    assert "GDPR" not in joined
    for term in ("DSGVO", "Auftragsverarbeitungsvertrag", "Handelsbrief", "Einwilligung"):
        assert term in joined
    assert "besondere Kategorien personenbezogener Daten" in joined
    assert "Aufbewahrungspflicht" in joined
    assert re.search(r"\bSie\b", joined) and not re.search(r"\b(du|dein|deine)\b", joined)


def test_the_compiled_catalog_is_current() -> None:
    """The .mo that gettext reads says what the .po says (``make`` recompiles it)."""
    with PO.open("rb") as source:
        po = read_po(source)
    de = catalog("de")
    for message in po:
        if not message.id or message.fuzzy or not message.string:
            continue
        if isinstance(message.id, tuple):
            forms = tuple(de.ngettext(*message.id, n) for n in (1, 2))
            assert forms == tuple(message.string), "stale .mo: run make venv"
        else:
            assert de.gettext(message.id) == message.string, "stale .mo: run make venv"


def test_version_prints_the_package_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.split()[-1] == mr.__version__
    assert "--version" in main_help("de") and "die Version anzeigen" in main_help("de")


def main_help(lang: str) -> str:
    """The top-level ``--help`` text in *lang*."""
    from messaging_rules.cli import build_parser

    return build_parser(lang).format_help()


def test_translate_falls_back_to_english() -> None:
    assert translate("not in any catalog", "de") == "not in any catalog"
    assert translate("recommended", "en") == "recommended"


# -- hostile input and environments (from the CLI review, ../shared/reviews/cli-qa.md) -

LONG = "x" * 100_000


def one_line(text: str) -> str:
    """The single line of an error output (fails when there are more)."""
    lines = text.splitlines()
    assert len(lines) == 1, text
    return lines[0]


def shell(command: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run a shell pipeline with ``$MR`` standing for ``python -m messaging_rules``."""
    mr = f"{sys.executable} -m messaging_rules"
    return child(["bash", "-c", f"set -o pipefail; {command}"], MR=mr, **env)


@pytest.mark.parametrize(
    ("pipeline", "code"),
    [
        ("$MR rules | true", 0),
        ("$MR rules --lang de | head -c 1 >/dev/null", 0),
        ("$MR recommend --counterpart consumer --content general | true", 0),
        ("$MR recommend --counterpart consumer --content general --format json | true", 0),
        ("$MR audit examples/policy-practice-whatsapp.toml | true", 1),
        ("$MR check --help | true", 0),
    ],
)
def test_a_closed_pipe_is_quiet_and_keeps_the_exit_code(pipeline: str, code: int) -> None:
    # The reader (true, head -c 1) is gone long before Python has started and writes.
    result = shell(f'{pipeline}; echo "exit ${{PIPESTATUS[0]}}"')
    assert result.stderr == "", result.stderr
    assert result.stdout.strip().splitlines()[-1] == f"exit {code}"


def test_a_closed_pipe_on_a_long_audit_report_is_quiet(tmp_path: Path) -> None:
    entry = '[[allow]]\nchannel = "whatsapp"\ncounterpart = "colleague"\ncontent = "general"\n'
    policy = tmp_path / "big.toml"
    policy.write_text(entry * 3000, "utf-8")
    result = shell(f'$MR audit {policy} | head -1; echo "exit ${{PIPESTATUS[0]}}"')
    assert result.stderr == "", result.stderr
    assert result.stdout.splitlines() == [f"Policy: {policy}", "exit 1"]


@pytest.mark.parametrize(
    "env",
    [
        {"PYTHONIOENCODING": "ascii"},
        {"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONIOENCODING": ""},
    ],
    ids=["ascii", "C-locale"],
)
@pytest.mark.parametrize("lang", ["en", "de"])
def test_output_and_errors_work_in_an_ascii_or_c_locale_terminal(
    env: dict[str, str], lang: str
) -> None:
    result = run("recommend", *SITUATION, "--lang", lang, **env)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    first = result.stdout.splitlines()[0]
    assert first.startswith("Situation: ")
    assert first.isascii() and " - " in first
    error = run("check", "--channel", "fäx", *SITUATION, "--lang", lang, **env)
    assert error.returncode == 2
    assert "Traceback" not in error.stderr and one_line(error.stderr)


def test_a_latin_1_terminal_keeps_umlauts() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "messaging_rules", "recommend", *SITUATION, "--lang", "de"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "latin-1"},
        capture_output=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    text = result.stdout.decode("latin-1")
    assert "Privatkundin oder Privatkunde · Termin" in text and "für" in text


def test_an_ascii_terminal_transliterates_german_umlauts() -> None:
    result = run("check", "--channel", "sms", *SITUATION, "--lang", "de", PYTHONIOENCODING="ascii")
    assert "Pruefen" in result.stdout or "Begruendung" in result.stdout or "fuer" in result.stdout
    assert "?" not in result.stdout.split("Bewertung:")[1].split("\n")[0]


def test_a_damaged_package_catalog_is_an_internal_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import messaging_rules.i18n as i18n

    broken = tmp_path / "messaging_rules.mo"
    broken.write_bytes(b"this is not a compiled catalog")
    monkeypatch.setattr(i18n, "_mo_path", lambda lang: broken)
    i18n.catalog.cache_clear()
    try:
        assert main(["rules", "--lang", "de"]) == 3
        line = one_line(capsys.readouterr().err)
        assert "internal error" in line and "catalog" in line and "report it" in line
        assert main(["rules", "--lang", "de", "--format", "json"]) == 3
        data = json.loads(capsys.readouterr().err)
        assert data["exit_code"] == 3 and data["schema"] == 1 and "report it" in data["error"]
    finally:
        i18n.catalog.cache_clear()


def test_internal_errors_exit_3_without_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import messaging_rules.cli_commands as commands

    def broken(*args: object) -> int:
        raise MemoryError

    monkeypatch.setattr(commands, "run_rules", broken)
    assert main(["rules"]) == 3
    line = one_line(capsys.readouterr().err)
    assert "internal error (MemoryError" in line and "MESSAGING_RULES_DEBUG=1" in line
    monkeypatch.setenv("MESSAGING_RULES_DEBUG", "1")
    with pytest.raises(MemoryError):
        main(["rules"])


def test_i18n_extract_to_a_missing_folder_is_one_error_line() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tools.i18n_extract", "--output", "/nonexistent/x.pot"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert one_line(result.stderr).startswith("error: cannot write /nonexistent/x.pot")


@pytest.mark.parametrize(
    "args",
    [
        ["check", "--channel", "sms", "--channel", "email", "--counterpart", "consumer",
         "--content", "general"],
        ["recommend", *SITUATION, "--content", "general"],
        ["recommend", *SITUATION, "--urgent"],
        ["--lang", "de", "rules", "--lang", "en"],
        ["rules", "--format=json", "--format", "text"],
    ],
)  # fmt: skip
def test_repeated_options_are_an_error(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(args) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "is given more than once" in one_line(captured.err)


@pytest.mark.parametrize(
    ("args", "english"),
    [
        (["check", "--urgent=yes", "--channel", "sms", *SITUATION[:4]], "ignored explicit"),
        (["check", *SITUATION], "required"),
        (["rules", "extra"], "unrecognized"),
        (["check", "--channel"], "expected one argument"),
        (["rules", "--lang", "fr"], "invalid choice"),
        ([], "required"),
    ],
)
def test_argparse_errors_are_german(
    args: list[str], english: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*args, "--lang", "de"] if "--lang" not in args else args) == 2
    line = one_line(capsys.readouterr().err)
    if "--lang" in args:
        return  # --lang fr: the error is in the locale's language (English here)
    assert "Fehler: " in line and english not in line, line
    for word in ("argument ", "the following", "expected", "choose from", "ignored"):
        assert word not in line, line


def test_missing_required_options_list_the_valid_values(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--counterpart", "consumer", "--content", "general"]) == 2
    line = one_line(capsys.readouterr().err)
    assert "the following arguments are required: --channel (" in line
    assert "email-encrypted" in line and "business-messenger" in line
    assert main([]) == 2
    line = one_line(capsys.readouterr().err)
    assert "COMMAND (check, recommend, rules, audit, policy)" in line
    assert main(["recommend"]) == 2
    line = one_line(capsys.readouterr().err)
    assert "--counterpart (business-client, consumer, colleague)" in line
    assert "--content (appointment, general, marketing, confidential, special-category)" in line


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (lambda: mr.audit("examples/policy-craft-shop.toml"), "load_policy"),
        (lambda: mr.audit([]), "not list"),
        (lambda: mr.check("sms", None), "Situation"),
        (lambda: mr.check(None, Situation("consumer", "general")), "channel"),
        (lambda: mr.recommend(None), "Situation"),
        (lambda: mr.rule(None), "rule id"),
        (lambda: mr.Finding("sms", "discouraged", rules="R10"), "rules"),
        (lambda: mr.Finding("sms", "discouraged", reasons="x"), "reasons"),
        (lambda: mr.Situation(None, "general"), "counterpart"),
        (lambda: parse_policy(["x"]), "mapping"),
        (lambda: mr.load_policy(None), "file name"),
        (lambda: main("rules"), "list of argument strings"),
        (lambda: main([1]), "list of argument strings"),
    ],
)  # fmt: skip
def test_library_api_raises_type_error_for_wrong_argument_types(call, expected: str) -> None:
    with pytest.raises(TypeError, match=expected):
        call()


# -- cosmetic -------------------------------------------------------------------------


def test_help_never_breaks_an_identifier_at_its_hyphen(capsys: pytest.CaptureFixture[str]) -> None:
    for command in ("check", "recommend", "audit"):
        for lang in ("en", "de"):
            assert main([command, "--help", "--lang", lang]) == 0
            out = capsys.readouterr().out
            assert not re.search(r"[a-z]-\n", out), out


def test_a_huge_wrong_value_is_cut(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--channel", LONG, *SITUATION]) == 2
    line = one_line(capsys.readouterr().err)
    assert len(line) < 500 and "…" in line and "'whatsapp'" in line
    assert main(["rules", LONG]) == 2
    assert len(one_line(capsys.readouterr().err)) < 300


def test_rules_extra_names_the_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "extra"]) == 2
    line = one_line(capsys.readouterr().err)
    assert line == "messaging-rules rules: error: unrecognized arguments: extra"


def test_every_usage_error_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    for args in (["frobnicate"], ["check", "--channel", "fax", *SITUATION], ["audit"]):
        assert main(args) == 2
        captured = capsys.readouterr()
        assert captured.out == "" and not one_line(captured.err).startswith("usage")


def test_the_last_lang_decides_the_language_of_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", "de", "rules", "--lang", "en", "--format", "xml"]) == 2
    assert "error: option --lang is given more than once" in one_line(capsys.readouterr().err)


def test_language_variable_through_a_process() -> None:
    result = run("recommend", *SITUATION, LANGUAGE="de", LANG="en_US.UTF-8")
    assert "1. Telefonanruf: empfohlen (R6)" in result.stdout
    # GNU gettext (and ls) honour LANGUAGE in the C.UTF-8 locale: so does the program.
    result = run("recommend", *SITUATION, LANGUAGE="de", LANG="C.UTF-8")
    assert "1. Telefonanruf: empfohlen (R6)" in result.stdout


# -- JSON for every command and every error --------------------------------------------


@pytest.mark.parametrize("lang", ["en", "de"])
@pytest.mark.parametrize(
    ("args", "command", "code"),
    [
        (["check", "--channel", "email", *SITUATION], "check", 0),
        (["recommend", *SITUATION], "recommend", 0),
        (["rules"], "rules", 0),
        (["audit", "examples/policy-craft-shop.toml"], "audit", 0),
        (["audit", "examples/policy-practice-whatsapp.toml"], "audit", 1),
    ],
)
def test_json_document_frame(
    args: list[str], command: str, code: int, lang: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*args, "--format", "json", "--lang", lang]) == code
    document = json.loads(capsys.readouterr().out)
    assert isinstance(document, dict)
    assert (document["schema"], document["command"], document["lang"]) == (1, command, lang)


@pytest.mark.parametrize(
    ("args", "command"),
    [
        (["check", "--channel", "fax", *SITUATION], "check"),
        (["check", "--channel", "sms"], "check"),
        (["frobnicate"], None),
        (["audit", "no/such.toml"], "audit"),
        (["rules", "--format", "json", "--format", "json"], "rules"),
    ],
)
@pytest.mark.parametrize("lang", ["en", "de"])
def test_json_errors_go_to_stderr_as_one_object(
    args: list[str], command: str | None, lang: str, capsys: pytest.CaptureFixture[str]
) -> None:
    format_given = "--format" in args
    assert main([*args, *([] if format_given else ["--format", "json"]), "--lang", lang]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    data = json.loads(one_line(captured.err))
    assert data["schema"] == 1 and data["exit_code"] == 2 and data["command"] == command
    assert data["error"] and "\n" not in data["error"]


def test_reason_and_condition_ids_are_stable_and_unique() -> None:
    from messaging_rules.model import TEXT_IDS

    assert len(set(TEXT_IDS.values())) == len(TEXT_IDS)
    for text, text_id in TEXT_IDS.items():
        assert re.fullmatch(r"r\d+-[a-z0-9]+(-[a-z0-9]+)*", text_id), text_id
        assert translate(text, "de") != text, f"{text_id} is not translated"
    produced = {
        text
        for situation in all_situations()
        for finding in recommend(situation)
        for text in finding.reasons + finding.conditions
    }
    assert produced == set(TEXT_IDS)
    # A few ids the interactive chooser relies on; renaming one is a schema change.
    for text_id in ("r1-consumer-terms", "r5-short-notice", "r9-unsuitable-channel"):
        assert text_id in TEXT_IDS.values()


# -- output that is always valid, inputs that can never hurt ------------------------

OFFICE = ROOT / "examples" / "policy-office.toml"
ODD_NAME = 'Büro „Nord" ✓ \u202e\x07'


def odd_policy(tmp_path: Path, name: str = ODD_NAME) -> Path:
    """A policy whose name has umlauts, German quotes, a symbol and control characters."""
    path = tmp_path / "odd.toml"
    quoted = json.dumps(name)  # a TOML basic string is a JSON string
    path.write_text(
        f'[policy]\nname = {quoted}\n\n[[allow]]\nchannel = "whatsapp"\n'
        'counterpart = "consumer"\ncontent = "general"\n',
        "utf-8",
    )
    return path


def raw(*args: str, stdin: object = None, **env: str) -> subprocess.CompletedProcess[bytes]:
    """``python -m messaging_rules`` with bytes out, for encodings other than UTF-8."""
    clean = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LANG")}
    return subprocess.run(
        [sys.executable, "-m", "messaging_rules", *args],
        cwd=ROOT,
        env={**clean, "PYTHONPATH": str(ROOT), **env},
        capture_output=True,
        stdin=stdin,  # type: ignore[arg-type]
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("encoding", ["ascii", "latin-1", "cp1252", "utf-8"])
def test_json_is_valid_and_lossless_in_any_output_encoding(tmp_path: Path, encoding: str) -> None:
    german = raw("rules", "--format", "json", "--lang", "de", PYTHONIOENCODING=encoding)
    assert german.returncode == 0, german.stderr
    document = json.loads(german.stdout.decode(encoding))
    assert document["results"][0]["title"] == translate(mr.RULES[0].title, "de")
    audited = raw("audit", str(odd_policy(tmp_path)), "--format", "json",
                  PYTHONIOENCODING=encoding)  # fmt: skip
    assert audited.returncode == 1
    assert json.loads(audited.stdout.decode(encoding))["policy"]["name"] == ODD_NAME
    error = raw("check", "--channel", "fäx", "--format", "json", "--lang", "de",
                PYTHONIOENCODING=encoding)  # fmt: skip
    data = json.loads(error.stderr.decode(encoding))
    assert "fäx" in data["error"] and data["lang"] == "de" and data["exit_code"] == 2


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_html_is_utf8_whatever_the_terminal(tmp_path: Path, encoding: str) -> None:
    result = raw("policy", "render", str(odd_policy(tmp_path)), "--lang", "de",
                 PYTHONIOENCODING=encoding)  # fmt: skip
    html = result.stdout.decode("utf-8")
    assert 'charset="utf-8"' in html and "Büro „Nord" in html and "Bueros" not in html


def test_render_refuses_to_overwrite_its_policy(tmp_path: Path) -> None:
    policy = tmp_path / "team.toml"
    policy.write_bytes(OFFICE.read_bytes())
    (tmp_path / "link.html").symlink_to(policy)
    os.link(policy, tmp_path / "hard.html")
    for target in ("team.toml", "link.html", "hard.html", "./team.toml"):
        result = child([sys.executable, "-m", "messaging_rules", "policy", "render",
                        "team.toml", "-o", target], cwd=tmp_path, PYTHONPATH=str(ROOT))  # fmt: skip
        assert result.returncode == 2, result.stderr
        assert "policy file itself" in one_line(result.stderr)
        assert policy.read_bytes() == OFFICE.read_bytes()
    with policy.open("rb") as stdin:
        result = raw("policy", "render", "-", "-o", str(policy), stdin=stdin)
    assert result.returncode == 2 and policy.read_bytes() == OFFICE.read_bytes()


@pytest.mark.parametrize("command", [["audit"], ["policy", "render"]])
def test_a_fifo_is_refused_without_blocking(tmp_path: Path, command: list[str]) -> None:
    fifo = tmp_path / "policy.toml"
    os.mkfifo(fifo)
    result = raw(*command, str(fifo))  # the timeout of raw() fails a hang
    assert result.returncode == 2
    assert b"not a regular file" in result.stderr and b"Traceback" not in result.stderr


@pytest.mark.parametrize("name", ["-", "/dev/stdin"])
def test_standard_input_is_read_for_dash_and_dev_stdin(name: str) -> None:
    for command in (["audit"], ["policy", "render"]):
        with OFFICE.open("rb") as stdin:
            result = raw(*command, name, stdin=stdin)
        assert result.returncode == 0, result.stderr
    piped = shell(f"cat {OFFICE} | $MR audit {name} --format json")
    assert json.loads(piped.stdout)["policy"]["path"] == name


def test_dash_o_dash_is_standard_output_and_an_empty_name_is_an_error(tmp_path: Path) -> None:
    result = child([sys.executable, "-m", "messaging_rules", "policy", "render", str(OFFICE),
                    "-o", "-"], cwd=tmp_path, PYTHONPATH=str(ROOT))  # fmt: skip
    assert result.returncode == 0 and result.stdout.startswith("<!DOCTYPE html>")
    assert not (tmp_path / "-").exists()
    empty = run("policy", "render", str(OFFICE), "-o", "")
    assert empty.returncode == 2 and empty.stdout == ""
    assert "no output file given" in one_line(empty.stderr)


def test_render_escapes_control_characters(tmp_path: Path) -> None:
    name = "Shop\x07\x1b]0;pwned\x07\x00\u202e"
    result = raw("policy", "render", str(odd_policy(tmp_path, name)))
    html = result.stdout.decode("utf-8")
    for char in ("\x07", "\x1b", "\x00", "\u202e"):
        assert char not in html
    assert "Shop\\x07\\x1b]0;pwned" in html


def test_write_errors_on_output_follow_the_error_contract() -> None:
    full = run("policy", "render", str(OFFICE), "-o", "/dev/full", "--lang", "de")
    assert full.returncode == 3
    line = one_line(full.stderr)
    assert line.startswith("python -m messaging_rules: Fehler: ")
    assert "No space left" not in line and "Traceback" not in line
    data = json.loads(one_line(run("policy", "render", str(OFFICE), "-o", "/dev/full",
                                   "--format", "json").stderr))  # fmt: skip
    assert data["exit_code"] == 3 and data["command"] == "policy render" and data["lang"] == "en"
    assert "no space left on the device" in data["error"]
    folder = run("policy", "render", str(OFFICE), "-o", "/nonexistent/x.html")
    assert folder.returncode == 2 and "the folder does not exist" in one_line(folder.stderr)


def test_policy_render_takes_the_common_options(capsys: pytest.CaptureFixture[str]) -> None:
    for args in (["policy", "render", str(OFFICE), "--format", "json"],
                 ["--format", "json", "policy", "render", str(OFFICE)],
                 ["policy", "--format", "json", "render", str(OFFICE)]):  # fmt: skip
        assert main(args) == 0
        document = json.loads(capsys.readouterr().out)
        assert document["command"] == "policy render" and document["html"].startswith("<!DOC")
    assert main(["policy", "--lang", "de", "render", str(OFFICE)]) == 0
    assert '<html lang="de">' in capsys.readouterr().out
    assert main(["policy", "render", "--help"]) == 0
    assert "LANGUAGE" in capsys.readouterr().out


@pytest.mark.parametrize(
    "args",
    [
        ["policy", "render", "no/such.toml"],
        ["policy", "render"],
        ["policy", "render", str(OFFICE), "--bogus"],
        ["policy", "render", str(OFFICE), "-o", "/dev/full"],
        ["policy", "render", str(OFFICE), "--lang", "fr"],
    ],
)
def test_the_command_field_is_policy_render_on_every_path(
    args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*args, "--format", "json"]) in (2, 3)
    data = json.loads(one_line(capsys.readouterr().err))
    assert data["command"] == "policy render" and data["lang"] == "en"


def test_a_repeated_short_option_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    for extra in (["-o", "a.html", "-o", "b.html"], ["-oa.html", "--output=b.html"]):
        assert main(["policy", "render", str(OFFICE), *extra]) == 2
        assert "--output is given more than once" in one_line(capsys.readouterr().err)


@pytest.mark.parametrize("module", ["messaging_rules.rules", "messaging_rules.cli"])
def test_an_interrupt_while_starting_exits_130_without_traceback(module: str) -> None:
    # Ctrl-C arrives while the package is imported: simulated by an import hook.
    program = (
        "import runpy, sys\n"
        "class Hook:\n"
        "    def find_spec(self, name, path, target=None):\n"
        f"        if name == {module!r}:\n"
        "            raise KeyboardInterrupt\n"
        "sys.meta_path.insert(0, Hook())\n"
        "sys.argv = ['-m', 'rules']\n"
        "runpy._run_module_as_main('messaging_rules')\n"
    )
    result = python("-c", program)
    assert result.returncode == 130 and result.stderr == "", result.stderr


@pytest.mark.parametrize("redirect", [">&-", ">/dev/full"])
def test_a_closed_or_full_stdout_is_an_io_error_not_a_bug(redirect: str) -> None:
    result = shell(f"$MR rules --lang de {redirect}")
    assert result.returncode == 3
    line = one_line(result.stderr)
    assert "standard output" in line or "Standardausgabe" in line
    assert "bug" not in line and "Fehler im Programm" not in line
    data = json.loads(one_line(shell(f"$MR rules --format json {redirect}").stderr))
    assert data["exit_code"] == 3 and data["command"] == "rules"


def test_a_failing_stderr_keeps_the_exit_code_and_stdout_clean() -> None:
    assert shell("$MR check --channel fax 2>/dev/full").returncode == 2
    assert shell("$MR check --channel fax 2>&-").returncode == 2
    warned = shell("$MR policy render examples/policy-practice-whatsapp.toml 2>&-")
    assert warned.returncode == 1 and warned.stdout.startswith("<!DOCTYPE html>")


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--bogus"], "unrecognized arguments: --bogus"),
        (["check", "--chan", "sms", "--counterpart", "consumer"], "unrecognized arguments: --chan"),
        (["policy", "--bogus", "render", "x.toml"], "unrecognized arguments: --bogus"),
    ],
)
def test_usage_errors_name_the_real_problem(
    args: list[str], named: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(args) == 2
    assert named in one_line(capsys.readouterr().err)


@pytest.mark.parametrize(
    "args", [["check", "--channel", "fax"], ["audit", "no/such.toml"], ["frobnicate"]]
)
@pytest.mark.parametrize("lang", ["en", "de"])
def test_error_json_carries_lang(
    args: list[str], lang: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*args, "--format", "json", "--lang", lang]) == 2
    data = json.loads(one_line(capsys.readouterr().err))
    assert data["lang"] == lang and list(data)[:3] == ["schema", "command", "lang"]
