"""The PyInstaller bundle builds and passes its own self-check (issue 5, item 9).

Builds ``build_installer.spec`` into a temporary folder (about a minute here) and runs the
built app's ``--self-check``: it opens a temporary encrypted store through the bundled
SQLCipher and migrations, renders the main window offscreen, and exits 0. The bundle is the
client only: nothing of the server or the test tools may travel in it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVER_ONLY = ("fastapi", "uvicorn", "psycopg", "pytest", "schemathesis")

pytestmark = pytest.mark.installer


def _pyinstaller() -> Path:
    found = Path(sys.executable).with_name("pyinstaller")
    if not found.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("PyInstaller is missing from the dev environment")
        pytest.skip("PyInstaller is not installed (pip install -e '.[dev]')")
    return found


@pytest.mark.timeout(900)
def test_the_bundle_builds_and_passes_its_self_check(tmp_path: Path) -> None:
    dist, work = tmp_path / "dist", tmp_path / "build"
    command = [str(_pyinstaller()), str(ROOT / "build_installer.spec"), "--noconfirm"]
    command += ["--distpath", str(dist), "--workpath", str(work)]
    built = subprocess.run(
        command, check=False, cwd=ROOT, capture_output=True, text=True, timeout=840
    )
    assert built.returncode == 0, built.stderr[-4000:]

    app = dist / "fieldcm" / "fieldcm"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path)}
    checked = subprocess.run(
        [str(app), "--self-check"],
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "self-check: ok" in checked.stdout

    bundled = {p.name.lower() for p in (dist / "fieldcm" / "_internal").iterdir()}
    assert not [name for name in bundled if name.startswith(SERVER_ONLY)], sorted(bundled)
