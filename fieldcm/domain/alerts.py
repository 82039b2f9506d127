"""The ``alert`` record: an append-only notice raised by a rule and shown to the people concerned.

Alerts are never edited (``append_only`` in ``records.KINDS``); acknowledging one is a new
alert of type ``acknowledgement`` naming it, so the trail stays immutable (D11 "immutable
alert audit trail").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from fieldcm.domain import codec
from fieldcm.domain.records import Fields, JsonValue


class AlertType(StrEnum):
    CSSRS_REQUIRED = "cssrs_required"
    SAFETY_FLAG = "safety_flag"
    SAFETY_PLAN_REVIEW = "safety_plan_review"
    SUPERVISOR_NOTIFICATION = "supervisor_notification"
    FIELD_VISIT_OVERDUE = "field_visit_overdue"
    FIELD_VISIT_DURESS = "field_visit_duress"
    ACKNOWLEDGEMENT = "acknowledgement"


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    URGENT = "urgent"


@dataclass(frozen=True)
class Alert:
    type: AlertType
    severity: Severity
    message: str
    raised_at: datetime
    source_id: str | None = None
    """The record that raised it (an assessment, a field visit, or the alert acknowledged)."""
    notify: str = "worker"
    """Who must see it: ``worker``, ``supervisor`` or ``team``."""

    def to_fields(self) -> Fields:
        return {
            "type": self.type.value,
            "severity": self.severity.value,
            "message": self.message,
            "raised_at": codec.format_datetime(self.raised_at),
            "source_id": self.source_id,
            "notify": self.notify,
        }


def read_alert(fields: Mapping[str, JsonValue]) -> Alert:
    return Alert(
        type=codec.enum_value(AlertType, fields.get("type"), "type"),
        severity=codec.enum_value(Severity, fields.get("severity"), "severity"),
        message=codec.text(fields, "message"),
        raised_at=codec.parse_datetime(fields.get("raised_at"), "raised_at"),
        source_id=codec.optional_text(fields, "source_id"),
        notify=codec.text(fields, "notify", "worker"),
    )


def acknowledgement(alert_id: str, *, by_name: str, at: datetime) -> Alert:
    return Alert(
        type=AlertType.ACKNOWLEDGEMENT,
        severity=Severity.INFO,
        message=f"Acknowledged by {by_name}",
        raised_at=at,
        source_id=alert_id,
    )
