"""Before `make run` opens the window on Linux: are the system libraries Qt's xcb plugin needs there?

Why: PySide6's wheel brings Qt but not the X11 libraries its xcb platform plugin links against. On a
bare Debian/Ubuntu machine `make run` then aborted with Qt's "Could not load the Qt platform plugin
"xcb"" (whose hint names xcb-cursor0 even when another library is the one missing). This check asks
the dynamic linker (`ldd` on the plugin) which libraries are not found, names the Debian packages that
hold them and then:
- as root on a system with apt-get: installs them (`apt-get install -y --no-install-recommends ...`);
- otherwise: prints the exact `sudo apt-get install ...` line and stops with exit status 1.
Not Linux, another Qt platform chosen (QT_QPA_PLATFORM=offscreen, wayland...) or a Wayland session, or
nothing missing:
exit 0 at once. `--check` only lists what is missing (exit 1 when something is), installing nothing.

    .venv/bin/python scripts/qt_system_libs.py [--check]
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

# Shared object -> the Debian/Ubuntu package that ships it (names as in Debian 12 and Ubuntu 22.04+).
# The first nine are the list in ../shared/LIBRARIES.md; the rest are their own dependencies.
DEBIAN_PACKAGES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-glx.so.0": "libxcb-glx0",
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libOpenGL.so.0": "libopengl0",
    "libGLX.so.0": "libglx0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libSM.so.6": "libsm6",
    "libICE.so.6": "libice6",
}

_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found", re.MULTILINE)


def xcb_plugin() -> Path | None:
    """PySide6's xcb platform plugin, found without importing Qt (importing it is what fails)."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        plugin = Path(folder) / "Qt" / "plugins" / "platforms" / "libqxcb.so"
        if plugin.is_file():
            return plugin
    return None


def missing_libraries(ldd_output: str) -> list[str]:
    """The shared objects `ldd` reports as "not found", each once, in its order."""
    return list(dict.fromkeys(_NOT_FOUND.findall(ldd_output)))


def packages_for(libraries: Sequence[str]) -> tuple[list[str], list[str]]:
    """(Debian packages to install, libraries no package is known for)."""
    known = [DEBIAN_PACKAGES[name] for name in libraries if name in DEBIAN_PACKAGES]
    unknown = [name for name in libraries if name not in DEBIAN_PACKAGES]
    return sorted(set(known)), unknown


def install_line(packages: Sequence[str], root: bool) -> list[str]:
    return [*([] if root else ["sudo"]), "apt-get", "install", "-y", "--no-install-recommends", *packages]


def needs_xcb(environ: dict[str, str], platform: str = sys.platform) -> bool:
    """The window will go through the xcb plugin: Linux, and no other Qt platform asked for."""
    if not platform.startswith("linux"):
        return False
    chosen = environ.get("QT_QPA_PLATFORM", "").split(":")[0].strip()
    if chosen == "" and environ.get("WAYLAND_DISPLAY"):
        return False  # a Wayland session: Qt opens the window with its wayland plugin
    return chosen in ("", "xcb")


def _ldd(plugin: Path) -> str:
    if shutil.which("ldd") is None:
        return ""
    done = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True, check=False)
    return done.stdout


def main(argv: list[str] | None = None, *, environ: dict[str, str] | None = None,
         ldd: Callable[[Path], str] = _ldd, run: Callable[[list[str]], int] | None = None,
         is_root: bool | None = None, has_apt: bool | None = None, platform: str = sys.platform) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only list what is missing")
    args = parser.parse_args(argv)
    environ = dict(os.environ) if environ is None else environ
    if not needs_xcb(environ, platform):
        return 0
    plugin = xcb_plugin()
    if plugin is None:
        print("qt-libs: PySide6's xcb plugin is not installed; run `make run` again to reinstall .venv",
              file=sys.stderr)
        return 1
    missing = missing_libraries(ldd(plugin))
    if not missing:
        if not args.check and not (environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY")):
            print("qt-libs: no display (DISPLAY is not set): run `make run` inside a desktop session, "
                  "or `xvfb-run -a make run` for a virtual one", file=sys.stderr)
            return 1
        return 0
    packages, unknown = packages_for(missing)
    print(f"qt-libs: Qt's window system plugin (xcb) needs libraries this system lacks: {', '.join(missing)}",
          file=sys.stderr)
    if unknown:
        print(f"qt-libs: no Debian package known for: {', '.join(unknown)} (install the package that "
              "provides them)", file=sys.stderr)
    root = (os.geteuid() == 0) if is_root is None else is_root
    apt = (shutil.which("apt-get") is not None) if has_apt is None else has_apt
    if args.check or not packages:
        return 1
    if not apt:
        print("qt-libs: this is not a Debian/Ubuntu system; install your distribution's packages for those "
              f"libraries (Debian names: {' '.join(packages)}), then run `make run` again", file=sys.stderr)
        return 1
    line = install_line(packages, root)
    if not root:
        print("qt-libs: install them with this command, then run `make run` again:", file=sys.stderr)
        print("    " + " ".join(line), file=sys.stderr)
        return 1
    print(f"qt-libs: installing {' '.join(packages)}", file=sys.stderr)
    runner = run or (lambda command: subprocess.run(command, check=False,
                                                   env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"}).returncode)
    status = runner(line)
    if status != 0:  # the package lists may be stale on a fresh machine: refresh them once
        runner(["apt-get", "update"])
        status = runner(line)
    if status != 0:
        print("qt-libs: apt-get could not install them; the window cannot open until it does", file=sys.stderr)
        return 1
    still = missing_libraries(ldd(plugin))
    if still:
        print(f"qt-libs: still missing after installing: {', '.join(still)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
