"""The address the site is published at (``SITE_URL``), checked in one place.

The address ends up in HTML attributes (``hreflang`` alternates, canonical links),
in ``sitemap.xml`` and in ``robots.txt``.  A typo there breaks what search engines
read, and a quote or a newline could even add markup or lines, so the value is
checked once, here, and every writer escapes it for its format as well.

>>> check_site_url("https://example.org/guide/")
'https://example.org/guide/'
>>> check_site_url("javascript:alert(1)//")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
tools.site_url.SiteURLError: SITE_URL must be ...; got 'javascript:alert(1)//' (it must start ...)
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from urllib.parse import urlsplit

__all__ = [
    "DEFAULT", "HOSTING_VARIABLES", "SiteURLError", "check_site_url", "is_local_url", "site_url",
]

#: Where ``make serve`` shows the site: the one default of ``SITE_URL``, imported by
#: conf.py, the extensions, the tools and the tests.
DEFAULT = "http://127.0.0.1:8000/"
_PORT = re.compile(r":[0-9]+$")
_HOST = re.compile(r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.?)+|\[[0-9A-Fa-f:.]+\]")


class SiteURLError(ValueError):
    """``SITE_URL`` is not an absolute http(s) address ending in ``/``."""


def _problem(value: str) -> str | None:
    """What is wrong with *value* as the site's address, or None."""
    if not value:
        return "it is empty"
    if any(char.isspace() or ord(char) < 32 or ord(char) == 127 for char in value):
        return "it contains a space, a line break or a control character"
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https") or not value.lower().startswith(
        (f"{parts.scheme.lower()}://",)
    ):
        return "it must start with http:// or https://"
    if "@" in parts.netloc:
        return "it must not contain a user name or password"
    host, _, port = (
        parts.netloc.rpartition(":") if _PORT.search(parts.netloc) else (parts.netloc, "", "")
    )
    if not _HOST.fullmatch(host):
        return "it has no valid host name"
    if port and not 1 <= int(port) <= 65535:
        return "its port is not a number from 1 to 65535"
    if parts.query or parts.fragment or "?" in value or "#" in value:
        return "it must not contain a query (?) or a fragment (#)"
    if not value.endswith("/"):
        return "it must end with '/'"
    return None


def check_site_url(value: str) -> str:
    """Return *value* if it is a valid site address; raise :class:`SiteURLError` otherwise."""
    problem = _problem(value)
    if problem:
        raise SiteURLError(
            "SITE_URL must be an absolute http:// or https:// address ending in '/', "
            f"such as https://example.org/guide/; got {value!r} ({problem})"
        )
    return value


#: Where the hosting service names the address it serves the build at, when
#: ``SITE_URL`` is not set (Read the Docs sets it for every build, e.g.
#: ``https://project.readthedocs.io/en/latest/``).
HOSTING_VARIABLES = ("READTHEDOCS_CANONICAL_URL",)


def site_url(environ: Mapping[str, str] = os.environ) -> str:
    """The checked site address: ``SITE_URL``, else the hosting service's canonical
    address (:data:`HOSTING_VARIABLES`), else :data:`DEFAULT`.

    >>> site_url({})
    'http://127.0.0.1:8000/'
    >>> site_url({"READTHEDOCS_CANONICAL_URL": "https://guide.readthedocs.io/en/latest/"})
    'https://guide.readthedocs.io/en/latest/'
    >>> site_url({"SITE_URL": "https://example.org"})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    tools.site_url.SiteURLError: SITE_URL must be ... 'https://example.org' (it must end with '/')
    """
    if "SITE_URL" in environ:  # set, even empty: the writer meant it
        return check_site_url(environ["SITE_URL"])
    hosted = [environ[name] for name in HOSTING_VARIABLES if environ.get(name)]
    return check_site_url(hosted[0]) if hosted else DEFAULT


def is_local_url(url: str) -> bool:
    """True when *url* points at this machine (a loopback address), not at a public site.

    A local address is never printed (QR code, page addresses on paper): a reader
    holding the handout could not open it.

    >>> is_local_url("http://127.0.0.1:8000/"), is_local_url("http://localhost/de/")
    (True, True)
    >>> is_local_url("http://[::1]:8000/"), is_local_url("https://guide.example.org/")
    (True, False)
    """
    from ipaddress import ip_address

    host = (urlsplit(url).hostname or "").lower()
    if host == "localhost" or host.endswith(".localhost") or not host:
        return True
    try:
        return ip_address(host).is_loopback
    except ValueError:
        return False
