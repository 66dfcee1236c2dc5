"""Shared fixtures: the built site, built once per test session."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "_build" / "site"


@dataclass(frozen=True)
class Build:
    """What one run of ``python -m tools.site`` returned and printed."""

    returncode: int
    output: str


@pytest.fixture(scope="session")
def site_build() -> Build:
    """Build the bilingual site into ``_build/site`` once per session.

    Every page is re-read (``--fresh``): an incremental build would only report the
    warnings of pages that changed.  ``FAST_I18N_VERIFY`` makes the German build
    parse every message the fast path skips with MyST too, and fail if they differ.
    """
    result = subprocess.run(
        [sys.executable, "-m", "tools.site", "--fresh"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "SITE_URL": "http://127.0.0.1:8000/", "FAST_I18N_VERIFY": "1"},
        check=False,
    )
    return Build(result.returncode, result.stdout + result.stderr)


@pytest.fixture(scope="session")
def site(site_build: Build) -> Path:
    """The built site; skips nothing: a failed build fails every test that needs it."""
    if site_build.returncode:
        pytest.fail(f"the site build failed:\n{site_build.output[-4000:]}")
    return SITE
