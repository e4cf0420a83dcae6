"""Reading values out of an XMP packet without trusting it to be well-formed XML.

Writers put a property either as an attribute (`exif:DateTimeOriginal="..."`) or as an element
(`<exif:DateTimeOriginal>...</exif:DateTimeOriginal>`), sometimes inside rdf:Seq/rdf:Alt lists.
Regular expressions cover both, and survive packets that a strict parser would reject.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache


def _text(xmp: bytes | str | None) -> str:
    if xmp is None:
        return ""
    if isinstance(xmp, bytes):
        return xmp.decode("utf-8", "replace")
    return xmp


@lru_cache(maxsize=256)
def _patterns(name: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    escaped = re.escape(name)
    attribute = re.compile(rf"\b{escaped}\s*=\s*([\"'])(.*?)\1", re.S)
    element = re.compile(rf"<{escaped}(?:\s[^>]*)?>(.*?)</{escaped}>", re.S)
    return attribute, element


_LIST_ITEM = re.compile(r"<rdf:li(?:\s[^>]*)?>(.*?)</rdf:li>", re.S)
_TAGS = re.compile(r"<[^>]+>")


def values(xmp: bytes | str | None, name: str) -> list[str]:
    """All values of a qualified property (`prefix:Name`); list items are returned one by one."""
    text = _text(xmp)
    if not text or name not in text:
        return []
    attribute, element = _patterns(name)
    found = [html.unescape(match.group(2)).strip() for match in attribute.finditer(text)]
    for match in element.finditer(text):
        body = match.group(1)
        items = _LIST_ITEM.findall(body)
        if items:
            found.extend(html.unescape(_TAGS.sub(" ", item)).strip() for item in items)
        else:
            found.append(html.unescape(_TAGS.sub(" ", body)).strip())
    return [value for value in found if value]


def value(xmp: bytes | str | None, name: str) -> str | None:
    found = values(xmp, name)
    return found[0] if found else None
