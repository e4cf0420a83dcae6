"""README's two commands on a bare machine: the Qt system-library check before `make run`, and the font
the app ships so nothing it draws depends on system fonts.

`make run` must open the window or print the one command that fixes it (issue 18): these tests drive
`scripts/qt_system_libs.py` with the linker's answers a bare Debian machine gives, and check that the
Makefile runs it before the window. The font tests check the shipped subset has every character the
app's own texts use, under the OFL with its licence beside it.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "resources" / "fonts"

# What `ldd` prints for PySide6 6.x's libqxcb.so on a Debian 12 machine with none of the xcb extras.
BARE_LDD = """\
\tlinux-vdso.so.1 (0x00007ffd4a5f2000)
\tlibQt6XcbQpa.so.6 => /venv/PySide6/Qt/lib/libQt6XcbQpa.so.6 (0x00007f0d1c000000)
\tlibxcb-cursor.so.0 => not found
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\tlibxcb-icccm.so.4 => not found
\tlibxkbcommon-x11.so.0 => not found
\tlibxcb.so.1 => /lib/x86_64-linux-gnu/libxcb.so.1 (0x00007f0d1b000000)
\tlibfoo-unknown.so.7 => not found
"""


def _script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def qt_libs() -> ModuleType:
    return _script("qt_system_libs")


def _main(qt_libs: ModuleType, *, root: bool, apt: bool = True, ldd: str = BARE_LDD, argv: list[str] | None = None,
          environ: dict[str, str] | None = None, runs: list[list[str]] | None = None) -> int:
    answers = iter([ldd, ""])  # after installing, the linker finds everything
    commands = runs if runs is not None else []

    def run(command: list[str]) -> int:
        commands.append(command)
        return 0

    status: int = qt_libs.main(argv or [], environ={"DISPLAY": ":0"} if environ is None else environ,
                               ldd=lambda _plugin: next(answers), run=run, is_root=root, has_apt=apt, platform="linux")
    return status


def test_missing_xcb_libraries_are_named_with_their_debian_packages(qt_libs: ModuleType) -> None:
    missing = qt_libs.missing_libraries(BARE_LDD)
    assert missing == ["libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libxkbcommon-x11.so.0",
                       "libfoo-unknown.so.7"]  # each once, in the linker's order
    packages, unknown = qt_libs.packages_for(missing)
    assert packages == ["libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1", "libxkbcommon-x11-0"]
    assert unknown == ["libfoo-unknown.so.7"]


def test_without_root_the_exact_sudo_line_is_printed_and_make_run_stops(qt_libs: ModuleType,
                                                                         capsys: pytest.CaptureFixture[str]) -> None:
    runs: list[list[str]] = []
    assert _main(qt_libs, root=False, runs=runs) == 1
    err = capsys.readouterr().err
    assert ("sudo apt-get install -y --no-install-recommends libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 "
            "libxkbcommon-x11-0") in err
    assert "libxcb-cursor.so.0" in err and "libfoo-unknown.so.7" in err
    assert runs == []  # nothing installed, nothing run


def test_as_root_on_debian_the_libraries_are_installed(qt_libs: ModuleType) -> None:
    runs: list[list[str]] = []
    assert _main(qt_libs, root=True, runs=runs) == 0
    assert runs == [["apt-get", "install", "-y", "--no-install-recommends", "libxcb-cursor0", "libxcb-icccm4",
                     "libxcb-keysyms1", "libxkbcommon-x11-0"]]


def test_not_debian_names_the_libraries_and_stops(qt_libs: ModuleType, capsys: pytest.CaptureFixture[str]) -> None:
    assert _main(qt_libs, root=True, apt=False) == 1
    assert "not a Debian/Ubuntu system" in capsys.readouterr().err


def test_check_only_lists_and_installs_nothing(qt_libs: ModuleType) -> None:
    runs: list[list[str]] = []
    assert _main(qt_libs, root=True, argv=["--check"], runs=runs) == 1
    assert runs == []


def test_nothing_to_do_off_linux_or_on_another_qt_platform(qt_libs: ModuleType) -> None:
    def never(_plugin: Path) -> str:
        raise AssertionError("ldd must not run")

    assert qt_libs.main([], environ={}, ldd=never, platform="darwin") == 0
    assert qt_libs.main([], environ={"QT_QPA_PLATFORM": "offscreen"}, ldd=never, platform="linux") == 0
    assert qt_libs.main([], environ={"QT_QPA_PLATFORM": "wayland"}, ldd=never, platform="linux") == 0
    assert qt_libs.main([], environ={"WAYLAND_DISPLAY": "wayland-0"}, ldd=never, platform="linux") == 0


def test_no_display_is_said_plainly(qt_libs: ModuleType, capsys: pytest.CaptureFixture[str]) -> None:
    assert _main(qt_libs, root=False, ldd="", environ={}) == 1
    assert "no display" in capsys.readouterr().err


@pytest.mark.skipif(not sys.platform.startswith("linux") or shutil.which("ldd") is None, reason="needs Linux and ldd")
def test_the_check_agrees_with_the_linker_on_this_machine(qt_libs: ModuleType) -> None:
    plugin = qt_libs.xcb_plugin()
    assert plugin is not None and plugin.name == "libqxcb.so"
    listed = subprocess.run([sys.executable, str(ROOT / "scripts" / "qt_system_libs.py"), "--check"],
                            capture_output=True, text=True, env={"PATH": "/usr/bin:/bin", "DISPLAY": ":0"},
                            check=False)
    missing = qt_libs.missing_libraries(subprocess.run(["ldd", str(plugin)], capture_output=True, text=True).stdout)
    assert listed.returncode == (1 if missing else 0), listed.stderr
    for name in missing:
        assert name in listed.stderr


@pytest.mark.skipif(shutil.which("make") is None, reason="make not installed")
def test_make_run_checks_the_system_libraries_before_opening_the_window() -> None:
    dry = subprocess.run(["make", "-n", "run"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    lines = [line for line in dry.splitlines() if "app.py" in line or "qt_system_libs.py" in line]
    assert len(lines) == 2 and "qt_system_libs.py" in lines[0] and lines[1].endswith("app.py"), dry


# --- the shipped font -----------------------------------------------------------------------------------

# Symbols Noto Sans CJK SC itself lacks, so no subset of it can have them: the face chip on image tiles
# (ui/widgets/image_grid.py) and the tick boxes of report.html (drawn by the browser). A system symbol
# font draws them where there is one; keep new app texts to characters the font has.
NOT_IN_NOTO = {"☺", "☐"}

def test_the_shipped_font_is_an_ofl_subset_with_its_licence_beside_it() -> None:
    font = FONTS / "YuantuSansSC-Regular.otf"
    assert font.is_file() and font.stat().st_size < 3_000_000  # a subset, not the 19 MB collection
    licence = (FONTS / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence and "Adobe" in licence
    assert "fonts-noto-cjk" in (FONTS / "SOURCE.txt").read_text(encoding="utf-8")


def test_the_shipped_font_draws_every_character_of_the_apps_own_texts() -> None:
    ttlib = pytest.importorskip("fontTools.ttLib", reason="fontTools is in the test extras")
    from core.case.people import WATERMARK_EN, WATERMARK_ZH

    build = _script("build_font_subset")
    cmap = ttlib.TTFont(str(FONTS / "YuantuSansSC-Regular.otf")).getBestCmap()
    assert ttlib.TTFont(str(FONTS / "YuantuSansSC-Regular.otf"))["name"].getDebugName(1) == "Yuantu Sans SC"
    needed = build.app_texts(ROOT) | set(WATERMARK_ZH + WATERMARK_EN + "0123456789-")
    missing = sorted(ch for ch in needed - NOT_IN_NOTO if ord(ch) not in cmap and not ch.isspace())
    assert missing == [], f"run `make font`: the shipped font lacks {''.join(missing)!r}"
    common = build.gb2312_level1()  # what a user types (a shop or file name) is drawn too
    assert sum(ord(ch) in cmap for ch in common) == len(common)
