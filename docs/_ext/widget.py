"""What the guide's two interactive forms share: the chooser and the policy builder.

Both forms work the same way.  A directive leaves a placeholder node while the page
is read; once every page is known, ``env-updated`` writes the form's data (every
answer the rules give, in the page's language) as one small script in ``_static``;
``doctree-resolved`` replaces the placeholder with the form's HTML in a container
of a known class; and ``html-page-context`` adds the form's style sheet, data and
script to the pages that have such a container, and to no other page.  None of it
runs outside the HTML site build: the print documents and the other builders drop
the placeholder.

This module is a helper, not an extension (``conf.py`` does not load it):
:func:`register` wires one form into Sphinx; ``chooser.py`` and
``policy_builder.py`` call it from their ``setup``.

>>> tag("p", "a < b", class_="note", role="status")
'<p class="note" role="status">a &lt; b</p>'
>>> data_script("demoData", {"a": "ä"})
'window.demoData={"a":"ä"};\\n'
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "messaging_rules"


def tag(name: str, text: str, **attributes: str) -> str:
    """One element with escaped text; ``class_`` stands for ``class``."""
    attrs = "".join(f' {k.rstrip("_")}="{html.escape(v)}"' for k, v in attributes.items())
    return f"<{name}{attrs}>{html.escape(text)}</{name}>"


def data_script(global_name: str, data: dict[str, Any]) -> str:
    """*data* as one small script that sets ``window.<global_name>`` (no inline code, no eval)."""
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return f"window.{global_name}={body};\n"


def is_site_build(app: Sphinx) -> bool:
    """True while the HTML site is built (not a print document, not another builder)."""
    return app.builder.format == "html" and not app.tags.has("pdf")


def note_package(env: BuildEnvironment, *more: Path) -> None:
    """Make the current page depend on the rules package (code and German catalog).

    Every module of the package counts, whatever its name, so moving code between
    modules never leaves a page that is not rebuilt.
    """
    for path in sorted(PACKAGE.glob("*.py")):
        env.note_dependency(str(path))
    env.note_dependency(str(PACKAGE / "locale" / "de" / "LC_MESSAGES" / "messaging_rules.po"))
    for path in more:
        env.note_dependency(str(path))


def _skip(self: Any, node: nodes.Node) -> None:
    raise nodes.SkipNode


@dataclass(frozen=True)
class Form:
    """One interactive form: its placeholder node and the files its page loads."""

    node: type[nodes.Element]
    #: The class of the container that holds the form's HTML on the page.
    block_class: str
    #: File names in ``_static``: the style sheet, the data script, the script.
    css_file: str
    data_file: str
    script_file: str

    def write_data(self, app: Sphinx, text: str) -> None:
        """Write the data script, unless it already holds *text* (keeps its date)."""
        target = Path(app.outdir) / "_static" / self.data_file
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists() or target.read_text("utf-8") != text:
            target.write_text(text, encoding="utf-8")

    def block(self, form_html: str) -> nodes.container:
        """The container that replaces the placeholder.

        "no-search": the form's words would otherwise make its page the search's first
        hit for every word it asks about (Sphinx indexes the text of raw HTML).
        """
        container = nodes.container(classes=[self.block_class, "no-search"])
        container += nodes.raw("", form_html, format="html")
        return container

    def add_assets(
        self, app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
        doctree: Any,
    ) -> None:  # fmt: skip
        """Load the form's files on the pages that show the form."""
        if doctree is None or not is_site_build(app):
            return
        if any(self.block_class in n["classes"] for n in doctree.findall(nodes.container)):
            app.add_css_file(self.css_file)
            app.add_js_file(self.data_file, defer="defer")
            app.add_js_file(self.script_file, defer="defer")


def register(
    app: Sphinx,
    form: Form,
    directive: tuple[str, Any],
    data: Callable[[Sphinx], str],
    resolve: Callable[[Sphinx, nodes.Element, str], nodes.Node],
) -> None:
    """Wire *form* into Sphinx.

    *data* returns the data script's text for the build's language; *resolve* turns
    one placeholder (on page *docname*) into the form's block.
    """
    skip = (_skip, None)
    app.add_node(form.node, html=skip, latex=skip, text=skip, man=skip, texinfo=skip)
    app.add_directive(*directive)

    def write_data(app: Sphinx, env: BuildEnvironment) -> None:
        if is_site_build(app):
            form.write_data(app, data(app))

    def resolve_all(app: Sphinx, doctree: nodes.document, docname: str) -> None:
        for node in list(doctree.findall(form.node)):
            node.replace_self(resolve(app, node, docname) if is_site_build(app) else [])

    app.connect("env-updated", write_data)
    app.connect("doctree-resolved", resolve_all)
    # Before bilingual.py, which replaces the page's list of style sheets with a copy.
    app.connect("html-page-context", form.add_assets, priority=400)
