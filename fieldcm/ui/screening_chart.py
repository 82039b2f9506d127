"""A client's screening history: a trend chart painted with QPainter, and the same as a table.

QtCharts is not part of the installed Qt, and a chart this small does not need it. The chart
draws one line per instrument (PHQ-9 solid with dots, GAD-7 dashed with squares, so they
differ without colour), shades the severity bands of one instrument at a time (PHQ-9 and
GAD-7 bands differ above 15), dates along the x-axis, and the C-SSRS screens as marks along
the top. The table below carries every point as text: it is the accessible alternative and
what a screen reader reads.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Final

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QHeaderView, QVBoxLayout, QWidget

from fieldcm.domain.screening import Instrument, instrument_for
from fieldcm.services.screenings import HistoryPoint, score_history
from fieldcm.ui.formatting import short_date
from fieldcm.ui.screening_texts import instrument_name, risk_label, severity_label
from fieldcm.ui.session import Session
from fieldcm.ui.widgets import back_button, named, plain_label, record_table

LINES: Final = {
    "phq9": (QColor("#1570ef"), Qt.PenStyle.SolidLine, "circle"),
    "gad7": (QColor("#7a5af8"), Qt.PenStyle.DashLine, "square"),
    "phq2": (QColor("#0e9384"), Qt.PenStyle.DotLine, "circle"),
}
BAND_FILLS: Final = ("#f3faf5", "#fefbe8", "#fff4e6", "#fdeceb", "#fbe1df")
RISK_COLOURS: Final = {
    "none": QColor("#98a2b3"),
    "low": QColor("#067647"),
    "moderate": QColor("#dc6803"),
    "high": QColor("#b42318"),
}
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 64, 150, 76, 34


class ScoreTrendChart(QWidget):
    """Scores over time; :meth:`set_points` with the history, oldest first."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scoreTrendChart")
        named(self, self.tr("Screening score trend"))
        self.setMinimumSize(480, 240)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # so a screen reader can reach it
        self.points: tuple[HistoryPoint, ...] = ()
        self.band_instrument = "phq9"

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(900, 320)

    def set_points(self, points: Sequence[HistoryPoint]) -> None:
        self.points = tuple(points)
        self.setAccessibleDescription(self.summary())
        self.update()

    def set_band_instrument(self, code: str) -> None:
        self.band_instrument = code
        self.update()

    def scored(self) -> dict[str, list[HistoryPoint]]:
        lines: dict[str, list[HistoryPoint]] = {}
        for point in self.points:
            if point.total is not None:
                lines.setdefault(point.instrument, []).append(point)
        return lines

    def summary(self) -> str:
        """One sentence per instrument: how many, and the latest (the accessible description)."""
        if not self.points:
            return self.tr("No screens recorded yet.")
        parts = []
        for code, points in self.scored().items():
            last = points[-1]
            parts.append(
                self.tr("{name}: {n} scores, latest {total} ({band}) on {date}.").format(
                    name=instrument_name(code),
                    n=len(points),
                    total=last.total,
                    band=severity_label(last.severity),
                    date=short_date(last.administered_at),
                )
            )
        screeners = [p for p in self.points if p.total is None]
        if screeners:
            last = screeners[-1]
            parts.append(
                self.tr("C-SSRS: {n} screens, latest {risk} on {date}.").format(
                    n=len(screeners),
                    risk=risk_label(last.severity),
                    date=short_date(last.administered_at),
                )
            )
        return " ".join(parts)

    # ---- geometry -------------------------------------------------------------------

    def _plot(self) -> QRectF:
        return QRectF(self.rect()).adjusted(MARGIN_LEFT, MARGIN_TOP, -MARGIN_RIGHT, -MARGIN_BOTTOM)

    def _y_max(self) -> int:
        codes = set(self.scored()) | {self.band_instrument}
        return max(instrument_for(code).max_total for code in codes)

    def _time_range(self) -> tuple[datetime, datetime]:
        times = [p.administered_at for p in self.points]
        first, last = min(times), max(times)
        pad = max((last - first) * 0.05, timedelta(days=2))
        return first - pad, last + pad

    def _x(self, when: datetime, plot: QRectF) -> float:
        first, last = self._time_range()
        share = (when - first) / (last - first)
        return plot.left() + share * plot.width()

    def _y(self, value: float, plot: QRectF) -> float:
        return plot.bottom() - value / self._y_max() * plot.height()

    # ---- painting -------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        plot = self._plot()
        if not self.points:
            painter.setPen(QColor("#667085"))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.summary())
            painter.end()
            return
        self._paint_bands(painter, plot)
        self._paint_axes(painter, plot)
        for code, points in self.scored().items():
            self._paint_line(painter, plot, code, points)
        self._paint_screeners(painter, plot)
        self._paint_legend(painter)
        painter.end()

    def _paint_bands(self, painter: QPainter, plot: QRectF) -> None:
        instrument: Instrument = instrument_for(self.band_instrument)
        small = QFont(self.font())
        small.setPointSizeF(max(7.5, small.pointSizeF() - 1))
        painter.setFont(small)
        for index, band in enumerate(instrument.bands):
            top = self._y(band.high + 1 if band.high < instrument.max_total else band.high, plot)
            bottom = self._y(band.low, plot)
            rect = QRectF(plot.left(), top, plot.width(), bottom - top)
            painter.fillRect(rect, QColor(BAND_FILLS[min(index, len(BAND_FILLS) - 1)]))
            if band.low > 0:
                painter.setPen(QPen(QColor("#d0d5dd"), 1, Qt.PenStyle.DashLine))
                painter.drawLine(QPointF(plot.left(), bottom), QPointF(plot.right(), bottom))
            painter.setPen(QColor("#475467"))
            label = f"{severity_label(band.code)} ({band.low}–{band.high})"
            label_rect = QRectF(plot.right() + 8, top, MARGIN_RIGHT - 10, bottom - top)
            painter.drawText(
                label_rect,
                int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft)
                | int(Qt.TextFlag.TextWordWrap),
                label,
            )
        painter.setFont(self.font())

    def _paint_axes(self, painter: QPainter, plot: QRectF) -> None:
        painter.setPen(QPen(QColor("#98a2b3"), 1))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        painter.drawLine(plot.bottomLeft(), plot.topLeft())
        metrics = QFontMetrics(self.font())
        painter.setPen(QColor("#475467"))
        for value in range(0, self._y_max() + 1, 5):
            y = self._y(value, plot)
            painter.drawText(
                QRectF(0, y - 10, MARGIN_LEFT - 8, 20),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                str(value),
            )
        first, last = self._time_range()
        widest = metrics.horizontalAdvance("30 Sep 2026") + 16
        count = max(2, min(6, int(plot.width() // widest)))
        for step in range(count):
            when = first + (last - first) * ((step + 0.5) / count)
            x = self._x(when, plot)
            painter.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + 4))
            painter.drawText(
                QRectF(x - widest / 2, plot.bottom() + 6, widest, 20),
                int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop),
                short_date(when),
            )

    def _paint_line(
        self, painter: QPainter, plot: QRectF, code: str, points: list[HistoryPoint]
    ) -> None:
        colour, style, marker = LINES.get(
            code, (QColor("#344054"), Qt.PenStyle.SolidLine, "circle")
        )
        path = QPainterPath()
        spots = [
            QPointF(self._x(p.administered_at, plot), self._y(p.total or 0, plot)) for p in points
        ]
        path.moveTo(spots[0])
        for spot in spots[1:]:
            path.lineTo(spot)
        painter.setPen(QPen(colour, 2.5, style))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        painter.setPen(QPen(colour, 1.5))
        painter.setBrush(colour)
        label_values = len(points) <= 14
        for spot, point in zip(spots, points, strict=True):
            self._marker(painter, spot, marker)
            if label_values:
                painter.setPen(colour.darker(130))
                painter.drawText(
                    QRectF(spot.x() - 20, spot.y() - 24, 40, 16),
                    int(Qt.AlignmentFlag.AlignCenter),
                    str(point.total),
                )
                painter.setPen(QPen(colour, 1.5))

    @staticmethod
    def _marker(painter: QPainter, at: QPointF, shape: str, size: float = 4.5) -> None:
        if shape == "square":
            painter.drawRect(QRectF(at.x() - size, at.y() - size, 2 * size, 2 * size))
        elif shape == "diamond":
            path = QPainterPath(QPointF(at.x(), at.y() - size - 1))
            for dx, dy in ((size + 1, 0), (0, size + 1), (-size - 1, 0)):
                path.lineTo(QPointF(at.x() + dx, at.y() + dy))
            path.closeSubpath()
            painter.drawPath(path)
        else:
            painter.drawEllipse(at, size, size)

    def _paint_screeners(self, painter: QPainter, plot: QRectF) -> None:
        screeners = [p for p in self.points if p.total is None]
        if not screeners:
            return
        y = plot.top() - 14
        painter.setPen(QColor("#475467"))
        painter.drawText(
            QRectF(0, y - 9, MARGIN_LEFT - 10, 18),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            "C-SSRS",
        )
        for point in screeners:
            colour = RISK_COLOURS.get(point.severity, QColor("#344054"))
            painter.setPen(QPen(colour.darker(120), 1))
            painter.setBrush(colour)
            self._marker(painter, QPointF(self._x(point.administered_at, plot), y), "diamond")

    def _paint_legend(self, painter: QPainter) -> None:
        metrics = QFontMetrics(self.font())
        x, y = float(MARGIN_LEFT), 14.0
        entries = [(code, *LINES[code]) for code in self.scored() if code in LINES]
        for code, colour, style, marker in entries:
            painter.setPen(QPen(colour, 2.5, style))
            painter.drawLine(QPointF(x, y), QPointF(x + 26, y))
            painter.setPen(QPen(colour, 1.5))
            painter.setBrush(colour)
            self._marker(painter, QPointF(x + 13, y), marker, 3.5)
            painter.setPen(QColor("#344054"))
            name = instrument_name(code)
            painter.drawText(QPointF(x + 32, y + metrics.ascent() / 2 - 1), name)
            x += 32 + metrics.horizontalAdvance(name) + 24
        if any(p.total is None for p in self.points):
            painter.setPen(QPen(RISK_COLOURS["high"].darker(120), 1))
            painter.setBrush(RISK_COLOURS["high"])
            self._marker(painter, QPointF(x + 6, y), "diamond", 3.5)
            painter.setPen(QColor("#344054"))
            text = self.tr("C-SSRS screen (colour: risk level)")
            painter.drawText(QPointF(x + 18, y + metrics.ascent() / 2 - 1), text)
        painter.setPen(QColor("#667085"))
        shade = self.tr("Shaded: {name} severity bands").format(
            name=instrument_name(self.band_instrument)
        )
        painter.drawText(QPointF(float(MARGIN_LEFT), y + 22 + metrics.ascent() / 2), shade)


class ScoreTableModel(QStandardItemModel):
    """The chart's points as text: date, screen, score, result (newest first)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 4, parent)
        self.setHorizontalHeaderLabels(
            [self.tr("Date"), self.tr("Screen"), self.tr("Score"), self.tr("Result")]
        )

    def set_points(self, points: Sequence[HistoryPoint]) -> None:
        self.removeRows(0, self.rowCount())
        for point in reversed(points):
            if point.total is None:
                score, result = "—", risk_label(point.severity)
            else:
                most = instrument_for(point.instrument).max_total
                score = self.tr("{total} of {most}").format(total=point.total, most=most)
                result = severity_label(point.severity)
            row = [
                short_date(point.administered_at),
                instrument_name(point.instrument),
                score,
                result,
            ]
            items = [QStandardItem(text) for text in row]
            for item in items:
                item.setEditable(False)
            self.appendRow(items)


class ScreeningHistory(QWidget):
    """The trend chart with its table, for one client; :meth:`attach` a session first."""

    loaded = Signal(str)
    """``client_id`` once its history is shown."""
    closed = Signal()
    """Back (or Esc): the window shows the client again."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("screeningHistory")
        self._session: Session | None = None
        self._client_id = ""
        self.title = plain_label(self.tr("Screening history"), role="title")
        self.client = plain_label("", role="subtitle", name=self.tr("Client"))
        self.chart = ScoreTrendChart()
        self.bands = named(QComboBox(), self.tr("Shade the severity bands of"))
        for code in ("phq9", "gad7"):
            self.bands.addItem(instrument_name(code), code)
        self.bands.currentIndexChanged.connect(
            lambda _i: self.chart.set_band_instrument(self.bands.currentData())
        )
        bands_label = plain_label(self.tr("&Shade bands of"))
        bands_label.setTextFormat(Qt.TextFormat.PlainText)
        bands_label.setBuddy(self.bands)
        self.model = ScoreTableModel(self)
        self.table = record_table(self.tr("Screening scores as a table"))
        self.table.setModel(self.model)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setStretchLastSection(True)
        self.table.setMinimumHeight(150)

        top = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(0)
        titles.addWidget(self.title)
        titles.addWidget(self.client)
        top.addLayout(titles, 1)
        top.addWidget(bands_label)
        top.addWidget(self.bands)
        top.addSpacing(16)
        top.addWidget(back_button(self, self.closed.emit), 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addWidget(self.chart, 3)
        layout.addWidget(self.table, 2)

    def attach(self, session: Session) -> None:
        self._session = session
        session.data_changed.connect(self.reload)

    def detach(self) -> None:
        self._session = None
        self._client_id = ""
        self.set_points(())
        self.client.clear()

    def show_client(self, client_id: str, client_name: str) -> None:
        self._client_id = client_id
        self.client.setText(client_name)
        self.reload()

    def reload(self) -> None:
        session, client_id = self._session, self._client_id
        if session is None or not client_id:
            return
        op = session.read(lambda uow: score_history(uow, client_id))
        op.on_success(lambda points: self._show(client_id, points))

    def _show(self, client_id: str, points: tuple[HistoryPoint, ...]) -> None:
        if client_id != self._client_id:
            return
        self.set_points(points)
        self.loaded.emit(client_id)

    def set_points(self, points: Sequence[HistoryPoint]) -> None:
        codes = {p.instrument for p in points if p.total is not None}
        if codes and self.bands.currentData() not in codes:
            self.bands.setCurrentIndex(max(0, self.bands.findData(sorted(codes)[-1])))
        self.chart.set_band_instrument(self.bands.currentData())
        self.chart.set_points(points)
        self.model.set_points(points)
        for column in range(3):  # the last column stretches
            self.table.resizeColumnToContents(column)
            self.table.setColumnWidth(column, self.table.columnWidth(column) + 16)
