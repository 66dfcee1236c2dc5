"""The printable handout: rule summaries, a QR code to the site and PDF download links.

Everything here is generated from sources that already exist in both languages, so
the handout needs no second translation:

``rule-summaries`` directive
    a table of every rule in :data:`messaging_rules.RULES`: id and what to do
    (:data:`messaging_rules.actions.ACTIONS`), in the page's language (the
    package's own catalog); with ``:status:`` also how the 2018 article fared.
    On the site the id links to the rule's page; in a print build (tag ``pdf``)
    it is plain text.

``site-qr`` directive
    an inline SVG QR code (generated at build time by ``qrcode``) that points to the
    site in the page's language (``site_url`` + language), with the address below.
    A loopback address (``SITE_URL`` left at its local default) is never printed:
    the directive then renders nothing, and ``tools/pdf.py`` says so once.

``guide-link`` role
    ``{guide-link}`pages for your business <sectors/index>``` links to a page of the
    guide by its document name.  On the site it is a normal link; in a print build,
    where the other pages are not built, it is plain text followed by the page's
    public address, or plain text alone when the site address is local.

``pdf-download`` role
    ``{pdf-download}`Download the handout <handout>``` links to
    ``handout-<language>.pdf`` at the site root, followed by a ``(PDF)`` note that
    ``tools/site.py`` completes with the page count and file size once the PDF is
    rendered (:func:`pdf_details`).  The pages therefore never wait for the PDFs, and
    a new PDF never forces Sphinx to rebuild a page.  The print HTML shows the title
    only.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any, ClassVar

from bilingual import long_date
from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.util.docutils import ReferenceRole, SphinxDirective

from messaging_rules import RULES
from messaging_rules.actions import action
from messaging_rules.i18n import label

ROOT = Path(__file__).resolve().parents[2]

#: The few words the generated parts need that the package catalog does not hold.
WORDS = {
    "en": {"rule": "Rule", "summary": "What to do", "status": "Status", "pages": "pages",
           "page": "page", "qr": "QR code that opens the guide"},
    "de": {"rule": "Regel", "summary": "Kurz gesagt", "status": "Status", "pages": "Seiten",
           "page": "Seite", "qr": "QR-Code, der den Leitfaden öffnet"},
}  # fmt: skip


def words(language: str) -> dict[str, str]:
    return WORDS.get(language, WORDS["en"])


def human_size(size: int, language: str) -> str:
    """Return a file size as readers expect it.

    >>> human_size(183_500, "en"), human_size(183_500, "de"), human_size(1_450_000, "de")
    ('179 kB', '179 kB', '1,4 MB')
    """
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} kB"
    text = f"{size / 1024 / 1024:.1f} MB"
    return text.replace(".", ",") if language == "de" else text


def pdf_details(pages: int | None, size: int | None, language: str) -> str:
    """The note after a PDF link: kind, page count and file size, as far as known.

    >>> pdf_details(2, 57_000, "de"), pdf_details(1, 900, "en"), pdf_details(None, None, "en")
    (' (PDF, 2 Seiten, 56 kB)', ' (PDF, 1 page, 1 kB)', ' (PDF)')
    """
    details = ["PDF"]
    text = words(language)
    if pages:
        details.append(f"{pages} {text['page'] if pages == 1 else text['pages']}")
    if size is not None:
        details.append(human_size(size, language))
    return f" ({', '.join(details)})"


def is_local_url(url: str) -> bool:
    """True when *url* points at this machine (a loopback address), not at a public site.

    >>> is_local_url("http://127.0.0.1:8000/"), is_local_url("http://localhost/de/")
    (True, True)
    >>> is_local_url("http://[::1]:8000/"), is_local_url("https://guide.example.org/")
    (True, False)
    """
    from ipaddress import ip_address
    from urllib.parse import urlsplit

    host = (urlsplit(url).hostname or "").lower()
    if host == "localhost" or host.endswith(".localhost") or not host:
        return True
    try:
        return ip_address(host).is_loopback
    except ValueError:
        return False


def is_print_build(env: Any) -> bool:
    return bool(env.app.tags.has("pdf"))


#: The placeholder the ``pdf-download`` role writes; ``tools/site.py`` fills it in.
PDF_NOTE = '<span class="pdf-details" data-pdf="{name}">{text}</span>'


class RuleSummaries(SphinxDirective):
    """Render every rule's id and what to do (and its status) in the page's language."""

    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {"status": directives.flag}

    def run(self) -> list[nodes.Node]:
        language = self.config.language or "en"
        names = ("rules.py", "actions.py", "i18n.py", "locale/de/LC_MESSAGES/messaging_rules.po")
        for name in names:
            self.env.note_dependency(str(ROOT / "messaging_rules" / name))
        text = words(language)
        with_status = "status" in self.options
        keys = ("rule", "summary", "status") if with_status else ("rule", "summary")
        table = nodes.table(classes=["rule-summaries"])
        group = nodes.tgroup(cols=len(keys))
        table += group
        for width in (1, 10, 2)[: len(keys)]:
            group += nodes.colspec(colwidth=width)
        head = nodes.thead()
        row = nodes.row()
        for key in keys:
            row += nodes.entry("", nodes.paragraph(text=text[key]))
        head += row
        group += head
        body = nodes.tbody()
        for rule in RULES:
            row = nodes.row()
            ident = nodes.paragraph()
            xref = pending_xref(
                "", refdomain="std", reftype="ref", reftarget=f"rule-{rule.id.lower()}",
                refexplicit=True, refwarn=True,
            )  # fmt: skip
            xref += nodes.inline(text=rule.id)
            ident += nodes.strong("", "", xref)
            row += nodes.entry("", ident, classes=["rule-id"])
            row += nodes.entry("", nodes.paragraph(text=action(rule.id, language)))
            if with_status:
                row += nodes.entry(
                    "", nodes.paragraph(text=label(rule.status, language)),
                    classes=["rule-status", f"status-{rule.status}"],
                )  # fmt: skip
            body += row
        group += body
        return [table]


def qr_svg(url: str, title: str) -> str:
    """An inline SVG QR code for *url* (no XML declaration, 128 px unless CSS says otherwise)."""
    import qrcode
    import qrcode.image.svg

    code = qrcode.QRCode(border=0, image_factory=qrcode.image.svg.SvgPathImage, box_size=10)
    code.add_data(url)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image().save(buffer)
    svg = buffer.getvalue().decode("utf-8")
    svg = re.sub(r"^<\?xml[^>]*\?>\s*", "", svg)
    svg = re.sub(r'\s(width|height)="[^"]*"', "", svg, count=2)
    # A fixed size on screen (the print stylesheet sets its own); CSS may override it.
    attributes = f'role="img" aria-label="{title}" class="qr" width="128" height="128" '
    return svg.replace("<svg ", f"<svg {attributes}", 1)


class SiteQR(SphinxDirective):
    """A QR code and the address of the site in the page's language."""

    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {"class": directives.class_option}

    def run(self) -> list[nodes.Node]:
        language = self.config.language or "en"
        url = f"{self.config.site_url.rstrip('/')}/{language}/"
        if is_local_url(url):
            return []  # never print a loopback address (tools/pdf.py says so once)
        container = nodes.container(classes=["site-qr", *self.options.get("class", [])])
        container += nodes.raw("", qr_svg(url, words(language)["qr"]), format="html")
        address = nodes.paragraph(classes=["site-address"])
        address += nodes.reference(url, url, refuri=url)
        container += address
        return [container]


def page_path(docname: str) -> str:
    """The path of a page below the language folder, as the site serves it.

    >>> page_path("sectors/index"), page_path("sectors/office"), page_path("index")
    ('sectors/', 'sectors/office.html', '')
    """
    if docname == "index" or docname.endswith("/index"):
        return docname.removesuffix("index")
    return f"{docname}.html"


class GuideLink(ReferenceRole):
    """A link to another page of the guide that also works on paper."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        target = self.target.strip().strip("/")
        title = self.title if self.has_explicit_title else target
        if not re.fullmatch(r"[a-z0-9-]+(/[a-z0-9-]+)*", target):
            message = self.inliner.reporter.error(f"guide-link: bad page name {target!r}")
            return [], [message]
        if not is_print_build(self.env):
            from sphinx.addnodes import pending_xref

            xref = pending_xref(
                "", refdomain="std", reftype="doc", reftarget=f"/{target}",
                refexplicit=True, refwarn=True, refdoc=self.env.docname,
            )  # fmt: skip
            xref += nodes.inline(title, title)
            return [xref], []
        language = self.config.language or "en"
        url = f"{self.config.site_url.rstrip('/')}/{language}/{page_path(target)}"
        if is_local_url(url):
            return [nodes.emphasis(title, title)], []
        return [nodes.emphasis(title, title), nodes.Text(f" ({url})")], []


class PdfDownload(ReferenceRole):
    """Link to ``<name>-<language>.pdf`` at the site root, with pages and size."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        language = self.config.language or "en"
        name = self.target.strip()
        if not re.fullmatch(r"[a-z0-9-]+", name):
            message = self.inliner.reporter.error(f"pdf-download: bad name {name!r}")
            return [], [message]
        title = self.title if self.has_explicit_title else name
        filename = f"{name}-{language}.pdf"
        depth = self.env.docname.count("/") + 1
        reference = nodes.reference(title, title, refuri="../" * depth + filename)
        reference["classes"].append("pdf-download")
        note = PDF_NOTE.format(name=filename, text=pdf_details(None, None, language))
        return [reference, nodes.raw("", note, format="html")], []


def facts_date_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """``{facts-date}`checked``` renders ``conf.facts_checked`` in the page language."""
    config = inliner.document.settings.env.config
    language = config.language or "en"
    return [nodes.inline(rawtext, long_date(config.facts_checked, language))], []


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_role("facts-date", facts_date_role)
    app.add_directive("rule-summaries", RuleSummaries)
    app.add_directive("site-qr", SiteQR)
    app.add_role("pdf-download", PdfDownload())
    app.add_role("guide-link", GuideLink())
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
