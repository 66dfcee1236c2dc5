"""Shared fixtures: the built site, built once per test session."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tools.browser import CHROMIUM, CHROMIUM_ARGS
from tools.site_url import DEFAULT as DEFAULT_SITE_URL

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
        env={**os.environ, "SITE_URL": DEFAULT_SITE_URL, "FAST_I18N_VERIFY": "1"},
        check=False,
    )
    return Build(result.returncode, result.stdout + result.stderr)


@pytest.fixture(scope="session")
def site(site_build: Build) -> Path:
    """The built site; skips nothing: a failed build fails every test that needs it."""
    if site_build.returncode:
        pytest.fail(f"the site build failed:\n{site_build.output[-4000:]}")
    return SITE


# -- the browser tests (test_browser.py, test_chooser.py) ------------------------------


@pytest.fixture(scope="session")
def base_url(site: Path) -> Iterator[str]:
    """The built site, served with the production CSP on a free local port."""
    from tools.serve import make_server

    server = make_server(site, port=0, quiet=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session (Debian's, never a downloaded one)."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} not found: install it with 'apt-get install chromium'"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true but {message}")
        pytest.skip(f"browser tests skipped: {message}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()
