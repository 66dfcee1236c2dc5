"""Shared fixtures: the built site, built once per test session; what a test requires."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from dataclasses import dataclass
from http.server import HTTPServer
from pathlib import Path

import pytest

from messaging_rules.i18n import LOCALE_VARIABLES
from tools.browser import CHROMIUM, CHROMIUM_ARGS
from tools.site_url import DEFAULT as DEFAULT_SITE_URL

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "_build" / "site"

# -- markers follow from what a test needs -----------------------------------------------

#: A test that uses one of these fixtures gets the marker, whether or not its author
#: wrote it: ``make check`` (``-m "not build and not browser"``) never builds the site
#: by accident, and ``-m browser`` finds every test that starts Chromium.
MARKER_OF_FIXTURE = {"site_build": "build", "browser": "browser"}


@pytest.hookimpl(tryfirst=True)  # before ``-m`` deselects by marker
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        needs = getattr(item, "fixturenames", ())
        for fixture, marker in MARKER_OF_FIXTURE.items():
            if fixture in needs and item.get_closest_marker(marker) is None:
                item.add_marker(marker)


# -- a command in a child process ------------------------------------------------------

#: What gettext reads to choose a language: removed, so a child speaks English unless
#: a test sets one of them.


def child(command: list[str], cwd: Path = ROOT, **env: str) -> subprocess.CompletedProcess[str]:
    """Run *command* as a reader would: in *cwd*, importing the code from there.

    The locale variables are removed and Python's output is UTF-8, unless *env* says
    otherwise; undecodable output shows as U+FFFD instead of failing the test.
    """
    clean = {k: v for k, v in os.environ.items() if k not in LOCALE_VARIABLES}
    clean["PYTHONPATH"] = os.pathsep.join(filter(None, [str(cwd), clean.get("PYTHONPATH")]))
    clean["PYTHONIOENCODING"] = "utf-8"
    return subprocess.run(
        command,
        cwd=cwd,
        env={**clean, **env},
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        check=False,
    )


def python(*args: str, cwd: Path = ROOT, **env: str) -> subprocess.CompletedProcess[str]:
    """``python *args`` through :func:`child` (``from tests.conftest import python``)."""
    return child([sys.executable, *args], cwd, **env)


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    """``messaging_rules.cli.main(args)`` in this process, its output captured as a child's.

    A process start cheaper than ``python("-m", "messaging_rules", …)``: for tests
    about what the command says, not about the process (pipes, encodings).  Use it
    with the ``english_locale`` fixture.
    """
    from messaging_rules.cli import main

    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(args))
    return subprocess.CompletedProcess(list(args), code, out.getvalue(), err.getvalue())


@pytest.fixture
def english_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    """No locale variable (and no debug switch) in this process: main() speaks English."""
    for name in (*LOCALE_VARIABLES, "MESSAGING_RULES_DEBUG"):
        monkeypatch.delenv(name, raising=False)


# -- tools from the system: required under CI, skipped elsewhere --------------------------


def under_ci(environ: Mapping[str, str] = os.environ) -> bool:
    """True when the tests run in CI (``.ci/run`` exports ``CI=true``).

    Most CI services set ``CI=true``; some set ``CI=1``.

    >>> under_ci({"CI": "true"}), under_ci({"CI": "1"}), under_ci({"CI": "false"}), under_ci({})
    (True, True, False, False)
    """
    return environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


def require(tool: str | Path, why: str, environ: Mapping[str, str] = os.environ) -> str:
    """The path of the system tool *tool* (a name on PATH or an absolute path).

    Without it the test skips with one line naming *why* it is needed; under CI a
    missing tool fails the test instead, so a CI run can never pass by skipping.
    The one place that decides "required or skip" for Java and Chromium
    (``from tests.conftest import require``).

    >>> require("sh", "the shell runs the pipelines", {})
    '/...sh'
    >>> require("no-such-tool", "a test needs it", {})
    Traceback (most recent call last):
    Skipped: no-such-tool not found: a test needs it
    >>> require("no-such-tool", "a test needs it", {"CI": "true"})
    Traceback (most recent call last):
    Failed: CI=true but no-such-tool not found: a test needs it
    """
    found = shutil.which(str(tool))
    if found:
        return found
    message = f"{tool} not found: {why}"
    if under_ci(environ):
        pytest.fail(f"CI=true but {message}", pytrace=False)
    pytest.skip(message)


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


@contextmanager
def serving(server: HTTPServer) -> Iterator[str]:
    """Run *server* (bound to a port on 127.0.0.1) in a thread; give its address."""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def base_url(site: Path) -> Iterator[str]:
    """The built site, served with the production CSP on a free local port."""
    from tools.serve import make_server

    with serving(make_server(site, port=0, quiet=True)) as address:
        yield address


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session (Debian's, never a downloaded one)."""
    require(CHROMIUM, "the browser tests need it (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()
