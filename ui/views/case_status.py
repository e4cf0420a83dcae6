"""The complaint's status in the case workspace: where it stands, the seller's deadline, the next step.

A strip above the pictures. Before submission: "Mark as submitted"; while the accused has time: the
deadline with its weekday and "Record the result" / "Withdrawn"; after a rejection: what the platform
said, the one action the app offers for that reason, and "Resubmit as a new case". The same-seller
rule is checked when the seller is entered and when the complaint is submitted. Texts of states,
deadlines and reasons come from the core message catalog; every change goes through
`CaseWorkspace.change_status` (core.case.lifecycle), which refuses bad input without changing anything.
"""

from __future__ import annotations

import copy
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from core.base.findings import Finding, catalog
from core.base.rules import load_profile
from core.case import index as case_index
from core.case import lifecycle
from core.case.build import error_finding
from core.case.casefile import CaseError
from core.case.sellers import seller_key
from ui import errors, tasks
from ui.views import status_dialogs
from ui.widgets import dialogs
from ui.workspace import CaseWorkspace


class CaseStatusBar(QFrame):
    action_requested = Signal(str)  # the next action of a rejection reason (core rules' action names)
    resubmit_requested = Signal()
    merge_requested = Signal(str)  # add this case's pictures to the case in that folder (3-day rule)

    def __init__(self, workspace: CaseWorkspace, known_cases: Callable[[], list[str]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.workspace = workspace
        self.known_cases = known_cases  # extra case folders to consider (the window's recent cases)
        self.action_names = {
            "rerun_originality": self.tr("Check the complaint picture's originality again"),
            "find_original": self.tr("Find my original from the listing's image…"),
            "ownership_evidence": self.tr("Print the ownership evidence"),
            "model_panel": self.tr("Add model proof"),
            "suggestions": self.tr("Choose behind-the-scenes pictures of the same shoot"),
        }
        self.state_label = QLabel()
        self.state_label.setObjectName("section")
        self.deadline_label = QLabel()
        self.detail_label = QLabel()
        self.detail_label.setObjectName("hint")
        self.detail_label.setWordWrap(True)
        self.reason_label = QLabel()
        self.reason_label.setWordWrap(True)
        self.same_seller_label = QLabel()
        self.same_seller_label.setObjectName("warning")
        self.same_seller_label.setWordWrap(True)
        self.submit_button = QPushButton(self.tr("Mark as submitted…"))
        self.submit_button.clicked.connect(self.submit_clicked)
        self.result_button = QPushButton(self.tr("Record the result…"))
        self.result_button.clicked.connect(self.result_clicked)
        self.withdraw_button = QPushButton(self.tr("Withdrawn"))
        self.withdraw_button.clicked.connect(self.withdraw_clicked)
        self.action_button = QPushButton()
        self.action_button.setObjectName("primary")
        self.action_button.clicked.connect(lambda: self.action_requested.emit(self.current_action or ""))
        self.resubmit_button = QPushButton(self.tr("Resubmit as a new case"))
        self.resubmit_button.clicked.connect(self.resubmit_requested.emit)
        self.merge_button = QPushButton(self.tr("Add these pictures to that case"))
        self.merge_button.clicked.connect(lambda: self.merge_requested.emit(self.same_seller_case or ""))
        self.timeline_button = QPushButton(self.tr("Timeline"))
        self.timeline_button.setObjectName("link")
        self.timeline_button.setCheckable(True)
        self.timeline_label = QLabel()  # the case's dated events, as the case file records them
        self.timeline_label.setObjectName("hint")
        self.timeline_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.timeline_label.hide()
        self.timeline_button.toggled.connect(self.timeline_label.setVisible)
        self.current_action: str | None = None
        self.same_seller_case: str | None = None
        self._checked_seller: str | None = None
        self._check_generation = 0

        line = QHBoxLayout()
        for widget in (self.state_label, self.deadline_label):
            line.addWidget(widget)
        line.addWidget(self.timeline_button)
        line.addStretch(1)
        for button in (self.submit_button, self.result_button, self.withdraw_button, self.action_button,
                       self.resubmit_button):
            line.addWidget(button)
        warning = QHBoxLayout()
        warning.addWidget(self.same_seller_label, 1)
        warning.addWidget(self.merge_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addLayout(line)
        layout.addWidget(self.detail_label)
        layout.addWidget(self.reason_label)
        layout.addWidget(self.timeline_label)
        layout.addLayout(warning)
        workspace.status_changed.connect(self.refresh)
        workspace.case_changed.connect(self._case_changed)
        self.refresh()

    # ----- showing ------------------------------------------------------------------------------
    def refresh(self) -> None:
        case, lang = self.workspace.case, self.workspace.lang
        standing = lifecycle.standing(case)
        state = standing.state
        self.state_label.setText(lifecycle.state_label(state, lang, standing.window_over))
        deadline = standing.deadline
        urgency = standing.urgency
        if deadline is not None:
            text = lifecycle.format_deadline(deadline.due, lang) + " · " + \
                lifecycle.days_left_text(standing.days_left or 0, lang)
            self.deadline_label.setText(text)
            color = {"overdue": "#d64545", "due_today": "#b7791f"}.get(urgency or "", "")
            self.deadline_label.setStyleSheet(f"color: {color}; font-weight: 600;" if color else "")
        self.deadline_label.setVisible(deadline is not None)
        self.detail_label.setText(self._detail(deadline))
        self.detail_label.setVisible(bool(self.detail_label.text()))
        rejection = lifecycle.rejection_finding(case, lang)
        self.reason_label.setText(f"{rejection.message}\n→ {rejection.remedy}" if rejection else "")
        self.reason_label.setVisible(rejection is not None)
        self.current_action = lifecycle.next_action(case)
        self.action_button.setText(self.action_names.get(self.current_action or "", ""))
        self.action_button.setVisible(self.current_action is not None)
        self.submit_button.setVisible(state in (lifecycle.PREPARING, lifecycle.EXPORTED))
        self.submit_button.setEnabled(state == lifecycle.EXPORTED)
        self.submit_button.setToolTip("" if state == lifecycle.EXPORTED else self.tr("Export the bundle first"))
        self.result_button.setVisible(state == lifecycle.SUBMITTED)
        self.withdraw_button.setVisible(state == lifecycle.SUBMITTED)
        self.resubmit_button.setVisible(state == lifecycle.REJECTED and not case.status.resubmitted_as)
        events = [f"{lifecycle.shown_time(e.at)}   {lifecycle.event_label(e.action, lang)}"
                  for e in lifecycle.timeline(case)]
        self.timeline_label.setText("\n".join(events))
        self._check_same_seller()

    def _detail(self, deadline: object) -> str:
        status, lang = self.workspace.case.status, self.workspace.lang
        parts = []
        if status.number:
            parts.append(self.tr("Complaint number {number}, submitted {at}").format(
                number=status.number, at=lifecycle.shown_time(status.submitted_at)))
        if status.how:
            parts.append(catalog(lang).label(f"lifecycle.how.{status.how}"))
        if status.resubmitted_as:
            parts.append(self.tr("Resubmitted as {folder}").format(folder=status.resubmitted_as))
        if status.resubmission_of:
            parts.append(self.tr("Resubmission of {folder}").format(folder=status.resubmission_of))
        found = lifecycle.deadline_of(self.workspace.case) if deadline is not None else None
        if found is not None:
            note = lifecycle.calendar_finding(found, self.workspace.profile, lang)
            if note is not None:
                parts.append(note.message)
        return " · ".join(parts)

    def _case_changed(self) -> None:
        if seller_key(self.workspace.case.seller) != self._checked_seller:
            self._check_same_seller()

    def _same_seller(self, at: object) -> list[Finding]:
        summaries = case_index.list_cases(self.known_cases())
        return case_index.same_seller_findings(self.workspace.case, self.workspace.folder, at,  # type: ignore[arg-type]
                                               self.workspace.lang, summaries)

    def _check_same_seller(self) -> None:
        """Starting a case against a seller complained about in the last 3 days: say so, offer the merge.
        Every known case is read for it, so it runs off the GUI thread; only the newest check counts."""
        case = self.workspace.case
        self._checked_seller = seller_key(case.seller)
        self._check_generation += 1
        generation = self._check_generation
        if case.status.state not in (lifecycle.PREPARING, lifecycle.EXPORTED) or not self._checked_seller:
            self._show_same_seller([], generation)
            return
        snapshot, folder, lang, extra = copy.deepcopy(case), self.workspace.folder, self.workspace.lang, \
            self.known_cases()
        tasks.run_in_background(
            lambda _p, _c: case_index.same_seller_findings(snapshot, folder, lifecycle.local_now(), lang,
                                                           case_index.list_cases(extra)),
            on_done=lambda notices: self._show_same_seller(notices, generation), owner=self)

    def _show_same_seller(self, notices: list[Finding], generation: int) -> None:
        if generation != self._check_generation:
            return
        case = self.workspace.case
        self.same_seller_case = str(notices[0].params.get("case")) if notices else None
        self.same_seller_label.setText(f"{notices[0].message}\n→ {notices[0].remedy}" if notices else "")
        self.same_seller_label.setVisible(bool(notices))
        self.merge_button.setVisible(bool(notices) and bool(case.images()))

    # ----- changing -----------------------------------------------------------------------------
    def _apply(self, action: str, **arguments: object) -> bool:
        try:
            self.workspace.change_status(action, **arguments)
        except CaseError as error:
            finding = error_finding(error, self.workspace.lang)
            errors.show_error(f"{finding.message}\n\n{finding.remedy}", repr(error), self)
            return False
        return True

    def submit_clicked(self) -> None:
        case = self.workspace.case
        rules = lifecycle.rules_for(case)
        platforms = [(key, load_profile(key).name(self.workspace.lang)) for key in rules.platforms]
        answer = status_dialogs.ask_submission(self, platforms, case.profile)
        if answer is None:
            return
        at, number, platform = answer
        notices = self._same_seller(at)
        if notices:
            choice = status_dialogs.ask_same_seller(self, notices[0].message, notices[0].remedy)
            if choice is None:
                return
            if choice == "merge":
                self.merge_requested.emit(str(notices[0].params.get("case")))
                return
        self._apply("submit", at=at, number=number, platform=platform)

    def result_clicked(self) -> None:
        rules = lifecycle.rules_for(self.workspace.case)
        answer = status_dialogs.ask_result(self, list(rules.reasons), list(rules.upheld_how), self.workspace.lang)
        if answer is not None:
            result, reason, how, at = answer
            self._apply("result", result=result, reason=reason, how=how, at=at)

    def withdraw_clicked(self) -> None:
        question = self.tr("Did you withdraw this complaint on the platform (客服中心 - 我的进度 - 撤销投诉)?")
        if dialogs.confirm(self, self.tr("Withdraw the complaint"), question):
            self._apply("withdraw")
