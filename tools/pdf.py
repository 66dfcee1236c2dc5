"""Render the handouts and the whole guide as PDF, in English and German.

For each language, Sphinx builds a ``singlehtml`` of the handout page and one of the
whole guide (configuration ``tools/print/conf.py``: the project's ``conf.py`` with a
plain theme, tag ``pdf``).  This script then cleans that HTML up for print (one
``<h1>`` per page of the site, heading levels below it, a table of contents for the
guide, links inside the document) and WeasyPrint renders it with the print
stylesheet ``tools/print/print.css`` and the fonts bundled in ``tools/fonts``.

Output: ``_build/pdf/handout-en.pdf``, ``handout-de.pdf``, ``guide-en.pdf``,
``guide-de.pdf``, and the ready team policies ``policy-<sector>-<language>.pdf``
(:data:`POLICIES`), rendered from ``examples/policy-<sector>.toml`` by
:mod:`messaging_rules.render`, the same HTML that ``python -m messaging_rules policy
render`` writes, without Sphinx.

Reproducible: dates in the PDF come from ``SOURCE_DATE_EPOCH``; when it is not set,
it defaults to midnight (UTC) of ``facts_checked`` in ``conf.py``, the edition date,
so two builds from the same sources are byte-identical.

Usage: ``python -m tools.pdf [--lang en --lang de] [--kind handout --kind guide]
[--out DIR]``
"""

from __future__ import annotations

import argparse
import os
import re
import runpy
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRINT = Path(__file__).resolve().parent / "print"
sys.path.insert(0, str(ROOT / "docs" / "_ext"))
from bilingual import long_date  # noqa: E402  (the same date format as the pages)
from handout import is_local_url  # noqa: E402  (the same test as the site-qr directive)

FONTS = Path(__file__).resolve().parent / "fonts"
OUT = ROOT / "_build" / "pdf"
LANGUAGES = ("en", "de")
KINDS = ("handout", "guide")
SPHINXOPTS = ["-n", "-W", "--keep-going", "-q"]
#: Words the print pages add themselves.
WORDS = {
    "en": {"contents": "Contents", "checked": "Facts last checked:",
           "author": "The business-messaging guide team",
           "licence": "Text CC BY 4.0, code MIT. Guidance, not legal advice."},
    "de": {"contents": "Inhalt", "checked": "Stand der Fakten:",
           "author": "Team des Leitfadens „Messenger im Unternehmen und die DSGVO“",
           "licence": "Text CC BY 4.0, Code MIT. Orientierungshilfe, keine Rechtsberatung."},
}  # fmt: skip


def project_conf() -> dict:
    return runpy.run_path(str(ROOT / "conf.py"))


def source_date_epoch(conf: dict | None = None) -> int:
    """``SOURCE_DATE_EPOCH``, or midnight UTC of the facts-checked date."""
    if os.environ.get("SOURCE_DATE_EPOCH", "").strip().isdigit():
        return int(os.environ["SOURCE_DATE_EPOCH"])
    checked = (conf or project_conf())["facts_checked"]
    return int(datetime.strptime(checked, "%Y-%m-%d").replace(tzinfo=UTC).timestamp())


def sphinx_command(kind: str, language: str, work: Path) -> list[str]:
    return [
        sys.executable, "-m", "sphinx", "-b", "singlehtml", *SPHINXOPTS, "-t", "pdf",
        "-c", str(PRINT), "-d", str(work / "doctrees" / f"{kind}-{language}"),
        "-D", f"language={language}", str(ROOT / "docs"), str(work / f"{kind}-{language}"),
    ]  # fmt: skip


def build_html(jobs: list[tuple[str, str]], work: Path, epoch: int) -> bool:
    """Run the singlehtml builds (two at a time); True when all succeeded."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch)}
    ok = True
    for start in range(0, len(jobs), 2):
        running = []
        for kind, language in jobs[start : start + 2]:
            command = sphinx_command(kind, language, work)
            running.append(
                (kind, language, subprocess.Popen(command, env={**env, "PRINT_DOC": kind}))
            )
        for kind, language, process in running:
            if process.wait():
                print(f"[pdf] {kind}-{language}: sphinx-build failed", file=sys.stderr)
                ok = False
    return ok


# -- preparing the HTML for print ------------------------------------------------------

_DOUBLE_FRAGMENT = re.compile(r'href="#document-[^"#]*#([^"]*)"')
_DOCUMENT_ONLY = re.compile(r'href="#document-([^"#]*)"')


def prepare(source: Path, kind: str, language: str, conf: dict, epoch: int) -> str:
    """Turn Sphinx's singlehtml page into a clean document for WeasyPrint."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(source.read_text("utf-8"), "html.parser")
    roots = [s for s in soup.body.find_all("section", recursive=False)]
    if not roots:
        raise SystemExit(f"[pdf] {source}: no content found")
    # Each page of the site: its top section, and how deep it sits in the toctree.
    page_sections = [roots[0]] + [
        span.find_next_sibling("section") for span in soup.select('span[id^="document-"]')
    ]
    page_sections = [s for s in page_sections if s is not None]
    page_set = {id(s) for s in page_sections}
    titles = []
    for section in page_sections:
        depth = 1 + sum(1 for parent in section.parents if id(parent) in page_set)
        heading = section.find(re.compile(r"^h[1-6]$"))
        top = int(heading.name[1])
        for h in section.find_all(re.compile(r"^h[1-6]$")):
            owner = next(p for p in h.parents if id(p) in page_set)
            if owner is section:
                h.name = f"h{min(6, max(1, int(h.name[1]) - top + 1))}"
        heading["class"] = [*heading.get("class", []), "page-title", f"depth-{depth}"]
        heading["style"] = f"bookmark-level: {depth}"
        section["class"] = [*section.get("class", []), "page"]
        # Sphinx's ids can repeat in a single page (two "Sources" headings); this one cannot.
        anchor = f"page-{len(titles) + 1}"
        heading["id"] = anchor
        titles.append((depth, heading.get_text(" ", strip=True), anchor))
    for wrapper in soup.select("div.toctree-wrapper"):
        wrapper.unwrap()
    for span in soup.select('span[id^="document-"]'):
        span.decompose()
    body = "".join(str(s) for s in roots)
    body = _DOUBLE_FRAGMENT.sub(r'href="#\1"', body)
    body = _DOCUMENT_ONLY.sub(lambda m: f'href="#{m.group(1)}"', body)

    words = WORDS[language]
    titles_conf = conf.get("bilingual_titles", {})
    guide_title = titles_conf.get(language, (conf["project"],))[0]
    title = titles[0][1] if kind == "handout" else guide_title
    created = datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    checked = long_date(conf["facts_checked"], language)
    footer = f"{title} · {words['checked']} {checked}"
    front = ""
    if kind == "guide":
        entries = "\n".join(
            f'<li class="toc-depth-{depth}"><a href="#{anchor}">{_escape(text)}</a></li>'
            for depth, text, anchor in titles
        )
        front = (
            f'<section class="cover"><p class="cover-title">{_escape(guide_title)}</p>'
            f'<p class="cover-meta">{words["checked"]} {_escape(checked)}<br>'
            f"{words['licence']}</p>"
            f'<nav class="toc"><p class="toc-title">{words["contents"]}</p>'
            f"<ol>{entries}</ol></nav></section>"
        )
    return f"""<!DOCTYPE html>
<html lang="{language}">
<head>
<meta charset="utf-8">
<title>{_escape(title)}</title>
<meta name="author" content="{_escape(words["author"])}">
<meta name="description" content="{_escape(guide_title)}">
<meta name="keywords" content="GDPR, DSGVO, WhatsApp, messaging">
<meta name="generator" content="Sphinx, WeasyPrint">
<meta name="dcterms.created" content="{created}">
<meta name="dcterms.modified" content="{created}">
</head>
<body class="{kind}" data-title="{_escape(title)}" data-footer="{_escape(footer)}">
{front}
{body}
</body>
</html>
"""


def _escape(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def render(html: str, base: Path, target: Path, epoch: int) -> int:
    """Render one PDF with WeasyPrint; return its size in bytes.

    The handouts are tagged PDF (PDF/UA-1); the guides are not: tagging a
    90-page document triples the rendering time.
    """
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    css = CSS(filename=str(PRINT / "print.css"), font_config=fonts)
    document = HTML(string=html, base_url=str(base) + "/")
    target.parent.mkdir(parents=True, exist_ok=True)
    # A private temporary name: another build may be writing the same PDF right now.
    partial = target.with_name(f".{target.name}.{os.getpid()}.part")
    document.write_pdf(
        partial,
        stylesheets=[css],
        font_config=fonts,
        pdf_variant="pdf/ua-1" if target.name.startswith("handout") else None,
        pdf_identifier=b"business-messaging-" + target.stem.encode(),
        uncompressed_pdf=False,
    )
    partial.replace(target)
    return target.stat().st_size


def _render_job(args: tuple[str, str, str, str, int]) -> tuple[str, int, float]:
    html, base, target, name, epoch = args
    started = time.monotonic()
    size = render(html, Path(base), Path(target), epoch)
    return name, size, time.monotonic() - started


# -- the ready team policies (one PDF per sector and language) -------------------------

#: The sectors whose example policy is printed: ``examples/policy-<sector>.toml``.
POLICIES = ("craft-business", "health-practice", "office")
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


def _policy_job(args: tuple[str, str, str, int]) -> tuple[str, int, float]:
    sector, language, target, epoch = args
    started = time.monotonic()
    size = render_policy(sector, language, Path(target), epoch)
    return Path(target).name, size, time.monotonic() - started


#: Everything a PDF is made from; when none of it is newer than the PDFs, and the
#: site address and date are the same, the PDFs are current and nothing is rebuilt.
INPUTS = ("conf.py", "docs", "locale", "messaging_rules", "tools/pdf.py", "tools/print",
          "tools/fonts", "examples")  # fmt: skip


def newest_input(names: tuple[str, ...] = INPUTS) -> float:
    """The modification time of the newest file under *names* (paths from the root)."""
    return max(
        (p.stat().st_mtime for name in names for p in [ROOT / name, *(ROOT / name).rglob("*")]
         if p.is_file() and p.suffix != ".mo" and "__pycache__" not in p.parts),
        default=0.0,
    )  # fmt: skip


def stamp(epoch: int) -> str:
    """What, besides the files, the PDFs depend on: the site address and the date."""
    return f"site_url={os.environ.get('SITE_URL', 'http://127.0.0.1:8000/')} epoch={epoch}\n"


def up_to_date(out: Path, names: list[str], epoch: int) -> bool:
    """True when every PDF exists, is newer than every input, and has the same stamp."""
    record = out / ".stamp"
    targets = [out / name for name in names]
    if not record.exists() or record.read_text("utf-8") != stamp(epoch):
        return False
    if not all(t.exists() for t in targets):
        return False
    return min(t.stat().st_mtime for t in targets) > newest_input()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", action="append", choices=LANGUAGES)
    parser.add_argument("--kind", action="append", choices=KINDS)
    parser.add_argument("--out", type=Path, default=OUT, help="where the PDFs go")
    parser.add_argument(
        "--work", type=Path, help="where the HTML builds go (default: _build/print, or OUT/.work)"
    )
    parser.add_argument("--force", action="store_true", help="rebuild even if up to date")
    args = parser.parse_args(argv)
    languages = args.lang or list(LANGUAGES)
    kinds = args.kind or list(KINDS)
    out = args.out.resolve()
    work = (args.work or (ROOT / "_build" / "print" if out == OUT else out / ".work")).resolve()
    conf = project_conf()
    epoch = source_date_epoch(conf)
    started = time.monotonic()
    jobs = [(kind, language) for kind in kinds for language in languages]
    names = [f"{kind}-{language}.pdf" for kind, language in jobs]
    with_policies = not args.kind
    if with_policies:
        names += policy_names(languages)
    if not args.force and up_to_date(out, names, epoch):
        print(f"[pdf] {len(names)} PDFs are up to date in {out}")
        return 0
    site_url = os.environ.get("SITE_URL", "http://127.0.0.1:8000/")
    if is_local_url(site_url):
        print(
            f"[pdf] SITE_URL={site_url} is a local address: the handouts leave out the QR code "
            "and the site address (set SITE_URL to the public address to print them)",
            flush=True,
        )
    print(f"[pdf] building HTML for {', '.join(f'{k}-{lang}' for k, lang in jobs)} …", flush=True)
    if not build_html(jobs, work, epoch):
        print("error: the PDF build failed; see the messages above", file=sys.stderr)
        return 1
    tasks = []
    for kind, language in jobs:
        folder = work / f"{kind}-{language}"
        page = folder / ("handout.html" if kind == "handout" else "index.html")
        html = prepare(page, kind, language, conf, epoch)
        (folder / "print.html").write_text(html, "utf-8")
        name = f"{kind}-{language}.pdf"
        tasks.append((html, str(folder), str(out / name), name, epoch))
    policies = [
        (sector, language, str(out / f"policy-{sector}-{language}.pdf"), epoch)
        for sector in (POLICIES if with_policies else ())
        for language in languages
    ]
    with ProcessPoolExecutor(max_workers=2) as pool:
        for name, size, seconds in pool.map(_render_job, tasks):
            print(f"[pdf] {name}: {size / 1024:.0f} kB in {seconds:.1f} s", flush=True)
        for name, size, seconds in pool.map(_policy_job, policies):
            print(f"[pdf] {name}: {size / 1024:.0f} kB in {seconds:.1f} s", flush=True)
    (out / ".stamp").write_text(stamp(epoch), "utf-8")
    print(f"PDFs ready in {out} after {time.monotonic() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
