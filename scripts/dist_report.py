"""After `pyinstaller yuantu.spec`: run the built app's --self-test headless, zip the build, print sizes.

Used by `make dist` (Linux, macOS) and the GitHub workflow (Windows, macOS), so every platform is
checked the same way. Exit status: 0 when the self-test passed, 1 otherwise; a Linux build over the
budget is reported, and fails only with --strict-budget.

    python scripts/dist_report.py [--no-zip] [--budget-mb 350] [--strict-budget]
"""

from __future__ import annotations

import argparse
import os
import platform
import stat
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist"
BUDGET_MB = 350  # ../shared/DECISIONS.md "Installer budget": the Linux one-folder build


def built_app() -> tuple[Path, list[Path]]:
    """(folder to ship, executables to self-test) for this platform's build."""
    if sys.platform == "darwin":
        bundle = DIST / "Yuantu.app"
        return bundle, [bundle / "Contents" / "MacOS" / "yuantu"]
    folder = DIST / "yuantu"
    if sys.platform.startswith("win"):
        # the console twin prints the report; the windowed exe must pass too (exit status only)
        return folder, [folder / "yuantu-cli.exe", folder / "yuantu.exe"]
    return folder, [folder / "yuantu"]


def folder_bytes(folder: Path) -> int:
    """Bytes on disk as shipped: files counted once, symlinks not followed."""
    total = 0
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            total += path.stat().st_size
    return total


def zip_folder(folder: Path, archive: Path) -> int:
    """Zip with symlinks kept as links (Qt's library links and a macOS bundle's Versions/Current)."""
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as bundle:
        for path in sorted(folder.rglob("*")):
            name = path.relative_to(folder.parent).as_posix()
            if path.is_symlink():
                info = zipfile.ZipInfo(name)
                info.create_system = 3  # unix: external_attr carries the mode
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
                bundle.writestr(info, os.readlink(path))
            elif path.is_file():
                bundle.write(path, name)
    return archive.stat().st_size


def self_test(executable: Path) -> int:
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    with tempfile.TemporaryDirectory(prefix="yuantu-dist-") as data:
        env["YUANTU_DATA_DIR"] = data  # the self-test must not touch the builder's own app data
        print(f"$ {executable} --self-test", flush=True)
        return subprocess.run([str(executable), "--self-test"], env=env, timeout=300, check=False).returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-zip", action="store_true", help="skip the zip")
    parser.add_argument("--budget-mb", type=float, default=BUDGET_MB, help="Linux one-folder budget (MB)")
    parser.add_argument("--strict-budget", action="store_true", help="fail (exit 1) when over the budget")
    args = parser.parse_args()
    folder, executables = built_app()
    if not folder.exists():
        print(f"no build at {folder}: run pyinstaller --noconfirm --clean yuantu.spec first", file=sys.stderr)
        return 1
    failed = [exe for exe in executables if self_test(exe) != 0]
    size = folder_bytes(folder)
    print(f"one-folder build {folder.relative_to(ROOT)}: {size / 1e6:.1f} MB ({size / 2**20:.1f} MiB)")
    if not args.no_zip:
        machine = f"{platform.system().lower()}-{platform.machine().lower()}"
        archive = DIST / f"yuantu-{machine}.zip"
        zipped = zip_folder(folder, archive)
        print(f"zip {archive.relative_to(ROOT)}: {zipped / 1e6:.1f} MB ({zipped / 2**20:.1f} MiB)")
    status = 0
    if failed:
        print("self-test FAILED: " + ", ".join(exe.name for exe in failed), file=sys.stderr)
        status = 1
    if sys.platform.startswith("linux") and size / 1e6 > args.budget_mb:
        print(f"WARNING over budget: {size / 1e6:.1f} MB > {args.budget_mb:.0f} MB (docs/INSTALLER.md)",
              file=sys.stderr)
        status = 1 if args.strict_budget else status
    return status


if __name__ == "__main__":
    sys.exit(main())
