"""Build a slim OpenCV wheel for the installer, once, and print its path.

Why: every official ``opencv-python-headless`` wheel links video I/O (FFmpeg, libaom, libvpx ...), image
codecs and its own OpenBLAS, about 155 MB on Linux that the app never calls and that put the one-folder
build over its 350 MB budget (docs/INSTALLER.md). The app uses only core, imgproc, features2d, flann,
calib3d and video (image matching), so this script builds the official sdist of the *same version* as the
running environment has, with opencv-python's documented knobs (``ENABLE_HEADLESS=1``, ``CMAKE_ARGS``),
and only those modules, every optional dependency off. The result keeps the distribution name
``opencv-python-headless``, so ``pip install`` of it replaces the official wheel in the build venv.

The wheel is cached in ``build/slim-opencv/`` (ignored by git; ``make clean`` keeps it, delete the folder
to rebuild) and reused when present; a fresh machine builds it once. ``--site`` also unpacks it with
``pip install --target`` into ``build/slim-opencv/site-<version>/`` and prints that folder instead: ``make
dist`` puts it first on PYTHONPATH for PyInstaller only, so the build venv keeps the official wheel (``make
run``/``make test`` are untouched). ``--print-only`` prints the cached wheel's path, or nothing. Licence of
the result: Apache 2.0, as OpenCV's (its LICENSE.txt and LICENSE-3RD-PARTY.txt are inside the wheel).

    python scripts/build_slim_opencv.py [--version 4.14.0.94] [--site | --print-only]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tarfile
import time
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "build" / "slim-opencv"
DIST_NAME = "opencv-python-headless"

# The OpenCV modules the app calls (grep `cv2\.` in core/ ui/): matching only. python3 is the binding.
# imgcodecs is built with no codec library at all (BMP and the like stay, about 1 MB): the app never calls
# it, but the binding's typing-stub generator refines `imread` by name and, when it is missing, writes no
# py.typed, which opencv-python's setup.py then demands (4.14.0.94: "Not found: 'python/cv2/py.typed'").
MODULES = ["core", "imgproc", "imgcodecs", "features2d", "flann", "calib3d", "video", "python3"]

# Everything optional off: no video I/O, no image codecs (imgcodecs is not built), no BLAS/LAPACK,
# no OpenCL (the app passes numpy arrays, never UMat), no IPP (its binary is downloaded at configure
# time, and nothing may be downloaded), no TBB/OpenMP (OpenCV's own pthreads pool, as the official wheel).
CMAKE_OFF = [
    "WITH_FFMPEG", "WITH_GSTREAMER", "WITH_V4L", "WITH_1394", "WITH_AVFOUNDATION", "WITH_MSMF", "WITH_DSHOW",
    "WITH_OBSENSOR", "WITH_LAPACK", "WITH_EIGEN", "WITH_IPP", "WITH_ITT", "WITH_OPENCL", "WITH_OPENCLAMDFFT",
    "WITH_OPENCLAMDBLAS", "WITH_VA", "WITH_VA_INTEL", "WITH_TBB", "WITH_OPENMP", "WITH_PROTOBUF",
    "WITH_FLATBUFFERS", "WITH_QUIRC", "WITH_ADE", "WITH_JPEG", "WITH_PNG", "WITH_SPNG", "WITH_TIFF",
    "WITH_WEBP", "WITH_OPENJPEG", "WITH_JASPER", "WITH_OPENEXR", "WITH_AVIF", "WITH_JPEGXL", "WITH_GDAL",
    "WITH_GDCM", "WITH_IMGCODEC_GIF", "WITH_IMGCODEC_HDR", "WITH_IMGCODEC_SUNRASTER", "WITH_IMGCODEC_PXM",
    "WITH_IMGCODEC_PFM", "WITH_CUDA", "WITH_VULKAN", "WITH_OPENVINO", "WITH_OPENGL", "WITH_QT", "WITH_GTK",
    "WITH_WIN32UI", "WITH_DIRECTX", "WITH_DIRECTML", "WITH_CAROTENE", "WITH_KLEIDICV", "WITH_FASTCV",
    "WITH_HAL_RVV", "WITH_NDSRVP", "WITH_ONNX", "WITH_TIMVX", "WITH_CANN", "WITH_WEBNN",
    "BUILD_OPENEXR", "BUILD_JPEG", "BUILD_PNG", "BUILD_TIFF", "BUILD_WEBP", "BUILD_OPENJPEG", "BUILD_JASPER",
    "BUILD_PROTOBUF", "BUILD_TESTS", "BUILD_PERF_TESTS", "BUILD_EXAMPLES", "BUILD_DOCS", "BUILD_JAVA",
    "BUILD_opencv_apps", "BUILD_opencv_js", "BUILD_opencv_java", "BUILD_opencv_objc", "BUILD_opencv_gapi",
    "BUILD_opencv_world", "CV_TRACE", "OPENCV_GENERATE_PKGCONFIG",
]


def cmake_args() -> str:
    """The CMAKE_ARGS opencv-python's setup.py appends to its own (later -D wins)."""
    args = [f"-DBUILD_LIST={','.join(MODULES)}", "-DCMAKE_BUILD_TYPE=Release", "-DPYTHON3_LIMITED_API=ON"]
    args += [f"-D{name}=OFF" for name in CMAKE_OFF]
    if sys.platform.startswith("linux"):
        # Strip at link time: the official wheel's cv2.abi3.so carries no symbols either.
        args += ["-DCMAKE_MODULE_LINKER_FLAGS=-s", "-DCMAKE_SHARED_LINKER_FLAGS=-s"]
    return " ".join(args)


def cached_wheel(version: str) -> Path | None:
    """The slim wheel of this version in the cache, if built before."""
    hits = sorted(CACHE.glob(f"opencv_python_headless-{version}-*.whl"))
    return hits[-1] if hits else None


def build(version: str) -> Path:
    """Download the official sdist with pip and build the slim wheel from it into the cache."""
    CACHE.mkdir(parents=True, exist_ok=True)
    pip = [sys.executable, "-m", "pip"]
    sdists = sorted(CACHE.glob(f"opencv_python_headless-{version}.tar.gz"))
    if not sdists:
        # --no-binary for this one package only: its build requirements (numpy, scikit-build) come as wheels.
        subprocess.run([*pip, "download", "--no-deps", "--no-binary", DIST_NAME,
                        f"{DIST_NAME}=={version}", "-d", str(CACHE)], check=True, stdout=sys.stderr)
        sdists = sorted(CACHE.glob(f"opencv_python_headless-{version}.tar.gz"))
    # Built from an unpacked folder, not the archive: pip then builds in place, so the CMake build folder
    # (_skbuild/) survives a failure and a second run only recompiles what changed.
    # YUANTU_SLIM_OPENCV_SRC moves it to a short path (the workflow, for MSVC's 260-character path limit).
    short = os.environ.get("YUANTU_SLIM_OPENCV_SRC")
    source = Path(short) / version if short else CACHE / f"src-{version}"
    source.parent.mkdir(parents=True, exist_ok=True)
    if not (source / "setup.py").is_file():
        with tarfile.open(sdists[-1]) as archive:
            archive.extractall(source.parent / "unpacking", filter="data")
        shutil.rmtree(source, ignore_errors=True)
        (source.parent / "unpacking" / sdists[-1].name.removesuffix(".tar.gz")).rename(source)
        shutil.rmtree(source.parent / "unpacking")
    env = dict(os.environ, ENABLE_HEADLESS="1", CMAKE_ARGS=cmake_args(),
               CMAKE_BUILD_PARALLEL_LEVEL=str(os.cpu_count() or 2))
    if sys.platform == "darwin":
        # the app bundle says it runs on macOS 11 (yuantu.spec LSMinimumSystemVersion): so must cv2
        env.setdefault("MACOSX_DEPLOYMENT_TARGET", "11.0")
    start = time.monotonic()
    subprocess.run([*pip, "wheel", "--no-deps", "--verbose", str(source), "-w", str(CACHE)],
                   check=True, env=env, stdout=sys.stderr)
    wheel = cached_wheel(version)
    if wheel is None:
        raise SystemExit(f"pip wheel finished but no opencv_python_headless-{version} wheel is in {CACHE}")
    print(f"built {wheel.name} in {(time.monotonic() - start) / 60:.1f} min", file=sys.stderr)
    return wheel


def unpacked(wheel: Path, version: str) -> Path:
    """The wheel installed (no dependencies) into its own folder, once; the folder is what PYTHONPATH gets."""
    site = CACHE / f"site-{version}"
    if not (site / "cv2" / "__init__.py").is_file():
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-compile",
                        "--upgrade", "--target", str(site), str(wheel)], check=True, stdout=sys.stderr)
    return site


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--version", help="OpenCV wheel version (default: the one this Python has installed)")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--site", action="store_true", help="unpack the wheel for PYTHONPATH and print that folder")
    group.add_argument("--print-only", action="store_true", help="print the cached wheel's path, never build")
    ns = parser.parse_args()
    version = ns.version or metadata.version(DIST_NAME)
    wheel = cached_wheel(version)
    if wheel is None and not ns.print_only:
        wheel = build(version)
    if wheel is not None:
        print(unpacked(wheel, version) if ns.site else wheel)
    return 0


if __name__ == "__main__":
    sys.exit(main())
