"""Build times and page weight, reported (never asserted): ``make bench``.

Every build time is a ratio to a plain English HTML build of the same sources
(``sphinx-build -b html`` with the project's options, into a scratch folder), measured
in the same run, so a busy or a fast machine moves both sides alike.  The four
figures of issue 16, each with its goal:

1. cold HTML, both languages (``tools.site --no-pdf``) ÷ plain English;
2. cold ``make site`` (both languages and every PDF: guides, handouts, templates, team
   policies) ÷ plain English;
3. the live preview (``make serve``, PDFs in the background): seconds from saving an
   edited page until both languages serve the new text;
4. ``make site`` with nothing changed, in seconds.

Cold figures are the median of three runs (no ``_build/site``, doctrees, print HTML or
PDFs); the preview runs on a temporary copy of the sources, three edits in a row.

Page weight, per page of both languages, in Debian's Chromium with an empty cache:
bytes transferred when a static host gzips text (HTML, CSS, JS, SVG, JSON), number of
requests, and First Contentful Paint; the same for a bare Furo quick-start page built
in the same run.  Last, the set-up time of a fresh clone's ``.venv`` (``make venv``
in a copy holding only what it needs; pip's cache is used as on any machine that
installed once).

The command line: ``audit`` on generated policies of 1,000 and 6,000 entries
(goal: linear time, 6,000 entries in under 2 s), and ``audit`` of the worst policy
within the input limits (:func:`limit_policy`), in both formats, in a process of
its own: wall time and peak memory (goal: under 5 s and 300 MB each).

Writes the report to ``_build/bench.txt``.  Usage: ``python -m tools.bench [--quick]``
(``--quick``: one run per cold figure, no page weight, no set-up time).
"""

from __future__ import annotations

import argparse
import gzip
import os
import queue
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from tools.browser import CHROMIUM, CHROMIUM_ARGS
from tools.serve import copy_sources, make_server
from tools.site import DOCTREES, LANGUAGES, PDF, PRINT_HTML, ROOT, SITE, pages, sphinx_command

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Request

# A static host compresses these; images, fonts and PDFs are already compressed.
TEXT = {".html", ".css", ".js", ".svg", ".json", ".xml", ".txt", ".inv", ""}
EDITED_PAGE = "rules/r5-sms-short-notices"
REPORT = ROOT / "_build" / "bench.txt"
#: What a fresh clone's set-up needs of the checkout: the Makefile, the project
#: metadata with its licence files, the hashed lock files and the package.
CLONE_FILES = (
    "Makefile",
    "pyproject.toml",
    "requirements",
    "LICENSE",
    "LICENSES",
    "messaging_rules",
)


def measured(command: list[str], cwd: Path = ROOT) -> tuple[float, float]:
    """Run a command quietly; return its wall time and the CPU seconds it and its
    children used (user + system), in seconds.  Fail loudly on error."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    elapsed = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode:
        sys.exit(f"error: {' '.join(command[:4])} … failed:\n{result.stdout}{result.stderr}")
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return elapsed, cpu


def timed(command: list[str], cwd: Path = ROOT) -> float:
    """Run a command quietly; return its wall time in seconds (fail loudly on error)."""
    return measured(command, cwd)[0]


def clear() -> None:
    """Remove every build output a cold build must not find."""
    for folder in (PDF, PRINT_HTML, SITE, DOCTREES):
        shutil.rmtree(folder, ignore_errors=True)


def median_of(
    runs: int, label: str, step: Callable[[], tuple[float, float]]
) -> list[tuple[float, float]]:
    results = []
    for run in range(runs):
        print(f"  {label} ({run + 1}/{runs}) …", flush=True)
        results.append(step())
        print(f"    {results[-1][0]:.1f} s wall, {results[-1][1]:.1f} s CPU", flush=True)
    return results


def build_times(scratch: Path, runs: int) -> dict[str, list[tuple[float, float]]]:
    """Wall and CPU times of the plain English build and the site builds."""
    site = [sys.executable, "-m", "tools.site"]
    english = sphinx_command("en", out=scratch / "en-only", doctrees=scratch / "en-doctrees")

    def plain_english() -> tuple[float, float]:
        shutil.rmtree(scratch / "en-only", ignore_errors=True)
        shutil.rmtree(scratch / "en-doctrees", ignore_errors=True)
        return measured(english)

    def cold(*options: str) -> Callable[[], tuple[float, float]]:
        def step() -> tuple[float, float]:
            clear()
            return measured([*site, *options])

        return step

    times = {"english": median_of(runs, "plain English HTML", plain_english)}
    times["html"] = median_of(runs, "cold HTML, both languages", cold("--no-pdf"))
    times["site"] = median_of(runs, "cold make site", cold())
    times["nochange"] = median_of(3, "make site, nothing changed", lambda: measured(site))
    return times


def _served(url: str, text: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - loopback
            return text in response.read().decode("utf-8")
    except OSError:
        return False


def preview_latency(scratch: Path, edits: int = 3) -> list[float]:
    """Seconds from saving an edited page until both languages serve the new text,
    with ``make serve``'s live preview (PDFs rendering in the background)."""
    copy = copy_sources(scratch / "preview")
    process = subprocess.Popen(
        [sys.executable, "-m", "tools.serve", "--live", "--any-port", "--stop-after", "1800"],
        cwd=copy, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    lines: queue.Queue[str] = queue.Queue()
    log: list[str] = []

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            log.append(line)
            lines.put(line)

    threading.Thread(target=read, daemon=True).start()
    latencies = []
    try:
        url = None
        started = time.monotonic()
        while url is None:
            try:
                line = lines.get(timeout=1)
            except queue.Empty:
                if process.poll() is not None or time.monotonic() - started > 900:
                    sys.exit("error: the live preview did not start:\n" + "".join(log[-40:]))
                continue
            found = re.search(r"at (http://127\.0\.0\.1:\d+)/", line)
            url = found.group(1) if found else None
        page = copy / "docs" / f"{EDITED_PAGE}.md"
        for edit in range(edits):
            time.sleep(2)  # a writer reads before the next save
            sentence = f"Bench sentence number {edit + 1} for the live preview."
            page.write_text(page.read_text("utf-8") + f"\n{sentence}\n", "utf-8")
            saved = time.monotonic()
            targets = [f"{url}/{language}/{EDITED_PAGE}.html" for language in LANGUAGES]
            while not all(_served(target, sentence) for target in targets):
                if time.monotonic() - saved > 600:
                    sys.exit("error: the live preview did not update:\n" + "".join(log[-40:]))
                time.sleep(0.05)
            latencies.append(time.monotonic() - saved)
            print(f"  preview edit {edit + 1}/{edits}: {latencies[-1]:.1f} s", flush=True)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=120)
        except subprocess.TimeoutExpired:
            process.kill()
    return latencies


def venv_setup(scratch: Path) -> float:
    """Wall time of ``make venv`` in a fresh copy of what it needs."""
    clone = scratch / "clone"
    clone.mkdir()
    for name in CLONE_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, clone / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, clone / name)
    return timed(["make", "--no-print-directory", "venv"], cwd=clone)


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


def _collect_urls(urls: list[str]) -> Callable[[Request], None]:
    """A request listener that appends each requested URL to *urls*."""
    return lambda request: urls.append(request.url)


def measure(browser: Browser, root: Path, names: list[str]) -> list[Weight]:
    server = make_server(root, port=0, quiet=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    weights = []
    try:
        for name in names:
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            page = context.new_page()
            urls: list[str] = []
            page.on("request", _collect_urls(urls))
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

    def fmt(row: list[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True))

    return "\n".join([fmt(header), line, *map(fmt, rows)])


def figures(times: dict[str, list[float]], preview: list[float]) -> list[list[str]]:
    """The four figures of issue 16: measured value, goal, and whether it is met.

    >>> rows = figures({"english": [2.0, 2.2, 2.1], "html": [3.0, 3.1, 3.3],
    ...                 "site": [9.0, 8.0, 8.5], "nochange": [0.2, 0.2, 0.3]}, [1.5, 2.5, 2.0])
    >>> [row[1:] for row in rows]  # doctest: +NORMALIZE_WHITESPACE
    [['1.48', '≤ 1.5', 'met'], ['4.05', '≤ 4', 'NOT met'],
     ['2.0 s (worst 2.5 s)', '≤ 3 s', 'met'], ['0.2 s', '< 1 s', 'met']]
    """
    english = statistics.median(times["english"])
    html = statistics.median(times["html"]) / english
    site = statistics.median(times["site"]) / english
    nochange = statistics.median(times["nochange"])
    # figure, measured value, goal, met
    rows: list[tuple[str, str, str, bool]] = [
        ("cold HTML, both languages ÷ plain English", f"{html:.2f}", "≤ 1.5", html <= 1.5),
        ("cold make site (HTML ×2 + all PDFs) ÷ plain English", f"{site:.2f}", "≤ 4", site <= 4),
    ]
    if preview:
        latency = statistics.median(preview)
        rows.append((
            "one page edited → both languages' HTML served (make serve)",
            f"{latency:.1f} s (worst {max(preview):.1f} s)", "≤ 3 s", latency <= 3,
        ))  # fmt: skip
    rows.append(("no-change make site", f"{nochange:.1f} s", "< 1 s", nochange < 1))
    return [[figure, value, goal, "met" if met else "NOT met"] for figure, value, goal, met in rows]


def runs_text(values: list[float]) -> str:
    return ", ".join(f"{value:.1f}" for value in values) + " s"


def walls(times: dict[str, list[tuple[float, float]]], index: int = 0) -> dict[str, list[float]]:
    """One column of the (wall, CPU) pairs: 0 for wall times, 1 for CPU seconds."""
    return {key: [pair[index] for pair in pairs] for key, pairs in times.items()}


def cpu_ratios(times: dict[str, list[tuple[float, float]]]) -> str:
    """What the builds cost in CPU seconds, which a busy machine hardly moves: the
    German build and the PDFs, each as a multiple of the English build.

    >>> print(cpu_ratios({"english": [(1, 2.0)], "html": [(1, 4.6)], "site": [(1, 13.0)]}))
    CPU seconds: English 2.0, both languages 4.6 (German 1.30 × English),
    make site 13.0 (PDFs 4.20 × English)
    """
    cpu = {key: statistics.median(values) for key, values in walls(times, 1).items()}
    english, html, site = cpu["english"], cpu["html"], cpu["site"]
    return (
        f"CPU seconds: English {english:.1f}, both languages {html:.1f}"
        f" (German {(html - english) / english:.2f} × English),\nmake site {site:.1f}"
        f" (PDFs {(site - html) / english:.2f} × English)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one run each, no browser/venv")
    args = parser.parse_args(argv)
    runs = 1 if args.quick else 3
    lines = [f"make bench, {time.strftime('%Y-%m-%d %H:%M')} ({os.cpu_count()} CPUs,"
             f" load {os.getloadavg()[0]:.1f} at the start)", ""]  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        scratch = Path(tmp)
        print("Timing audit on 1,000 and 6,000 entries, and at the input limits …", flush=True)
        lines += audit_report()
        lines += limit_report(scratch)
        print(f"Timing builds ({runs} runs of each cold build) …", flush=True)
        times = build_times(scratch, runs)
        print("Timing the live preview (make serve) …", flush=True)
        preview = preview_latency(scratch, edits=runs)
        quickstart, quickstart_seconds = furo_quickstart(scratch)
        header = ["figure (issue 16)", "measured", "goal", ""]
        wall, cpu = walls(times), walls(times, 1)
        load = os.getloadavg()[0]
        lines += [
            table(figures(wall, preview), header),
            "",
            f"{cpu_ratios(times)}; load {load:.1f} at the end.",
            "",
        ]
        rows = [
            [
                "plain English HTML (the baseline)",
                runs_text(wall["english"]),
                runs_text(cpu["english"]),
            ],
            [
                "cold HTML, both languages (tools.site --no-pdf)",
                runs_text(wall["html"]),
                runs_text(cpu["html"]),
            ],
            [
                "cold make site (both languages, every PDF)",
                runs_text(wall["site"]),
                runs_text(cpu["site"]),
            ],
            ["make site, nothing changed", runs_text(wall["nochange"]), runs_text(cpu["nochange"])],
            ["live preview: save → both languages served", runs_text(preview), ""],
            ["bare Furo quick-start build (one page)", f"{quickstart_seconds:.1f} s", ""],
        ]
        lines += [table(rows, ["each run", "wall", "CPU (user + system)"]), ""]
        if args.quick:
            lines.append("page weight and set-up time skipped (--quick)")
        elif not CHROMIUM.exists():
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
        if not args.quick:
            print("Timing the set-up of a fresh clone's .venv (make venv) …", flush=True)
            seconds = venv_setup(scratch)
            lines += [f"Fresh clone's .venv (make venv, warm pip cache): {seconds:.0f} s", ""]
    text = "\n".join(lines) + "\n"
    print(text)
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(text, "utf-8")
    print(f"written to {REPORT.relative_to(ROOT)}")
    return 0


def audit_times(sizes: tuple[int, ...] = (1_000, 6_000)) -> dict[int, tuple[float, float]]:
    """Wall and CPU seconds of ``audit`` (read, parse, check, report) for *sizes* entries.

    Each entry has a multi-line note and a list of values, so line numbers must be
    found across multi-line strings; the run goes through the command line, as CI
    would run it.  The goal is linear time: 6,000 entries in under 2 s.  The CPU time
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
    header = ["command line (goal: 6,000 entries < 2 s)", "wall time", "CPU time"]
    return [table(rows, header), ""]


def limit_policy(path: Path) -> Path:
    """Write the most expensive policy the input limits let through, to *path*.

    Every entry allows only combinations the rules advise against (each one is a
    finding), as many as :data:`~messaging_rules.policy.MAX_POLICY_COMBINATIONS`
    allows, and each carries a note of the greatest length, with umlauts, quotes,
    a symbol and an escape character, which every finding of the JSON repeats.
    """
    import json

    from messaging_rules import Content, Counterpart
    from messaging_rules.policy import MAX_NOTE_CHARS, MAX_POLICY_BYTES, MAX_POLICY_COMBINATIONS

    channels = ["whatsapp", "whatsapp-business-app", "whatsapp-business-platform", "sms"]
    counterparts = [c.value for c in Counterpart]
    contents = [c.value for c in Content]
    per_entry = len(channels) * len(counterparts) * len(contents)
    note = ("Büro „Nord“ ✓ \x1b[2K " * MAX_NOTE_CHARS)[:MAX_NOTE_CHARS]
    entry = (
        f"[[allow]]\nchannel = {json.dumps(channels)}\ncounterpart = {json.dumps(counterparts)}\n"
        f"content = {json.dumps(contents)}\ngroup = true\nnote = {json.dumps(note)}\n\n"
    )
    text = '[policy]\nname = "At the limits"\n\n' + entry * (MAX_POLICY_COMBINATIONS // per_entry)
    assert len(text.encode("utf-8")) <= MAX_POLICY_BYTES
    path.write_text(text, "utf-8")
    return path


#: Runs ``python -m messaging_rules`` and writes its peak memory (``VmHWM``, which
#: starts afresh with the program, unlike ``ru_maxrss`` after a fork) to a file.
_PEAK = """
import atexit, runpy, sys
def report(path=sys.argv.pop(1)):
    with open("/proc/self/status") as status:
        kb = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
    with open(path, "w") as out:
        out.write(kb)
atexit.register(report)
sys.argv[0] = "messaging_rules"
runpy.run_module("messaging_rules", run_name="__main__", alter_sys=True)
"""


def peak(args: list[str]) -> tuple[float, float, int]:
    """Run ``python -m messaging_rules *args*`` (output thrown away); return its wall
    seconds, its peak memory in MB and its exit code."""
    with tempfile.NamedTemporaryFile("r", suffix=".kb") as found:
        started = time.monotonic()
        code = subprocess.run(
            [sys.executable, "-c", _PEAK, found.name, *args],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False,
        ).returncode  # fmt: skip
        wall = time.monotonic() - started
        return wall, int(found.read() or 0) / 1024, code


def limit_audit(scratch: Path) -> dict[str, tuple[float, float]]:
    """Wall seconds and peak MB of ``audit`` of :func:`limit_policy`, per format."""
    policy = limit_policy(scratch / "limit.toml")
    found = {}
    for fmt in ("text", "json"):
        wall, megabytes, code = peak(["audit", str(policy), "--format", fmt])
        if code != 1:
            sys.exit(f"error: the audit at the input limits ended with exit code {code}")
        found[fmt] = (wall, megabytes)
    return found


def limit_report(scratch: Path) -> list[str]:
    """The lines of ``make bench`` about the audit at the input limits."""
    from messaging_rules.policy import MAX_POLICY_COMBINATIONS

    rows = [
        [f"audit --format {fmt}, {MAX_POLICY_COMBINATIONS:,} combinations at the limits",
         f"{wall:.2f} s", f"{megabytes:.0f} MB"]
        for fmt, (wall, megabytes) in limit_audit(scratch).items()
    ]  # fmt: skip
    header = ["input limits (goal: < 5 s, < 300 MB)", "wall time", "peak memory"]
    return [table(rows, header), ""]


if __name__ == "__main__":
    raise SystemExit(main())
