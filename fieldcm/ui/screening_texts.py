"""What screens and their escalation say to the worker, in plain words and the UI's language.

The instruments' own wording stays the domain's (verbatim English); everything the app says
around them is here, keyed by the domain's stable codes so it translates.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication

from fieldcm.domain.errors import Problem


def tr(text: str) -> str:
    # Module-level strings live under "Formatting" (resources/translations/translations.py).
    return QCoreApplication.translate("Formatting", text)


def instrument_name(code: str) -> str:
    names = {"phq9": "PHQ-9", "phq2": "PHQ-2", "gad7": "GAD-7", "cssrs": "C-SSRS"}
    return names.get(code, code)


def instrument_title(code: str) -> str:
    titles = {
        "phq9": tr("PHQ-9 depression screen"),
        "phq2": tr("PHQ-2 depression screen"),
        "gad7": tr("GAD-7 anxiety screen"),
        "cssrs": tr("C-SSRS suicide risk screener"),
    }
    return titles.get(code, code)


def severity_label(code: str) -> str:
    """A band or risk code (``moderately_severe``, ``high``) in the UI's language."""
    labels = {
        "minimal": tr("Minimal"),
        "mild": tr("Mild"),
        "moderate": tr("Moderate"),
        "moderately_severe": tr("Moderately severe"),
        "severe": tr("Severe"),
        "negative": tr("Negative screen"),
        "positive": tr("Positive screen"),
        "none": tr("No risk indicated"),
        "low": tr("Low risk"),
        "high": tr("High risk"),
    }
    return labels.get(code, code)


def risk_label(code: str) -> str:
    if code == "moderate":
        return tr("Moderate risk")
    return severity_label(code)


def problem_text(problem: Problem) -> str:
    """A blocking escalation step, by its stable code (the domain's sentence otherwise)."""
    if problem.code == "cssrs_required":
        return tr(
            "PHQ-9 question 9 was answered above zero. Ask the C-SSRS screener questions "
            "before this visit ends."
        )
    if problem.code == "current_safety_plan_required":
        return tr(
            "The C-SSRS screen was high risk. Make or review the client's safety plan with "
            "them (all six steps, reviewed after the screen)."
        )
    if problem.code == "supervisor_notification_required":
        return tr(
            "The C-SSRS screen was high risk and no supervisor notification is recorded. "
            "Tell your supervisor now."
        )
    return problem.message


def closure_text(problems: Sequence[Problem]) -> str:
    """Why the visit cannot be closed (the note cannot be signed) yet, as a short list."""
    if not problems:
        return ""
    lines = [tr("Before this visit can be closed:")]
    lines += [f"•  {problem_text(p)}" for p in problems]
    return "\n".join(lines)
