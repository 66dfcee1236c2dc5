"""The site's shared facts, in one place: its address, its languages, its CSP.

conf.py, the Sphinx extensions (``docs/_ext``), the tools and the tests read these
from here, under this one module name (``tools.site_facts``), and define none of
them again.

**Address.**  The address the site is published at is checked by
``tools/site_url.py``; :data:`DEFAULT_SITE_URL` and :func:`site_url` are the names
to read it by.

**Languages.**  The site is built in the package's languages
(:data:`messaging_rules.vocabulary.LANGUAGES`, English first, the source); each has
the locales the outside world asks for (:data:`LOCALES`): Babel's (dates), Open
Graph's (``og:locale``) and the BCP 47 tag (a browser's ``navigator.language``).

>>> LANGUAGES
('en', 'de')
>>> LOCALES["de"].bcp47, LOCALES["en"].babel, LOCALES["de"].open_graph
('de-DE', 'en_GB', 'de_DE')
>>> language_name("de"), language_name("en")
('Deutsch', 'English')

**Content-Security-Policy.**  The pages load nothing from other hosts and run no code
a host did not send as a file: no ``'unsafe-inline'``, no ``'unsafe-eval'``.  Furo and
Sphinx need three exceptions, and this module owns each of them:

* Furo's one inline script (it sets the colour theme before the first paint, so it
  cannot wait for a file) is allowed by its sha256 hash, computed from the
  installed Furo's ``base.html``: a Furo upgrade that changes the script changes
  the hash with it (:data:`THEME_SCRIPT`);
* Furo writes a few fixed ``style`` attributes (the hidden icon sprite, half-opaque
  icon strokes, the index's columns); ``'unsafe-hashes'`` allows exactly those
  values by their hashes, read from Furo's templates (:data:`STYLE_ATTRIBUTES`),
  instead of copying the templates to rewrite them;
* Sphinx compiles a catalog's plural rule with ``new Function()``, which needs
  ``'unsafe-eval'``; the German catalog gets the rule as code instead
  (``docs/_static/csp-plural.js``, added by ``docs/_ext/csp.py`` with a priority,
  between ``doctools.js`` and the catalog ``translations.js``).

Furo's inline ``<style>`` (its colour variables) is left out by
``docs/_templates/base.html``; ``guide.css`` holds the same values.

Everything that sends or documents the policy reads it from here:
``tools/serve.py`` (the local server), the README's nginx example
(``tests/test_browser.py`` checks that it matches :func:`nginx_headers`) and the
browser tests, which count violations on every page.  The extension
``docs/_ext/csp.py`` also writes the policy into every page (:func:`meta_tag`), so
a host that sends no header, such as Read the Docs, still enforces it;
``frame-ancestors`` is the one directive a ``<meta>`` element cannot carry, so only
the header sends it.

>>> sha256_source("alert(1)")
"'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"
>>> policy({"default-src": ["'self'"], "object-src": ["'none'"]})
"default-src 'self'; object-src 'none'"
>>> "'unsafe-inline'" in POLICY or "'unsafe-eval'" in POLICY
False
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from dataclasses import dataclass
from pathlib import Path

import furo
from babel import Locale

from messaging_rules.vocabulary import LANGUAGES
from tools.site_url import DEFAULT as DEFAULT_SITE_URL
from tools.site_url import SiteURLError, site_url

__all__ = [
    "DEFAULT_SITE_URL", "DIRECTIVES", "HEADERS", "LANGUAGES", "LOCALES", "POLICY",
    "SOURCE_LANGUAGE", "SiteURLError", "Locales", "language_name", "meta_tag",
    "nginx_headers", "sha256_source", "site_url",
]  # fmt: skip

# -- languages ---------------------------------------------------------------------

#: The language the pages are written in; the others are translations of it.
SOURCE_LANGUAGE = LANGUAGES[0]


@dataclass(frozen=True)
class Locales:
    """What one language of the site is called outside it."""

    #: Babel's locale: dates as its readers write them (the guide is British English).
    babel: str
    #: Open Graph's ``og:locale`` (language_TERRITORY, as the protocol asks).
    open_graph: str
    #: The BCP 47 tag, as browsers name their preferred language.
    bcp47: str


#: The locales of each language, by the language's code.
LOCALES: dict[str, Locales] = {
    "en": Locales(babel="en_GB", open_graph="en_GB", bcp47="en-GB"),
    "de": Locales(babel="de_DE", open_graph="de_DE", bcp47="de-DE"),
}
if tuple(LOCALES) != LANGUAGES:  # a new language needs its locales here
    raise RuntimeError(f"tools/site_facts.py: LOCALES has {tuple(LOCALES)}, not {LANGUAGES}")


def language_name(code: str) -> str:
    """The name a language calls itself, from Babel's locale data (capitalised)."""
    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


# -- Content-Security-Policy ---------------------------------------------------------

FURO_TEMPLATES = Path(furo.__file__).resolve().parent / "theme" / "furo"


class ThemeChanged(RuntimeError):
    """Furo's templates no longer look as this module expects."""


def sha256_source(text: str) -> str:
    """The CSP source expression that allows one inline script or style by its hash."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def theme_script(base_html: str) -> str:
    """The inline script of Furo's ``body`` block, exactly as the pages carry it.

    >>> theme_script('{% block body %}\\n<script>\\n  x = 1;\\n</script>\\n{% endblock %}')
    '\\n  x = 1;\\n'
    """
    found = re.search(r"\{%-?\s*block body\s*-?%\}\s*<script>(.*?)</script>", base_html, re.S)
    if not found:
        raise ThemeChanged(
            f"no inline script in the body block of {FURO_TEMPLATES / 'base.html'}: "
            "Furo changed how it sets the colour theme; update tools/site_facts.py"
        )
    return found.group(1)


def style_attributes(*templates: str) -> list[str]:
    """The distinct ``style`` attribute values written in the given templates.

    >>> style_attributes('<svg style="display: none;"><p style="x">', '<i style="x">')
    ['display: none;', 'x']
    """
    values = {value for text in templates for value in re.findall(r'\bstyle="([^"{}]*)"', text)}
    return sorted(values)


def _furo(name: str) -> str:
    return (FURO_TEMPLATES / name).read_text("utf-8")


#: Furo's inline theme script (allowed by its hash).
THEME_SCRIPT = theme_script(_furo("base.html"))
#: Furo's fixed style attributes (allowed by their hashes with 'unsafe-hashes').
STYLE_ATTRIBUTES = style_attributes(_furo("partials/icons.html"), _furo("genindex.html"))

DIRECTIVES: dict[str, list[str]] = {
    "default-src": ["'self'"],
    "script-src": ["'self'", sha256_source(THEME_SCRIPT)],
    "style-src": ["'self'", "'unsafe-hashes'", *map(sha256_source, STYLE_ATTRIBUTES)],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}


def policy(directives: dict[str, list[str]]) -> str:
    """Write directives as a ``Content-Security-Policy`` header value."""
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


#: The header value every host must send with every page.
POLICY = policy(DIRECTIVES)
#: Every security header the site is built for, in the order servers send them.
HEADERS = {
    "Content-Security-Policy": POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def nginx_headers(headers: dict[str, str] = HEADERS) -> str:
    """The ``add_header`` lines of the README's nginx example.

    >>> print(nginx_headers({"Referrer-Policy": "no-referrer"}))
    add_header Referrer-Policy "no-referrer" always;
    """
    return "\n".join(f'add_header {name} "{value}" always;' for name, value in headers.items())


#: What browsers ignore (and complain about) in a ``<meta>`` policy.
HEADER_ONLY = frozenset({"frame-ancestors", "report-uri", "sandbox"})


def meta_tag(directives: dict[str, list[str]] = DIRECTIVES) -> str:
    """The policy as a ``<meta http-equiv>`` element, without the header-only directives.

    >>> meta_tag({"default-src": ["'self'"], "frame-ancestors": ["'none'"]})
    '<meta http-equiv="Content-Security-Policy" content="default-src &#x27;self&#x27;">'
    """
    allowed = {name: sources for name, sources in directives.items() if name not in HEADER_ONLY}
    return f'<meta http-equiv="Content-Security-Policy" content="{html.escape(policy(allowed))}">'
