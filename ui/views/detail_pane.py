"""The selected picture in detail: a preview with face boxes, the facts, and every finding with its remedy.

Facts come from the image's inspection report, findings from the latest case review when it covers
the file (it adds faces, source changes and repeats) or else from the report and the conversion.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen, QPixmap
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from core.base.findings import Finding
from core.photo.facts import Camera
from ui.models.findings import FindingsModel
from ui.widgets.finding_delegate import FindingDelegate
from ui.widgets.theme import SEVERITY_COLORS
from ui.widgets.thumbnails import PREVIEW_SIZE, ThumbnailCache
from ui.workspace import ROLE_PROOF, CaseWorkspace, ImageRow


def human_size(size: int | None) -> str:
    if size is None:
        return "—"
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    return f"{size / 1000:.0f} KB"


Box = tuple[int, int, int, int]
COVERED_COLOR, UNCOVERED_COLOR, DRAWING_COLOR = "#1f9d55", "#d64545", "#2563eb"


class PreviewWidget(QWidget):
    """The picture scaled to fit, with its face boxes drawn on it (boxes in oriented full-size pixels):
    green when the face is covered (a model's proof or the user's declaration), red when it is not.
    In drawing mode the user drags a box around a face the detector missed (`face_drawn`)."""

    face_drawn = Signal(object)  # Box in full-size pixels

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pixmap: QPixmap | None = None
        self.boxes: list[Box] = []
        self.uncovered: list[Box] = []
        self.full_size: tuple[int, int] | None = None  # oriented full-size pixels the boxes refer to
        self.drawing = False
        self._drag: tuple[QPointF, QPointF] | None = None
        self.setMinimumHeight(160)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:
        return QSize(400, 280)

    def show_picture(self, pixmap: QPixmap | None, boxes: list[Box], full_size: tuple[int, int] | None,
                     uncovered: list[Box] | None = None) -> None:
        self.pixmap, self.boxes, self.full_size = pixmap, boxes, full_size
        self.uncovered = list(uncovered or [])
        self.update()

    def set_drawing(self, on: bool) -> None:
        self.drawing = on
        self._drag = None
        self.setCursor(Qt.CursorShape.CrossCursor if on else Qt.CursorShape.ArrowCursor)
        self.update()

    def _target(self) -> tuple[QRectF, float, float] | None:
        if self.pixmap is None or self.pixmap.isNull():
            return None
        scaled = self.pixmap.size().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
        x, y = (self.width() - scaled.width()) / 2, (self.height() - scaled.height()) / 2
        target = QRectF(x, y, scaled.width(), scaled.height())
        full_w, full_h = self.full_size or (self.pixmap.width(), self.pixmap.height())
        return target, target.width() / max(full_w, 1), target.height() / max(full_h, 1)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self.drawing and event.button() == Qt.MouseButton.LeftButton:
            self._drag = (event.position(), event.position())
            self.update()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag is not None:
            self._drag = (self._drag[0], event.position())
            self.update()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._drag is None:
            super().mouseReleaseEvent(event)
            return
        start, end = self._drag[0], event.position()
        self._drag = None
        box = self.to_full(start, end)
        self.update()
        if box is not None:
            self.face_drawn.emit(box)

    def to_full(self, start: QPointF, end: QPointF) -> Box | None:
        """A dragged rectangle in widget pixels as a box in the photo's full-size pixels (None if tiny)."""
        placed = self._target()
        if placed is None:
            return None
        target, sx, sy = placed
        left, right = sorted((start.x(), end.x()))
        top, bottom = sorted((start.y(), end.y()))
        left, top = max(left, target.left()), max(top, target.top())
        right, bottom = min(right, target.right()), min(bottom, target.bottom())
        if right - left < 6 or bottom - top < 6:
            return None
        return (round((left - target.left()) / sx), round((top - target.top()) / sy),
                round((right - left) / sx), round((bottom - top) / sy))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#f1f3f6"))
        placed = self._target()
        if placed is None or self.pixmap is None:
            return
        target, sx, sy = placed
        x, y = target.left(), target.top()
        painter.drawPixmap(target, self.pixmap, QRectF(self.pixmap.rect()))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for box in self.boxes:
            left, top, width, height = box
            color = UNCOVERED_COLOR if box in self.uncovered else COVERED_COLOR
            painter.setPen(QPen(QColor(color), 3))
            painter.drawRect(QRectF(x + left * sx, y + top * sy, width * sx, height * sy))
        if self._drag is not None:
            painter.setPen(QPen(QColor(DRAWING_COLOR), 2, Qt.PenStyle.DashLine))
            painter.drawRect(QRectF(self._drag[0], self._drag[1]).normalized())


class DetailPane(QWidget):
    def __init__(self, workspace: CaseWorkspace, role_names: dict[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.role_names = role_names
        self.source: str | None = None
        self.previews = ThumbnailCache(PREVIEW_SIZE, self)
        self.previews.ready.connect(self._preview_ready)
        self.findings = FindingsModel()

        self.preview = PreviewWidget()
        self.title = QLabel()
        self.title.setObjectName("section")
        self.title.setWordWrap(True)
        self.facts = QFormLayout()
        self.facts.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.fact_labels: dict[str, QLabel] = {}
        names = {"role": self.tr("Role"), "format": self.tr("Format"), "size": self.tr("File size"),
                 "pixels": self.tr("Pixels"), "camera": self.tr("Camera"), "serial": self.tr("Body serial"),
                 "taken": self.tr("Taken at"), "faces": self.tr("Faces")}
        for key, name in names.items():
            label = QLabel("—")
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setWordWrap(True)
            self.fact_labels[key] = label
            self.facts.addRow(name, label)
        self.list = QListView()
        self.list.setModel(self.findings)
        self.list.setItemDelegate(FindingDelegate(self.list, self.tr("Explained by you: {reason}")))
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setSelectionMode(QListView.SelectionMode.NoSelection)
        self.list.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.empty = QLabel(self.tr("Select a picture to see its details."))
        self.empty.setObjectName("hint")
        self.state = QLabel()  # the file's state, worded like its badge and the checklist
        self.state.setWordWrap(True)
        self.draw_button = QPushButton(self.tr("Outline a missed face"))
        self.draw_button.setCheckable(True)
        self.draw_button.setToolTip(self.tr("The face check missed a face? Drag a box around it on the picture: "
                                            "it then needs a model's proof like any other face."))
        self.draw_button.toggled.connect(self.preview.set_drawing)
        self.preview.face_drawn.connect(self._face_drawn)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.empty)
        layout.addWidget(self.preview, 3)
        tools = QHBoxLayout()
        tools.addWidget(self.title, 1)
        tools.addWidget(self.draw_button)
        layout.addLayout(tools)
        layout.addWidget(self.state)
        layout.addLayout(self.facts)
        checks = QLabel(self.tr("Checks"))
        checks.setObjectName("section")
        layout.addWidget(checks)
        layout.addWidget(self.list, 4)
        workspace.image_updated.connect(self._updated)
        workspace.reviewed.connect(self.refresh)
        self.show_source(None)

    def show_source(self, source: str | None) -> None:
        changed = source != self.source
        self.source = source
        if changed:
            self.draw_button.setChecked(False)
        self.refresh()
        if changed:  # another photo: start at its top, where its worst finding is
            self.list.scrollToTop()

    def _face_drawn(self, box: Box) -> None:
        self.draw_button.setChecked(False)
        if self.source:
            self.workspace.add_drawn_face(self.source, box)

    def _updated(self, source: str) -> None:
        if source == self.source:
            self.refresh()

    def _preview_ready(self, path: str) -> None:
        row = self.workspace.row(self.source) if self.source else None
        if row is not None and row.submitted == path:
            self.refresh()

    def refresh(self) -> None:
        row = self.workspace.row(self.source) if self.source else None
        self.empty.setVisible(row is None)
        self.preview.setVisible(row is not None)
        if row is None:
            self.title.setText("")
            for label in self.fact_labels.values():
                label.setText("—")
            self.findings.set_findings([])
            self.state.setText("")
            self.draw_button.setVisible(False)
            return
        faces = self.workspace.faces.get(row.source)
        boxes, uncovered = self._boxes(row, faces)
        size = (faces.width, faces.height) if faces is not None and faces.width and faces.height else None
        self.preview.show_picture(self.previews.get(row.submitted), boxes, size, uncovered)
        self.title.setText(row.name)
        self.title.setToolTip(row.source)
        self.draw_button.setVisible(row.role != ROLE_PROOF)
        self._show_facts(row, faces)
        self._show_state(row)
        self.findings.set_findings(self.findings_for(row), self._explained(row))

    def _boxes(self, row: ImageRow, faces: Any) -> tuple[list[Box], list[Box]]:
        """Every face of the photo (detected and drawn) and those no model or declaration covers yet."""
        review = self.workspace.review
        reviewed = review.file(row.source) if review is not None else None
        if reviewed is not None and reviewed.coverage is not None:
            every = [f.box for f in reviewed.coverage.faces]
            return every, [f.box for f in reviewed.coverage.uncovered]
        detected: list[Box] = [(int(b[0]), int(b[1]), int(b[2]), int(b[3]))
                               for b in (getattr(faces, "boxes", []) or [])]
        drawn = [m.box for m in self.workspace.case.face_marks(row.source) if m.drawn]
        return [*detected, *drawn], []

    def _explained(self, row: ImageRow) -> dict[str, str]:
        review = self.workspace.review
        if review is None:
            return {}
        return {i.finding.code: i.explanation.reason for i in review.explained()
                if i.file == row.source and i.explanation is not None}

    def _show_state(self, row: ImageRow) -> None:
        state = self.workspace.file_state(row.source) if row.role != ROLE_PROOF else ""
        texts = {"block": self.tr("Must be fixed (or explained) before export"),
                 "explained": self.tr("Explained by you: can be exported, but the platform may still reject it"),
                 "warn": self.tr("Can be exported; worth a look"),
                 "ok": self.tr("✓ Passes every check")}
        self.state.setText(texts.get(state, ""))
        self.state.setStyleSheet(f"color: {SEVERITY_COLORS.get(state, SEVERITY_COLORS['pending'])};")

    def _show_facts(self, row: ImageRow, faces: Any) -> None:
        report = self.workspace.report(row.source)
        labels = self.fact_labels
        role = self.role_names.get(row.role, row.role)
        if row.model:
            role = self.tr("{role} of {model}").format(role=role, model=row.model)
        labels["role"].setText(role)
        if row.entry is not None and row.entry.converted:
            labels["format"].setText(self.tr("{source} converted to JPEG").format(source=row.entry.kind.upper()))
        else:
            labels["format"].setText(report.type.upper() if report else "…")
        labels["size"].setText(human_size(report.bytes) if report else "…")
        labels["pixels"].setText(f"{report.width} × {report.height}" if report and report.width else "—")
        camera: Camera = report.camera if report else Camera()
        labels["camera"].setText(camera.describe() if camera.known else self.tr("not recorded"))
        labels["serial"].setText(camera.serial or self.tr("not recorded"))
        labels["taken"].setText((report.taken_at or self.tr("not recorded")).replace("T", " ") if report else "…")
        if row.role == ROLE_PROOF:
            labels["faces"].setText(self.tr("not checked (ID photo)"))
        elif faces is None:
            labels["faces"].setText(self.tr("checking…"))
        elif getattr(faces, "error", None):
            labels["faces"].setText(self.tr("could not be checked"))
        else:
            labels["faces"].setText(self.tr("%n face(s) found", "", int(faces.faces)) if faces.faces
                                    else self.tr("none"))

    def findings_for(self, row: ImageRow) -> list[Finding]:
        review = self.workspace.review
        reviewed = review.file(row.source) if review is not None else None
        if reviewed is not None and str(reviewed.submitted) == row.submitted:
            return list(reviewed.findings)
        report = self.workspace.report(row.source)
        found = list(report.findings) if report else []
        if row.entry is not None and row.entry.conversion_findings:
            factory = self.workspace.profile.findings(self.workspace.lang)
            for item in row.entry.conversion_findings:
                try:
                    found.append(factory.make(str(item["code"]), item.get("severity"), **dict(item.get("params", {}))))
                except Exception:  # a code from another version: its record stays in the case file
                    continue
        return found
