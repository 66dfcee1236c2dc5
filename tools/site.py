"""Build the bilingual site into ``_build/site/`` and finish it for hosting.

Both languages are built by their own ``sphinx-build`` process at the same time (the
machine has two cores); their output is shown line by line with a ``[en]``/``[de]``
prefix so progress stays readable.  Sphinx builds incrementally, so a second run
only rebuilds what changed.

The PDFs come out of the same builds: each language's Sphinx run also writes the
HTML the PDFs are printed from (``docs/_ext/print_html.py``), and as soon as a
language is done, its guide and handout go to two WeasyPrint worker processes
(``tools/pdf.py``; the long guides first, a PDF whose sources did not change is not
rendered again).  The pages do not wait for the PDFs: their download links get page
count and size when the site is finished.

Finishing writes what no single-language build can: the root language choice, the
site's root 404 page (each language's own comes from sphinx-notfound-page),
``sitemap.xml`` with hreflang alternates, ``robots.txt``, the PDFs and their sizes on the
pages that link them.

The options given to every ``sphinx-build`` come from ``SPHINXOPTS`` (``make html
SPHINXOPTS=…`` passes it on), ``-n -W --keep-going`` when it is not set.  The words of
the root page and the PDF notes come from the same compiled catalog as the pages'
(``locale/<language>/LC_MESSAGES/sphinx.mo``), read with :mod:`gettext`; numbers are
written by Babel.

Usage: ``python -m tools.site [--lang en --lang de] [--no-pdf] [--no-finish] [--fresh]``
"""

from __future__ import annotations

import argparse
import gettext
import html
import json
import os
import re
import shlex
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from pathlib import Path
from types import SimpleNamespace
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from tools import site_facts
from tools.site_facts import LANGUAGES as LANGUAGES  # re-exported (serve, bench)
from tools.site_facts import SOURCE_LANGUAGE, SiteURLError, language_name, site_url

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "_build" / "site"
DOCTREES = ROOT / "_build" / "doctrees"
PDF = ROOT / "_build" / "pdf"
PRINT_HTML = ROOT / "_build" / "print"
LOCALE = ROOT / "locale"
#: The options of every build when ``SPHINXOPTS`` is not set: nitpicky, warnings are
#: errors, and every warning is shown before the build fails.  No -j: the two
#: languages already run side by side on the two cores, and with some forty pages
#: Sphinx's parallel reading costs more in process start-up than it saves.
DEFAULT_SPHINXOPTS = "-n -W --keep-going"


class SetupError(Exception):
    """A setting or folder that keeps a build from starting: one line, exit code 2."""


def sphinx_options(environ: Mapping[str, str] = os.environ) -> list[str]:
    """The options every ``sphinx-build`` gets: ``-q`` and ``SPHINXOPTS``.

    The words are split as the shell would, and never given to a shell.

    >>> sphinx_options({})
    ['-q', '-n', '-W', '--keep-going']
    >>> sphinx_options({"SPHINXOPTS": "-n -D 'html_title=A title'"})
    ['-q', '-n', '-D', 'html_title=A title']
    >>> sphinx_options({"SPHINXOPTS": "-D 'x"})
    Traceback (most recent call last):
    ...
    tools.site.SetupError: SPHINXOPTS is not valid: No closing quotation (got "-D 'x")
    """
    value = environ.get("SPHINXOPTS", DEFAULT_SPHINXOPTS)
    try:
        return ["-q", *shlex.split(value)]
    except ValueError as error:
        raise SetupError(f"SPHINXOPTS is not valid: {error} (got {value!r})") from None


def writable_folder(folder: Path) -> None:
    """Make sure *folder* exists and takes a file; :class:`SetupError` names the reason.

    A read-only or full output folder otherwise ends in a Sphinx crash report.
    """
    import tempfile

    if folder.exists() and not folder.is_dir():
        raise SetupError(f"cannot write to {folder}: it is not a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder) as probe:
            probe.write(b"x" * 4096)
            probe.flush()
            os.fsync(probe.fileno())
    except OSError as error:
        raise SetupError(f"cannot write to {folder}: {error.strerror or error}") from None


@cache
def project_config() -> SimpleNamespace:
    """The settings of conf.py (``project``, ``facts_checked`` …), as Sphinx reads them.

    The tools read the one configuration instead of keeping copies of its values.
    """
    from sphinx.config import eval_config_file
    from sphinx.util.tags import Tags

    return SimpleNamespace(**eval_config_file(ROOT / "conf.py", Tags()))


def translator(language: str) -> gettext.NullTranslations:
    """The site's own words in *language*: the compiled ``sphinx.po`` the pages use.

    The catalog is compiled as Sphinx compiles it, when the ``.po`` is newer.
    """
    from sphinx.util.i18n import CatalogRepository

    for catalog in CatalogRepository(str(ROOT), [str(LOCALE)], language, "utf-8").catalogs:
        if catalog.domain == "sphinx" and catalog.is_outdated():
            catalog.write_mo(language)
    return gettext.translation("sphinx", LOCALE, [language], fallback=True)


def sphinx_command(
    language: str,
    builder: str = "html",
    out: Path | None = None,
    fresh: bool = False,
    doctrees: Path = DOCTREES,
    print_dir: Path | None = None,
) -> list[str]:
    """Return the sphinx-build command line for one language.

    ``fresh`` re-reads every page (``-E``): an incremental build reports the
    warnings of changed pages only, so checks that must see every warning use it.
    ``print_dir`` also writes the print HTML of the PDFs there (html builder only).
    """
    # The message templates are the English source's, the same for every language.
    by_builder = ROOT / "_build" / builder
    default = by_builder if builder == "gettext" else by_builder / language
    target = out or (SITE / language if builder == "html" else default)
    extra = ["-D", f"print_html_dir={print_dir}"] if print_dir and builder == "html" else []
    return [
        sys.executable, "-m", "sphinx", "-b", builder, *sphinx_options(),
        *(["-E"] if fresh else []),
        "-c", str(ROOT), "-d", str(doctrees / f"{builder}-{language}"),
        "-D", f"language={language}", *extra, str(ROOT / "docs"), str(target),
    ]  # fmt: skip


def _pump(prefix: str, stream: Iterable[str], sink: list[str]) -> None:
    for line in stream:
        sink.append(line)
        print(f"[{prefix}] {line}", end="", flush=True)


CATALOGS_CHECKED = ROOT / "_build" / ".catalogs-checked"
#: The sphinx-build processes running now (the live preview stops them on exit).
RUNNING: set[subprocess.Popen[str]] = set()


def stop_builds() -> None:
    """Terminate the sphinx-build processes still running, and wait for them."""
    for process in list(RUNNING):
        process.terminate()
    for process in list(RUNNING):
        process.wait()


def check_catalogs(locale: Path = ROOT / "locale") -> bool:
    """Check the German catalogs (``tools.po_check``) when one changed since the
    last clean check; print one line per problem.  True when all are sound."""
    from tools import po_check

    catalogs = list(locale.rglob("*.po"))
    if CATALOGS_CHECKED.exists() and all(
        p.stat().st_mtime < CATALOGS_CHECKED.stat().st_mtime for p in catalogs
    ):
        return True
    found = po_check.problems(locale)
    for line in found:
        print(f"error: broken catalog {line}", file=sys.stderr)
    if not found:
        CATALOGS_CHECKED.parent.mkdir(parents=True, exist_ok=True)
        CATALOGS_CHECKED.touch()
    return not found


def build(
    languages: list[str],
    builder: str = "html",
    fresh: bool = False,
    site_dir: Path = SITE,
    doctrees: Path = DOCTREES,
    print_dir: Path | None = None,
    on_done: Callable[[str], None] | None = None,
    quiet: bool = False,
) -> bool:
    """Run one sphinx-build per language in parallel; True when all succeeded.

    ``on_done(language)`` is called as soon as that language has built successfully
    (the PDFs start then, while the other language may still be building).
    ``quiet`` prints Sphinx's messages only, not the start and end of each build.
    """
    if "de" in languages and not check_catalogs():
        return False
    started = time.monotonic()
    results: dict[str, bool] = {}

    def run(language: str) -> None:
        if not quiet:
            print(f"[{language}] building {builder} …", flush=True)
        out = site_dir / language if builder == "html" else None
        process = subprocess.Popen(
            sphinx_command(language, builder, out, fresh, doctrees, print_dir),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            cwd=ROOT,
        )
        RUNNING.add(process)
        assert process.stdout is not None  # stdout=PIPE
        _pump(language, process.stdout, [])
        process.wait()
        RUNNING.discard(process)
        elapsed = time.monotonic() - started
        state = "done" if process.returncode == 0 else f"FAILED (exit {process.returncode})"
        if not quiet or process.returncode:
            print(f"[{language}] {state} after {elapsed:.1f} s", flush=True)
        results[language] = process.returncode == 0
        if results[language] and on_done:
            on_done(language)

    threads = [threading.Thread(target=run, args=(language,)) for language in languages]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return all(results.get(language, False) for language in languages)


# -- finishing the combined site -------------------------------------------------


def pages(language: str, site: Path | None = None) -> list[str]:
    """Every HTML page of one language, as paths relative to its tree (of ``SITE``)."""
    tree = (site or SITE) / language
    skip = {"404.html", "search.html", "genindex.html"}
    return sorted(
        p.relative_to(tree).as_posix()
        for p in tree.rglob("*.html")
        if p.relative_to(tree).as_posix() not in skip
        and not p.name.startswith("_")
        and "_static" not in p.parts
    )


def sitemap(base: str, site: Path | None = None) -> str:
    """A sitemap listing every page with its hreflang alternates (addresses XML-escaped)."""
    site = site or SITE
    entries = []
    for page in pages(SOURCE_LANGUAGE, site):
        targets = {**{code: code for code in LANGUAGES}, "x-default": SOURCE_LANGUAGE}
        alternates = "".join(
            f'\n    <xhtml:link rel="alternate" hreflang="{code}" '
            f"href={quoteattr(f'{base}{folder}/{page}')}/>"
            for code, folder in targets.items()
        )
        for code in LANGUAGES:
            if (site / code / page).exists():
                loc = xml_escape(f"{base}{code}/{page}")
                entries.append(f"  <url>\n    <loc>{loc}</loc>{alternates}\n  </url>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n' + "\n".join(entries) + "\n</urlset>\n"
    )


def root_page(title: str = "") -> str:
    """The language choice at the site root: a link per language, and a script that
    follows the browser's preferred language (the first of ours it names, else English).

    Every word is the pages' own (``sphinx.po``): the title is ``project`` of conf.py.
    """
    title = title or project_config().project
    words = {code: translator(code).gettext for code in LANGUAGES}
    # The translations first: their readers are the ones a browser may not announce.
    order = sorted(LANGUAGES, key=lambda code: code == SOURCE_LANGUAGE)
    choose = {
        code: words[code]("Read the guide in %(language)s") % {"language": language_name(code)}
        for code in order
    }
    links = "\n".join(
        f'      <li><a href="{code}/index.html" hreflang="{code}" lang="{code}">'
        f"{html.escape(choose[code])}</a></li>"
        for code in order
    )
    titles = [html.escape(words[code](title)) for code in order]
    alternates = "\n".join(
        f'    <link rel="alternate" hreflang="{code}" href="{code}/index.html">' for code in order
    )
    heading = titles[0] + "".join(
        f' <span lang="{code}">· {text}</span>'
        for code, text in zip(order[1:], titles[1:], strict=True)
    )
    return f"""<!DOCTYPE html>
<html lang="{order[0]}">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    {site_facts.meta_tag()}
    <title>{" · ".join(titles)}</title>
{alternates}
    <link rel="alternate" hreflang="x-default" href="en/index.html">
    <link rel="stylesheet" href="choose-language.css">
    <script src="choose-language.js"></script>
  </head>
  <body>
    <main>
      <h1>{heading}</h1>
      <ul>
{links}
      </ul>
    </main>
  </body>
</html>
"""


CHOOSE_JS = """// Send the visitor to the guide in the browser's preferred language.
(function () {
  var languages = LANGUAGES;
  var wanted = (navigator.languages && navigator.languages.length)
    ? navigator.languages : [navigator.language || SOURCE];
  var target = SOURCE;
  for (var i = 0; i < wanted.length; i++) {
    var code = String(wanted[i]).toLowerCase().slice(0, 2);
    if (languages.indexOf(code) >= 0) { target = code; break; }
  }
  window.location.replace(target + "/index.html");
})();
""".replace("LANGUAGES", json.dumps(list(LANGUAGES))).replace("SOURCE", json.dumps(SOURCE_LANGUAGE))

CHOOSE_CSS = """body { font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto;
  padding: 0 1rem; line-height: 1.5; color: #1a1a1a; background: #fff; }
a { color: #0a4ba8; font-size: 1.25rem; }
a:focus-visible { outline: 3px solid #0a4ba8; outline-offset: 2px; }
li { margin: 0.75rem 0; }
"""


_PDF_NOTE = re.compile(
    r'(<span class="pdf-details" data-pdf="(?P<name>[a-z0-9-]+\.pdf)">)[^<]*(</span>)'
)


def human_size(size: int, language: str) -> str:
    """Return a file size as readers of *language* expect it (Babel's numbers).

    >>> human_size(183_500, "en"), human_size(183_500, "de"), human_size(1_450_000, "de")
    ('179 kB', '179 kB', '1,4 MB')
    """
    from babel.numbers import format_decimal

    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} kB"
    return f"{format_decimal(size / 1024 / 1024, format='0.0', locale=language)} MB"


def pdf_details(pages: int | None, size: int | None, language: str) -> str:
    """The note after a PDF link: kind, page count and file size, as far as known.

    >>> pdf_details(1, 900, "en"), pdf_details(None, None, "en")
    (' (PDF, 1 page, 1 kB)', ' (PDF)')
    """
    details = ["PDF"]
    if pages:
        words = translator(language).ngettext("%(count)d page", "%(count)d pages", pages)
        details.append(words % {"count": pages})
    if size is not None:
        details.append(human_size(size, language))
    return f" ({', '.join(details)})"


def fill_pdf_details(page: str, language: str, pdf_dir: Path = PDF) -> str:
    """Complete the ``(PDF)`` note after each PDF link with pages and size.

    The numbers come from the record ``tools/pdf.py`` keeps next to each PDF; a
    PDF not rendered yet keeps the bare note.

    >>> fill_pdf_details('<span class="pdf-details" data-pdf="x-de.pdf"> (PDF)</span>',
    ...                  "de", Path("/nonexistent"))
    '<span class="pdf-details" data-pdf="x-de.pdf"> (PDF)</span>'
    """
    from tools.pdf import record

    def repl(match: re.Match[str]) -> str:
        known = record(pdf_dir, match.group("name"))
        text = pdf_details(known.get("pages"), known.get("bytes"), language)
        return f"{match.group(1)}{html.escape(text, quote=False)}{match.group(3)}"

    return _PDF_NOTE.sub(repl, page)


def finish(base: str, site: Path = SITE, pdf_dir: Path = PDF) -> bool:
    """Write the root files (the 404 page is the English one: sphinx-notfound-page made
    its links absolute) and the PDFs into the site,
    and the PDFs' pages and sizes into the pages that link them.

    True when any file changed (a live preview then reloads the open page).
    """
    changed = False
    for language in LANGUAGES:
        tree = site / language
        for page in tree.rglob("*.html"):
            text = page.read_text("utf-8")
            if 'class="pdf-details"' in text:
                changed |= _write(page, fill_pdf_details(text, language, pdf_dir))
    changed |= _write(site / "index.html", root_page())
    changed |= _write(site / "choose-language.js", CHOOSE_JS)
    changed |= _write(site / "choose-language.css", CHOOSE_CSS)
    changed |= _write(site / "404.html", (site / SOURCE_LANGUAGE / "404.html").read_text("utf-8"))
    robots = f"User-agent: *\nAllow: /\n\nSitemap: {base}sitemap.xml\n"
    changed |= _write(site / "robots.txt", robots)
    changed |= _write(site / "sitemap.xml", sitemap(base, site))
    for pdf in sorted(pdf_dir.glob("*.pdf")):
        changed |= _write_bytes(site / pdf.name, pdf.read_bytes())
    return changed


def _write(path: Path, text: str) -> bool:
    """Write *text* unless the file already holds it; True when it was written."""
    return _write_bytes(path, text.encode("utf-8"))


def _write_bytes(path: Path, data: bytes) -> bool:
    # Only touch files whose content changes, so rebuilds stay cheap for servers, and
    # replace them in one step, so a server never sends half a file.
    if path.exists() and path.read_bytes() == data:
        return False
    partial = path.with_name(f".{path.name}.{os.getpid()}.part")
    partial.write_bytes(data)
    partial.replace(path)
    return True


#: What the site is made from (besides the Python packages in .venv).
SITE_INPUTS = ("conf.py", "docs", "locale", "messaging_rules", "tools")


def newest_input(names: tuple[str, ...] = SITE_INPUTS) -> float:
    """The modification time of the newest file under *names* (paths from the root)."""
    return max(
        (p.stat().st_mtime for name in names for p in [ROOT / name, *(ROOT / name).rglob("*")]
         if p.is_file() and p.suffix != ".mo" and "__pycache__" not in p.parts),
        default=0.0,
    )  # fmt: skip


def site_is_current(base: str, with_pdf: bool) -> bool:
    """True when the finished site is newer than everything it is made from.

    Sphinx would find nothing to do as well, but starting two Sphinx processes to
    learn that takes longer than looking at the files.  A site finished without
    the PDFs (``--no-pdf``) is not current for a build that wants them.
    """
    record = SITE / ".built"
    wanted = {f"{base} pdf"} if with_pdf else {f"{base} pdf", f"{base} no-pdf"}
    return (
        record.exists()
        and record.read_text("utf-8") in wanted
        and record.stat().st_mtime > newest_input()
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", action="append", choices=LANGUAGES)
    parser.add_argument("--builder", default="html", help="Sphinx builder (html, doctest …)")
    parser.add_argument("--no-finish", action="store_true", help="skip the root files")
    parser.add_argument("--fresh", action="store_true", help="re-read every page (-E)")
    parser.add_argument("--no-pdf", action="store_true", help="skip the PDFs (tools/pdf.py)")
    args = parser.parse_args(argv)
    languages = args.lang or list(LANGUAGES)
    try:
        base = site_url()
        sphinx_options()
        writable_folder(ROOT / "_build")
        writable_folder(SITE if args.builder == "html" else ROOT / "_build" / args.builder)
    except (SiteURLError, SetupError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    try:
        return _main(args, languages, base)
    except KeyboardInterrupt:
        stop_builds()
        print("error: interrupted; the site is not finished (run the build again)", file=sys.stderr)
        return 130
    except OSError as error:
        stop_builds()
        where = f"{error.filename}: " if error.filename else ""
        print(f"error: cannot write {where}{error.strerror or error}", file=sys.stderr)
        return 1


def _main(args: argparse.Namespace, languages: list[str], base: str) -> int:
    started = time.monotonic()
    finishing = args.builder == "html" and set(languages) == set(LANGUAGES) and not args.no_finish
    with_pdf = finishing and not args.no_pdf
    if finishing and not args.fresh and site_is_current(base, with_pdf):
        print(f"site is up to date in {SITE.relative_to(ROOT)}/")
        return 0
    if args.builder == "html":
        (SITE / ".built").unlink(missing_ok=True)  # until it is finished again
    renderer = None
    if with_pdf:
        from tools.pdf import Renderer

        renderer = Renderer(PDF)
        renderer.submit_policies(languages)
    try:
        built = build(
            languages, args.builder, args.fresh,
            print_dir=PRINT_HTML if renderer else None,
            on_done=(lambda language: renderer.submit(language, PRINT_HTML)) if renderer else None,
        )  # fmt: skip
        printed = renderer.wait() if renderer else True
    finally:
        if renderer:
            renderer.close()
    if not built:
        print("error: the build failed; see the messages above", file=sys.stderr)
        return 1
    if not printed:
        print("error: the PDF build failed; see the messages above", file=sys.stderr)
        return 1
    if args.builder != "html":
        print(f"{args.builder} passed in {', '.join(languages)}")
        return 0
    if finishing:
        finish(base)
        (SITE / ".built").write_text(f"{base} {'pdf' if with_pdf else 'no-pdf'}", "utf-8")
    print(f"site ready in {SITE.relative_to(ROOT)}/ after {time.monotonic() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
