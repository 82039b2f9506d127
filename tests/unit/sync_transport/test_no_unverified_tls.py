"""CI grep: nothing in fieldcm/ switches TLS verification off (SECURITY.md N1)."""

from __future__ import annotations

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[3] / "fieldcm"
FORBIDDEN = re.compile(
    r"verify\s*=\s*False"
    r"|CERT_NONE"
    r"|check_hostname\s*=\s*False"
    r"|_create_unverified_context"
    r"|assert_hostname\s*=\s*False"
    r"|disable_warnings\s*\("
)


def offences(root: Path) -> list[str]:
    found = []
    for path in sorted(root.rglob("*")):
        if path.suffix not in {".py", ".toml", ".cfg", ".ini", ".json", ".yaml", ".yml"}:
            continue
        for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
            if FORBIDDEN.search(line):
                found.append(f"{path}:{number}: {line.strip()}")
    return found


def test_the_pattern_catches_the_ways_verification_is_switched_off(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text(
        "requests.get(url, verify = False)\n"
        "session.verify=False\n"
        "ctx.verify_mode = ssl.CERT_NONE\n"
        "ctx.check_hostname = False\n"
        "ssl._create_unverified_context()\n"
        "fine = verify_mode == ssl.CERT_REQUIRED\n"
    )

    assert len(offences(tmp_path)) == 5


def test_fieldcm_never_switches_tls_verification_off() -> None:
    assert PACKAGE.is_dir()
    assert offences(PACKAGE) == []
