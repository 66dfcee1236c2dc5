"""Sphinx configuration for the print builds (``singlehtml`` rendered by WeasyPrint).

It is the project's ``conf.py`` with a plain theme: the print stylesheet
(``tools/print/print.css``) styles the pages, not Furo.  ``PRINT_DOC`` chooses what
is built: ``guide`` (the default: every page, from the start page) or ``handout``
(the orphan handout page alone).  tools/pdf.py passes ``-t pdf`` so pages and
extensions can tell a print build from the site.
"""

from __future__ import annotations

import os
import runpy
from pathlib import Path

_ROOT = Path(__file__).resolve().parents[2]

globals().update(
    {k: v for k, v in runpy.run_path(str(_ROOT / "conf.py")).items() if not k.startswith("__")}
)

# Paths in the project conf are relative to its folder; this file lives elsewhere.
templates_path = [str(_ROOT / "docs" / "_templates")]
html_static_path: list[str] = []
html_css_files: list[str] = []
html_js_files: list[str] = []
html_theme = "basic"
html_theme_options: dict[str, object] = {}
html_sidebars: dict[str, list[str]] = {"**": []}
html_use_index = False
html_domain_indices = False
html_permalinks = False

if os.environ.get("PRINT_DOC", "guide") == "handout":
    root_doc = "handout"
    include_patterns = ["handout.md"]
