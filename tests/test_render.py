"""The printable team policy: rendered from a policy file, self-contained, in its language."""

from __future__ import annotations

import re
import subprocess
import sys
from html import escape
from pathlib import Path

import pytest

from messaging_rules import Channel
from messaging_rules.i18n import label, translate
from messaging_rules.policy import load_policy, parse_policy
from messaging_rules.render import SIGNATURE_LINES, policy_document, render_html
from messaging_rules.vocabulary import LANGUAGES
from tests.conftest import cli, python, require
from tools.pdf import POLICIES

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SECTORS = POLICIES


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """``python -m messaging_rules`` in a clean locale, importing the package from *cwd*."""
    return python("-m", "messaging_rules", *args, cwd=cwd)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("sector", SECTORS)
def test_policy_renders_as_a_printable_page_in_its_language(sector: str, language: str) -> None:
    policy = load_policy(EXAMPLES / f"policy-{sector}.toml")
    html = render_html(policy, language)
    assert html.startswith("<!DOCTYPE html>") and f'<html lang="{language}">' in html
    assert "@page { size: A4;" in html and "@media print" in html
    # Self-contained: no other file, no other host.
    assert not re.search(r"""(src|href)\s*=|@import|url\(|https?://""", html)
    assert f"<h1>{policy.text('name', language)}</h1>" in html
    for entry in policy.entries:
        if entry.note:
            assert entry.note_in(language).replace('"', "&quot;").replace("'", "&#x27;") in html
        for channel in entry.channels:
            assert label(channel, language) in html
    assert html.count("<tr><td></td><td></td><td></td></tr>") == SIGNATURE_LINES
    for word in ("Who to ask", "Signatures", "Date", "Signature"):
        assert f">{translate(word, language)}<" in html or translate(word, language) in html
    assert translate("This is general information, not legal advice.", language) in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_page_shows_what_the_printable_file_shows(language: str) -> None:
    """One rendering path: the ``team-policy`` directive on a page and the HTML file
    (command line, PDFs) show the texts of the same document, who checked it included."""
    from team_policy import policy_nodes

    policy = parse_policy({
        "policy": {"contact": "Ms Example, office", "reviewed_by": "our data protection officer",
                   "reviewed": "2026-11-28"},
        "allow": [{"channel": "email", "counterpart": "consumer", "content": "general"}],
    })  # fmt: skip
    doc = policy_document(policy, language)
    page = " ".join(node.astext() for node in policy_nodes(doc))
    html = render_html(policy, language)
    assert len(doc.ask) == 2 and "2026-11-28" in doc.ask[1]
    for text in (*doc.ask, doc.footer, *doc.rows[0].conditions):
        assert text in page and escape(text) in html, text


def test_german_policy_is_german_and_names_what_is_left_out() -> None:
    doc = policy_document(load_policy(EXAMPLES / "policy-health-practice.toml"), "de")
    assert doc.title == "Messenger-Richtlinie"
    assert doc.name == "Messenger-Richtlinie unserer Praxis"
    assert label(Channel.WHATSAPP, "de") in doc.left_out
    assert all(row.conditions or row.note for row in doc.rows)
    assert doc.clean


@pytest.mark.usefixtures("english_locale")
def test_a_policy_the_rules_forbid_is_marked_and_exits_1(tmp_path: Path) -> None:
    doc = policy_document(load_policy(EXAMPLES / "policy-practice-whatsapp.toml"), "en")
    assert not doc.clean and any("not allowed (R9, R12)" in p for p in doc.problems)
    target = tmp_path / "bad.html"
    policy = str(EXAMPLES / "policy-practice-whatsapp.toml")
    result = cli("policy", "render", policy, "-o", str(target))
    assert result.returncode == 1
    assert "run audit" in result.stderr
    assert 'class="box problems"' in target.read_text("utf-8")


@pytest.mark.usefixtures("english_locale")
def test_render_writes_to_stdout_or_to_the_output_file(tmp_path: Path) -> None:
    office = str(EXAMPLES / "policy-office.toml")
    shown = cli("policy", "render", office, "--lang", "de")
    assert shown.returncode == 0, shown.stderr
    assert "<h1>Messenger-Richtlinie unseres Büros</h1>" in shown.stdout
    target = tmp_path / "office.html"
    written = cli("policy", "render", office, "--output", str(target))
    assert written.returncode == 0 and written.stdout == ""
    assert target.read_text("utf-8") == render_html(
        load_policy(EXAMPLES / "policy-office.toml"), "en"
    )


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ('[[allow]]\nchannel = "fax"\ncounterpart = "consumer"\ncontent = "general"\n', "value"),
        ("[[allow]\n", "toml"),
        ('[policy]\nname = "x"\ncolour = "red"\n', "key"),
    ],
)
@pytest.mark.usefixtures("english_locale")
def test_bad_input_gets_the_same_error_as_audit(tmp_path: Path, text: str, kind: str) -> None:
    path = tmp_path / f"bad-{kind}.toml"
    path.write_text(text, "utf-8")
    audited = cli("audit", str(path))
    rendered = cli("policy", "render", str(path))
    assert audited.returncode == rendered.returncode == 2
    assert rendered.stdout == "" and "Traceback" not in rendered.stderr
    assert rendered.stderr.strip().splitlines()[-1] == audited.stderr.strip().splitlines()[-1]


@pytest.mark.usefixtures("english_locale")
def test_missing_file_and_unwritable_output_are_clear_errors(tmp_path: Path) -> None:
    missing = cli("policy", "render", str(tmp_path / "none.toml"))
    assert missing.returncode == 2 and "does not exist" in missing.stderr
    office = str(EXAMPLES / "policy-office.toml")
    blocked = cli("policy", "render", office, "-o", str(tmp_path / "no" / "x.html"))
    assert blocked.returncode == 2 and "cannot write" in blocked.stderr
    assert "Traceback" not in blocked.stderr


def test_localised_texts_must_be_strings() -> None:
    with pytest.raises(ValueError, match="note_de"):
        parse_policy(
            {
                "allow": [
                    {
                        "channel": "email",
                        "counterpart": "consumer",
                        "content": "general",
                        "note_de": 3,
                    }
                ]
            }  # fmt: skip
        )


def test_render_works_from_a_fresh_clone(tmp_path: Path) -> None:
    """A firm that only has the repository renders its own edited policy.

    English needs nothing but the clone; German needs the compiled catalog, which
    ``make`` compiles (the same ``pybabel compile`` as here), and until then the
    command says how to get it.
    """
    git = require("git", "the test clones the repository")
    if not (ROOT / ".git").exists():
        pytest.fail(f"{ROOT} is not a git checkout", pytrace=False)
    clone = tmp_path / "clone"
    subprocess.run([git, "clone", "--quiet", str(ROOT), str(clone)], check=True)
    policy = clone / "our-policy.toml"
    text = (clone / "examples" / "policy-craft-business.toml").read_text("utf-8")
    policy.write_text(text.replace("unseres Handwerksbetriebs", "der Tischlerei Muster"), "utf-8")
    assert run("audit", "our-policy.toml", cwd=clone).returncode == 0
    render = ("policy", "render", "our-policy.toml", "--lang", "de", "--output", "out.html")
    uncompiled = run(*render, cwd=clone)
    assert uncompiled.returncode == 3 and "message catalog" in uncompiled.stderr
    pybabel = Path(sys.executable).parent / "pybabel"
    compile_catalog = [pybabel, "-q", "compile", "-d", "messaging_rules/locale"]
    subprocess.run([*compile_catalog, "-D", "messaging_rules"], cwd=clone, check=True)
    result = run(*render, cwd=clone)
    assert result.returncode == 0, result.stderr
    html = (clone / "out.html").read_text("utf-8")
    assert "<h1>Messenger-Richtlinie der Tischlerei Muster</h1>" in html
