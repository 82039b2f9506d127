"""The layer rule of DESIGN.md, checked from the imports and in fresh interpreters."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "fieldcm"

# layer -> layers of ours it must not import
FORBIDDEN_OURS = {
    "domain": {"services", "store", "sync", "server", "ui"},
    "services": {"server", "ui"},
    "store": {"services", "sync", "server", "ui"},
    "sync": {"services", "server", "ui"},
    "server": {"services", "store", "ui"},
}
# layer -> third-party packages it must not import
FORBIDDEN_THIRD = {
    "domain": {"PySide6", "sqlalchemy", "requests", "fastapi", "sqlcipher3", "pydantic"},
    "services": {"PySide6"},
    "store": {"PySide6", "fastapi", "requests"},
    "sync": {"PySide6", "fastapi"},
    "server": {"PySide6", "sqlcipher3", "requests"},
}


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


def test_no_module_imports_across_the_layer_rule() -> None:
    broken = []
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE).parts
        if len(parts) < 2 or parts[0] not in FORBIDDEN_OURS:
            continue
        layer = parts[0]
        for lineno, name in _imports(path):
            bits = name.split(".")
            if bits[0] == "fieldcm" and len(bits) > 1 and bits[1] in FORBIDDEN_OURS[layer]:
                broken.append(f"{path}:{lineno} imports {name}")
            if bits[0] in FORBIDDEN_THIRD[layer]:
                broken.append(f"{path}:{lineno} imports {name}")
    assert broken == []


def test_nothing_imports_ui() -> None:
    offenders = [
        f"{path}:{lineno}"
        for path in PACKAGE.rglob("*.py")
        if path.relative_to(PACKAGE).parts[0] not in {"ui", "app.py", "cli.py"}
        for lineno, name in _imports(path)
        if name == "fieldcm.ui" or name.startswith("fieldcm.ui.")
    ]
    assert offenders == []


def _loaded_after_import(modules: list[str]) -> set[str]:
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in modules)
        + "print('\\n'.join(sorted({n.split('.')[0] for n in sys.modules} | "
        "{n for n in sys.modules if n.startswith('fieldcm.')})))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    ).stdout
    return set(out.split())


def _core_modules(layer: str) -> list[str]:
    root = PACKAGE / layer
    return [
        "fieldcm." + ".".join(p.relative_to(PACKAGE).with_suffix("").parts)
        for p in sorted(root.rglob("*.py"))
        if "migrations" not in p.parts and p.name != "__main__.py"
    ]


@pytest.mark.parametrize("layer", ["domain", "store", "sync", "server"])
def test_core_layers_run_without_qt(layer: str) -> None:
    loaded = _loaded_after_import(_core_modules(layer))
    assert "PySide6" not in loaded


def test_server_never_loads_the_local_store() -> None:
    loaded = _loaded_after_import(_core_modules("server"))
    assert not {n for n in loaded if n.startswith("fieldcm.store")}
    assert "sqlcipher3" not in loaded


def test_client_core_never_loads_fastapi() -> None:
    loaded = _loaded_after_import(_core_modules("store") + _core_modules("sync"))
    assert "fastapi" not in loaded
