"""The client's one-page copy of the safety plan, as a PDF or on a printer, offline.

One page, plain large type, every step in order with its items and phone numbers, the
crisis line and the local emergency department (DOMAIN.md D4: "printable as one page").
The language is chosen at print time, so a Spanish-speaking client gets a Spanish copy from
an English-speaking worker: the printed labels come from :data:`LABELS`, not from the app's
translator. The client's own words are printed as they wrote them.

A long plan is set in smaller type, down to :data:`FLOOR_PT`; if it still does not fit,
nothing is printed and :class:`PlanTooLong` says so (a second page gets lost or left behind).
Everything a person typed is escaped before it becomes part of the page (SECURITY.md M2).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Final

from PySide6.QtCore import QDate, QLocale, QMarginsF, QRectF
from PySide6.QtGui import (
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)

from fieldcm.domain.safety_plan import SafetyPlan, Section, printable

START_PT: Final = 16.0
FLOOR_PT: Final = 8.5
STEP_PT: Final = 0.5
DEFAULT_CRISIS_LINE: Final = "988 Suicide & Crisis Lifeline: call or text 988"
"""The protocol's default crisis line text; replaced by the print language's own words."""

LABELS: Final[dict[str, dict[str, str]]] = {
    "en": {
        "title": "My Safety Plan",
        "for": "For {name}",
        "updated": "Printed {date}",
        "reviewed": "Last reviewed {date}",
        "ed": "Nearest emergency department: {address}",
        "emergency": (
            "If I am in danger right now: call or text 988, or go to the emergency department."
        ),
        "blank": "________________________________",
        "crisis": "988 Suicide & Crisis Lifeline: call or text 988",
        "kept": "I keep this plan: {where}",
    },
    "es": {
        "title": "Mi plan de seguridad",
        "for": "Para {name}",
        "updated": "Impreso el {date}",
        "reviewed": "Última revisión: {date}",
        "ed": "Sala de emergencias más cercana: {address}",
        "emergency": (
            "Si estoy en peligro ahora: llamo o envío un texto al 988, "
            "o voy a la sala de emergencias."
        ),
        "blank": "________________________________",
        "crisis": "Línea 988 de Prevención del Suicidio y Crisis: llame o envíe un texto al 988",
        "kept": "Guardo este plan: {where}",
    },
}

SECTION_LABELS: Final[dict[str, dict[Section, str]]] = {
    "en": {
        Section.WARNING_SIGNS: "Step 1: Warning signs that a crisis may be developing",
        Section.COPING_STRATEGIES: "Step 2: Things I can do on my own to take my mind off problems",
        Section.SOCIAL_DISTRACTIONS: "Step 3: People and places that help me feel better",
        Section.HELP_CONTACTS: "Step 4: People I can ask for help",
        Section.PROFESSIONAL_CONTACTS: "Step 5: Professionals and agencies I can call in a crisis",
        Section.ENVIRONMENT_SAFETY: "Step 6: Making my surroundings safer",
        Section.REASONS_FOR_LIVING: "What is most important to me and worth living for",
    },
    "es": {
        Section.WARNING_SIGNS: "Paso 1: Señales de alerta de que se acerca una crisis",
        Section.COPING_STRATEGIES: (
            "Paso 2: Cosas que puedo hacer por mi cuenta para distraerme de los problemas"
        ),
        Section.SOCIAL_DISTRACTIONS: "Paso 3: Personas y lugares que me ayudan a sentirme mejor",
        Section.HELP_CONTACTS: "Paso 4: Personas a quienes puedo pedir ayuda",
        Section.PROFESSIONAL_CONTACTS: (
            "Paso 5: Profesionales y agencias a quienes puedo llamar en una crisis"
        ),
        Section.ENVIRONMENT_SAFETY: "Paso 6: Cómo hacer más seguro mi entorno",
        Section.REASONS_FOR_LIVING: "Lo más importante para mí y por lo que vale la pena vivir",
    },
}

LANGUAGE_NAMES: Final = {"en": "English", "es": "Español"}


class PlanTooLong(Exception):
    """The plan does not fit one page even in the smallest type allowed."""


@dataclass(frozen=True)
class PrintedCopy:
    """What was printed: where (for a PDF), in which language and at what type size."""

    language: str
    font_pt: float
    path: Path | None = None


@dataclass(frozen=True)
class CopyContent:
    """Everything on the page, decided before any layout."""

    plan: SafetyPlan
    client_name: str
    crisis_line: str
    emergency_department: str
    printed_on: date


def _e(text: str) -> str:
    return html.escape(text, quote=True)


_DATE_FORMATS: Final = {"en": "d MMMM yyyy", "es": "d 'de' MMMM 'de' yyyy"}


def _date(value: date, language: str) -> str:
    qdate = QDate(value.year, value.month, value.day)
    return QLocale(language).toString(qdate, _DATE_FORMATS[language])


def _p(style: str, inner: str) -> str:
    """A paragraph; ``inner`` is already escaped (or fixed markup made here)."""
    return f'<p style="{style}">{inner}</p>'


def plan_html(content: CopyContent, language: str, font_pt: float, dpi: int = 96) -> str:
    """The page as HTML; every person's text is escaped (nothing they type is markup).

    Qt's HTML takes margins in pixels only (logical pixels, 96 to the inch, whatever the
    device), hence ``dpi``.
    """

    def px(points: float) -> int:
        return round(points * dpi / 72)

    labels = LABELS[language]
    crisis = content.crisis_line or labels["crisis"]
    if crisis == DEFAULT_CRISIS_LINE:
        crisis = labels["crisis"]
    plan = content.plan
    title_style = f"font-size:{font_pt * 1.55:.1f}pt; font-weight:600; margin:0"
    facts_style = f"margin-top:{px(2)}px; margin-bottom:{px(2)}px; color:#333"
    heading_style = (
        f"font-weight:600; font-size:{font_pt * 1.08:.1f}pt;"
        f" margin-top:{px(font_pt * 0.75)}px; margin-bottom:{px(1)}px"
    )
    item_style = f"margin-top:0; margin-bottom:0; margin-left:{px(font_pt)}px"
    facts = [
        labels["for"].format(name=content.client_name),
        labels["updated"].format(date=_date(content.printed_on, language)),
    ]
    if plan.reviewed_at is not None:
        facts.append(labels["reviewed"].format(date=_date(plan.reviewed_at.date(), language)))
    parts = [
        _p(title_style, _e(labels["title"])),
        _p(facts_style, " &nbsp;·&nbsp; ".join(_e(fact) for fact in facts)),
    ]
    for section, printed in zip(Section, printable(plan, crisis_line=crisis), strict=True):
        parts.append(_p(heading_style, _e(SECTION_LABELS[language][section])))
        rows = list(zip(printed.lines, printed.phones, strict=True))
        if section is Section.PROFESSIONAL_CONTACTS and content.emergency_department:
            rows.append((labels["ed"].format(address=content.emergency_department), None))
        if not rows:
            parts.append(_p(item_style + "; color:#777", _e(labels["blank"])))
        for number, (text, phone) in enumerate(rows, start=1):
            phone_html = f" &nbsp;<b>{_e(phone)}</b>" if phone else ""
            parts.append(_p(item_style, f"{number}. {_e(text)}{phone_html}"))
    parts.append(_p(f"margin-top:{px(font_pt)}px; font-weight:600", _e(labels["emergency"])))
    if plan.kept_where:
        parts.append(_p(f"margin-top:{px(2)}px", _e(labels["kept"].format(where=plan.kept_where))))
    body_style = f"font-size:{font_pt:.1f}pt; font-family:sans-serif"
    return f'<html><body style="{body_style}">' + "".join(parts) + "</body></html>"


def _resolution(device: QPagedPaintDevice) -> int:
    """Dots per inch of a PDF writer or a printer (both have one; their base class does not)."""
    return int(device.logicalDpiX())


def _layout(
    device: QPagedPaintDevice, content: CopyContent, language: str
) -> tuple[QTextDocument, float, QRectF]:
    """The document at the largest type size that fits one page of ``device``."""
    page = device.pageLayout().paintRectPixels(_resolution(device))
    area = QRectF(0, 0, page.width(), page.height())
    size = START_PT
    while True:
        document = QTextDocument()
        document.documentLayout().setPaintDevice(device)
        document.setDocumentMargin(0)
        document.setHtml(plan_html(content, language, size))
        document.setTextWidth(area.width())
        if document.size().height() <= area.height():
            return document, size, area
        if size - STEP_PT < FLOOR_PT:
            raise PlanTooLong(
                f"the plan needs more than one page even at {FLOOR_PT:g} pt; shorten some items"
            )
        size -= STEP_PT


def render(device: QPagedPaintDevice, content: CopyContent, language: str) -> float:
    """Lay out and paint the page on ``device``; returns the type size used.

    Raises:
        PlanTooLong: nothing was painted.
        KeyError: a language with no labels.
    """
    LABELS[language]  # refuse an unknown language before anything is painted
    document, size, area = _layout(device, content, language)
    painter = QPainter()
    if not painter.begin(device):
        raise OSError("the page could not be opened for painting")
    try:
        document.drawContents(painter, area)
    finally:
        painter.end()
    return size


def prepare(device: QPagedPaintDevice) -> None:
    """US Letter, portrait, generous margins: the copy is read under stress."""
    device.setPageSize(QPageSize(QPageSize.PageSizeId.Letter))
    device.setPageOrientation(QPageLayout.Orientation.Portrait)
    device.setPageMargins(QMarginsF(16, 14, 16, 14), QPageLayout.Unit.Millimeter)


def save_pdf(path: Path, content: CopyContent, language: str) -> PrintedCopy:
    """Write the one-page copy to ``path`` (replacing it); nothing is written if it won't fit.

    Raises:
        PlanTooLong: the plan needs more than one page even in the smallest type.
        OSError: the file could not be written.
    """
    if language not in LABELS:
        raise KeyError(language)
    # Lay out against a scratch writer first: QPdfWriter creates its file as soon as it is
    # painted on, and a refused plan must leave no half-made file behind.
    probe = QPdfWriter(str(path.with_name(path.name + ".probe")))
    prepare(probe)
    probe.setResolution(300)
    _layout(probe, content, language)
    del probe
    writer = QPdfWriter(str(path))
    writer.setResolution(300)
    writer.setTitle(LABELS[language]["title"])
    writer.setCreator("fieldcm")
    prepare(writer)
    size = render(writer, content, language)
    del writer
    if not path.exists():
        raise OSError(f"could not write {path}")
    return PrintedCopy(language, size, path)


__all__ = [
    "FLOOR_PT",
    "LABELS",
    "LANGUAGE_NAMES",
    "CopyContent",
    "PlanTooLong",
    "PrintedCopy",
    "plan_html",
    "prepare",
    "render",
    "save_pdf",
]
