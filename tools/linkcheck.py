"""Check every external link of the guide, its sources above all: ``make linkcheck``.

Runs Sphinx's linkcheck builder over the English pages (the German pages carry the
same URLs: the catalogs must keep every URL unchanged), with Sphinx's own progress
on the terminal, then reads the builder's ``output.json`` into a short report: how
many links are broken, redirected and ok, and each broken or redirected link with
the page and line that cites it, so the maintainer knows which source entry to
re-check.  The settings (timeout, retries) are in ``conf.py``, section "Linkcheck".

Exit status: 0 when no link is broken, 1 when a link is broken or timed out, 2 when
Sphinx failed for another reason (its messages above say why) or the arguments are
wrong.  It needs the internet, so ``make test`` does not run it;
``tests/test_linkcheck.py`` runs the same code against a local web server.

Usage: ``python -m tools.linkcheck [--source docs] [--conf .] [--output DIR]
[--doctrees DIR] [--sphinx-opts "-n -W --keep-going"]``; ``--report-only`` reads
an existing ``output.json`` without checking again.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import subprocess
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tools.site import DEFAULT_SPHINXOPTS

ROOT = Path(__file__).resolve().parent.parent
REPORT = "output.json"
#: How Sphinx's statuses are grouped in the report, in the report's order.
GROUPS = {
    "broken": "broken",
    "timeout": "timed out",
    "redirected": "redirected",
    "working": "ok",
}
#: Statuses that fail the check (Sphinx's own exit status counts the same two).
FAILING = ("broken", "timeout")
#: The kind of redirect, by HTTP status code, as Sphinx names it.
REDIRECTS = {301: "permanently", 302: "found", 303: "see other", 307: "temporarily",
             308: "permanently"}  # fmt: skip
#: Words in an error that mean the host was never reached.
UNREACHED = ("NameResolution", "resolve", "Failed to establish", "Network is unreachable")
#: The part of a connection error a reader needs, inside urllib3's long wrapping.
_CAUSE = re.compile(r"Failed to resolve '[^']+'|\[Errno -?\d+\] [^\"')]+|Read timed out")


def short(info: str) -> str:
    """An error as a reader needs it: without the repeated URL and the library's wrapping.

    >>> short("404 Client Error: Not Found for url: https://b.de/x")
    '404 Client Error: Not Found'
    >>> short("HTTPSConnectionPool(host='x.de', port=443): Max retries exceeded with url: / "
    ...       "(Caused by NameResolutionError(<...>: Failed to resolve 'x.de' ([Errno -2] ...)))")
    "Failed to resolve 'x.de'"
    """
    info = re.sub(r" for url: \S+$", "", info)
    cause = _CAUSE.search(info) if "Caused by" in info else None
    return cause[0] if cause else info


@dataclass(frozen=True)
class Link:
    """One line of Sphinx's ``output.json``: a URL, where it is cited, what happened."""

    status: str
    uri: str
    page: str
    line: int
    info: str = ""
    code: int = 0

    @property
    def where(self) -> str:
        """``page:line``, as an editor opens it."""
        return f"{self.page}:{self.line}" if self.line else self.page

    def describe(self) -> str:
        """The report line for a link that is not ok.

        >>> Link("redirected", "http://a.de/", "sources.md", 7, "https://a.de/", 301).describe()
        'sources.md:7  http://a.de/ -> https://a.de/ (permanently)'
        >>> Link("broken", "https://b.de/x", "faq.md", 3, "404 Client Error").describe()
        'faq.md:3  https://b.de/x: 404 Client Error'
        """
        if self.status == "redirected":
            kind = REDIRECTS.get(self.code, "redirected")
            return f"{self.where}  {self.uri} -> {self.info} ({kind})"
        return f"{self.where}  {self.uri}: {short(self.info)}".removesuffix(": ")


def read_report(path: Path) -> list[Link]:
    """The links of one ``output.json`` (one JSON object per line), in page order."""
    links = []
    for text in path.read_text("utf-8").splitlines():
        if text.strip():
            data = json.loads(text)
            links.append(
                Link(
                    status=str(data["status"]),
                    uri=data["uri"],
                    page=data["filename"],
                    line=int(data.get("lineno") or 0),
                    info=str(data.get("info") or ""),
                    code=int(data.get("code") or 0),
                )
            )
    return sorted(links, key=lambda link: (link.page, link.line, link.uri))


def counts(links: Iterable[Link]) -> dict[str, int]:
    """How many links each group of the report holds; other statuses are "not checked".

    >>> counts([Link("working", "u", "p", 1), Link("broken", "v", "p", 2),
    ...         Link("unchecked", "mailto:x", "p", 3)])
    {'broken': 1, 'timed out': 0, 'redirected': 0, 'ok': 1, 'not checked': 1}
    """
    found = dict.fromkeys([*GROUPS.values(), "not checked"], 0)
    for link in links:
        found[GROUPS.get(link.status, "not checked")] += 1
    return found


def render(links: Sequence[Link]) -> str:
    """The report: one line of counts, then each link that needs a look, by group.

    >>> print(render([Link("working", "https://ok.de/", "a.md", 1),
    ...               Link("broken", "https://gone.de/", "a.md", 2, "404 Client Error")]))
    Links: 1 broken, 0 timed out, 0 redirected, 1 ok
    <BLANKLINE>
    Broken: replace the URL, or the source if it is gone
      a.md:2  https://gone.de/: 404 Client Error
    """
    found = counts(links)
    summary = ", ".join(f"{found[group]} {group}" for group in GROUPS.values())
    if found["not checked"]:
        summary += f" ({found['not checked']} not checked: local or ignored)"
    lines = [f"Links: {summary}"]
    advice = {
        "broken": "Broken: replace the URL, or the source if it is gone",
        "timeout": "Timed out: check these by hand before you trust or replace them",
        "redirected": "Redirected: use the new address if the move is permanent",
    }
    for status, heading in advice.items():
        group = [link for link in links if link.status == status]
        if group:
            lines += ["", heading, *(f"  {link.describe()}" for link in group)]
    checked = [link for link in links if link.status in GROUPS and link.uri.startswith("http")]
    if checked and all(
        link.status in FAILING and any(word in link.info for word in UNREACHED) for link in checked
    ):
        lines += ["", "No host could be reached: this check needs the internet."]
    return "\n".join(lines)


def run_sphinx(source: Path, conf: Path, output: Path, doctrees: Path, options: str) -> int:
    """Sphinx's linkcheck builder, with its progress on this terminal; its exit status."""
    command = [sys.executable, "-m", "sphinx", "-b", "linkcheck", *shlex.split(options),
               "-c", str(conf), "-d", str(doctrees), str(source), str(output)]  # fmt: skip
    return subprocess.run(command, check=False).returncode


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.linkcheck",
        description="Check every external link of the guide and report broken and redirected ones.",
    )
    parser.add_argument("--source", type=Path, default=ROOT / "docs", help="the pages")
    parser.add_argument("--conf", type=Path, default=ROOT, help="the folder of conf.py")
    parser.add_argument("--output", type=Path, default=ROOT / "_build" / "linkcheck")
    parser.add_argument("--doctrees", type=Path, default=ROOT / "_build" / "doctrees" / "linkcheck")
    parser.add_argument(
        "--sphinx-opts",
        default=os.environ.get("SPHINXOPTS", DEFAULT_SPHINXOPTS),
        help="options for sphinx-build (default: $SPHINXOPTS or %(default)s)",
    )
    parser.add_argument(
        "--report-only", action="store_true", help="summarise the last check, do not check"
    )
    args = parser.parse_args(argv)
    report = args.output / REPORT
    status = 0
    if not args.report_only:
        for folder, what in ((args.source, "pages"), (args.conf, "conf.py")):
            if not folder.is_dir():
                print(f"error: {folder} does not exist (the {what} folder)", file=sys.stderr)
                return 2
        report.unlink(missing_ok=True)
        print(f"Checking the links of {args.source} (needs the internet) …", flush=True)
        status = run_sphinx(args.source, args.conf, args.output, args.doctrees, args.sphinx_opts)
    if not report.is_file():
        print(f"error: no link report at {report}: Sphinx stopped before checking the links "
              "(see its messages above)", file=sys.stderr)  # fmt: skip
        return 2
    try:
        links = read_report(report)
    except (ValueError, KeyError) as error:  # JSONDecodeError is a ValueError
        print(f"error: {report} is not a Sphinx link report ({error})", file=sys.stderr)
        return 2
    print("", render(links), sep="\n")
    if any(link.status in FAILING for link in links):
        return 1
    if status:
        print(f"error: Sphinx exited with status {status} (see its messages above)",
              file=sys.stderr)  # fmt: skip
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
