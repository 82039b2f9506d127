"""The domain layer imports no framework and nothing else of ours (DESIGN.md layer rule)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import fieldcm.domain

FORBIDDEN = ("PySide6", "sqlalchemy", "sqlcipher3", "requests", "fastapi", "pydantic", "uvicorn")


def test_importing_every_domain_module_loads_no_framework_or_other_layer() -> None:
    modules = [m.name for m in pkgutil.iter_modules(fieldcm.domain.__path__, "fieldcm.domain.")]
    assert len(modules) > 10
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print('\\n'.join(sorted(sys.modules)))\n"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", script], check=True, capture_output=True, text=True
    ).stdout.split()
    for name in loaded:
        assert name.split(".")[0] not in FORBIDDEN, name
        if name.startswith("fieldcm."):
            assert name.startswith("fieldcm.domain"), name
