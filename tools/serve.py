"""Serve the site on 127.0.0.1, as a static host would, or as a live preview.

A missing URL gets the 404 page of its language (``/de/…`` → ``/de/404.html``),
and every response carries the security headers the site is built to satisfy
(the Content-Security-Policy of ``tools/site_facts.py``), so a local check sees what
production will.

``--live`` (what ``make serve`` runs) is the writers' preview: it builds both
languages, serves them, watches ``docs/``, ``locale/``, ``messaging_rules/`` and
``conf.py``, and on every save rebuilds what changed, English and German side by
side (:class:`LivePreview`).  Each HTML page it sends loads ``/_live/reload.js``,
which reloads the page when a rebuild has finished.  The PDFs are rendered after
the HTML, in the background at low priority, and never delay it: until a PDF is
current, the previous one is served.

Usage: ``python -m tools.serve [--live [--no-pdf]] [--port 8000 | --any-port]
[--directory DIR] [--check-port]``
(``--check-port`` only validates the port, so ``make serve`` can refuse a wrong one
before it builds anything; ``--any-port`` lets the system pick a free one, for tests).
"""

from __future__ import annotations

import argparse
import functools
import os
import signal
import socket
import sys
import threading
import time
from collections.abc import Iterable
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING

from tools.site_facts import HEADERS, LANGUAGES
from tools.site_url import SiteURLError, site_url

if TYPE_CHECKING:
    from tools.pdf import Renderer

ROOT = Path(__file__).resolve().parent.parent


def not_found_page(directory: Path, path: str) -> Path:
    """The 404 page for a request path: the one of the path's language, also below a
    path prefix (``/guide/de/…``, ``/en/latest/de/…``); English when none is found.

    The language is the first path segment naming one whose folder has a 404 page
    (so ``/en/latest/de/…`` finds ``en/latest/de/404.html``); without any such
    page, the first segment naming a language.

    >>> not_found_page(Path("site"), "/de/nope.html").as_posix()
    'site/de/404.html'
    >>> not_found_page(Path("site"), "/guide/de/no/such.html?q=1").as_posix()
    'site/guide/de/404.html'
    >>> not_found_page(Path("site"), "/missing").as_posix()
    'site/en/404.html'
    """
    parts = [part for part in path.split("?", 1)[0].split("#", 1)[0].split("/") if part]
    candidates = [
        directory.joinpath(*parts[:at], part, "404.html")
        for at, part in enumerate(parts)
        if part in LANGUAGES
    ]
    existing = [page for page in candidates if page.is_file()]
    return (existing or candidates or [directory / "en" / "404.html"])[0]


#: Loaded by every page of the live preview (allowed by the CSP: same origin).  It
#: asks for the build number twice a second and reloads the page when it changes.
RELOAD_JS = """// Live preview: reload this page when the site has been rebuilt.
(function () {
  var seen = null;
  function poll() {
    fetch("/_live/version", { cache: "no-store" })
      .then(function (response) { return response.text(); })
      .then(function (version) {
        if (seen === null) { seen = version; } else if (version !== seen) { location.reload(); }
      })
      .catch(function () {})
      .then(function () { setTimeout(poll, 500); });
  }
  poll();
})();
"""
RELOAD_TAG = b'<script src="/_live/reload.js"></script>'


def inject_reload(page: bytes) -> bytes:
    """Add the live-reload script to an HTML page, just before ``</body>``.

    >>> inject_reload(b"<body><p>x</p></body>")
    b'<body><p>x</p><script src="/_live/reload.js"></script></body>'
    """
    at = page.rfind(b"</body>")
    return page + RELOAD_TAG if at < 0 else page[:at] + RELOAD_TAG + page[at:]


class Handler(SimpleHTTPRequestHandler):
    """Static files with the site's security headers and language-aware 404s.

    On a live server (``server.live`` set) HTML pages also load the reload script,
    ``/_live/version`` answers with the build number, and nothing is cached.
    """

    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".js": "text/javascript"}

    def end_headers(self) -> None:
        for name, value in HEADERS.items():
            self.send_header(name, value)
        if getattr(self.server, "live", None) is not None:
            self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def _send(self, body: bytes, content_type: str) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _live_get(self) -> bool:
        """Answer the live preview's own URLs and its HTML pages; False for the rest."""
        live = getattr(self.server, "live", None)
        if live is None:
            return False
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if path == "/_live/version":
            self._send(str(live.version).encode(), "text/plain; charset=utf-8")
            return True
        if path == "/_live/reload.js":
            self._send(RELOAD_JS.encode(), "text/javascript")
            return True
        file = Path(self.translate_path(path))
        if file.is_dir():
            file = file / "index.html"
        if file.suffix != ".html" or not file.is_file():
            return False
        try:
            page = file.read_bytes()
        except OSError:
            return False
        self._send(inject_reload(page), "text/html; charset=utf-8")
        return True

    def do_GET(self) -> None:
        if not self._live_get():
            super().do_GET()

    def do_HEAD(self) -> None:
        if not self._live_get():
            super().do_HEAD()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
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

    def handle_error(
        self, request: socket.socket | tuple[bytes, socket.socket], client_address: object
    ) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def make_server(
    directory: Path, port: int = 8000, quiet: bool = False, live: LivePreview | None = None
) -> ThreadingHTTPServer:
    """Create (but do not start) the server; port 0 picks a free port."""
    handler = functools.partial(Handler, directory=str(directory))
    server = Server(("127.0.0.1", port), handler)
    server.quiet = quiet  # type: ignore[attr-defined]
    server.live = live  # type: ignore[attr-defined]
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


# -- the live preview ----------------------------------------------------------------

#: What a writer edits; a save anywhere in these starts a rebuild.
WATCHED = ("docs", "locale", "messaging_rules", "conf.py")
#: What the live preview needs of a checkout (no build output, no .venv).
SOURCES = (*WATCHED, "tools", "examples")


def copy_sources(target: Path, root: Path = ROOT) -> Path:
    """Copy what the live preview needs into *target*, for trials (the tests, the
    benchmark) that edit pages without touching the checkout; returns *target*."""
    import shutil

    build_output = shutil.ignore_patterns("_build", "__pycache__", "*.mo", ".*")
    package_files = shutil.ignore_patterns("_build", "__pycache__", ".*")

    def skip(folder: str, names: list[str]) -> set[str]:
        # The pages' .mo files are build output, but the package's compiled catalog
        # is what it reads its German from (messaging_rules/i18n.py): keep that one.
        package_catalog = Path(folder).parts[-4:-2] == ("messaging_rules", "locale")
        return (package_files if package_catalog else build_output)(folder, names)

    target.mkdir(parents=True, exist_ok=True)
    for name in SOURCES:
        if (root / name).is_dir():
            shutil.copytree(root / name, target / name, ignore=skip)
        else:
            shutil.copy2(root / name, target / name)
    return target


def snapshot(root: Path, names: Iterable[str] = WATCHED) -> dict[str, int]:
    """Modification times of the watched source files (no build output, no editor
    back-ups or lock files)."""
    found: dict[str, int] = {}
    for name in names:
        top = root / name
        for path in [top] if top.is_file() else top.rglob("*"):
            if (
                path.suffix in {".mo", ".pyc", ".swp", ".tmp"} or path.name.endswith("~")
                or path.name.startswith((".#", "#")) or "__pycache__" in path.parts
                or not path.is_file()
            ):  # fmt: skip
                continue
            try:
                found[str(path)] = path.stat().st_mtime_ns
            except FileNotFoundError:  # removed while we looked
                continue
    return found


def changed_files(before: dict[str, int], after: dict[str, int]) -> list[str]:
    """The files added, removed or modified between two snapshots.

    >>> changed_files({"a": 1, "b": 2}, {"a": 1, "b": 3, "c": 1})
    ['b', 'c']
    """
    return sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))


class LivePreview:
    """Build both languages, rebuild on every save, render the PDFs in the background.

    ``version`` counts finished builds; the pages' reload script watches it.
    """

    def __init__(self, pdf: bool = True, interval: float = 0.3) -> None:
        from tools import site

        self.site, self.pdf, self.interval = site, pdf, interval
        self.base = site_url()  # checked when main() starts
        self.version = 0
        self._pdf_lock = threading.Lock()
        self._sphinx = threading.Lock()
        self._pdf_running = False
        self._pdf_again = False
        self._renderer: Renderer | None = None
        self._closing = False

    def rebuild(self) -> bool:
        """Build the HTML of both languages side by side and finish the site with the
        PDFs at hand; True when both built.

        The print HTML is left to the PDF round (:meth:`_pdf_round`), so assembling
        the whole guide never delays the pages.
        """
        started = time.monotonic()
        with self._sphinx:
            ok = self.site.build(list(self.site.LANGUAGES))
        if (self.site.SITE / "en" / "404.html").exists():
            self.site.finish(self.base)
        self.version += 1
        state = "updated" if ok else "NOT updated: fix the error above and save again"
        print(f"[live] both languages {state} after {time.monotonic() - started:.1f} s",
              flush=True)  # fmt: skip
        if ok and self.pdf:
            self.render_pdfs()
        return ok

    def render_pdfs(self) -> None:
        """Bring the PDFs up to date in the background; one round at a time, and one
        more round if the sources changed meanwhile."""
        with self._pdf_lock:
            if self._pdf_running:
                self._pdf_again = True
                return
            self._pdf_running = True
        threading.Thread(target=self._pdf_round, daemon=True).start()

    def _pdf_round(self) -> None:
        from tools.pdf import Renderer

        while not self._closing:
            try:
                renderer = self._renderer
                if renderer is None:
                    renderer = self._renderer = Renderer(self.site.PDF, nice=10)
                # Sphinx has nothing to read now; it only writes the print HTML.  One
                # Sphinx per language at a time: a save meanwhile waits for this.
                with self._sphinx:
                    printed = self.site.build(
                        list(self.site.LANGUAGES), print_dir=self.site.PRINT_HTML, quiet=True,
                        on_done=functools.partial(
                            renderer.submit, print_dir=self.site.PRINT_HTML),
                    )  # fmt: skip
                ok = renderer.wait() and printed
            except RuntimeError as error:  # the pool was shut down or broke
                if not self._closing:
                    print(f"[live] error: the PDFs stopped: {error}", flush=True)
                return
            if ok and not self._closing and self.site.finish(self.base):
                self.version += 1
                print("[live] PDFs updated", flush=True)
            with self._pdf_lock:
                if not self._pdf_again:
                    self._pdf_running = False
                    return
                self._pdf_again = False

    def watch(self, stop: threading.Event, root: Path = ROOT) -> None:
        """Rebuild whenever a watched file changes, until *stop* is set."""
        before = snapshot(root)
        while not stop.wait(self.interval):
            after = snapshot(root)
            changed = changed_files(before, after)
            if not changed:
                continue
            # Editors save in several steps: wait until the files stand still.
            while not stop.wait(0.1):
                settled = snapshot(root)
                if settled == after:
                    break
                after = settled
            changed = changed_files(before, after)
            before = after
            shown = ", ".join(os.path.relpath(path, root) for path in changed[:3])
            more = f" and {len(changed) - 3} more" if len(changed) > 3 else ""
            print(f"[live] changed: {shown}{more}; rebuilding …", flush=True)
            self.rebuild()

    def close(self) -> None:
        """Stop the PDF workers and any Sphinx still running: nothing writes after."""
        self._closing = True
        if self._renderer is not None:
            self._renderer.close(now=True)
        self.site.stop_builds()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=port_number, default=8000)
    parser.add_argument("--any-port", action="store_true", help="let the system pick a free port")
    parser.add_argument("--directory", type=Path, default=ROOT / "_build" / "site")
    parser.add_argument("--check-port", action="store_true", help="only validate --port")
    parser.add_argument("--live", action="store_true", help="build, watch and rebuild on save")
    parser.add_argument("--no-pdf", action="store_true", help="live: leave the PDFs alone")
    parser.add_argument("--stop-after", type=float, help="stop by itself after SECONDS")
    args = parser.parse_args(argv)
    if args.check_port:
        return 0
    if args.any_port:
        args.port = 0
    if args.live:
        try:
            site_url()
        except SiteURLError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
    live = LivePreview(pdf=not args.no_pdf) if args.live else None
    if live is None and not (args.directory / "index.html").exists():
        print(f"error: {args.directory} has no site yet; run 'make site' first", file=sys.stderr)
        return 1
    if live is not None:
        args.directory = live.site.SITE
        args.directory.mkdir(parents=True, exist_ok=True)
    try:
        server = make_server(args.directory, args.port, live=live)
    except OSError as error:
        print(f"error: cannot listen on 127.0.0.1:{args.port}: {error.strerror}", file=sys.stderr)
        return 1
    stop = threading.Event()
    # A polite kill (SIGTERM) stops the preview as Ctrl-C does, workers and all.
    signal.signal(signal.SIGTERM, _interrupt)
    if args.stop_after:
        timer = threading.Timer(args.stop_after, server.shutdown)
        timer.daemon = True
        timer.start()
    try:
        if live is not None:
            print("[live] building English and German …", flush=True)
            live.rebuild()
            watcher = threading.Thread(target=live.watch, args=(stop,), daemon=True)
            watcher.start()
        port = server.server_address[1]
        what = "live preview of both languages" if live else str(args.directory)
        print(f"Serving {what} at http://127.0.0.1:{port}/ (Ctrl-C stops)", flush=True)
        server.serve_forever()
    except KeyboardInterrupt:
        print("\nstopped")
    finally:
        stop.set()
        server.server_close()
        if live is not None:
            live.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
