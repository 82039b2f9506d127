"""Suicide-risk escalation around an encounter: what a screen raises and what blocks closing.

The rules (DESIGN.md, DOMAIN.md D1-D4):

* PHQ-9 item 9 above zero opens the C-SSRS screener, which must be completed in the same
  encounter, at or after that PHQ-9, before the encounter can close.
* A positive C-SSRS raises a visible safety flag and a safety-plan review.
* A high C-SSRS also requires a current safety plan (complete and reviewed at or after that
  screen) and a supervisor notification before the encounter closes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from fieldcm.domain.alerts import Alert, AlertType, Severity
from fieldcm.domain.assessments import Assessment
from fieldcm.domain.cssrs import Action, RiskLevel
from fieldcm.domain.errors import Problem, RuleViolationError
from fieldcm.domain.safety_plan import SafetyPlan, is_current


class EncounterNotReadyError(RuleViolationError):
    """The encounter cannot close until the listed safety steps are done."""

    code = "encounter_not_ready"

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        listed = "; ".join(p.message for p in self.problems)
        super().__init__(f"The encounter cannot be closed yet: {listed}")


def alerts_for(assessment: Assessment, *, source_id: str) -> tuple[Alert, ...]:
    """The alerts a newly recorded assessment raises (none for a negative screen)."""
    at = assessment.administered_at
    if assessment.requires_cssrs:
        return (
            Alert(
                AlertType.CSSRS_REQUIRED,
                Severity.URGENT,
                "PHQ-9 item 9 was answered above zero: complete the C-SSRS screener before "
                "the encounter ends.",
                at,
                source_id,
            ),
        )
    if assessment.cssrs is None or not assessment.cssrs.positive:
        return ()
    risk = assessment.cssrs.risk
    alerts = [
        Alert(
            AlertType.SAFETY_FLAG,
            Severity.URGENT if risk is RiskLevel.HIGH else Severity.WARNING,
            f"C-SSRS screen positive ({risk.value} risk).",
            at,
            source_id,
        ),
        Alert(
            AlertType.SAFETY_PLAN_REVIEW,
            Severity.WARNING,
            "Risk changed: review the safety plan with the client.",
            at,
            source_id,
        ),
    ]
    if Action.SUPERVISOR_NOTIFICATION in assessment.cssrs.actions:
        alerts.append(
            Alert(
                AlertType.SUPERVISOR_NOTIFICATION,
                Severity.URGENT,
                "High-risk C-SSRS screen: safety precautions until a mental health "
                "professional evaluates; immediate referral.",
                at,
                source_id,
                notify="supervisor",
            )
        )
    return tuple(alerts)


def closure_problems(
    assessments: Sequence[Assessment],
    *,
    safety_plan: SafetyPlan | None,
    supervisor_notified: bool,
    now: datetime,
    review_days: int,
) -> tuple[Problem, ...]:
    """What still blocks closing an encounter, given the assessments recorded in it."""
    problems: list[Problem] = []
    if _unanswered_item9(assessments):
        problems.append(
            Problem(
                "cssrs_required",
                "assessments",
                "PHQ-9 item 9 was above zero and the C-SSRS screener is not done",
            )
        )
    last_high = _last_high_screen(assessments)
    if last_high is None:
        return tuple(problems)
    plan_current = safety_plan is not None and is_current(
        safety_plan, now=now, review_days=review_days, risk_changed_at=last_high
    )
    if not plan_current:
        problems.append(
            Problem(
                "current_safety_plan_required",
                "safety_plan",
                "a high-risk screen needs a complete safety plan reviewed after the screen",
            )
        )
    if not supervisor_notified:
        problems.append(
            Problem(
                "supervisor_notification_required",
                "alerts",
                "a high-risk screen needs a supervisor notification",
            )
        )
    return tuple(problems)


def ensure_can_close(
    assessments: Sequence[Assessment],
    *,
    safety_plan: SafetyPlan | None,
    supervisor_notified: bool,
    now: datetime,
    review_days: int,
) -> None:
    """Raise :class:`EncounterNotReadyError` unless every escalation step is done."""
    problems = closure_problems(
        assessments,
        safety_plan=safety_plan,
        supervisor_notified=supervisor_notified,
        now=now,
        review_days=review_days,
    )
    if problems:
        raise EncounterNotReadyError(problems)


def _unanswered_item9(assessments: Sequence[Assessment]) -> bool:
    cssrs_times = [a.administered_at for a in assessments if a.cssrs is not None]
    return any(
        not any(t >= a.administered_at for t in cssrs_times)
        for a in assessments
        if a.requires_cssrs
    )


def _last_high_screen(assessments: Sequence[Assessment]) -> datetime | None:
    highs = [a.administered_at for a in assessments if a.risk is RiskLevel.HIGH]
    return max(highs, default=None)
