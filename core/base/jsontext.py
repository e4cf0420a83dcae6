"""JSON text that keeps every path the operating system can give, byte for byte.

Why: on Linux and macOS a file name is bytes, and one that is not valid UTF-8 reaches Python as a str
with lone surrogates (PEP 383, "surrogateescape"). Such a str cannot be encoded as UTF-8, so printing
JSON or saving a case with it raised `UnicodeEncodeError`, or lost the name to "?" replacements. Here
lone surrogates are written as `\\udcXX` escapes: the text stays valid UTF-8 JSON, and `json.loads`
gives back the same str, which `os.fsencode` turns back into the original bytes.
"""

from __future__ import annotations

import json
import re
from typing import Any

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def dumps(data: Any, **options: Any) -> str:
    """`json.dumps(data, ensure_ascii=False, **options)`, with lone surrogates escaped.

    Inside JSON text a raw surrogate can only stand inside a string, so escaping it there is exact."""
    text = json.dumps(data, ensure_ascii=False, **options)
    return _LONE_SURROGATE.sub(_escape, text)


def display(text: str) -> str:
    """A path for people to read (tables, messages): undecodable bytes shown as U+FFFD."""
    return _LONE_SURROGATE.sub("\ufffd", text)
