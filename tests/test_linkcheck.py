"""``make linkcheck`` works: the same tool, against a local web server instead of the internet.

A tiny Sphinx project links to three addresses of a server on this machine: one
answers, one is gone (404), one has moved (301).  The tool must run Sphinx's
linkcheck builder, report each of them in its group with the page and line, and
exit 1 because a link is broken; 0 once nothing is broken; 2 without a report.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from subprocess import CompletedProcess

import pytest

from tests.conftest import python, serving

pytestmark = pytest.mark.build  # runs Sphinx (about two seconds)


class Handler(BaseHTTPRequestHandler):
    """``/ok`` answers, ``/moved`` redirects there for good, anything else is gone."""

    def do_HEAD(self) -> None:
        self.answer(body=False)

    def do_GET(self) -> None:
        self.answer(body=True)

    def answer(self, body: bool) -> None:
        status = {"/ok": 200, "/moved": 301}.get(self.path, 404)
        content = b"<!DOCTYPE html><title>t</title><p>here</p>" if status == 200 else b""
        self.send_response(status)
        if status == 301:
            self.send_header("Location", "/ok")
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        if body:
            self.wfile.write(content)

    def log_message(self, format: str, *args: object) -> None:
        pass  # the test reads the tool's report, not the server's log


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with serving(ThreadingHTTPServer(("127.0.0.1", 0), Handler)) as address:
        yield address


def linkcheck(project: Path, *args: str) -> CompletedProcess[str]:
    """``python -m tools.linkcheck`` on *project*, never through a proxy."""
    return python(
        "-m", "tools.linkcheck", "--source", str(project), "--conf", str(project),
        "--output", str(project / "out"), "--doctrees", str(project / "doctrees"), *args,
        NO_PROXY="127.0.0.1,localhost", no_proxy="127.0.0.1,localhost",
    )  # fmt: skip


@pytest.fixture(scope="module")
def checked(
    server: str, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, CompletedProcess[str]]:
    project = tmp_path_factory.mktemp("links")
    (project / "conf.py").write_text('project = "links"\nlinkcheck_timeout = 10\n', "utf-8")
    (project / "index.rst").write_text(
        "Sources\n=======\n\n"
        f"An `answering source <{server}/ok>`_.\n\n"
        f"A `gone source <{server}/gone>`_.\n\n"
        f"A `moved source <{server}/moved>`_.\n",
        "utf-8",
    )
    return project, linkcheck(project)


def test_the_report_counts_and_lists_broken_and_redirected_links(
    server: str, checked: tuple[Path, CompletedProcess[str]]
) -> None:
    _, result = checked
    assert result.returncode == 1, result.stdout + result.stderr
    report = result.stdout[result.stdout.index("Links: ") :].splitlines()
    assert report[0] == "Links: 1 broken, 0 timed out, 1 redirected, 1 ok"
    broken = report.index("Broken: replace the URL, or the source if it is gone")
    assert report[broken + 1].startswith(f"  index.rst:6  {server}/gone: 404 Client Error")
    moved = report.index("Redirected: use the new address if the move is permanent")
    assert report[moved + 1] == f"  index.rst:8  {server}/moved -> {server}/ok (permanently)"
    assert f"{server}/ok" not in "\n".join(report[1:moved]), "an ok link is listed"
    assert "Traceback" not in result.stderr


def test_without_a_broken_link_the_check_passes(
    server: str, checked: tuple[Path, CompletedProcess[str]]
) -> None:
    project, _ = checked
    report = project / "out" / "output.json"
    kept = [line for line in report.read_text("utf-8").splitlines()
            if json.loads(line)["status"] != "broken"]  # fmt: skip
    report.write_text("\n".join(kept) + "\n", "utf-8")
    result = linkcheck(project, "--report-only")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Links: 0 broken, 0 timed out, 1 redirected, 1 ok" in result.stdout


@pytest.mark.parametrize(
    ("report", "error"), [(None, "no link report at"), ("{", "is not a Sphinx")]
)
def test_no_report_is_an_error_not_a_pass(tmp_path: Path, report: str | None, error: str) -> None:
    if report is not None:
        (tmp_path / "out").mkdir()
        (tmp_path / "out" / "output.json").write_text(report, "utf-8")
    result = linkcheck(tmp_path, "--report-only")
    assert result.returncode == 2
    assert error in result.stderr and "Traceback" not in result.stderr


def test_a_missing_pages_folder_is_a_clear_error(tmp_path: Path) -> None:
    result = python("-m", "tools.linkcheck", "--source", str(tmp_path / "nope"))
    assert result.returncode == 2
    assert result.stderr.strip() == f"error: {tmp_path / 'nope'} does not exist (the pages folder)"
