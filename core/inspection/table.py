"""The checks `inspect_path` runs, in order: one explicit table (as Picard lists its formats), not import side effects.

Adding a check is one row here. `needs_pixels` checks decode the image and are skipped by `inspect --fast`.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.inspection import file_rules
from core.inspection.context import Check
from core.inspection.originality import check as originality


@dataclass(frozen=True)
class CheckEntry:
    name: str
    function: Check
    needs_pixels: bool = False


CHECKS: tuple[CheckEntry, ...] = (
    CheckEntry("readable", file_rules.check_readable),
    CheckEntry("format", file_rules.check_format),
    CheckEntry("size", file_rules.check_size),
    CheckEntry("metadata", file_rules.check_metadata),
    CheckEntry("trailer", file_rules.check_trailer),
    CheckEntry("originality.thumbnail", originality.check_thumbnail, needs_pixels=True),
    CheckEntry("originality", originality.check_originality),
)
