"""Render the handouts, the templates and the whole guide as PDF, in English and German.

The HTML comes from the site build itself (``docs/_ext/print_html.py``): when
``tools/site.py`` builds a language, Sphinx also writes ``guide-<language>.html`` (every
page, as one document) and ``handout-<language>.html`` from the pages it has just
parsed, so nothing is read twice.  This script cleans that HTML up for print (one
``<h1>`` per page of the site, heading levels below it, a table of contents for the
guide, links inside the document, no permalinks) and WeasyPrint renders it with the
print stylesheet ``tools/print/print.css`` and the fonts bundled in ``tools/fonts``.

Output: ``_build/pdf/handout-en.pdf``, ``handout-de.pdf``, ``guide-en.pdf``,
``guide-de.pdf``, one ``template-<name>-<language>.pdf`` per page of the templates
to copy (the kind ``template``: every ``template-*`` print HTML the build wrote, as
``print_html.print_documents`` found them in the toctree), and the ready team
policies ``policy-<sector>-<language>.pdf``
(:data:`POLICIES`), rendered from ``examples/policy-<sector>.toml`` by
:mod:`messaging_rules.render`, the same HTML that ``python -m messaging_rules policy
render`` writes, without Sphinx.
Each handout, guide and template has a ``.json`` record (fingerprint of what it was made from,
pages, bytes): a PDF whose HTML, stylesheet, fonts and renderer are unchanged is not
rendered again.

Reproducible: dates in the PDF come from ``SOURCE_DATE_EPOCH``; when it is not set,
it defaults to midnight (UTC) of ``facts_checked`` in ``conf.py``, the edition date,
so two builds from the same sources are byte-identical.

The words the print pages add (title, author, licence, "Contents", the facts date)
come with the print HTML, in its language (``print_html.print_meta``, from
``sphinx.po``); this script imports no Sphinx extension and keeps no words of its own.

Usage: ``python -m tools.pdf [--lang en --lang de] [--kind handout --kind guide]
[--out DIR] [--force]``.  With the default ``--out`` it brings the site's HTML up to
date (as ``make site`` would, without finishing the site); with another ``--out`` it
makes a fresh HTML build of its own under ``OUT/.work``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import signal
import sys
import time
from collections.abc import Iterable, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import UTC, datetime
from functools import cache
from multiprocessing import get_context
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict, cast

from messaging_rules.vocabulary import LANGUAGES
from tools.site_url import SiteURLError, is_local_url
from tools.site_url import site_url as checked_site_url

if TYPE_CHECKING:
    from bs4 import Tag

ROOT = Path(__file__).resolve().parent.parent
PRINT = Path(__file__).resolve().parent / "print"
FONTS = Path(__file__).resolve().parent / "fonts"
OUT = ROOT / "_build" / "pdf"
#: Where the site build writes the print HTML (``-D print_html_dir``).
PRINT_HTML = ROOT / "_build" / "print"
#: The long guides first: when two run side by side, the short handouts fill the gap.
#: ``template`` stands for every template the site build wrote print HTML for.
KINDS = ("guide", "handout", "template")
#: The kinds printed as one page of the site, tagged (PDF/UA-1), titled by that page.
SHEETS = ("handout", "template")


def sheet_class(kind: str) -> str:
    """The print stylesheet's class for a document: ``template`` for every template.

    >>> sheet_class("template-contact-consent"), sheet_class("handout")
    ('template', 'handout')
    """
    return "template" if kind.startswith("template-") else kind


def documents(kinds: Iterable[str], language: str, print_dir: Path) -> list[str]:
    """The print documents of *kinds* in *language*: ``template`` becomes one
    ``template-<name>`` per template print HTML in *print_dir*.

    >>> documents(["guide", "template"], "en", Path("/nowhere"))
    ['guide']
    """
    names: list[str] = []
    for kind in kinds:
        if kind != "template":
            names.append(kind)
            continue
        found = sorted(print_dir.glob(f"template-*-{language}.html"))
        names += [path.name.removesuffix(f"-{language}.html") for path in found]
    return names


def epoch_of(iso_date: str, environ: Mapping[str, str] = os.environ) -> int:
    """``SOURCE_DATE_EPOCH`` if set, else midnight UTC of *iso_date* (the facts date).

    >>> epoch_of("2026-01-02", {}), epoch_of("2026-01-02", {"SOURCE_DATE_EPOCH": "5"})
    (1767312000, 5)
    """
    if environ.get("SOURCE_DATE_EPOCH", "").strip().isdigit():
        return int(environ["SOURCE_DATE_EPOCH"])
    return int(datetime.strptime(iso_date, "%Y-%m-%d").replace(tzinfo=UTC).timestamp())


def source_date_epoch() -> int:
    """``SOURCE_DATE_EPOCH``, or midnight UTC of ``facts_checked`` in conf.py."""
    from tools.site import project_config

    return epoch_of(project_config().facts_checked)


# -- preparing the HTML for print ------------------------------------------------------


def _attr(tag: Tag, name: str) -> str:
    """A single-valued attribute of *tag* (``""`` when it has none)."""
    value = tag.get(name)
    if value is None:
        return ""
    return value if isinstance(value, str) else " ".join(value)


def _add_classes(tag: Tag, *names: str) -> None:
    """Append *names* to the classes of *tag*."""
    from bs4.element import AttributeValueList

    value = tag.get("class")
    classes = [] if value is None else [value] if isinstance(value, str) else list(value)
    tag["class"] = AttributeValueList([*classes, *names])


def prepare(source: Path, kind: str, language: str) -> tuple[str, int]:
    """Turn the site build's print HTML (``print_html``) into a clean document for
    WeasyPrint; return it and its ``SOURCE_DATE_EPOCH``."""
    from bs4 import BeautifulSoup

    text = source.read_text("utf-8")
    soup = BeautifulSoup(text, "html.parser")
    if soup.body is None:
        raise SystemExit(f"[pdf] {source}: no content found")
    meta = {_attr(tag, "name"): _attr(tag, "content") for tag in soup.select("head meta[name]")}
    if "guide-facts-checked" not in meta:
        raise SystemExit(f"[pdf] {source}: written by an older build; run make site again")
    epoch = epoch_of(meta["guide-facts-checked"])
    # What belongs to the screen only: permalinks, Furo's scrolling table wrappers,
    # and the PDF links, which in print are just their titles.
    for permalink in soup.select("a.headerlink"):
        permalink.decompose()
    for wrapper in soup.select("div.table-wrapper"):
        wrapper.unwrap()
    for note in soup.select("span.pdf-details"):
        note.decompose()
    for link in soup.select("a.pdf-download"):
        link.name, link.attrs = "em", {}
    roots = [s for s in soup.body.find_all("section", recursive=False)]
    if not roots:
        raise SystemExit(f"[pdf] {source}: no content found")
    # Each page of the site: its top section, and how deep it sits in the toctree.
    root_doc = "index" if kind == "guide" else kind
    candidates: list[tuple[str, Tag | None]] = [(root_doc, roots[0])] + [
        (_attr(span, "id").removeprefix("document-"), span.find_next_sibling("section"))
        for span in soup.select('span[id^="document-"]')
    ]
    page_sections = [(name, s) for name, s in candidates if s is not None]
    page_set = {id(s) for _, s in page_sections}
    titles: list[tuple[int, str, str]] = []
    anchors: dict[str, str] = {}
    for name, section in page_sections:
        depth = 1 + sum(1 for parent in section.parents if id(parent) in page_set)
        heading = section.find(re.compile(r"^h[1-6]$"))
        if heading is None:
            raise SystemExit(f"[pdf] {source}: the page {name!r} has no heading")
        top = int(heading.name[1])
        for h in section.find_all(re.compile(r"^h[1-6]$")):
            owner = next(p for p in h.parents if id(p) in page_set)
            if owner is section:
                h.name = f"h{min(6, max(1, int(h.name[1]) - top + 1))}"
        _add_classes(heading, "page-title", f"depth-{depth}")
        heading["style"] = f"bookmark-level: {depth}"
        _add_classes(section, "page")
        # Sphinx's ids can repeat in a single page (two "Sources" headings); this one cannot.
        anchor = f"page-{len(titles) + 1}"
        heading["id"] = anchor
        anchors[name] = anchor
        titles.append((depth, heading.get_text(" ", strip=True), anchor))
    for wrapper in soup.select("div.toctree-wrapper"):
        wrapper.unwrap()
    for span in soup.select('span[id^="document-"]'):
        span.decompose()
    # Links between pages ("#document-<page>#<anchor>") become links inside the
    # document; one whose target is not in it (the handout names the rule pages)
    # becomes its text.
    ids = {tag["id"] for tag in soup.find_all(id=True)}
    for link in soup.select('a[href^="#"]'):
        target = _attr(link, "href")[1:]
        if target.startswith("document-"):
            page, _, fragment = target.removeprefix("document-").partition("#")
            target = fragment or anchors.get(page, "")
        if target in ids:
            link["href"] = f"#{target}"
        else:
            for span in link.select("span.std-ref"):
                span.unwrap()
            link.unwrap()
    body = "".join(str(s) for s in roots)

    guide_title = meta["guide-title"]
    title = guide_title if kind == "guide" else titles[0][1]
    created = datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    checked = meta["guide-checked-date"]
    footer = f"{title} · {meta['guide-checked']} {checked}"
    front = ""
    if kind == "guide":
        entries = "\n".join(
            f'<li class="toc-depth-{depth}"><a href="#{anchor}">{_escape(text)}</a></li>'
            for depth, text, anchor in titles
        )
        front = (
            f'<section class="cover"><p class="cover-title">{_escape(guide_title)}</p>'
            f'<p class="cover-meta">{_escape(meta["guide-checked"])} {_escape(checked)}<br>'
            f"{_escape(meta['guide-licence'])}</p>"
            f'<nav class="toc"><p class="toc-title">{_escape(meta["guide-contents"])}</p>'
            f"<ol>{entries}</ol></nav></section>"
        )
    return (
        f"""<!DOCTYPE html>
<html lang="{language}">
<head>
<meta charset="utf-8">
<title>{_escape(title)}</title>
<meta name="author" content="{_escape(meta["guide-author"])}">
<meta name="description" content="{_escape(guide_title)}">
<meta name="keywords" content="GDPR, DSGVO, WhatsApp, messaging">
<meta name="generator" content="Sphinx, WeasyPrint">
<meta name="dcterms.created" content="{created}">
<meta name="dcterms.modified" content="{created}">
</head>
<body class="{sheet_class(kind)}" data-title="{_escape(title)}" data-footer="{_escape(footer)}">
{front}
{body}
</body>
</html>
""",
        epoch,
    )


def _escape(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def render(html: str, base: Path, target: Path, epoch: int) -> tuple[int, int]:
    """Render one PDF with WeasyPrint; return its size in bytes and its page count.

    The handouts and templates are tagged PDF (PDF/UA-1); the guides are not:
    tagging a 90-page document triples the rendering time.
    """
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    css = CSS(filename=str(PRINT / "print.css"), font_config=fonts)
    options = {
        "stylesheets": [css],
        "pdf_variant": "pdf/ua-1" if target.name.startswith(SHEETS) else None,
        "pdf_identifier": b"business-messaging-" + target.stem.encode(),
        "uncompressed_pdf": False,
    }
    # What HTML.write_pdf does, in two steps, to learn the page count on the way.
    document = HTML(string=html, base_url=str(base) + "/").render(font_config=fonts, **options)
    target.parent.mkdir(parents=True, exist_ok=True)
    # A private temporary name: another build may be writing the same PDF right now.
    partial = target.with_name(f".{target.name}.{os.getpid()}.part")
    document.write_pdf(partial, **options)
    partial.replace(target)
    return target.stat().st_size, len(document.pages)


@cache
def _tooling_digest() -> bytes:
    """What every PDF depends on besides its HTML: stylesheet, fonts, this script,
    WeasyPrint's version."""
    import weasyprint

    digest = hashlib.sha256(weasyprint.__version__.encode())
    for path in [PRINT / "print.css", Path(__file__), *sorted(FONTS.iterdir())]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.digest()


def fingerprint(html: str) -> str:
    """A digest of everything one PDF is made from (its HTML holds the date)."""
    return hashlib.sha256(_tooling_digest() + html.encode("utf-8")).hexdigest()


class PdfRecord(TypedDict, total=False):
    """The ``.json`` written next to a PDF (a team policy's has no fingerprint)."""

    fingerprint: str
    pages: int
    bytes: int


class JobResult(PdfRecord):
    """What a worker reports for one PDF: its record, and how it went."""

    name: str
    rendered: bool
    seconds: float


def record(out: Path, name: str) -> PdfRecord:
    """The ``.json`` written next to a PDF: fingerprint, pages, bytes ({} if none)."""
    path = out / f"{Path(name).stem}.json"
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    # A JSON object here was written by pdf_job or _policy_job.
    return cast(PdfRecord, data) if (out / name).exists() and isinstance(data, dict) else {}


def pdf_job(kind: str, language: str, print_dir: str, out: str, force: bool = False) -> JobResult:
    """Prepare and, unless it is current, render one PDF; runs in a worker process.

    Returns its record plus ``name``, ``rendered`` (False when current) and
    ``seconds``.
    """
    started = time.monotonic()
    name = f"{kind}-{language}.pdf"
    source = Path(print_dir) / f"{kind}-{language}.html"
    if not source.exists():
        raise RuntimeError(f"{source} is missing: the HTML build did not write it")
    html, epoch = prepare(source, kind, language)
    digest = fingerprint(html)
    target = Path(out) / name
    known = record(target.parent, name)
    rendered = force or known.get("fingerprint") != digest
    if rendered:
        folder = Path(print_dir) / f"{kind}-{language}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "print.html").write_text(html, "utf-8")
        size, pages = render(html, folder, target, epoch)
        known = {"fingerprint": digest, "pages": pages, "bytes": size}
        (target.parent / f"{kind}-{language}.json").write_text(json.dumps(known), "utf-8")
    return {**known, "name": name, "rendered": rendered, "seconds": time.monotonic() - started}


# -- the ready team policies (one PDF per sector and language) -------------------------

#: The sectors whose example policy is printed: ``examples/policy-<sector>.toml``.
POLICIES = ("craft-business", "health-practice", "office", "advisory-office")
#: The bundled fonts for the policies, so every machine prints the same PDF.
POLICY_FONTS = (
    "\n".join(
        f'@font-face {{ font-family: "Guide Sans"; src: url("{(FONTS / name).as_uri()}");'
        f" {style} }}"
        for name, style in (
            ("DejaVuSans.ttf", ""),
            ("DejaVuSans-Bold.ttf", "font-weight: bold;"),
            ("DejaVuSans-Oblique.ttf", "font-style: italic;"),
            ("DejaVuSans-BoldOblique.ttf", "font-weight: bold; font-style: italic;"),
        )
    )
    + '\nbody { font-family: "Guide Sans", sans-serif; }'
)


def policy_names(languages: list[str]) -> list[str]:
    """The file names of the policy PDFs for *languages*.

    >>> policy_names(["de"])[0]
    'policy-craft-business-de.pdf'
    """
    return [f"policy-{sector}-{language}.pdf" for sector in POLICIES for language in languages]


def render_policy(sector: str, language: str, target: Path, epoch: int) -> int:
    """Render ``examples/policy-<sector>.toml`` as a PDF in *language*; return its size."""
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from messaging_rules.policy import load_policy
    from messaging_rules.render import render_html

    html = render_html(load_policy(ROOT / "examples" / f"policy-{sector}.toml"), language)
    fonts = FontConfiguration()
    css = CSS(string=POLICY_FONTS, font_config=fonts)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{os.getpid()}.part")
    HTML(string=html, base_url=str(ROOT) + "/").write_pdf(
        partial,
        stylesheets=[css],
        font_config=fonts,
        pdf_identifier=b"business-messaging-" + target.stem.encode(),
        uncompressed_pdf=False,
    )
    partial.replace(target)
    return target.stat().st_size


def _policy_job(args: tuple[str, str, str, int]) -> JobResult:
    sector, language, target, epoch = args
    started = time.monotonic()
    size = render_policy(sector, language, Path(target), epoch)
    from pypdf import PdfReader

    pages = len(PdfReader(target).pages)
    # The same record as the guides' (without a fingerprint: a policy is always
    # rendered), so the sector pages' PDF links get their page count and size too.
    known: PdfRecord = {"pages": pages, "bytes": size}
    Path(target).with_suffix(".json").write_text(json.dumps(known), "utf-8")
    return {**known, "name": Path(target).name, "rendered": True,
            "seconds": time.monotonic() - started}  # fmt: skip


def _start_worker(nice: int) -> None:
    # Ctrl-C is for the main process, which stops the workers itself (no traceback
    # from each of them).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # The live preview runs the PDFs below the HTML builds in priority: a page a
    # writer waits for comes first.
    if nice:
        os.nice(nice)
    import weasyprint  # noqa: F401  (loaded now, while the HTML is being built)


def _warm() -> None:
    """Nothing: submitted once per worker so each starts (and loads WeasyPrint) early."""


class Renderer:
    """Two worker processes that render PDFs as soon as their HTML is ready.

    >>> Renderer.report({"name": "guide-en.pdf", "rendered": False, "pages": 80})
    '[pdf] guide-en.pdf is current (80 pages)'
    """

    def __init__(self, out: Path = OUT, force: bool = False, nice: int = 0) -> None:
        self.out, self.force = out, force
        self.pool = ProcessPoolExecutor(
            max_workers=2, mp_context=get_context("spawn"), initializer=_start_worker,
            initargs=(nice,),
        )  # fmt: skip
        for _ in range(2):
            self.pool.submit(_warm)
        self.futures: list[Future[JobResult]] = []
        self.closing = False

    def submit(self, language: str, print_dir: Path, kinds: Iterable[str] = KINDS) -> None:
        """Queue the PDFs of one language (its HTML build has finished)."""
        names = documents(kinds, language, print_dir)
        if "template" in kinds:
            # The PDF of a template that left the index goes with its print HTML.
            for stale in self.out.glob(f"template-*-{language}.pdf"):
                if stale.stem.removesuffix(f"-{language}") not in names:
                    stale.unlink()
                    stale.with_suffix(".json").unlink(missing_ok=True)
        for kind in names:
            future = self.pool.submit(
                pdf_job, kind, language, str(print_dir), str(self.out), self.force
            )
            future.add_done_callback(self._print)
            self.futures.append(future)

    def submit_policies(self, languages: Iterable[str]) -> None:
        """Queue the ready team policies of *languages*; they need no HTML build."""
        epoch = source_date_epoch()
        for sector in POLICIES:
            for language in languages:
                target = self.out / f"policy-{sector}-{language}.pdf"
                future = self.pool.submit(_policy_job, (sector, language, str(target), epoch))
                future.add_done_callback(self._print)
                self.futures.append(future)

    @staticmethod
    def report(result: JobResult) -> str:
        if not result["rendered"]:
            return f"[pdf] {result['name']} is current ({result['pages']} pages)"
        return (
            f"[pdf] {result['name']}: {result['bytes'] / 1024:.0f} kB, {result['pages']} pages,"
            f" rendered in {result['seconds']:.1f} s"
        )

    def _print(self, future: Future[JobResult]) -> None:
        if future.cancelled() or self.closing:
            return
        error = future.exception()
        print(f"[pdf] error: {error}" if error else self.report(future.result()), flush=True)

    def wait(self) -> bool:
        """Wait for every queued PDF; True when all are current."""
        errors = [future.exception() for future in self.futures]
        self.futures.clear()
        return not any(errors)

    def close(self, now: bool = False) -> None:
        """Stop the workers once their PDFs are done, or at once (``now``: a PDF
        being rendered is abandoned; its temporary file is left, never the PDF)."""
        self.closing = True
        if now:
            for process in list(getattr(self.pool, "_processes", {}).values()):
                process.terminate()
        self.pool.shutdown(wait=True, cancel_futures=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", action="append", choices=LANGUAGES)
    parser.add_argument("--kind", action="append", choices=KINDS)
    parser.add_argument("--out", type=Path, default=OUT, help="where the PDFs go")
    parser.add_argument("--force", action="store_true", help="render even if current")
    args = parser.parse_args(argv)
    from tools import site

    languages = args.lang or list(LANGUAGES)
    kinds = args.kind or list(KINDS)
    out = args.out.resolve()
    started = time.monotonic()
    if out == OUT:
        # The site's own build: it is incremental, and the site uses these PDFs.
        site_dir, doctrees, print_dir = site.SITE, site.DOCTREES, PRINT_HTML
        (site.SITE / ".built").unlink(missing_ok=True)  # pages are not finished here
    else:
        work = out / ".work"
        site_dir, doctrees, print_dir = work / "site", work / "doctrees", work / "print"
    try:
        site_url = checked_site_url()
        site.sphinx_options()
        site.writable_folder(out)
        site.writable_folder(site_dir)
    except (SiteURLError, site.SetupError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if is_local_url(site_url):
        print(
            f"[pdf] SITE_URL={site_url} is a local address: the handouts leave out the QR code "
            "and the site address (set SITE_URL to the public address to print them)",
            flush=True,
        )
    try:
        return _render(args, languages, kinds, out, started, (site_dir, doctrees, print_dir))
    except KeyboardInterrupt:
        site.stop_builds()
        print("error: interrupted; the PDFs are not finished (run the build again)",
              file=sys.stderr)  # fmt: skip
        return 130


def _render(
    args: argparse.Namespace,
    languages: list[str],
    kinds: list[str],
    out: Path,
    started: float,
    folders: tuple[Path, Path, Path],
) -> int:
    from tools import site

    site_dir, doctrees, print_dir = folders
    renderer = Renderer(out, args.force)
    if not args.kind:
        renderer.submit_policies(languages)
    try:
        built = site.build(
            languages, site_dir=site_dir, doctrees=doctrees, print_dir=print_dir,
            on_done=lambda language: renderer.submit(language, print_dir, kinds),
        )  # fmt: skip
        rendered = renderer.wait()
    finally:
        renderer.close()
    if not (built and rendered):
        print("error: the PDF build failed; see the messages above", file=sys.stderr)
        return 1
    print(f"PDFs ready in {out} after {time.monotonic() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
