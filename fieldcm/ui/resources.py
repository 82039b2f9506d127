"""Where the style sheet and the translations live: the source tree, or the installed bundle.

``resources/`` sits next to the package in a checkout and inside the PyInstaller bundle
(``build_installer.spec`` copies it); ``FIELDCM_RESOURCES`` overrides both.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)

LANGUAGES = ("en", "es")


def resources_dir() -> Path:
    override = os.environ.get("FIELDCM_RESOURCES")
    if override:
        return Path(override)
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle is not None:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def style_sheet() -> str:
    path = resources_dir() / "style" / "fieldcm.qss"
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        log.warning("style sheet missing: %s", path)
        return ""


def pick_language(requested: str | None = None) -> str:
    """``requested`` if supported, else the system's language when supported, else English."""
    for candidate in (requested, QLocale.system().name().split("_")[0]):
        if candidate in LANGUAGES:
            return candidate
    return "en"


def install_translator(
    app: QCoreApplication, language: str, folder: Path | None = None
) -> QTranslator | None:
    """Load ``fieldcm_<language>.qm`` (compiled from the ``.ts`` at build time).

    Returns the translator (keep a reference) or ``None`` for English or a missing file,
    in which case the English source strings show.
    """
    QLocale.setDefault(QLocale(language))
    if language == "en":
        return None
    translator = QTranslator(app)
    folder = folder or resources_dir() / "translations"
    if not translator.load(f"fieldcm_{language}", str(folder)):
        log.warning(
            "no compiled translation for %s in %s (run the .qm build step)", language, folder
        )
        return None
    app.installTranslator(translator)
    return translator


def apply_style(app: QApplication) -> None:
    app.setStyleSheet(style_sheet())
