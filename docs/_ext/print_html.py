"""Write the HTML the PDFs are printed from, out of the site build itself.

The PDFs (``tools/pdf.py``) used to come from four extra ``sphinx-build -b
singlehtml`` runs that read and parsed every page again, although the site build
had just done the same.  Now the HTML build of each language, once its pages are
written, assembles two more documents from the doctrees it already holds:

``guide-<language>.html``
    every page of the site, in toctree order, as Sphinx's ``singlehtml`` builder
    would put them together (each page preceded by ``<span id="document-…">``,
    links between pages as ``#document-<page>#<anchor>``);
``handout-<language>.html``
    the orphan ``handout`` page alone;
``template-<name>-<language>.html``
    each page that the toctree of ``templates/index`` lists (``templates/<name>``),
    alone: the templates to copy, one PDF each (:func:`print_documents`).

Both are resolved with the tag ``pdf`` set, so ``{only} not pdf`` blocks drop out,
and contain the body and, in ``<meta>`` elements, what the print pages add in the
document's language: title, author, licence, facts date, the words "Contents" and
"Facts last checked:" (from ``sphinx.po``).  ``tools/pdf.py`` styles them with its
print stylesheet and reads nothing else of the project's configuration.
A ``{guide-link}`` to a page that the document does not contain becomes its text
followed by the page's public address (its text alone while ``site_url`` is local).
They are assembled again only when a page's doctree is newer than they are (a
page was read, by this build or an earlier one without ``print_html_dir``), and
written only when their text changes, so a rebuild with nothing new leaves them,
and the PDFs made from them, alone.

Enable with ``-D print_html_dir=/some/folder``; a plain ``sphinx-build`` writes
nothing extra.

>>> singlehtml_uri({"index", "rules/r1"}, "rules/r1")
'#document-rules/r1'
>>> singlehtml_uri({"index"}, "genindex")
'genindex.html'
>>> print_documents({"templates/index": ["templates/b", "templates/a"]})[2:]
[('template-b', 'templates/b'), ('template-a', 'templates/a')]
"""

from __future__ import annotations

import html
import os
from pathlib import Path
from typing import Any

from bilingual import long_date
from docutils import nodes
from handout import page_path
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.locale import _
from sphinx.util import logging
from sphinx.util.nodes import inline_all_toctrees
from sphinx.util.tags import Tags

from tools.site_url import is_local_url

logger = logging.getLogger(__name__)

#: (kind, root page) of each print document but the templates.
DOCUMENTS = (("guide", None), ("handout", "handout"))
#: The page whose toctree lists the templates; each of them is a print document.
TEMPLATES_INDEX = "templates/index"


def print_documents(toctrees: dict[str, list[str]]) -> list[tuple[str, str | None]]:
    """(kind, root page) of every print document: the guide, the handout, and one
    ``template-<name>`` per page in the toctree of the templates' index.

    *toctrees* maps a page to the pages its toctrees include (Sphinx's
    ``env.toctree_includes``), so a template added to the index gets its PDF.
    """
    templates = [
        (f"template-{page.rpartition('/')[2]}", page) for page in toctrees.get(TEMPLATES_INDEX, [])
    ]
    return [*DOCUMENTS, *templates]


def singlehtml_uri(docnames: set[str] | Any, docname: str) -> str:
    """Where a page's content is in a single-page document (as ``singlehtml`` says)."""
    return f"#document-{docname}" if docname in docnames else f"{docname}.html"


def _write_if_changed(path: Path, text: str) -> bool:
    if path.exists() and path.read_text("utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.part")
    partial.write_text(text, "utf-8")
    partial.replace(path)
    return True


def print_meta(app: Sphinx) -> dict[str, str]:
    """What the print pages add themselves, in the build's language."""
    config = app.config
    language = config.language or "en"
    return {
        "guide-title": config.project,
        "guide-author": config.author,
        "guide-licence": str(_("Text CC BY 4.0, code MIT. Guidance, not legal advice.")),
        "guide-contents": str(_("Contents")),
        "guide-checked": str(_("Facts last checked:")),
        "guide-checked-date": long_date(config.facts_checked, language),
        "guide-facts-checked": config.facts_checked,
        "guide-site-url": config.site_url,
    }


def _print_guide_links(app: Sphinx, tree: nodes.document, root: str) -> None:
    """Give each guide link to a page outside the printed document its address."""
    included = {root, *(node["docname"] for node in tree.findall(addnodes.start_of_file))}
    language = app.config.language or "en"
    for xref in list(tree.findall(addnodes.pending_xref)):
        target = xref.get("guide_link")
        if not target or target in included:
            continue
        url = f"{app.config.site_url.rstrip('/')}/{language}/{page_path(target)}"
        title = xref.astext()
        printed: list[nodes.Node] = [nodes.emphasis(title, title)]
        if not is_local_url(url):
            # A link, as the QR code's address below it: clickable in the PDF, and a
            # class the print stylesheet can keep from hyphenating.
            address = nodes.reference(url, url, refuri=url, classes=["page-address"])
            printed += [nodes.Text(" ("), address, nodes.Text(")")]
        xref.replace_self(printed)


def render_document(app: Sphinx, root: str) -> str:
    """The body HTML of *root* with every page of its toctree inlined."""
    builder, env = app.builder, app.env
    tree = env.get_doctree(root)
    tree = inline_all_toctrees(builder, set(), root, tree, lambda text: text, [root])
    tree["docname"] = root
    _print_guide_links(app, tree, root)
    docnames = env.all_docs.keys()
    # Links between pages point into the one document, as in singlehtml.  The html
    # builder has written every page already; it lends its methods for a moment.
    builder.get_target_uri = lambda docname, typ=None: singlehtml_uri(docnames, docname)  # type: ignore[method-assign]
    builder.get_relative_uri = lambda from_, to, typ=None: singlehtml_uri(docnames, to)  # type: ignore[method-assign]
    # A tag set of its own: Tags caches each condition's result, so adding "pdf" to
    # the site's set would not change what "not pdf" already evaluated to.
    site_tags = app.tags
    app.tags = Tags([*site_tags, "pdf"])
    try:
        env.resolve_references(tree, root, builder)
        tree.settings = builder.docsettings  # type: ignore[attr-defined]
        builder.current_docname = root  # type: ignore[attr-defined]
        builder.secnumbers, builder.fignumbers = {}, {}  # type: ignore[attr-defined]
        builder.imgpath = builder.dlpath = "_images"  # type: ignore[attr-defined]
        visitor = builder.create_translator(tree, builder)
        tree.walkabout(visitor)
        body = "".join(visitor.fragment)
    finally:
        del builder.get_target_uri, builder.get_relative_uri
        app.tags = site_tags
    language = app.config.language or "en"
    meta = "".join(
        f'<meta name="{name}" content="{html.escape(value)}">\n'
        for name, value in print_meta(app).items()
    )
    return (
        f'<!DOCTYPE html>\n<html lang="{language}">\n<head><meta charset="utf-8">\n{meta}</head>\n'
        f"<body>\n{body}\n</body>\n</html>\n"
    )


def _write_print_html(app: Sphinx, exception: Exception | None) -> None:
    folder = app.config.print_html_dir
    if exception or not folder or app.builder.name != "html":
        return
    language = app.config.language or "en"
    targets = [
        (Path(folder) / f"{kind}-{language}.html", root or app.config.root_doc)
        for kind, root in print_documents(app.env.toctree_includes)
    ]
    # A template that left the index leaves no print HTML behind (nor a PDF).
    for stale in set(Path(folder).glob(f"template-*-{language}.html")) - {
        path for path, _root in targets
    }:
        stale.unlink()
    newest = max((p.stat().st_mtime for p in Path(app.doctreedir).rglob("*.doctree")), default=0)
    for path, root in targets:
        if root not in app.env.all_docs:
            continue
        # Current when newer than every doctree and made with today's configuration
        # (a new facts date re-writes the pages, not the doctrees).
        if (
            path.exists()
            and path.stat().st_mtime > newest
            and (
                f'content="{html.escape(app.config.facts_checked)}"' in path.read_text("utf-8")
                and f'content="{html.escape(app.config.site_url)}"' in path.read_text("utf-8")
            )
        ):
            continue
        if _write_if_changed(path, render_document(app, root)):
            logger.info("print HTML written: %s", path.name)
        os.utime(path)  # checked against the doctrees of this build


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("print_html_dir", "", "", str)
    app.connect("build-finished", _write_print_html)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
