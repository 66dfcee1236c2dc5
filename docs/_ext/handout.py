"""The printable handout: rule summaries, a QR code to the site and PDF download links.

Everything here is generated from sources that already exist in both languages, so
the handout needs no second translation:

``rule-summaries`` directive
    a table of every rule in :data:`messaging_rules.RULES`: id and what to do
    (:data:`messaging_rules.actions.ACTIONS`), in the page's language (the
    package's own catalog); with ``:status:`` also how the 2018 article fared.
    The id links to the rule's page (in the handout PDF, where the rule pages are
    not included, ``tools/pdf.py`` turns the link into its text).

``site-qr`` directive
    an inline SVG QR code (generated at build time by ``qrcode``) that points to the
    site in the page's language (``site_url`` + language), with the address below.
    A loopback address (``SITE_URL`` left at its local default) is never printed:
    the directive then renders nothing, and ``tools/pdf.py`` says so once.

``guide-link`` role
    ``{guide-link}`pages for your business <sectors/index>``` links to a page of the
    guide by its document name.  On the site it is a normal link.  In the print
    HTML (``print_html.py``) a guide link whose page is not part of the printed
    document becomes its text followed by the page's public address, or its text
    alone when the site address is local.

``pdf-download`` role
    ``{pdf-download}`Download the handout <handout>``` links to
    ``handout-<language>.pdf`` at the site root, followed by a ``(PDF)`` note that
    ``tools/site.py`` completes with the page count and file size once the PDF is
    rendered (``tools.site.pdf_details``).  The pages therefore never wait for the
    PDFs, and a new PDF never forces Sphinx to rebuild a page.  The print HTML shows
    the title only.

``facts-date`` role
    ``{facts-date}`checked``` writes ``facts_checked`` of conf.py as a long date in
    the page's language, so re-checking the facts changes no catalog entry.

The few words the generated parts add (column headings, the QR code's name) are
msgids of ``sphinx.po``, read through ``sphinx.locale``.
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
from sphinx.locale import _
from sphinx.util.docutils import ReferenceRole, SphinxDirective
from tables import table

from messaging_rules import RULES
from messaging_rules.actions import action
from messaging_rules.i18n import label
from tools.site_url import is_local_url

ROOT = Path(__file__).resolve().parents[2]


#: The placeholder the ``pdf-download`` role writes; ``tools/site.py`` fills it in.
PDF_NOTE = '<span class="pdf-details" data-pdf="{name}"> (PDF)</span>'


class RuleSummaries(SphinxDirective):
    """Render every rule's id and what to do (and its status) in the page's language."""

    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {"status": directives.flag}

    def run(self) -> list[nodes.Node]:
        language = self.config.language or "en"
        patterns = ("rule*.py", "actions.py", "i18n.py", "locale/de/LC_MESSAGES/messaging_rules.po")
        for pattern in patterns:
            for name in sorted((ROOT / "messaging_rules").glob(pattern)):
                self.env.note_dependency(str(name))
        with_status = "status" in self.options
        head = [_("Rule"), _("What to do"), *([_("Status")] if with_status else [])]
        rows = []
        for rule in RULES:
            xref = pending_xref(
                "", refdomain="std", reftype="ref", reftarget=f"rule-{rule.id.lower()}",
                refexplicit=True, refwarn=True,
            )  # fmt: skip
            xref += nodes.inline(text=rule.id)
            cells = [
                nodes.entry("", nodes.paragraph("", "", nodes.strong("", "", xref)),
                            classes=["rule-id"]),
                nodes.entry("", nodes.paragraph(text=action(rule.id, language))),
            ]  # fmt: skip
            if with_status:
                cells.append(nodes.entry(
                    "", nodes.paragraph(text=label(rule.status, language)),
                    classes=["rule-status", f"status-{rule.status}"],
                ))  # fmt: skip
            rows.append(cells)
        return [table(head, rows, (1, 10, 2)[: len(head)], classes=["rule-summaries"])]


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
        container += nodes.raw("", qr_svg(url, _("QR code that opens the guide")), format="html")
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
        xref = pending_xref(
            "", refdomain="std", reftype="doc", reftarget=f"/{target}",
            refexplicit=True, refwarn=True, refdoc=self.env.docname, guide_link=target,
        )  # fmt: skip
        xref += nodes.inline(title, title)
        return [xref], []


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
        note = PDF_NOTE.format(name=filename)
        return [reference, nodes.raw("", note, format="html")], []


def facts_date_role(
    name: str,
    rawtext: str,
    text: str,
    lineno: int,
    inliner: Any,
    options: dict[str, Any] | None = None,
    content: list[str] | None = None,
) -> tuple[list[nodes.Node], list[nodes.system_message]]:
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
