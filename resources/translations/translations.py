"""Keep the translations in step with the code, and compile them for Qt.

    python resources/translations/translations.py update    # re-extract strings into the .ts
    python resources/translations/translations.py build     # .ts -> .qm (build time, CI, spec)

``update`` runs ``pyside6-lupdate`` over ``fieldcm/ui`` and ``fieldcm/app.py`` (existing
translations are kept), then files the strings of module-level ``tr()`` helpers under the
context they use at run time (lupdate cannot see it), and copies the strings of a base
class to each subclass (PySide's ``self.tr`` looks them up under the subclass's name).
Translate new entries with Qt Linguist (``pyside6-linguist``) or by hand in the .ts.

``build`` runs ``pyside6-lrelease`` and writes ``fieldcm_<lang>.qm`` next to the sources
(or into ``--out``). The .qm files are build products: the app falls back to English,
with a warning in its log, when one is missing.
"""

from __future__ import annotations

import argparse
import copy
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
LANGUAGES = ("es",)
MODULE_CONTEXTS = {
    "messages.py": "Messages",
    "note_texts.py": "NoteTexts",
    "conflicts_model.py": "Conflicts",
    "safety_plan_model.py": "SafetyPlan",
}
# every other module-level tr() is "Formatting"
SUBCLASSES = {"_PassphraseDialog": ("SignDialog", "AddendumDialog")}


def _tool(name: str) -> str:
    beside_python = Path(sys.executable).with_name(name)
    found = str(beside_python) if beside_python.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found: install PySide6 into this environment")
    return found


def ts_files() -> list[Path]:
    return [HERE / f"fieldcm_{lang}.ts" for lang in LANGUAGES]


def build(out: Path = HERE) -> list[Path]:
    """Compile every .ts into ``out``; returns the .qm files written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for ts in ts_files():
        qm = out / ts.with_suffix(".qm").name
        # Our own tool on our own files: no untrusted input reaches the command line.
        command = [_tool("pyside6-lrelease"), str(ts), "-qm", str(qm)]
        subprocess.run(command, check=True, capture_output=True)  # noqa: S603
        written.append(qm)
    return written


def _context(root: ET.Element, name: str) -> ET.Element:
    for context in root.findall("context"):
        if context.findtext("name") == name:
            return context
    context = ET.SubElement(root, "context")
    ET.SubElement(context, "name").text = name
    return context


def _refile(root: ET.Element) -> None:
    for context in list(root.findall("context")):
        name = context.findtext("name") or ""
        if name == "":
            for message in context.findall("message"):
                location = message.find("location")
                filename = Path(location.get("filename", "")).name if location is not None else ""
                target = MODULE_CONTEXTS.get(filename, "Formatting")
                _context(root, target).append(message)
            root.remove(context)
        elif name in SUBCLASSES:
            for subclass in SUBCLASSES[name]:
                target = _context(root, subclass)
                known = {m.findtext("source") for m in target.findall("message")}
                for message in context.findall("message"):
                    if message.findtext("source") not in known:
                        target.append(copy.deepcopy(message))


def _known_translations(ts: Path) -> dict[tuple[str, str], str]:
    """(context, source) -> translation of every finished entry of ``ts``."""
    if not ts.exists():
        return {}
    known = {}
    for context in ET.parse(ts).getroot().findall("context"):  # noqa: S314 (our own file)
        name = context.findtext("name") or ""
        for message in context.findall("message"):
            translation = message.find("translation")
            if translation is not None and translation.text and not translation.get("type"):
                known[(name, message.findtext("source") or "")] = translation.text
    return known


def _restore(root: ET.Element, known: dict[tuple[str, str], str]) -> None:
    """Give back translations lupdate dropped because it filed them under context ""."""
    for context in root.findall("context"):
        name = context.findtext("name") or ""
        for message in context.findall("message"):
            translation = message.find("translation")
            text = known.get((name, message.findtext("source") or ""))
            if translation is not None and text and translation.get("type") == "unfinished":
                translation.text = text
                del translation.attrib["type"]


def update() -> None:
    sources = sorted(str(p) for p in (ROOT / "fieldcm" / "ui").glob("*.py"))
    sources.append(str(ROOT / "fieldcm" / "app.py"))
    for ts in ts_files():
        known = _known_translations(ts)
        lang = ts.stem.split("_")[-1]
        command = [_tool("pyside6-lupdate"), *sources, "-ts", str(ts), "-target-language", lang,
                   "-no-obsolete"]  # fmt: skip
        subprocess.run(command, check=True, capture_output=True)  # noqa: S603 (see build)
        tree = ET.parse(ts)  # noqa: S314 (the repository's own .ts file)
        _refile(tree.getroot())
        _restore(tree.getroot(), known)
        ET.indent(tree)
        tree.write(ts, encoding="utf-8", xml_declaration=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("update", "build"))
    parser.add_argument("--out", type=Path, default=HERE)
    args = parser.parse_args()
    if args.command == "update":
        update()
    else:
        for qm in build(args.out):
            print(qm)
    return 0


if __name__ == "__main__":
    sys.exit(main())
