"""The command line in both languages, and the German catalog behind it."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from messaging_rules import Channel, all_situations, recommend
from messaging_rules.cli import main
from messaging_rules.i18n import (
    catalog,
    default_language,
    extract,
    parse_po,
    pot_path,
    render_pot,
    translate,
)

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "messaging_rules" / "locale" / "de" / "LC_MESSAGES" / "messaging_rules.po"
SITUATION = ["--counterpart", "consumer", "--content", "appointment", "--urgent"]


def run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -m messaging_rules`` in a clean locale (plus *env*)."""
    clean = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANG")}
    clean["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), clean.get("PYTHONPATH")]))
    clean["PYTHONIOENCODING"] = "utf-8"
    return subprocess.run(
        [sys.executable, "-m", "messaging_rules", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )


@pytest.fixture(autouse=True)
def english_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    """Calls of main() default to English unless a test sets the locale."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)


# -- check and recommend -------------------------------------------------------------


def test_check_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--channel", "sms", *SITUATION]) == 0
    out = capsys.readouterr().out
    assert "Channel: SMS" in out
    assert "Verdict: allowed with conditions (R5)" in out
    assert "Condition: Keep the text to the time, the place" in out


def test_check_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--channel", "sms", *SITUATION, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data) == ["channel", "verdict", "rules", "conditions", "reasons"]
    assert data["channel"] == "sms"
    assert data["verdict"] == "allowed-with-conditions"
    assert data["rules"] == ["R5"]
    assert all(isinstance(x, str) for x in data["conditions"] + data["reasons"])


def test_check_defaults_are_full_address_book_and_android(
    capsys: pytest.CaptureFixture[str],
) -> None:
    main(
        ["check", "--channel", "whatsapp-business-app", "--counterpart", "business-client"]
        + ["--content", "general", "--format", "json"]
    )
    assert json.loads(capsys.readouterr().out)["rules"] == ["R3"]
    assert main(["check", "--help"]) == 0
    help_text = " ".join(capsys.readouterr().out.split())
    assert "(default: full-address-book)" in help_text
    assert "(default: android)" in help_text


def test_recommend_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["recommend", *SITUATION]) == 0
    out = capsys.readouterr().out
    lines = [line for line in out.splitlines() if re.match(r"\d\. ", line)]
    assert len(lines) == 8
    assert lines[0] == "1. Phone call: recommended (R6)"
    assert lines[-1] == "8. WhatsApp (consumer app): not allowed (R1, R6)"


def test_recommend_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["recommend", *SITUATION, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [item["channel"] for item in data][:3] == ["phone", "email", "email-encrypted"]
    assert sorted(item["channel"] for item in data) == sorted(c.value for c in Channel)
    assert all(
        set(item) == {"channel", "verdict", "rules", "conditions", "reasons"} for item in data
    )


def test_recommend_german(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["recommend", *SITUATION, "--lang", "de"]) == 0
    out = capsys.readouterr().out
    assert "1. Telefonanruf: empfohlen (R6)" in out
    assert "SMS: erlaubt unter Bedingungen (R5)" in out
    assert "Bedingung: Beschränken Sie den Text auf Uhrzeit, Ort und Absender" in out
    assert "Dies ist eine allgemeine Information, keine Rechtsberatung." in out
    assert "recommended" not in out and "Condition" not in out


def test_lang_before_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", "de", "check", "--channel", "phone", *SITUATION]) == 0
    assert "Bewertung: empfohlen (R6)" in capsys.readouterr().out


def test_german_json_translates_texts_not_identifiers(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--channel", "sms", *SITUATION, "--lang", "de", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["verdict"] == "allowed-with-conditions"
    assert data["reasons"][0].startswith("Für eine kurze Mitteilung mit minimalem Inhalt")


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


def test_missing_argument_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--counterpart", "consumer", "--content", "general"]) == 2
    assert "the following arguments are required: --channel" in capsys.readouterr().err


def test_unknown_value_german(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--channel", "fax", *SITUATION, "--lang", "de"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Aufruf: ")
    assert "Fehler: Argument --channel: ungültige Auswahl: 'fax' (möglich sind: 'whatsapp'" in err


def test_subprocess_unknown_value_has_no_traceback() -> None:
    result = run("check", "--channel", "telegram", *SITUATION)
    assert result.returncode == 2
    assert "invalid choice: 'telegram'" in result.stderr
    assert "'business-messenger'" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


# -- rules ---------------------------------------------------------------------------


def test_rules_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [item["id"] for item in data] == [f"R{n}" for n in range(1, 12)]
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


def test_subprocess_check_json() -> None:
    result = run("check", "--channel", "whatsapp", *SITUATION, "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["rules"] == ["R1", "R6"]


def test_subprocess_recommend_text() -> None:
    result = run("recommend", *SITUATION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Situation: consumer · appointment")


def test_subprocess_recommend_urgent_german() -> None:
    result = run(
        "recommend",
        "--counterpart",
        "consumer",
        "--content",
        "appointment",
        "--urgent",
        "--lang",
        "de",
    )
    assert result.returncode == 0, result.stderr
    assert "Kanäle, die besten zuerst:" in result.stdout
    assert "Verbraucher · Termin · gesamtes Adressbuch · Android · dringend" in result.stdout
    assert "WhatsApp (normale App): nicht erlaubt (R1, R6)" in result.stdout


def test_subprocess_lang_from_environment() -> None:
    result = run("recommend", *SITUATION, LANG="de_DE.UTF-8")
    assert result.returncode == 0, result.stderr
    assert "1. Telefonanruf: empfohlen (R6)" in result.stdout
    helped = run("recommend", "--help", LANG="de_DE.UTF-8")
    assert helped.stdout.startswith("Aufruf: ")
    assert "(Standard: full-address-book)" in " ".join(helped.stdout.split())


def test_subprocess_rules_json() -> None:
    result = run("rules", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)) == 11


# -- the German catalog --------------------------------------------------------------


def test_pot_is_up_to_date() -> None:
    assert pot_path().read_text(encoding="utf-8") == render_pot(extract()), (
        "run: python -m messaging_rules.i18n"
    )


def test_every_message_the_engine_produces_is_extracted() -> None:
    extracted = {m.msgid for m in extract()}
    produced = {
        text
        for situation in all_situations()
        for finding in recommend(situation)
        for text in finding.reasons + finding.conditions
    }
    assert produced <= extracted


def test_german_catalog_is_complete() -> None:
    po = polib.pofile(str(PO))
    assert po.metadata["Language"] == "de"
    assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert po.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert po.percent_translated() == 100
    assert not po.fuzzy_entries()
    assert not po.untranslated_entries()
    assert not po.obsolete_entries()
    msgids = {entry.msgid for entry in po}
    missing = [m.msgid for m in extract() if m.msgid not in msgids]
    assert not missing, f"not in the German catalog: {missing}"
    for message in extract():
        entry = po.find(message.msgid)
        assert entry is not None
        if message.plural:
            assert entry.msgid_plural == message.plural
            assert all(entry.msgstr_plural.values())


def test_german_keeps_placeholders() -> None:
    for entry in polib.pofile(str(PO)):
        fields = set(re.findall(r"\{\w+\}", entry.msgid + entry.msgid_plural))
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            if text:
                assert set(re.findall(r"\{\w+\}", text)) == fields, entry.msgid


def test_german_typography_and_terms() -> None:
    texts = [t for e in polib.pofile(str(PO)) for t in [e.msgstr, *e.msgstr_plural.values()] if t]
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


def test_reader_agrees_with_polib() -> None:
    ours = parse_po(PO.read_text(encoding="utf-8"))
    theirs: dict[str, str | tuple[str, ...]] = {}
    for entry in polib.pofile(str(PO)):
        if entry.msgid_plural:
            theirs[entry.msgid] = tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural))
        else:
            theirs[entry.msgid] = entry.msgstr
    assert ours == theirs
    assert dict(catalog("de")) == theirs


def test_translate_falls_back_to_english() -> None:
    assert translate("not in any catalog", "de") == "not in any catalog"
    assert translate("recommended", "en") == "recommended"
