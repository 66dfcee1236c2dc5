"""The build: both languages without a single warning, and clear errors on bad input."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tools import po_check, site

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.build


def test_both_languages_build_without_warnings(site_build) -> None:
    assert site_build.returncode == 0, site_build.output[-4000:]
    for word in ("WARNING", "ERROR", "Traceback"):
        assert word not in site_build.output, site_build.output[-4000:]
    assert "[en] done" in site_build.output and "[de] done" in site_build.output


def test_sphinx_doctest_builder_passes_in_english() -> None:
    """One language is enough: Sybil runs every block too, and the German pages carry
    the same blocks (code is not translated)."""
    result = subprocess.run(
        [sys.executable, "-m", "tools.site", "--builder", "doctest", "--lang", "en"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    assert "doctest passed in en" in result.stdout


@pytest.mark.parametrize(("expected", "passes"), [("2", True), ("3", False)])
def test_doctest_builder_runs_the_doctest_blocks(
    tmp_path: Path, expected: str, passes: bool
) -> None:
    """With the guide's configuration, a wrong ``{doctest}`` block fails the build."""
    source = tmp_path / "docs"
    source.mkdir()
    (source / "index.md").write_text(
        f"# Sums\n\n```{{doctest}}\n>>> 1 + 1\n{expected}\n```\n", "utf-8"
    )
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "doctest", *site.sphinx_options({}),
         "-c", str(ROOT), str(source), str(tmp_path / "out")],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    # Only a block that ran can fail the build: the wrong sum proves the blocks run.
    assert (result.returncode == 0) is passes, result.stdout + result.stderr


def test_sphinxopts_reach_every_build(monkeypatch: pytest.MonkeyPatch) -> None:
    """``make html SPHINXOPTS=…`` (an environment variable for tools.site) replaces the
    default options; without it every build is nitpicky and strict."""
    monkeypatch.delenv("SPHINXOPTS", raising=False)
    strict = site.sphinx_command("de")
    assert {"-n", "-W", "--keep-going"} <= set(strict)
    monkeypatch.setenv("SPHINXOPTS", "-v -D 'copyright=Probe of SPHINXOPTS'")
    for builder in ("html", "doctest"):
        command = site.sphinx_command("en", builder)
        assert "-W" not in command and "-v" in command, command
        assert command[command.index("-D") + 1] == "copyright=Probe of SPHINXOPTS"


def test_broken_catalog_is_named_with_file_and_line(tmp_path: Path) -> None:
    locale = tmp_path / "locale"
    shutil.copytree(ROOT / "locale", locale)
    catalog = sorted(locale.rglob("index.po"))[0]
    lines = catalog.read_text("utf-8").splitlines()
    broken_at = next(i for i, line in enumerate(lines) if line.startswith("msgstr ")) + 1
    lines[broken_at - 1] = 'msgstr "missing the closing quote'
    catalog.write_text("\n".join(lines) + "\n", "utf-8")
    found = po_check.problems(locale)
    assert found and found[0].startswith(f"{catalog}:{broken_at}:"), found


def _make(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", "--no-print-directory", *args], cwd=ROOT, capture_output=True, text=True,
        env={**os.environ, **(env or {})}, check=False,
    )  # fmt: skip


def test_help_is_the_default_and_lists_every_target() -> None:
    result = _make()
    assert result.returncode == 0
    listed = {line.split()[0] for line in result.stdout.splitlines()[1:] if line.strip()}
    wanted = "serve site html html-de pdf doctest gettext update-po test lint bench clean"
    assert set(wanted.split()) <= listed


def test_unknown_target_prints_the_help() -> None:
    result = _make("sevre")
    assert result.returncode == 2
    assert result.stdout == ""
    assert "unknown target 'sevre'" in result.stderr.splitlines()[-1]
    assert "  serve " in result.stderr and "Traceback" not in result.stderr
    assert "Error 2" not in result.stderr


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        (None, "not found"),
        ("#!/bin/sh\ncase \"$*\" in *-V*) echo 'Python 3.9.2';; *) exit 1;; esac\n", "too old"),
    ],
    ids=["missing", "too-old"],
)
def test_missing_or_old_python_is_one_clear_line(
    tmp_path: Path, script: str | None, expected: str
) -> None:
    python = tmp_path / "python3"
    if script is not None:
        python.write_text(script)
        python.chmod(python.stat().st_mode | stat.S_IEXEC)
    result = _make("venv", f"PYTHON={python}", f"VENV={tmp_path / 'venv'}")
    assert result.returncode != 0
    errors = [line for line in (result.stdout + result.stderr).splitlines() if "error:" in line]
    assert len(errors) == 1 and expected in errors[0], result.stdout + result.stderr
