"""How this project starts Debian's Chromium: the browser tests and the benchmark.

Never a downloaded browser: Playwright drives ``/usr/bin/chromium`` (installed by
``.ci/run``) with the flags that keep it off the network, so a page that asks for
another host fails to resolve it, and the tests still see the request.
"""

from __future__ import annotations

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # Any host but the local server fails to resolve; the tests still see the request.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
