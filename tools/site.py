"""Build the bilingual site into ``_build/site/`` and finish it for hosting.

Both languages are built by their own ``sphinx-build`` process at the same time (the
machine has two cores); their output is shown line by line with a ``[en]``/``[de]``
prefix so progress stays readable.  Sphinx builds incrementally, so a second run
only rebuilds what changed.  Afterwards the site gets what no single-language build
can write: the root language choice, a 404 page per language with absolute links,
``sitemap.xml`` with hreflang alternates and ``robots.txt``.

Usage: ``python -m tools.site [--lang en --lang de] [--no-finish]``
"""

from __future__ import annotations

import argparse
import html
import re
import subprocess
import sys
import threading
import time
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from tools.site_url import SiteURLError, site_url

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "_build" / "site"
DOCTREES = ROOT / "_build" / "doctrees"
LANGUAGES = {"en": "English", "de": "Deutsch"}
SPHINXOPTS = ["-n", "-W", "--keep-going", "-q", "-j", "auto"]
TITLES = {
    "en": "Business messaging and the GDPR",
    "de": "Messenger im Unternehmen und die DSGVO",
}
CHOOSE = {"en": "Read the guide in English", "de": "Den Leitfaden auf Deutsch lesen"}


def sphinx_command(
    language: str, builder: str = "html", out: Path | None = None, fresh: bool = False
) -> list[str]:
    """Return the sphinx-build command line for one language.

    ``fresh`` re-reads every page (``-E``): an incremental build reports the
    warnings of changed pages only, so checks that must see every warning use it.
    """
    target = out or (SITE / language if builder == "html" else ROOT / "_build" / builder / language)
    return [
        sys.executable, "-m", "sphinx", "-b", builder, *SPHINXOPTS, *(["-E"] if fresh else []),
        "-c", str(ROOT), "-d", str(DOCTREES / f"{builder}-{language}"),
        "-D", f"language={language}", str(ROOT / "docs"), str(target),
    ]  # fmt: skip


def _pump(prefix: str, stream, sink: list[str]) -> None:
    for line in stream:
        sink.append(line)
        print(f"[{prefix}] {line}", end="", flush=True)


def build(languages: list[str], builder: str = "html", fresh: bool = False) -> bool:
    """Run one sphinx-build per language in parallel; True when all succeeded."""
    if "de" in languages:
        check = subprocess.run([sys.executable, "-m", "tools.po_check", str(ROOT / "locale")])
        if check.returncode:
            return False
    started = time.monotonic()
    processes = []
    for language in languages:
        print(f"[{language}] building {builder} …", flush=True)
        process = subprocess.Popen(
            sphinx_command(language, builder, fresh=fresh),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            cwd=ROOT,
        )
        lines: list[str] = []
        thread = threading.Thread(target=_pump, args=(language, process.stdout, lines))
        thread.start()
        processes.append((language, process, thread))
    ok = True
    for language, process, thread in processes:
        process.wait()
        thread.join()
        elapsed = time.monotonic() - started
        state = "done" if process.returncode == 0 else f"FAILED (exit {process.returncode})"
        print(f"[{language}] {state} after {elapsed:.1f} s", flush=True)
        ok = ok and process.returncode == 0
    return ok


# -- finishing the combined site -------------------------------------------------

_LINK = re.compile(r'(?P<attr>\b(?:href|src|action))="(?P<url>[^"]*)"')
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def absolutise(page: str, language: str) -> str:
    """Make relative links of a root-level page absolute, for use at any URL.

    >>> absolutise('<a href="index.html">x</a><img src="_static/a.png">', "de")
    '<a href="/de/index.html">x</a><img src="/de/_static/a.png">'
    >>> absolutise('<a href="#top">x</a><a href="https://e.org">y</a>', "de")
    '<a href="#top">x</a><a href="https://e.org">y</a>'
    >>> absolutise('<a href="../en/404.html">English</a>', "de")
    '<a href="/en/404.html">English</a>'
    """

    def repl(match: re.Match[str]) -> str:
        url = match.group("url")
        if not url or url.startswith(("#", "/")) or _SCHEME.match(url):
            return match.group(0)
        if url.startswith("../"):
            return f'{match.group("attr")}="/{url[3:]}"'
        return f'{match.group("attr")}="/{language}/{url}"'

    return _LINK.sub(repl, page)


def pages(language: str) -> list[str]:
    """Every HTML page of one language, as paths relative to its tree."""
    tree = SITE / language
    skip = {"404.html", "search.html", "genindex.html"}
    return sorted(
        p.relative_to(tree).as_posix()
        for p in tree.rglob("*.html")
        if p.relative_to(tree).as_posix() not in skip and not p.name.startswith("_")
        and "_static" not in p.parts
    )


def sitemap(base: str) -> str:
    """A sitemap listing every page with its hreflang alternates (addresses XML-escaped)."""
    entries = []
    for page in pages("en"):
        alternates = "".join(
            f'\n    <xhtml:link rel="alternate" hreflang="{code}" '
            f"href={quoteattr(base + ('en' if code == 'x-default' else code) + '/' + page)}/>"
            for code in [*LANGUAGES, "x-default"]
        )
        for code in LANGUAGES:
            if (SITE / code / page).exists():
                loc = xml_escape(f"{base}{code}/{page}")
                entries.append(f"  <url>\n    <loc>{loc}</loc>{alternates}\n  </url>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n' + "\n".join(entries) + "\n</urlset>\n"
    )


def root_page() -> str:
    """The language choice at the site root: two links, and a script that follows
    the browser's preferred language (German if it comes first, else English)."""
    links = "\n".join(
        f'      <li><a href="{code}/index.html" hreflang="{code}" lang="{code}">'
        f"{html.escape(CHOOSE[code])}</a></li>"
        for code in ("de", "en")
    )
    return f"""<!DOCTYPE html>
<html lang="de">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>{TITLES["de"]} · {TITLES["en"]}</title>
    <link rel="alternate" hreflang="de" href="de/index.html">
    <link rel="alternate" hreflang="en" href="en/index.html">
    <link rel="alternate" hreflang="x-default" href="en/index.html">
    <link rel="stylesheet" href="choose-language.css">
    <script src="choose-language.js"></script>
  </head>
  <body>
    <main>
      <h1>{TITLES["de"]} <span lang="en">· {TITLES["en"]}</span></h1>
      <ul>
{links}
      </ul>
    </main>
  </body>
</html>
"""


CHOOSE_JS = """// Send the visitor to the guide in the browser's preferred language.
(function () {
  var wanted = (navigator.languages && navigator.languages.length)
    ? navigator.languages : [navigator.language || "en"];
  var target = "en";
  for (var i = 0; i < wanted.length; i++) {
    var code = String(wanted[i]).toLowerCase().slice(0, 2);
    if (code === "de" || code === "en") { target = code; break; }
  }
  window.location.replace(target + "/index.html");
})();
"""

CHOOSE_CSS = """body { font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto;
  padding: 0 1rem; line-height: 1.5; color: #1a1a1a; background: #fff; }
a { color: #0a4ba8; font-size: 1.25rem; }
a:focus-visible { outline: 3px solid #0a4ba8; outline-offset: 2px; }
li { margin: 0.75rem 0; }
"""


def finish(base: str) -> None:
    """Write the root files and the absolute-link 404 pages into ``_build/site``."""
    for language in LANGUAGES:
        source = SITE / language / "404.html"
        if source.exists():
            text = source.read_text(encoding="utf-8")
            (SITE / language / "404.html").write_text(absolutise(text, language), "utf-8")
    _write(SITE / "index.html", root_page())
    _write(SITE / "choose-language.js", CHOOSE_JS)
    _write(SITE / "choose-language.css", CHOOSE_CSS)
    _write(SITE / "404.html", (SITE / "en" / "404.html").read_text("utf-8"))
    _write(SITE / "robots.txt", f"User-agent: *\nAllow: /\n\nSitemap: {base}sitemap.xml\n")
    _write(SITE / "sitemap.xml", sitemap(base))
    for pdf in sorted((ROOT / "_build" / "pdf").glob("*.pdf")):
        target = SITE / pdf.name
        if not target.exists() or target.read_bytes() != pdf.read_bytes():
            target.write_bytes(pdf.read_bytes())


def _write(path: Path, text: str) -> None:
    # Only touch files whose content changes, so rebuilds stay cheap for servers.
    if not path.exists() or path.read_text("utf-8") != text:
        path.write_text(text, "utf-8")


#: What the pages are made from (the PDFs too: the pages show their sizes).
SITE_INPUTS = ("conf.py", "docs", "locale", "messaging_rules", "tools/site.py", "_build/pdf")


def site_is_current(base: str) -> bool:
    """True when the finished site is newer than everything it is made from.

    Sphinx would find nothing to do as well, but starting two Sphinx processes to
    learn that takes longer than looking at the files.
    """
    from tools.pdf import newest_input

    record = SITE / ".built"
    return (
        record.exists()
        and record.read_text("utf-8") == base
        and record.stat().st_mtime > newest_input(SITE_INPUTS)
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", action="append", choices=sorted(LANGUAGES))
    parser.add_argument("--builder", default="html", help="Sphinx builder (html, doctest …)")
    parser.add_argument("--no-finish", action="store_true", help="skip the root files")
    parser.add_argument("--fresh", action="store_true", help="re-read every page (-E)")
    parser.add_argument("--no-pdf", action="store_true", help="skip the PDFs (tools/pdf.py)")
    args = parser.parse_args(argv)
    languages = args.lang or list(LANGUAGES)
    try:
        base = site_url()
    except SiteURLError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    started = time.monotonic()
    whole_site = args.builder == "html" and set(languages) == set(LANGUAGES)
    if whole_site and not args.no_finish and not args.no_pdf:
        # The PDFs first: the pages link them with their page count and file size.
        from tools import pdf

        if pdf.main([]):
            print("error: the PDF build failed; see the messages above", file=sys.stderr)
            return 1
    if whole_site and not args.no_finish and not args.fresh and site_is_current(base):
        print(f"site is up to date in {SITE.relative_to(ROOT)}/")
        return 0
    if not build(languages, args.builder, args.fresh):
        print("error: the build failed; see the messages above", file=sys.stderr)
        return 1
    if args.builder != "html":
        print(f"{args.builder} passed in {', '.join(languages)}")
        return 0
    if not args.no_finish and set(languages) == set(LANGUAGES):
        finish(base)
        (SITE / ".built").write_text(base, "utf-8")
    print(f"site ready in {SITE.relative_to(ROOT)}/ after {time.monotonic() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
