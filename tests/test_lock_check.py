"""``make lock-check``: the lock files agree with ``pyproject.toml``, offline."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tools import lock_check

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A copy of the files the check reads."""
    for name in ("pyproject.toml", "uv.lock"):
        shutil.copy2(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "requirements", tmp_path / "requirements")
    return tmp_path


def test_the_lock_files_agree_with_pyproject() -> None:
    assert lock_check.problems(ROOT) == []


def test_a_new_requirement_without_make_lock_is_found(checkout: Path) -> None:
    pyproject = checkout / "pyproject.toml"
    text = pyproject.read_text("utf-8")
    text = text.replace('    "mypy>=1.13",', '    "mypy>=1.13",\n    "x>=1",')
    pyproject.write_text(text, "utf-8")
    found = lock_check.problems(checkout)
    assert any("group lint" in line for line in found)
    assert any("lint.txt lacks x" in line for line in found)


def test_an_edited_pin_or_hash_is_found(checkout: Path) -> None:
    export = checkout / "requirements" / "lint.txt"
    text = export.read_text("utf-8")
    version = text.split("ruff==", 1)[1].split()[0]
    edited = text.replace(f"ruff=={version}", "ruff==0.0.1")
    edited = edited.replace("--hash=sha256:0", "--hash=sha256:f", 1)
    export.write_text(edited, "utf-8")
    found = lock_check.problems(checkout)
    assert any("ruff==0.0.1, but uv.lock has" in line for line in found)
    assert any("carries a hash that uv.lock does not" in line for line in found)


def test_one_pin_per_python_range_passes(checkout: Path) -> None:
    """A lock forked by Python version (one release needs a newer Python) is in step."""
    digest = "1" * 64
    with (checkout / "uv.lock").open("a", encoding="utf-8") as lock:
        lock.write(
            '\n[[package]]\nname = "ruff"\nversion = "99.0"\n'
            'source = { registry = "https://pypi.org/simple" }\n'
            f'sdist = {{ url = "https://example.org/r.tar.gz", hash = "sha256:{digest}" }}\n'
        )
    with (checkout / "requirements" / "lint.txt").open("a", encoding="utf-8") as export:
        export.write(f"ruff==99.0 ; python_full_version >= '3.13' \\\n    --hash=sha256:{digest}\n")
    assert lock_check.problems(checkout) == []
    export = checkout / "requirements" / "lint.txt"
    export.write_text(export.read_text("utf-8").replace("ruff==99.0", "ruff==98.0"), "utf-8")
    assert any("ruff==98.0, but uv.lock has " in line for line in lock_check.problems(checkout))
