"""原图投诉助手 - the single entry point.

No arguments: open the desktop window. A sub-command (`inspect`, `convert`, `sessions`,
`suggest-bts`, `faces`, `case`, `export`) runs the same core from the command line; `--json` prints
machine-readable output.
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    if arguments[:1] == ["--self-test"]:  # headless check of a build: core + Qt parts, exit 0 when all pass
        from ui.selftest import main as self_test

        return self_test(arguments[1:])
    if not arguments or arguments[0].startswith("--") and arguments[0] not in ("--help", "-h", "--version"):
        from ui.application import run_gui

        return run_gui(arguments)
    from core.cli import main as cli_main

    return cli_main(arguments)


if __name__ == "__main__":
    if getattr(sys, "frozen", False):  # only a frozen build needs it; importing multiprocessing costs ~20 ms
        import multiprocessing

        multiprocessing.freeze_support()  # spawn worker processes (conversion, scans) in the frozen build
    sys.exit(main())
