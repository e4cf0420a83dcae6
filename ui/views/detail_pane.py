"""The selected picture in detail: a preview with face boxes, the facts, and every finding with its remedy.

Facts come from the image's inspection report, findings from the latest case review when it covers
the file (it adds faces, source changes and repeats) or else from the report and the conversion.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen, QPixmap
from PySide6.QtWidgets import QFormLayout, QLabel, QListView, QSizePolicy, QVBoxLayout, QWidget

from core.base.findings import Finding
from core.photo.facts import Camera
from ui.models.findings import FindingsModel
from ui.widgets.finding_delegate import FindingDelegate
from ui.widgets.thumbnails import PREVIEW_SIZE, ThumbnailCache
from ui.workspace import ROLE_PROOF, CaseWorkspace, ImageRow


def human_size(size: int | None) -> str:
    if size is None:
        return "—"
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    return f"{size / 1000:.0f} KB"


class PreviewWidget(QWidget):
    """The picture scaled to fit, with the detector's face boxes drawn on it (boxes in oriented pixels)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pixmap: QPixmap | None = None
        self.boxes: list[tuple[int, int, int, int]] = []
        self.full_size: tuple[int, int] | None = None  # oriented full-size pixels the boxes refer to
        self.setMinimumHeight(220)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:
        return QSize(400, 280)

    def show_picture(self, pixmap: QPixmap | None, boxes: list[tuple[int, int, int, int]],
                     full_size: tuple[int, int] | None) -> None:
        self.pixmap, self.boxes, self.full_size = pixmap, boxes, full_size
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#f1f3f6"))
        if self.pixmap is None or self.pixmap.isNull():
            return
        scaled = self.pixmap.size().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
        x, y = (self.width() - scaled.width()) / 2, (self.height() - scaled.height()) / 2
        target = QRectF(x, y, scaled.width(), scaled.height())
        painter.drawPixmap(target, self.pixmap, QRectF(self.pixmap.rect()))
        if not self.boxes:
            return
        full_w, full_h = self.full_size or (self.pixmap.width(), self.pixmap.height())
        sx, sy = target.width() / max(full_w, 1), target.height() / max(full_h, 1)
        painter.setPen(QPen(QColor("#facc15"), 3))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for left, top, width, height in self.boxes:
            painter.drawRect(QRectF(x + left * sx, y + top * sy, width * sx, height * sy))


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
        self.list.setItemDelegate(FindingDelegate(self.list))
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setSelectionMode(QListView.SelectionMode.NoSelection)
        self.list.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.empty = QLabel(self.tr("Select a picture to see its details."))
        self.empty.setObjectName("hint")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.empty)
        layout.addWidget(self.preview, 3)
        layout.addWidget(self.title)
        layout.addLayout(self.facts)
        checks = QLabel(self.tr("Checks"))
        checks.setObjectName("section")
        layout.addWidget(checks)
        layout.addWidget(self.list, 4)
        workspace.image_updated.connect(self._updated)
        workspace.reviewed.connect(self.refresh)
        self.show_source(None)

    def show_source(self, source: str | None) -> None:
        self.source = source
        self.refresh()

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
            return
        faces = self.workspace.faces.get(row.source)
        boxes = list(getattr(faces, "boxes", []) or [])
        size = (faces.width, faces.height) if faces is not None and faces.width and faces.height else None
        self.preview.show_picture(self.previews.get(row.submitted), boxes, size)
        self.title.setText(row.name)
        self._show_facts(row, faces)
        self.findings.set_findings(self.findings_for(row))

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
