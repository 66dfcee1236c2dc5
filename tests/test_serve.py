"""The live preview (``make serve``): a save is served in both languages.

The server runs on a temporary copy of the sources, on a free loopback port, and
stops by itself (``--stop-after``) should the test be interrupted.  Nothing here
measures time: every wait polls for the expected text with a generous limit, so a
busy machine makes the test slower, never red.
"""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tools.site_url import DEFAULT

ROOT = Path(__file__).resolve().parent.parent
PAGE = "rules/r5-sms-short-notices"
# Limits for a loaded two-core machine; they only bound a failure, a pass is faster.
START_LIMIT = 900.0
CHANGE_LIMIT = 600.0
pytestmark = pytest.mark.build


def fetch(url: str) -> tuple[int, str]:
    """Status and text of one GET on the loopback server."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - loopback only
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


def wait_for(condition: Callable[[], bool], limit: float, what: str, log: list[str]) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.5)
    output = "".join(log[-60:])
    pytest.fail(f"{what} did not happen within {limit:.0f} s; server output:\n{output}")


class LiveServer:
    """``python -m tools.serve --live`` on a copy of the sources."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.log: list[str] = []
        self.lines: queue.Queue[str] = queue.Queue()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tools.serve", "--live", "--no-pdf", "--any-port",
             "--stop-after", str(START_LIMIT + 4 * CHANGE_LIMIT)],
            cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env={**os.environ, "SITE_URL": DEFAULT},
        )  # fmt: skip
        threading.Thread(target=self._read, daemon=True).start()
        self.url = self._wait_for_address()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.log.append(line)
            self.lines.put(line)

    def _wait_for_address(self) -> str:
        deadline = time.monotonic() + START_LIMIT
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=1)
            except queue.Empty:
                if self.process.poll() is not None:
                    break
                continue
            found = re.search(r"at (http://127\.0\.0\.1:\d+)/", line)
            if found:
                return found.group(1)
        self.stop()
        pytest.fail("the live server never said where it serves:\n" + "".join(self.log[-60:]))

    def page(self, language: str) -> str:
        status, text = fetch(f"{self.url}/{language}/{PAGE}.html")
        return text if status == 200 else ""

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture
def live(tmp_path: Path) -> Iterator[LiveServer]:
    from tools.serve import copy_sources

    server = LiveServer(copy_sources(tmp_path / "guide"))
    try:
        yield server
    finally:
        server.stop()


def test_a_save_is_served_in_both_languages(live: LiveServer) -> None:
    english, german = live.page("en"), live.page("de")
    assert english and german, "the page is not served in both languages"
    assert '<script src="/_live/reload.js"></script>' in english
    status, script = fetch(f"{live.url}/_live/reload.js")
    assert status == 200 and "/_live/version" in script
    _, first_version = fetch(f"{live.url}/_live/version")

    # An English save: the new sentence appears on the English page and, until it is
    # translated, on the German one.
    sentence = "Live preview check: this sentence was added while the server ran."
    source = live.root / "docs" / f"{PAGE}.md"
    source.write_text(source.read_text("utf-8") + f"\n{sentence}\n", "utf-8")
    wait_for(
        lambda: sentence in live.page("en") and sentence in live.page("de"),
        CHANGE_LIMIT, "the English save showing in both languages", live.log,
    )  # fmt: skip
    wait_for(
        lambda: fetch(f"{live.url}/_live/version")[1] != first_version,
        CHANGE_LIMIT, "telling the open pages to reload", live.log,
    )  # fmt: skip

    # A German save: the translation replaces the English sentence on the German page.
    german_sentence = "Live-Vorschau: Dieser Satz kam hinzu, während der Server lief."
    catalog = live.root / "locale" / "de" / "LC_MESSAGES" / f"{PAGE}.po"
    catalog.write_text(
        catalog.read_text("utf-8") + f'\nmsgid "{sentence}"\nmsgstr "{german_sentence}"\n',
        "utf-8",
    )
    wait_for(
        lambda: german_sentence in live.page("de"),
        CHANGE_LIMIT, "the German save showing on the German page", live.log,
    )  # fmt: skip
    assert sentence in live.page("en") and german_sentence not in live.page("en")
    assert "Traceback" not in "".join(live.log)


def test_static_serving_needs_a_built_site(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tools.serve", "--directory", str(tmp_path), "--any-port"],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert "has no site yet" in result.stderr and "Traceback" not in result.stderr
