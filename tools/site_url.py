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
    "DEFAULT",
    "HOSTING_VARIABLES",
    "SiteURLError",
    "check_site_url",
    "is_local_url",
    "site_url",
]

#: Where ``make serve`` shows the site: the one default of ``SITE_URL``, imported by
#: conf.py, the extensions, the tools and the tests.
DEFAULT = "http://127.0.0.1:8000/"
#: What a host name label may hold (letters, digits, hyphens; RFC 1123).
_LABEL = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-")
#: What a URL path may hold besides ``%XX`` escapes: RFC 3986's unreserved
#: characters, its sub-delimiters but the quote ``'``, ``:``, ``@`` and ``/``.
_PATH = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&()*+,;=:@/%"
)
_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


class SiteURLError(ValueError):
    """``SITE_URL`` is not an absolute http(s) address ending in ``/``."""


def _host_problem(host: str) -> str | None:
    """What is wrong with *host* as a DNS name, checked in linear time.

    >>> _host_problem("messaging-guide.example-company.de;"), _host_problem("[::1]")
    ('it has no valid host name', 'it has an IP version 6 address; give a host name')
    """
    if host.startswith("["):
        return "it has an IP version 6 address; give a host name"
    labels = host[:-1].split(".") if host.endswith(".") else host.split(".")
    if not host or len(host) > 253:
        return "it has no valid host name"
    for label in labels:
        if not 1 <= len(label) <= 63 or label[0] == "-" or label[-1] == "-":
            return "it has no valid host name"
        if not set(label) <= _LABEL:
            return "it has no valid host name"
    return None


def _problem(value: str) -> str | None:
    """What is wrong with *value* as the site's address, or None.

    The address is split by :func:`urllib.parse.urlsplit` and every part checked
    with plain string tests: no regular expression that could backtrack.
    """
    if not value:
        return "it is empty"
    if any(char.isspace() or ord(char) < 32 or ord(char) == 127 for char in value):
        return "it contains a space, a line break or a control character"
    try:
        parts = urlsplit(value)
    except ValueError:  # "Invalid IPv6 URL": an unbalanced or bad [ ]
        return _host_problem("[")
    if parts.scheme.lower() not in ("http", "https") or not value.lower().startswith(
        (f"{parts.scheme.lower()}://",)
    ):
        return "it must start with http:// or https://"
    if "@" in parts.netloc:
        return "it must not contain a user name or password"
    if parts.query or parts.fragment or "?" in value or "#" in value:
        return "it must not contain a query (?) or a fragment (#)"
    host, colon, port = parts.netloc.rpartition(":")
    if not colon or host.startswith("[") and not host.endswith("]"):
        host, port = parts.netloc, ""
    if host.startswith("[") or "[" in parts.netloc or "]" in parts.netloc:
        return _host_problem("[")
    problem = _host_problem(host)
    if problem:
        return problem
    if colon and host != parts.netloc and not (port.isascii() and port.isdigit()):
        return "its port is not a number from 1 to 65535"
    if port and not 1 <= int(port) <= 65535:
        return "its port is not a number from 1 to 65535"
    if not set(parts.path) <= _PATH or _PERCENT.search(parts.path):
        return "its path has a character a URL does not allow there (such as \" < > ' or \\)"
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
