"""Models and their proof: who appears in which picture, and the ID photo that proves consent.

When a face is found in a complaint or behind-the-scenes picture, the platform wants a photo of the
model holding the front of their ID card. "Add model" copies the ID photo(s) into the case folder
(nowhere else) and links the model to the selected picture and to the pictures with faces not yet
covered. A picture without a recognizable model (a painting, a mannequin) gets a recorded reason.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QLabel, QListView, QPushButton, QVBoxLayout, QWidget

from ui import case_actions, dialogs, errors
from ui.finding_delegate import FindingDelegate
from ui.models.people import NAME, PeopleModel
from ui.workspace import ROLE_BTS, ROLE_COMPLAINT, CaseWorkspace


class ModelsPanel(QWidget):
    def __init__(self, workspace: CaseWorkspace, selected: Callable[[], str | None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.selected = selected  # the source selected in the grid
        self.model = PeopleModel(workspace, self._describe)
        intro = QLabel(self.tr("If a model's face can be seen, the platform needs a photo of the model holding "
                               "the front of their ID card. ID photos are kept only in this case and its export."))
        intro.setWordWrap(True)
        intro.setObjectName("hint")
        self.faces_note = QLabel()
        self.faces_note.setWordWrap(True)
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setItemDelegate(FindingDelegate(self.list))
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.add_button = QPushButton(self.tr("Add model and ID photo…"))
        self.add_button.setObjectName("primary")
        self.add_button.clicked.connect(self._add_clicked)
        self.link_button = QPushButton(self.tr("Appears in selected picture"))
        self.link_button.clicked.connect(self._link_clicked)
        self.remove_button = QPushButton(self.tr("Remove model"))
        self.remove_button.clicked.connect(self._remove_clicked)
        self.no_model_button = QPushButton(self.tr("No recognizable model in selected picture…"))
        self.no_model_button.clicked.connect(self._no_model_clicked)

        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.link_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(intro)
        layout.addWidget(self.faces_note)
        layout.addWidget(self.list, 1)
        layout.addLayout(row)
        layout.addWidget(self.no_model_button)
        workspace.image_updated.connect(self._image_updated)
        workspace.images_changed.connect(self.refresh)
        self.list.selectionModel().currentChanged.connect(lambda *_: self.refresh())
        self.refresh()

    def _image_updated(self, _source: str) -> None:
        self.refresh()

    def _describe(self, proofs: int, images: list[str]) -> str:
        proof = self.tr("%n ID photo(s)", "", proofs) if proofs else self.tr("no ID photo yet")
        where = self.tr("appears in: {names}").format(names=", ".join(images)) if images \
            else self.tr("not linked to a picture yet")
        return f"{proof} · {where}"

    def uncovered_faces(self) -> list[str]:
        """Complaint and behind-the-scenes pictures with faces that no model or reason covers yet."""
        case = self.workspace.case
        found = []
        for _role, entry in case.images():
            result = self.workspace.faces.get(entry.source)
            if result is not None and result.faces and not case.models_in(entry.source) \
                    and entry.source not in case.no_model:
                found.append(entry.source)
        return found

    def refresh(self) -> None:
        uncovered = self.uncovered_faces()
        if uncovered:
            self.faces_note.setText(self.tr("%n picture(s) show a face without model proof.", "", len(uncovered)))
            self.faces_note.setStyleSheet("color: #d64545; font-weight: 600;")
        else:
            self.faces_note.setText(self.tr("No picture is waiting for model proof."))
            self.faces_note.setStyleSheet("color: #1f9d55;")
        source = self.selected()
        row = self.workspace.row(source) if source else None
        is_photo = row is not None and row.role in (ROLE_COMPLAINT, ROLE_BTS)
        current = self.list.currentIndex()
        self.link_button.setEnabled(is_photo and current.isValid())
        self.remove_button.setEnabled(current.isValid())
        self.no_model_button.setEnabled(is_photo)

    def _add_clicked(self) -> None:
        name = dialogs.ask_text(self, self.tr("Add model"), self.tr("Model's name"))
        if not name:
            return
        proof = dialogs.ask_files(self, self.tr("Choose the photo of {name} holding the ID card").format(name=name))
        if proof:
            self.add_model(name, proof)

    def add_model(self, name: str, proof: list[str], appears_in: list[str] | None = None) -> None:
        """Attach a model with ID photo(s) to the given pictures (default: selected + uncovered faces)."""
        if appears_in is None:
            source = self.selected()
            appears_in = self.uncovered_faces()
            if source and self.workspace.case.entry_for(source) and source not in appears_in:
                appears_in.insert(0, source)
        case_actions.add_model(self.workspace, name, proof, appears_in, on_done=self.refresh,
                               on_error=lambda error: errors.report_exception(error, self), owner=self)

    def _current_name(self) -> str | None:
        index = self.list.currentIndex()
        return str(index.data(NAME)) if index.isValid() else None

    def _link_clicked(self) -> None:
        name, source = self._current_name(), self.selected()
        model = next((m for m in self.workspace.case.models if m.name == name), None)
        if model is not None and source:
            case_actions.set_model_images(self.workspace, model.name, [*model.appears_in, source])

    def _remove_clicked(self) -> None:
        name = self._current_name()
        if name and dialogs.confirm(self, self.tr("Remove model"),
                                    self.tr("Remove {name} and delete the ID photo copies from this case?"
                                            ).format(name=name)):
            case_actions.remove_model(self.workspace, name)

    def _no_model_clicked(self) -> None:
        source = self.selected()
        if not source:
            return
        reason = dialogs.ask_text(self, self.tr("No recognizable model"),
                                  self.tr("Why does this picture need no model proof? (e.g. a painting, "
                                          "a face on packaging, the face cannot be recognized)"))
        if reason:
            self.workspace.set_no_model(source, reason)
