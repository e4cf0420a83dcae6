"""Cut the font the app draws its own Chinese with out of Noto Sans CJK SC: `resources/fonts/`.

Why: without a system CJK font (a bare Linux machine, the test machine) Qt draws Chinese as empty
boxes and the ID-photo watermark fell back to English. The app now ships one small font and uses it
for the watermark everywhere (so the watermark is the same on Windows, macOS and Linux) and as the
GUI's font where no system Chinese font is found. The full font is 19 MB per weight; this keeps the
glyphs the app's own texts need plus the 3,755 most common characters (GB 2312 level 1, so a seller
or file name typed by the user is drawn too), about 1.7 MB.

Source: Debian's `fonts-noto-cjk` (SIL Open Font License 1.1): installed, unpacked (`--package-root`),
or fetched by the script with `apt-get download` (a package registry, at build time only; the app never
downloads anything). The family is renamed "Yuantu Sans SC" so it never shadows a full
Noto Sans CJK SC installed on the system; the OFL licence text is written beside the font.

    .venv/bin/python scripts/build_font_subset.py [--package-root UNPACKED_DEB]

Needs fontTools (`pip install -e '.[test]'`). The output is deterministic for a given source font.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "resources" / "fonts"
FONT_FILE = "YuantuSansSC-Regular.otf"
FAMILY = "Yuantu Sans SC"
POSTSCRIPT = "YuantuSansSC-Regular"
SOURCE_FACE = "Noto Sans CJK SC"
SYSTEM_TTC = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
DEBIAN_PACKAGE = "fonts-noto-cjk"

# Texts the app draws whose characters must all be in the font (a test checks the shipped font has them).
TEXT_GLOBS = ("resources/messages/zh_CN/*.toml", "resources/i18n/*zh_CN.ts", "resources/rules/*.toml",
              "resources/rules/checks/*.toml")


def gb2312_level1() -> set[str]:
    """GB 2312's symbol rows (0xA1-0xA9) and its 3,755 level-1 hanzi (rows 0xB0-0xD7), from Python's codec."""
    chars: set[str] = set()
    for high in [*range(0xA1, 0xAA), *range(0xB0, 0xD8)]:
        for low in range(0xA1, 0xFF):
            try:
                chars.add(bytes([high, low]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return chars


def app_texts(root: Path = ROOT) -> set[str]:
    """Every non-ASCII character of the app's own texts (messages, GUI translations, rule names, watermark)."""
    chars: set[str] = set()
    for pattern in TEXT_GLOBS:
        for path in sorted(root.glob(pattern)):
            chars |= {ch for ch in path.read_text(encoding="utf-8") if ord(ch) > 0x7E}
    for path in sorted((root / "ui").rglob("*.py")) + sorted((root / "core").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for literal in re.findall(r'"[^"\n]*"|\'[^\'\n]*\'', text):  # string literals: comments need no glyphs
            chars |= {ch for ch in literal if ord(ch) > 0x7E}
    return chars


def wanted_characters(root: Path = ROOT) -> set[str]:
    ranges = [(0x20, 0x7E), (0xA0, 0xFF), (0x2010, 0x206F), (0x2190, 0x21FF), (0x2460, 0x24FF),
              (0x25A0, 0x25FF), (0x3000, 0x303F), (0xFF01, 0xFF5E)]
    chars = {chr(code) for low, high in ranges for code in range(low, high + 1)}
    return chars | gb2312_level1() | app_texts(root)


def fetch_debian_font(work: Path) -> Path:
    """`apt-get download fonts-noto-cjk` into `work` and unpack it; the root of the unpacked package."""
    subprocess.run(["apt-get", "download", DEBIAN_PACKAGE], cwd=work, check=True)
    deb = next(work.glob(f"{DEBIAN_PACKAGE}_*.deb"))
    subprocess.run(["dpkg-deb", "-x", str(deb), str(work / "x")], check=True)
    return work / "x"


def build(source: Path, debian_copyright: Path, out_dir: Path = OUT_DIR) -> Path:
    from fontTools import subset
    from fontTools.ttLib import TTCollection, TTFont

    collection = TTCollection(str(source))
    font: TTFont = next(f for f in collection.fonts if f["name"].getDebugName(1) == SOURCE_FACE)
    source_version = font["name"].getDebugName(5) or "?"
    options = subset.Options()
    options.layout_features = ["*"]  # keep kerning, fullwidth/proportional punctuation forms
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False  # CFF hints are dropped by nobody; TrueType hinting does not apply
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(ord(ch) for ch in wanted_characters()))
    subsetter.subset(font)
    names = font["name"]
    for record in names.names:
        if record.nameID in (1, 4, 16):
            record.string = FAMILY
        elif record.nameID == 6:
            record.string = POSTSCRIPT
        elif record.nameID == 3:
            record.string = f"{source_version.split(';')[0].removeprefix('Version ')};YUANTU;{POSTSCRIPT}"
    names.setName(f"Subset of {SOURCE_FACE} ({source_version.split(';')[0]}) for 原图投诉助手, made by "
                  "scripts/build_font_subset.py", 10, 3, 1, 0x409)
    font.recalcTimestamp = False  # the same source gives the same bytes
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / FONT_FILE
    font.save(str(target))
    copyright_line = names.getDebugName(0) or "Copyright 2014-2021 Adobe (http://www.adobe.com/)"
    (out_dir / "OFL.txt").write_text(ofl_text(copyright_line, debian_copyright), encoding="utf-8")
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    (out_dir / "SOURCE.txt").write_text(
        f"{FONT_FILE}: subset of {SOURCE_FACE} {source_version}\n"
        f"from {source.name} (Debian package {DEBIAN_PACKAGE}), sha256 {digest}\n"
        f"{len(font.getGlyphOrder())} glyphs; made by scripts/build_font_subset.py; licence: OFL.txt\n",
        encoding="utf-8")
    return target


def ofl_text(copyright_line: str, debian_copyright: Path) -> str:
    """The copyright line from the font, then the SIL OFL 1.1 text as Debian's copyright file carries it."""
    lines = debian_copyright.read_text(encoding="utf-8").splitlines()
    start = lines.index("License: SIL-1.1", lines.index("License: SIL-1.1") + 1)
    body: list[str] = []
    for line in lines[start + 1:]:
        if not line.startswith(" "):
            break
        body.append("" if line.strip() == "." else line[1:])
    return f"{copyright_line.strip().rstrip('.')}, with Reserved Font Name 'Source'.\n\n" + "\n".join(body) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--package-root", type=Path, help=f"a folder where {DEBIAN_PACKAGE} is unpacked "
                        f"(default: / when it is installed, else `apt-get download {DEBIAN_PACKAGE}`)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as work:
        root = args.package_root or (Path("/") if SYSTEM_TTC.is_file() else fetch_debian_font(Path(work)))
        source = root / SYSTEM_TTC.relative_to("/")
        target = build(source, root / f"usr/share/doc/{DEBIAN_PACKAGE}/copyright")
    print(f"{target.relative_to(ROOT)}: {target.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
