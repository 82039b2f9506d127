"""Alert records round-trip and acknowledgements are new alerts."""

from __future__ import annotations

import pytest

from fieldcm.domain.alerts import Alert, AlertType, Severity, acknowledgement, read_alert
from fieldcm.domain.errors import InvalidFieldError

from .conftest import T0, at


def test_round_trip() -> None:
    alert = Alert(AlertType.SAFETY_FLAG, Severity.URGENT, "synthetic", T0, "a-1", "supervisor")
    assert read_alert(alert.to_fields()) == alert


def test_acknowledgement_names_the_alert() -> None:
    ack = acknowledgement("alert-7", by_name="Lee Sample", at=at(3))
    assert (ack.type, ack.source_id, ack.raised_at) == (AlertType.ACKNOWLEDGEMENT, "alert-7", at(3))


@pytest.mark.parametrize(
    "change", [{"type": "nope"}, {"severity": "meh"}, {"raised_at": None}, {"message": 5}]
)
def test_malformed_alerts_are_refused(change: dict[str, object]) -> None:
    fields = Alert(AlertType.SAFETY_FLAG, Severity.INFO, "m", T0).to_fields() | change
    with pytest.raises(InvalidFieldError):
        read_alert(fields)
