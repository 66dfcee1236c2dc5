"""Serve the built site on 127.0.0.1, as a static host would.

A missing URL gets the 404 page of its language (``/de/…`` → ``/de/404.html``),
and every response carries the Content-Security-Policy the site is built to
satisfy, so a local check sees what production will.

Usage: ``python -m tools.serve [--port 8000] [--directory _build/site] [--check-port]``
(``--check-port`` only validates the port, so ``make serve`` can refuse a wrong one
before it builds the site).
"""

from __future__ import annotations

import argparse
import base64
import functools
import hashlib
import sys
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The one inline script the pages keep (docs/_templates/base.html): it sets the colour
# theme before the page is painted, so it cannot wait for a file.  The policy allows
# exactly this text by its hash; the browser tests fail if the two drift apart.
THEME_SCRIPT = 'document.body.dataset.theme = localStorage.getItem("theme") || "auto";'


def script_hash(text: str) -> str:
    """The CSP source expression that allows one inline script.

    >>> script_hash("alert(1)")
    "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"
    """
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


CSP = (
    f"default-src 'self'; script-src 'self' {script_hash(THEME_SCRIPT)}; style-src 'self'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


def not_found_page(directory: Path, path: str) -> Path:
    """The 404 page for a request path: the one of the path's language.

    >>> not_found_page(Path("site"), "/de/nope.html").as_posix()
    'site/de/404.html'
    >>> not_found_page(Path("site"), "/missing").as_posix()
    'site/en/404.html'
    """
    language = path.lstrip("/").split("/", 1)[0]
    return directory / (language if language in ("en", "de") else "en") / "404.html"


class Handler(SimpleHTTPRequestHandler):
    """Static files with the site's security headers and language-aware 404s."""

    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".js": "text/javascript"}

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", CSP)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        super().end_headers()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None):
        page = not_found_page(Path(self.directory), self.path)
        if code != HTTPStatus.NOT_FOUND or not page.exists():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(code)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        if not getattr(self.server, "quiet", False):
            super().log_message(format, *args)


class Server(ThreadingHTTPServer):
    """A threading server that does not print a traceback when a browser hangs up."""

    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def make_server(directory: Path, port: int = 8000, quiet: bool = False) -> ThreadingHTTPServer:
    """Create (but do not start) the server; port 0 picks a free port."""
    handler = functools.partial(Handler, directory=str(directory))
    server = Server(("127.0.0.1", port), handler)
    server.quiet = quiet  # type: ignore[attr-defined]
    return server


def port_number(text: str) -> int:
    """Parse a TCP port for the command line: a whole number from 1 to 65535.

    >>> port_number("8000")
    8000
    >>> port_number("99999")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: port 99999 is out of range: use a number from 1 to 65535
    """
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"port {text!r} is not a number: use a number from 1 to 65535"
        ) from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(
            f"port {port} is out of range: use a number from 1 to 65535"
        )
    return port


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=port_number, default=8000)
    parser.add_argument("--directory", type=Path, default=ROOT / "_build" / "site")
    parser.add_argument("--check-port", action="store_true", help="only validate --port")
    args = parser.parse_args(argv)
    if args.check_port:
        return 0
    if not (args.directory / "index.html").exists():
        print(f"error: {args.directory} has no site yet; run 'make site' first", file=sys.stderr)
        return 1
    try:
        server = make_server(args.directory, args.port)
    except OSError as error:
        print(f"error: cannot listen on 127.0.0.1:{args.port}: {error.strerror}", file=sys.stderr)
        return 1
    print(f"Serving {args.directory} at http://127.0.0.1:{args.port}/ (Ctrl-C stops)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("\nstopped")
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
