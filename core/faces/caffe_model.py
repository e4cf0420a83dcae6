"""Reading a Caffe model without Caffe or OpenCV: the text `.prototxt` and the binary `.caffemodel`.

The face detector's network (res10 SSD) is described by a protobuf text file (the layer list) and
its weights by a protobuf binary file. Both formats are simple enough to read directly, which keeps
OpenCV (about 160 MB with the libraries it links) out of the installer:

- the text format is `name: value` and `name { ... }` blocks, parsed here by a small recursive-descent
  parser into `Message` (field name -> list of values, because any field may repeat);
- the binary format is protobuf's wire format (varints and length-delimited fields); only the parts
  that hold weights are read: NetParameter.layer (100) or the old NetParameter.layers (2), each
  layer's name and its blobs (BlobProto: shape, packed float data).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Union

import numpy as np
from numpy.typing import NDArray

Value = Union[str, float, bool, "Message"]


class ModelFormatError(ValueError):
    """The model files are not what the reader expects (a packaging problem, never the user's photo)."""


@dataclass
class Message:
    """One text-format message: every field may repeat, so each holds a list of values."""

    fields: dict[str, list[Value]] = field(default_factory=dict)

    def all(self, name: str) -> list[Value]:
        return self.fields.get(name, [])

    def has(self, name: str) -> bool:
        return name in self.fields

    def get(self, name: str, default: Value | None = None) -> Value | None:
        values = self.fields.get(name)
        return values[0] if values else default

    def number(self, name: str, default: float) -> float:
        value = self.get(name)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, float):
            raise ModelFormatError(f"{name}: expected a number, got {value!r}")
        return value

    def numbers(self, name: str) -> list[float]:
        values = self.all(name)
        if any(isinstance(v, bool) or not isinstance(v, float) for v in values):
            raise ModelFormatError(f"{name}: expected numbers, got {values!r}")
        return [float(v) for v in values]  # type: ignore[arg-type]

    def flag(self, name: str, default: bool) -> bool:
        value = self.get(name)
        if value is None:
            return default
        if isinstance(value, bool):
            return value
        raise ModelFormatError(f"{name}: expected true/false, got {value!r}")

    def text(self, name: str, default: str = "") -> str:
        value = self.get(name)
        if value is None:
            return default
        if isinstance(value, str):
            return value
        raise ModelFormatError(f"{name}: expected a word or string, got {value!r}")

    def texts(self, name: str) -> list[str]:
        return [str(v) for v in self.all(name)]

    def child(self, name: str) -> Message:
        value = self.get(name)
        if value is None:
            return Message()
        if isinstance(value, Message):
            return value
        raise ModelFormatError(f"{name}: expected a {{ ... }} block, got {value!r}")


# --- protobuf text format ----------------------------------------------------------------------------

_TOKEN = re.compile(r"""
    \s+ | \#[^\n]*                               # whitespace and comments: skipped
  | (?P<string>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')
  | (?P<number>[-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?|inf|nan)f?)(?![\w.])
  | (?P<word>[A-Za-z_][\w.]*)
  | (?P<punct>[{}:;,<>\[\]])
""", re.VERBOSE)


def _tokens(text: str) -> Iterator[tuple[str, str]]:
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            line = text.count("\n", 0, position) + 1
            raise ModelFormatError(f"prototxt line {line}: unexpected {text[position:position + 20]!r}")
        position = match.end()
        kind = match.lastgroup
        if kind is not None:
            yield kind, match.group(kind)


class _TextParser:
    def __init__(self, text: str) -> None:
        self._tokens = list(_tokens(text))
        self._index = 0

    def _peek(self) -> tuple[str, str] | None:
        return self._tokens[self._index] if self._index < len(self._tokens) else None

    def _next(self) -> tuple[str, str]:
        token = self._peek()
        if token is None:
            raise ModelFormatError("prototxt ends inside a block")
        self._index += 1
        return token

    def message(self, closing: str | None) -> Message:
        message = Message()
        while True:
            token = self._peek()
            if token is None:
                if closing is not None:
                    raise ModelFormatError("prototxt ends inside a block")
                return message
            if token == ("punct", closing):
                self._index += 1
                return message
            if token[1] in (";", ","):
                self._index += 1
                continue
            kind, name = self._next()
            if kind != "word":
                raise ModelFormatError(f"prototxt: expected a field name, got {name!r}")
            message.fields.setdefault(name, []).append(self._value())

    def _value(self) -> Value:
        kind, text = self._next()
        if (kind, text) == ("punct", ":"):
            kind, text = self._next()
        if kind == "punct" and text in "{<":
            return self.message("}" if text == "{" else ">")
        if kind == "string":
            return bytes(text[1:-1], "utf-8").decode("unicode_escape")
        if kind == "number":
            return float(text.rstrip("fF"))
        if kind == "word":
            return {"true": True, "false": False, "True": True, "False": False}.get(text, text)
        raise ModelFormatError(f"prototxt: unexpected {text!r}")


def parse_prototxt(text: str) -> Message:
    """The whole text file as one message (NetParameter: `input`, `input_shape`, repeated `layer`)."""
    return _TextParser(text).message(None)


# --- protobuf wire format ----------------------------------------------------------------------------

_VARINT, _FIXED64, _BYTES, _FIXED32 = 0, 1, 2, 5


def _varint(data: memoryview, position: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        if position >= len(data):
            raise ModelFormatError("caffemodel ends inside a number")
        byte = data[position]
        position += 1
        result |= (byte & 0x7F) << shift
        if byte < 0x80:
            return result, position
        shift += 7
        if shift > 63:
            raise ModelFormatError("caffemodel has a malformed number")


def wire_fields(data: memoryview) -> Iterator[tuple[int, int, int | memoryview]]:
    """(field number, wire type, value) of one message: an int for varints, raw bytes otherwise."""
    position = 0
    while position < len(data):
        key, position = _varint(data, position)
        number, wire = key >> 3, key & 7
        value: int | memoryview
        if wire == _VARINT:
            value, position = _varint(data, position)
        elif wire == _BYTES:
            length, position = _varint(data, position)
            value = data[position:position + length]
            position += length
        elif wire == _FIXED32:
            value = data[position:position + 4]
            position += 4
        elif wire == _FIXED64:
            value = data[position:position + 8]
            position += 8
        else:  # groups (3, 4) are not used by caffe.proto
            raise ModelFormatError(f"caffemodel: unsupported wire type {wire}")
        if position > len(data):
            raise ModelFormatError("caffemodel is cut short")
        yield number, wire, value


def _packed_varints(data: memoryview) -> list[int]:
    values, position = [], 0
    while position < len(data):
        value, position = _varint(data, position)
        values.append(value)
    return values


# BlobProto fields
_BLOB_NUM, _BLOB_CHANNELS, _BLOB_HEIGHT, _BLOB_WIDTH, _BLOB_DATA, _BLOB_SHAPE, _BLOB_DOUBLE_DATA = 1, 2, 3, 4, 5, 7, 8


def _blob(data: memoryview) -> NDArray[np.float32]:
    legacy = {_BLOB_NUM: 1, _BLOB_CHANNELS: 1, _BLOB_HEIGHT: 1, _BLOB_WIDTH: 1}
    dims: list[int] | None = None
    chunks: list[NDArray[np.float32]] = []
    singles: list[bytes] = []
    for number, wire, value in wire_fields(data):
        if number == _BLOB_DATA and wire == _BYTES and isinstance(value, memoryview):
            chunks.append(np.frombuffer(value, dtype="<f4"))
        elif number == _BLOB_DATA and wire == _FIXED32 and isinstance(value, memoryview):
            singles.append(bytes(value))  # an unpacked repeated float
        elif number == _BLOB_DOUBLE_DATA and wire == _BYTES and isinstance(value, memoryview):
            chunks.append(np.frombuffer(value, dtype="<f8").astype(np.float32))
        elif number == _BLOB_SHAPE and isinstance(value, memoryview):
            dims = []
            for dim_number, dim_wire, dim in wire_fields(value):
                if dim_number != 1:
                    continue
                if dim_wire == _BYTES and isinstance(dim, memoryview):
                    dims.extend(_packed_varints(dim))
                elif isinstance(dim, int):
                    dims.append(dim)
        elif number in legacy and isinstance(value, int):
            legacy[number] = value
    if singles:
        chunks.append(np.frombuffer(b"".join(singles), dtype="<f4"))
    values = np.concatenate(chunks) if chunks else np.zeros(0, np.float32)
    shape = dims if dims is not None else [legacy[key] for key in sorted(legacy)]
    if int(np.prod(shape)) != values.size:
        raise ModelFormatError(f"caffemodel blob has {values.size} values for shape {shape}")
    return values.astype(np.float32).reshape(shape)


# NetParameter.layer (LayerParameter: name 1, blobs 7); NetParameter.layers (V1LayerParameter: name 4, blobs 6)
_LAYER_FIELDS = {100: (1, 7), 2: (4, 6)}


def read_weights(data: bytes) -> dict[str, list[NDArray[np.float32]]]:
    """Layer name -> its blobs (weights, biases, statistics), from a binary `.caffemodel`."""
    weights: dict[str, list[NDArray[np.float32]]] = {}
    for number, _wire, value in wire_fields(memoryview(data)):
        if number not in _LAYER_FIELDS or not isinstance(value, memoryview):
            continue
        name_field, blob_field = _LAYER_FIELDS[number]
        name, blobs = "", []
        for layer_number, _layer_wire, layer_value in wire_fields(value):
            if layer_number == name_field and isinstance(layer_value, memoryview):
                name = bytes(layer_value).decode("utf-8")
            elif layer_number == blob_field and isinstance(layer_value, memoryview):
                blobs.append(_blob(layer_value))
        if name and blobs:
            weights[name] = blobs
    return weights


def load(prototxt: Path, caffemodel: Path) -> tuple[Message, dict[str, list[NDArray[np.float32]]]]:
    """The network description and its weights by layer name."""
    return parse_prototxt(prototxt.read_text(encoding="utf-8")), read_weights(caffemodel.read_bytes())
