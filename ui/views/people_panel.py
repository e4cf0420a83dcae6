"""Models and their proof: who appears in which picture, and the ID photo that proves consent.

When a face is found in a complaint or behind-the-scenes picture, the platform wants a photo of the
model holding the front of their ID card. "Add model" copies the ID photo(s) into the case folder
(nowhere else) and links the model to the selected picture and to the pictures with faces not yet
covered. A picture without a recognizable model (a painting, a mannequin) gets a recorded reason.

For the selected model: "keep for later complaints" (off by default) stores the model in the app-data
models folder (core.case.people), and the purpose watermark (off by default) makes a watermarked copy of
the ID photo stand in for it in the export; the ID photo copy itself is never changed. Below, the
models kept earlier: add one to this complaint (its ID photos are copied in, byte-identical) or delete it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.case.casefile import PersonEntry
from core.case.people import kept_models
from ui import case_actions, errors
from ui.models.people import NAME, PeopleModel
from ui.widgets import dialogs
from ui.widgets.finding_delegate import FindingDelegate
from ui.workspace import ROLE_BTS, ROLE_COMPLAINT, CaseWorkspace

KEPT_ID = Qt.ItemDataRole.UserRole + 31


def watermarked(model: PersonEntry) -> bool:
    """Every ID photo of the model goes out as its watermarked copy."""
    return bool(model.proof) and all(proof.original for proof in model.proof)


class PeoplePanel(QWidget):
    def __init__(self, workspace: CaseWorkspace, selected: Callable[[], str | None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.selected = selected  # the source selected in the grid
        self.kept: list[Any] = []  # core.case.people.Person kept for later cases
        self.job: Any = None  # keeping, deleting or watermarking under way
        self._current: str | None = None  # the selected model's name, kept across list resets
        self._notes: dict[str, str] = {}  # model name -> what the last watermark change did
        self.model = PeopleModel(workspace, self._describe)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        self._build_people(layout)
        self._build_proof_options(layout)
        layout.addWidget(self._build_saved_models())
        workspace.image_updated.connect(self._image_updated)
        workspace.images_changed.connect(self.refresh)
        self.list.selectionModel().currentChanged.connect(self._model_selected)
        self.reload_saved()

    def _build_people(self, layout: QVBoxLayout) -> None:
        """Why ID photos are needed, the faces note, the case's models and what to do with one."""
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
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.link_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        layout.addWidget(intro)
        layout.addWidget(self.faces_note)
        layout.addWidget(self.list, 1)
        layout.addLayout(row)

    def _build_proof_options(self, layout: QVBoxLayout) -> None:
        """Keep for later cases, the purpose watermark, and "no recognisable model" for the selection."""
        self.keep_box = QCheckBox(self.tr("Keep for later complaints"))
        self.keep_box.setToolTip(self.tr("Stores this model's ID photos in this app's data folder on this "
                                         "computer, so later complaints can add them with one click."))
        self.keep_box.clicked.connect(self._keep_clicked)
        self.watermark_box = QCheckBox(self.tr("Submit the ID photo with a purpose watermark"))
        self.watermark_box.setToolTip(self.tr("Puts “仅限图片侵权投诉使用” and today's date on a copy of the ID "
                                              "photo; the export carries that copy."))
        self.watermark_box.clicked.connect(self._watermark_clicked)
        self.watermark_note = QLabel()
        self.watermark_note.setWordWrap(True)
        self.watermark_note.setObjectName("hint")
        self.no_model_button = QPushButton(self.tr("No recognizable model in selected picture…"))
        self.no_model_button.clicked.connect(self._no_model_clicked)
        for widget in (self.keep_box, self.watermark_box, self.watermark_note, self.no_model_button):
            layout.addWidget(widget)

    def _build_saved_models(self) -> QGroupBox:
        """Models kept on this computer for later cases."""
        self.saved_list = QListWidget()
        self.saved_list.setMaximumHeight(96)
        self.saved_list.currentItemChanged.connect(lambda *_: self.refresh())
        self.add_saved_button = QPushButton(self.tr("Add from saved models"))
        self.add_saved_button.clicked.connect(self._add_saved_clicked)
        self.delete_saved_button = QPushButton(self.tr("Delete saved model…"))
        self.delete_saved_button.clicked.connect(self._delete_saved_clicked)
        self.saved_empty = QLabel(self.tr("No saved models yet. Tick “Keep for later complaints” on a model "
                                          "to find it here next time."))
        self.saved_empty.setWordWrap(True)
        self.saved_empty.setObjectName("hint")
        self.saved_buttons = QWidget()
        saved_row = QHBoxLayout(self.saved_buttons)
        saved_row.setContentsMargins(0, 0, 0, 0)
        saved_row.addWidget(self.add_saved_button)
        saved_row.addWidget(self.delete_saved_button)
        saved_row.addStretch(1)
        self.saved_group = QGroupBox(self.tr("Saved models (on this computer only)"))
        saved_layout = QVBoxLayout(self.saved_group)
        saved_layout.addWidget(self.saved_empty)
        saved_layout.addWidget(self.saved_list)
        saved_layout.addWidget(self.saved_buttons)
        return self.saved_group

    def _image_updated(self, _source: str) -> None:
        self.refresh()

    def _describe(self, model: PersonEntry) -> str:
        proofs, images = len(model.proof), [Path(path).name for path in model.appears_in]
        proof = self.tr("%n ID photo(s)", "", proofs) if proofs else self.tr("no ID photo yet")
        where = self.tr("appears in: {names}").format(names=", ".join(images)) if images \
            else self.tr("not linked to a picture yet")
        parts = [proof, where]
        if watermarked(model):
            parts.append(self.tr("watermarked"))
        if self.is_kept(model):
            parts.append(self.tr("saved for later"))
        return " · ".join(parts)

    # ----- state ---------------------------------------------------------------------------------
    def is_kept(self, model: PersonEntry) -> bool:
        return model.id is not None and any(kept.id == model.id for kept in self.kept)

    def current_model(self) -> PersonEntry | None:
        name = self._current_name()
        return next((m for m in self.workspace.case.models if m.name == name), None)

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

    def _model_selected(self, *_: Any) -> None:
        name = self._current_name()
        if name is not None:
            self._current = name
        self.refresh()

    def _restore_selection(self) -> None:
        """After the list was rebuilt: select the model selected before, else the first one."""
        if self.list.currentIndex().isValid() or self.model.rowCount() == 0:
            return
        names = [str(self.model.index(row).data(NAME)) for row in range(self.model.rowCount())]
        row = names.index(self._current) if self._current in names else 0
        self.list.setCurrentIndex(self.model.index(row))

    def refresh(self) -> None:
        self._restore_selection()
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
        model = self.current_model()
        idle = self.job is None or self.job.is_finished
        self.link_button.setEnabled(is_photo and current.isValid())
        self.remove_button.setEnabled(current.isValid())
        self.no_model_button.setEnabled(is_photo)
        has_proof = model is not None and bool(model.proof)
        self.keep_box.setEnabled(has_proof and idle)
        self.keep_box.setChecked(model is not None and self.is_kept(model))
        self.watermark_box.setEnabled(has_proof and idle)
        self.watermark_box.setChecked(model is not None and watermarked(model))
        saved = self.saved_list.currentItem()
        self.add_saved_button.setEnabled(saved is not None and idle)
        self.delete_saved_button.setEnabled(saved is not None and idle)
        self.saved_list.setVisible(bool(self.kept))
        self.saved_buttons.setVisible(bool(self.kept))
        self.saved_empty.setVisible(not self.kept)
        self.watermark_note.setText(self._notes.get(model.name, "") if model is not None else "")
        self.watermark_note.setVisible(bool(self.watermark_note.text()))

    def reload_saved(self) -> None:
        """Read the models kept for later cases again (after keeping or deleting one)."""
        try:
            self.kept = kept_models()
        except OSError as error:  # an unreadable data folder: no saved models, said once in the log
            errors.log.warning("cannot read the saved models: %s", error)
            self.kept = []
        chosen = self.saved_list.currentItem()
        chosen_id = chosen.data(KEPT_ID) if chosen is not None else None
        self.saved_list.clear()
        for kept in self.kept:
            item = QListWidgetItem(self.tr("{name} · %n ID photo(s)", "", len(kept.proof_files)).format(name=kept.name))
            item.setData(KEPT_ID, kept.id)
            self.saved_list.addItem(item)
            if kept.id == chosen_id:
                self.saved_list.setCurrentItem(item)
        if self.saved_list.currentItem() is None and self.saved_list.count():
            self.saved_list.setCurrentRow(0)
        self.model.reload()
        self.refresh()

    # ----- adding, linking, removing --------------------------------------------------------------
    def _add_clicked(self) -> None:
        name = dialogs.ask_text(self, self.tr("Add model"), self.tr("Model's name"))
        if not name:
            return
        proof = dialogs.ask_files(self, self.tr("Choose the photo of {name} holding the ID card").format(name=name))
        if proof:
            self.add_model(name, proof)

    def add_model(self, name: str, proof: list[str], appears_in: list[str] | None = None,
                  model_id: str | None = None) -> None:
        """Attach a model with ID photo(s) to the given pictures (default: selected + uncovered faces)."""
        if appears_in is None:
            source = self.selected()
            appears_in = self.uncovered_faces()
            if source and self.workspace.case.entry_for(source) and source not in appears_in:
                appears_in.insert(0, source)
        self._current = name
        case_actions.add_model(self.workspace, name, proof, appears_in, on_done=self.refresh,
                               on_error=lambda error: errors.report_exception(error, self), owner=self,
                               model_id=model_id)

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

    # ----- keeping for later cases ----------------------------------------------------------------
    def _started(self, job: Any) -> None:
        self.job = job
        self.refresh()

    def _job_done(self, *_: Any) -> None:
        self.job = None
        self.reload_saved()

    def _job_failed(self, error: BaseException) -> None:
        self.job = None
        self.reload_saved()
        errors.report_exception(error, self)

    def _keep_clicked(self, checked: bool) -> None:
        model = self.current_model()
        if model is None:
            return
        if checked:
            self._started(case_actions.keep_model(self.workspace, model.name, self._job_done, self._job_failed,
                                                  owner=self))
        elif model.id is not None:
            self._delete_saved(model.id, model.name)
        self.refresh()

    def _selected_saved(self) -> Any | None:
        item = self.saved_list.currentItem()
        kept_id = item.data(KEPT_ID) if item is not None else None
        return next((kept for kept in self.kept if kept.id == kept_id), None)

    def _add_saved_clicked(self) -> None:
        kept = self._selected_saved()
        if kept is None:
            return
        if any(model.id == kept.id for model in self.workspace.case.models):
            dialogs.inform(self, self.tr("Add from saved models"),
                           self.tr("{name} is already in this complaint.").format(name=kept.name))
            return
        self.add_model(kept.name, list(kept.proof_files), model_id=kept.id)

    def _delete_saved_clicked(self) -> None:
        kept = self._selected_saved()
        if kept is not None:
            self._delete_saved(kept.id, kept.name)

    def _delete_saved(self, model_id: str, name: str) -> None:
        if dialogs.confirm(self, self.tr("Delete saved model"),
                           self.tr("Delete the saved copy of {name} and their ID photos from this computer? "
                                   "Complaints that already use them keep their own copies.").format(name=name)):
            self._started(case_actions.delete_kept(model_id, self._job_done, self._job_failed, owner=self))

    # ----- purpose watermark ----------------------------------------------------------------------
    def _watermark_clicked(self, checked: bool) -> None:
        model = self.current_model()
        if model is None:
            return
        name = model.name
        self._started(case_actions.set_watermark(self.workspace, name, checked,
                                                 lambda outcome: self._watermarked(outcome, name),
                                                 self._job_failed, owner=self))

    def _watermarked(self, outcome: Any, name: str) -> None:
        self.job = None
        if outcome.text is None:
            note = self.tr("The export carries the ID photo as it was given again.")
        elif outcome.fallback:
            note = self.tr("No Chinese font was found on this computer, so the watermark was written in English: "
                           "“{text}”. The ID photo itself is unchanged.").format(text=outcome.text)
        else:
            note = self.tr("The export carries a copy marked “{text}”. The ID photo itself is unchanged."
                           ).format(text=outcome.text)
        self._notes[name] = note
        self.refresh()
