"""原图投诉助手 - the single entry point.

No arguments: open the desktop window. A sub-command (`inspect`, `convert`, `sessions`,
`suggest-bts`, `faces`, `case`, `export`) runs the same core from the command line; `--json` prints
machine-readable output.
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    if not arguments or arguments[0].startswith("--") and arguments[0] not in ("--help", "-h", "--version"):
        from ui.application import run_gui

        return run_gui(arguments)
    from core.cli import main as cli_main

    return cli_main(arguments)


if __name__ == "__main__":
    sys.exit(main())
