"""Build times and page weight, reported (never asserted): ``make bench``.

Build times: a cold bilingual HTML build and a cold ``make site`` with the PDFs (no
``_build/site``, doctrees or PDFs), a rebuild with no change, a rebuild after one page
changed (its mtime is touched, then restored; HTML only and with the PDFs), a cold
English-only HTML build, and the ratio bilingual HTML ÷ English-only.

Page weight, per page of both languages, in Debian's Chromium with an empty cache:
bytes transferred when a static host gzips text (HTML, CSS, JS, SVG, JSON), number of
requests, and First Contentful Paint.  The same for a bare Furo quick-start page built
in the same run, so the difference says what this project adds.

The command line: ``audit`` on generated policies of 1,000 and 10,000 entries
(goal: linear time, 10,000 entries in under 2 s).

Writes the table to ``_build/bench.txt``.  Usage: ``python -m tools.bench``
"""

from __future__ import annotations

import gzip
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from tools.browser import CHROMIUM, CHROMIUM_ARGS
from tools.serve import make_server
from tools.site import DOCTREES, LANGUAGES, ROOT, SITE, pages, sphinx_command

# A static host compresses these; images, fonts and PDFs are already compressed.
TEXT = {".html", ".css", ".js", ".svg", ".json", ".xml", ".txt", ".inv", ""}
EDITED_PAGE = ROOT / "docs" / "rules" / "r5-sms-short-notices.md"
REPORT = ROOT / "_build" / "bench.txt"


def timed(command: list[str], cwd: Path = ROOT) -> float:
    """Run a command quietly; return its wall time in seconds (fail loudly on error)."""
    started = time.monotonic()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    elapsed = time.monotonic() - started
    if result.returncode:
        sys.exit(f"error: {' '.join(command[:4])} … failed:\n{result.stdout}{result.stderr}")
    return elapsed


def build_times(scratch: Path) -> dict[str, float]:
    site = [sys.executable, "-m", "tools.site"]
    cold = [ROOT / "_build" / name for name in ("pdf", "print")] + [SITE, DOCTREES]

    def clear() -> None:
        for folder in cold:
            shutil.rmtree(folder, ignore_errors=True)

    clear()
    times = {"cold HTML, both languages side by side (no PDFs)": timed([*site, "--no-pdf"])}
    clear()
    times["cold make site (PDFs, then both languages)"] = timed(site)
    times["rebuild, no change"] = timed(site)
    # Touch one page (content unchanged, so nothing is lost if someone edits it meanwhile),
    # rebuild, then give the file its old times back.
    before = EDITED_PAGE.stat()
    try:
        os.utime(EDITED_PAGE)
        times[f"rebuild after touching {EDITED_PAGE.name} (HTML only)"] = timed(
            [*site, "--no-pdf"]
        )
        os.utime(EDITED_PAGE)
        times[f"rebuild after touching {EDITED_PAGE.name} (with the PDFs)"] = timed(site)
    finally:
        os.utime(EDITED_PAGE, ns=(before.st_atime_ns, before.st_mtime_ns))
    english = sphinx_command("en", out=scratch / "en-only")
    english[english.index("-d") + 1] = str(scratch / "en-only-doctrees")
    times["cold English-only HTML build"] = timed(english)
    return times


def furo_quickstart(scratch: Path) -> tuple[Path, float]:
    """A bare Furo project with one Markdown page, built with the same Sphinx."""
    project = scratch / "quickstart"
    project.mkdir()
    (project / "conf.py").write_text(
        'project = "Quickstart"\nextensions = ["myst_parser"]\nhtml_theme = "furo"\n', "utf-8"
    )
    (project / "index.md").write_text(
        "# Quickstart\n\nA bare Furo page for comparison.\n\n"
        "## A section\n\nSome text with a [link](#a-section).\n",
        "utf-8",
    )
    out = project / "_build"
    seconds = timed([sys.executable, "-m", "sphinx", "-b", "html", "-q", str(project), str(out)])
    return out, seconds


@dataclass
class Weight:
    page: str
    bytes: int
    requests: int
    fcp_ms: float


def served_size(root: Path, url: str) -> int:
    """Bytes a static host with gzip sends for one URL of the served directory."""
    path = root / unquote(urlsplit(url).path).lstrip("/")
    if path.is_dir():
        path = path / "index.html"
    if not path.is_file():
        return 0
    data = path.read_bytes()
    return len(gzip.compress(data, 6)) if path.suffix in TEXT else len(data)


def measure(browser, root: Path, names: list[str]) -> list[Weight]:
    server = make_server(root, port=0, quiet=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    weights = []
    try:
        for name in names:
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            page = context.new_page()
            urls: list[str] = []
            page.on("request", lambda request, urls=urls: urls.append(request.url))
            page.goto(f"{base}/{name}", wait_until="load")
            page.wait_for_timeout(50)
            fcp = page.evaluate(
                "performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1"
            )
            local = [u for u in urls if u.startswith(base)]
            size = sum(served_size(root, u) for u in local)
            weights.append(Weight(name, size, len(urls), fcp))
            context.close()
    finally:
        server.shutdown()
        server.server_close()
    return weights


def summary(weights: list[Weight]) -> list[str]:
    by_bytes = sorted(weights, key=lambda w: w.bytes)
    worst = by_bytes[-1]
    worst_fcp = max(weights, key=lambda w: w.fcp_ms)
    return [
        f"{statistics.median(w.bytes for w in weights) / 1024:.1f} KB",
        f"{statistics.median(w.requests for w in weights):.0f}",
        f"{statistics.median(w.fcp_ms for w in weights):.0f} ms",
        f"{worst.bytes / 1024:.1f} KB ({worst.page})",
        f"{max(w.requests for w in weights)}",
        f"{worst_fcp.fcp_ms:.0f} ms ({worst_fcp.page})",
    ]


CHOOSER_PAGE = "how-to/choose-a-channel.html"
CHOOSER_FILES = ("chooser.js", "chooser-data.js", "chooser.css")


def chooser_rows(weights: list[Weight], root: Path = SITE) -> list[list[str]]:
    """The channel chooser's page per language: its weight, and what the chooser's own
    script, data and style add to it (gzip), so a change shows up next to its budget."""
    rows = []
    for weight in weights:
        language = weight.page.split("/", 1)[0]
        if weight.page != f"{language}/{CHOOSER_PAGE}":
            continue
        static = root / language / "_static"
        own = sum(served_size(root, f"/{language}/_static/{n}") for n in CHOOSER_FILES)
        found = all((static / n).exists() for n in CHOOSER_FILES)
        rows.append([
            weight.page, f"{weight.bytes / 1024:.1f} KB", f"{weight.requests}",
            f"{own / 1024:.1f} KB" if found else "none",
            f"{(weight.bytes - own) / 1024:.1f} KB",
        ])  # fmt: skip
    return rows


def table(rows: list[list[str]], header: list[str]) -> str:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    line = "  ".join("-" * w for w in widths)
    fmt = lambda r: "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True))  # noqa: E731
    return "\n".join([fmt(header), line, *map(fmt, rows)])


def main() -> int:
    lines = [f"make bench, {time.strftime('%Y-%m-%d %H:%M')} ({os.cpu_count()} CPUs)", ""]
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        scratch = Path(tmp)
        print("Timing audit on 1,000 and 10,000 entries …", flush=True)
        lines += audit_report()
        print("Timing builds (cold, no change, one page, English only) …", flush=True)
        times = build_times(scratch)
        quickstart, quickstart_seconds = furo_quickstart(scratch)
        both = times["cold HTML, both languages side by side (no PDFs)"]
        ratio = both / times["cold English-only HTML build"]
        rows = [[label, f"{seconds:.1f} s"] for label, seconds in times.items()]
        rows.append(["ratio bilingual HTML ÷ English-only (goal ≤ 1.5)", f"{ratio:.2f}"])
        rows.append(["bare Furo quick-start build (one page)", f"{quickstart_seconds:.1f} s"])
        lines += [table(rows, ["build", "wall time"]), ""]
        if not CHROMIUM.exists():
            lines.append(f"page weight skipped: {CHROMIUM} not found (apt-get install chromium)")
        else:
            from playwright.sync_api import sync_playwright

            print("Measuring page weight in Chromium …", flush=True)
            names = [f"{code}/{page}" for code in LANGUAGES for page in pages(code)]
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
                )
                guide = measure(browser, SITE, names)
                furo = measure(browser, quickstart, ["index.html"])
                browser.close()
            header = ["pages", "median size", "req.", "median FCP"]
            header += ["worst size", "req.", "worst FCP"]
            rows = [
                [f"this guide ({len(guide)} pages, en+de)", *summary(guide)],
                ["bare Furo quick-start (1 page)", *summary(furo)],
            ]
            lines += [
                "Page weight: gzip-compressed bytes as a static host serves them, empty cache,",
                "1280×800; FCP = First Contentful Paint in headless Chromium",
                "(noisy on a busy machine).",
                "",
                table(rows, header),
                "",
                "The channel chooser's page (budget for its script, data and style: 25 KB):",
                "",
                table(
                    chooser_rows(guide),
                    ["page", "size", "req.", "chooser files", "without them"],
                ),
                "",
                "Per page (bytes, requests, FCP):",
                *(
                    f"  {w.page:<48} {w.bytes / 1024:6.1f} KB {w.requests:3d} req"
                    f" {w.fcp_ms:6.0f} ms"
                    for w in sorted(guide, key=lambda w: -w.bytes)
                ),
            ]
    text = "\n".join(lines) + "\n"
    print(text)
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(text, "utf-8")
    print(f"written to {REPORT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


def audit_times(sizes: tuple[int, ...] = (1_000, 10_000)) -> dict[int, tuple[float, float]]:
    """Wall and CPU seconds of ``audit`` (read, parse, check, report) for *sizes* entries.

    Each entry has a multi-line note and a list of values, so line numbers must be
    found across multi-line strings; the run goes through the command line, as CI
    would run it.  The goal is linear time: 10,000 entries in under 2 s.  The CPU time
    is shown too: on a machine shared with other jobs the wall time says little.
    """
    from contextlib import redirect_stdout
    from io import StringIO

    from messaging_rules.cli import main as cli_main

    entry = (
        '[[allow]]\nnote = """\nEntry {n}: what it is for.\n"""\n'
        'channel = ["email", "phone"]\ncounterpart = ["business-client", "consumer"]\n'
        'content = "general"\n\n'
    )
    times = {}
    with tempfile.TemporaryDirectory(prefix="bench-audit-") as tmp:
        for size in sizes:
            policy = Path(tmp) / f"policy-{size}.toml"
            text = '[policy]\nname = "Bench"\n\n' + "".join(entry.format(n=n) for n in range(size))
            policy.write_text(text, "utf-8")
            started, cpu = time.monotonic(), time.process_time()
            with redirect_stdout(StringIO()):
                code = cli_main(["audit", str(policy), "--lang", "en"])
            times[size] = (time.monotonic() - started, time.process_time() - cpu)
            if code != 0:
                sys.exit(f"error: the bench policy with {size} entries did not pass (exit {code})")
    return times


def audit_report() -> list[str]:
    """The lines of ``make bench`` about ``audit``."""
    rows = [
        [f"audit, {size:,} entries ({size * 4:,} combinations)", f"{wall:.2f} s", f"{cpu:.2f} s"]
        for size, (wall, cpu) in audit_times().items()
    ]
    header = ["command line (goal: 10,000 entries < 2 s)", "wall time", "CPU time"]
    return [table(rows, header), ""]
