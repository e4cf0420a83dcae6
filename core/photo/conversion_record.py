"""What a conversion produced and how: the result shown to the user and the record kept with the JPEG.

`ConversionRecord` goes into the export bundle so a reviewer who asks for the RAW gets the matching
file: source path and sha256, method, settings, output sha256. It is stored beside the JPEG as
"<output>.conversion.json" (written atomically) and read back with `load_record`.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from core.base.findings import Finding, Judged

RECORD_SUFFIX = ".conversion.json"


@dataclass
class ConversionRecord:
    source: str
    source_sha256: str
    source_bytes: int
    method: str  # embedded_preview | libraw | heif
    settings: dict[str, Any]
    output: str
    output_sha256: str
    output_bytes: int
    width: int
    height: int
    quality: int | None  # None: the camera's JPEG bytes were kept (embedded preview)
    app: str
    app_version: str
    libraw_version: str | None
    converted_at: str  # ISO 8601 with offset

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ConversionRecord:
        names = {f.name for f in fields(cls)}
        missing = names - set(data)
        if missing:
            raise ValueError(f"conversion record lacks {', '.join(sorted(missing))}")
        return cls(**{name: data[name] for name in names})


@dataclass
class ConversionResult(Judged):
    source: str
    output: str | None = None
    method: str | None = None
    width: int | None = None
    height: int | None = None
    bytes: int | None = None
    quality: int | None = None
    findings: list[Finding] = field(default_factory=list)
    record: ConversionRecord | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "output": self.output,
            "method": self.method,
            "width": self.width,
            "height": self.height,
            "bytes": self.bytes,
            "quality": self.quality,
            "findings": [finding.to_json() for finding in self.findings],
            "record": self.record.to_json() if self.record else None,
        }


def record_path(output: str | os.PathLike[str]) -> Path:
    return Path(str(output) + RECORD_SUFFIX)


def record_bytes(record: ConversionRecord) -> bytes:
    return (json.dumps(record.to_json(), ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def load_record(output_path: str | os.PathLike[str]) -> ConversionRecord | None:
    """The record stored beside a converted JPEG; None when there is none or it is unreadable."""
    try:
        data = json.loads(record_path(output_path).read_text(encoding="utf-8"))
        return ConversionRecord.from_json(data) if isinstance(data, dict) else None
    except (OSError, ValueError, TypeError):
        return None
