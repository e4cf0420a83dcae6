"""Command-line face of the core: one module per sub-command, each with `add_parser` and `run`.

Output is JSON (`--json`) or a readable table; both print in UTF-8. Exit status: 0 when the command
did its work (even if files are blocked), 2 for usage errors, 1 when the command itself failed.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from typing import Any, Protocol, cast

from core import __version__
from core.base import jsontext
from core.base.rules import ProfileError

# Sub-command name -> its module, in the order `--help` lists them. Only the named command's module is
# imported: building every parser used to load numpy, the catalog and the face network for a plain
# `inspect` (0.6 of its 0.8 s, bench/startup.py).
COMMANDS = {"inspect": "inspect", "convert": "convert", "sessions": "sessions", "suggest-bts": "suggest_bts",
            "faces": "faces", "case": "case", "export": "export", "match": "match"}


class CommandModule(Protocol):
    NAME: str

    def add_parser(self, subparsers: Any) -> argparse.ArgumentParser: ...

    def run(self, args: argparse.Namespace) -> int: ...


def _modules(command: str | None = None) -> list[CommandModule]:
    """The named sub-command's module, or every one (for `--help`, a mistyped name, no name)."""
    names = [COMMANDS[command]] if command in COMMANDS else list(COMMANDS.values())
    return [cast(CommandModule, importlib.import_module(f"core.cli.{name}_command")) for name in names]


def add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--lang", default=None, help="message language: zh_CN (default) or en")
    parser.add_argument("--profile", default="1688", help="rules profile (1688, taobao)")


def build_parser(command: str | None = None) -> tuple[argparse.ArgumentParser, dict[str, CommandModule]]:
    parser = argparse.ArgumentParser(prog="app.py", description="原图投诉助手 / image-complaint assistant")
    parser.add_argument("--version", action="version", version=__version__)
    subparsers = parser.add_subparsers(dest="command", required=True)
    commands: dict[str, CommandModule] = {}
    for module in _modules(command):
        module.add_parser(subparsers)
        commands[module.NAME] = module
    return parser, commands


def print_json(data: Any) -> None:
    """UTF-8 JSON on stdout; a file name that is not valid UTF-8 keeps its bytes as `\\udcXX` escapes."""
    text = jsontext.dumps(data, indent=2, sort_keys=False)
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def main(argv: list[str]) -> int:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="replace")
    parser, commands = build_parser(argv[0] if argv else None)
    args = parser.parse_args(argv)
    try:
        return commands[args.command].run(args)
    except ProfileError as error:
        sys.stderr.write(f"rules profile error: {error}\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("cancelled\n")
        return 130
    except BrokenPipeError:
        # The reader went away (`... | head`): the output was not wanted any more, which is no error to report.
        # Point stdout at nothing so the interpreter's own flush at exit does not raise again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141  # what a shell reports for a command ended by SIGPIPE
