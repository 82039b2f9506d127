"""Dates, durations and labels the way a person reads them, in the UI's language."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication, QDateTime, QLocale, QThread


def tr(text: str) -> str:
    return QCoreApplication.translate("Formatting", text)


RISK_ORDER = {"high": 3, "moderate": 2, "low": 1}


def risk_label(tier: str | None) -> str:
    labels = {"high": tr("High"), "moderate": tr("Moderate"), "low": tr("Low")}
    return labels.get((tier or "").lower(), tier or tr("Not set"))


def to_qt(value: datetime) -> QDateTime:
    return QDateTime.fromSecsSinceEpoch(int(value.timestamp()))


def from_qt(value: QDateTime) -> datetime:
    from datetime import UTC

    return datetime.fromtimestamp(value.toSecsSinceEpoch(), UTC)


def short_date(value: datetime | None) -> str:
    """``7 Mar 2026`` (month names in the UI's language)."""
    if value is None:
        return "—"
    return QLocale().toString(to_qt(value).date(), "d MMM yyyy")


def date_time(value: datetime | None) -> str:
    """``7 Mar 2026 13:00`` in the laptop's time zone."""
    if value is None:
        return "—"
    return QLocale().toString(to_qt(value), "d MMM yyyy HH:mm")


def time_only(value: datetime | None) -> str:
    if value is None:
        return "—"
    return QLocale().toString(to_qt(value).time(), QLocale.FormatType.ShortFormat)


def days_between(earlier: datetime, later: datetime) -> int:
    return (later.astimezone().date() - earlier.astimezone().date()).days


def relative_day(value: datetime | None, now: datetime) -> str:
    """ "today", "3 days ago", "in 2 days" — next to the date, never instead of it."""
    if value is None:
        return ""
    days = days_between(now, value)
    if days == 0:
        return tr("today")
    if days == 1:
        return tr("tomorrow")
    if days == -1:
        return tr("yesterday")
    if days > 0:
        return tr("in {n} days").format(n=days)
    return tr("{n} days ago").format(n=-days)


def count_text(n: int, one: str, many: str) -> str:
    """``one`` or ``many`` (with ``{n}``) by ``n``: English and Spanish plurals agree."""
    return one.format(n=n) if n == 1 else many.format(n=n)


def minutes_text(minutes: int | None) -> str:
    if minutes is None:
        return "—"
    hours, rest = divmod(max(0, minutes), 60)
    if hours:
        return tr("{h} h {m} min").format(h=hours, m=rest)
    return tr("{m} min").format(m=rest)


def clock_text(seconds: float) -> str:
    """A running timer: ``0:42:07``."""
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}"


def assert_gui_thread() -> None:
    """Qt models are only touched on the GUI thread (STYLE.md habit 3)."""
    app = QCoreApplication.instance()
    assert app is None or QThread.currentThread() is app.thread(), "model used off the GUI thread"
