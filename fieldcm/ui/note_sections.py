"""The narrative of a note: one plain-text box per section of its format (DOMAIN.md D5).

Changing the template keeps every word: sections both formats share keep their text, and
the text of a section the new format lacks moves into its first section under the old
heading. Nothing typed is rich text; pasted formatting is dropped.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QPlainTextEdit, QScrollArea, QVBoxLayout, QWidget

from fieldcm.domain.notes import FORMAT_SECTIONS, NoteFormat
from fieldcm.ui.widgets import named, plain_label


def section_title(key: str, english: str) -> str:
    titles = {
        "subjective": QCoreApplication.translate("NoteSections", "Subjective"),
        "objective": QCoreApplication.translate("NoteSections", "Objective"),
        "assessment": QCoreApplication.translate("NoteSections", "Assessment"),
        "plan": QCoreApplication.translate("NoteSections", "Plan"),
        "data": QCoreApplication.translate("NoteSections", "Data"),
        "behavior": QCoreApplication.translate("NoteSections", "Behavior"),
        "intervention": QCoreApplication.translate("NoteSections", "Intervention"),
        "response": QCoreApplication.translate("NoteSections", "Response"),
        "goal": QCoreApplication.translate("NoteSections", "Goal"),
        "situation": QCoreApplication.translate("NoteSections", "Situation"),
        "problem": QCoreApplication.translate("NoteSections", "Problem"),
        "evaluation": QCoreApplication.translate("NoteSections", "Evaluation"),
        "narrative": QCoreApplication.translate("NoteSections", "What happened"),
    }
    return titles.get(key, english)


def section_prompt(key: str) -> str:
    prompts = {
        "subjective": QCoreApplication.translate(
            "NoteSections", "What the client said, in their words"
        ),
        "objective": QCoreApplication.translate("NoteSections", "What you observed"),
        "data": QCoreApplication.translate("NoteSections", "What the client said and you observed"),
        "assessment": QCoreApplication.translate("NoteSections", "Your assessment and progress"),
        "plan": QCoreApplication.translate("NoteSections", "Next steps and the next contact"),
        "behavior": QCoreApplication.translate("NoteSections", "Presentation and behavior"),
        "intervention": QCoreApplication.translate("NoteSections", "What you did"),
        "response": QCoreApplication.translate("NoteSections", "How the client responded"),
        "goal": QCoreApplication.translate("NoteSections", "The care-plan goal addressed"),
        "narrative": QCoreApplication.translate(
            "NoteSections", "Purpose, what was done, response and next step"
        ),
    }
    return prompts.get(key, "")


def carried_over(sections: Mapping[str, str], old: NoteFormat, new: NoteFormat) -> dict[str, str]:
    """``sections`` moved to the ``new`` format's sections without losing any text."""
    keys = [key for key, _ in FORMAT_SECTIONS[new]]
    result = {key: sections.get(key, "") for key in keys}
    orphans = [
        f"{section_title(key, label)}: {sections[key].strip()}"
        for key, label in FORMAT_SECTIONS[old]
        if key not in result and sections.get(key, "").strip()
    ]
    if orphans:
        first = keys[0]
        result[first] = "\n\n".join([*(p for p in [result[first].strip()] if p), *orphans])
    return result


class NoteSections(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._format = NoteFormat.DAP
        self._editors: dict[str, QPlainTextEdit] = {}
        self._loading = False
        self._read_only = False
        self._inner = QWidget()
        self._inner.setObjectName("sectionsInner")
        self._layout = QVBoxLayout(self._inner)
        self._layout.setContentsMargins(0, 0, 8, 0)
        self._layout.setSpacing(6)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self._inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    @property
    def note_format(self) -> NoteFormat:
        return self._format

    def editors(self) -> dict[str, QPlainTextEdit]:
        return dict(self._editors)

    def load(self, note_format: NoteFormat, sections: Mapping[str, str]) -> None:
        self._loading = True
        try:
            self._rebuild(note_format)
            for key, editor in self._editors.items():
                editor.setPlainText(sections.get(key, ""))
        finally:
            self._loading = False

    def switch_format(self, note_format: NoteFormat) -> None:
        if note_format == self._format:
            return
        moved = carried_over(self.values(), self._format, note_format)
        self.load(note_format, moved)
        self.changed.emit()

    def values(self) -> dict[str, str]:
        return {key: editor.toPlainText() for key, editor in self._editors.items()}

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for editor in self._editors.values():
            editor.setReadOnly(read_only)

    def focus_first(self) -> None:
        if self._editors:
            next(iter(self._editors.values())).setFocus()

    def _rebuild(self, note_format: NoteFormat) -> None:
        self._format = note_format
        while self._layout.count():
            item = self._layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self._editors = {}
        for key, english in FORMAT_SECTIONS[note_format]:
            title = section_title(key, english)
            label = plain_label(title, role="field")
            editor = named(QPlainTextEdit(), title, section_prompt(key))
            editor.setObjectName(f"section_{key}")
            editor.setPlaceholderText(section_prompt(key))
            editor.setTabChangesFocus(True)
            editor.setMinimumHeight(96)
            editor.setReadOnly(self._read_only)
            editor.textChanged.connect(self._edited)
            label.setBuddy(editor)
            self._layout.addWidget(label)
            self._layout.addWidget(editor, 1)
            self._editors[key] = editor

    def _edited(self) -> None:
        if not self._loading:
            self.changed.emit()
