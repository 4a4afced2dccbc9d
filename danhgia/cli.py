"""The `danhgia` command.

`classify` runs the pure engine and never imports Django, so it starts fast and works without a
database. Commands that need Django go through `danhgia.bootstrap`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from danhgia import __version__

EXIT_USAGE = 2


# `danhgia WORD …` runs the Django management command of that name (they need the database).
DJANGO_COMMANDS = {
    "import": ("import_registry", "import units, people, posts, memberships or discipline from .xlsx/.csv"),
    "seed": ("seed", "load synthetic registry data: --scale demo|province|nation [--seed N]"),
    "audit": ("audit", "verify the audit trail's hash chains: `danhgia audit verify`"),
    "cycle": ("cycle", "open, compute or publish a cycle by province: open|compute|publish --cycle ID --actor USER"),
    "report": ("report", "statistics of a cycle: --cycle ID [--unit CODE] --format xlsx|pdf|json [-o FILE]"),
}


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "classify":
        return _classify(args[1:])
    if args and args[0] == "manage":
        return _manage(args[1:])
    if args and args[0] in DJANGO_COMMANDS:
        return _manage([DJANGO_COMMANDS[args[0]][0], *args[1:]])
    parser = _parser()
    try:
        options = parser.parse_args(args)
    except SystemExit as stop:  # --help, --version and usage errors
        return stop.code if isinstance(stop.code, int) else EXIT_USAGE
    if options.command == "version":
        print(f"danhgia {__version__}")
        return 0
    parser.print_usage(sys.stderr)  # pragma: no cover - argparse requires a command
    return EXIT_USAGE  # pragma: no cover


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="danhgia",
        description="danhgia: review, assessment and quality classification of collectives "
        "and individuals (kiểm điểm, đánh giá, xếp loại chất lượng).",
    )
    parser.add_argument("--version", action="version", version=f"danhgia {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    commands.add_parser("version", help="print the version")
    commands.add_parser(
        "classify",
        help="classify a scenario file (or - for stdin) with the engine; see `danhgia classify --help`",
        add_help=False,
    )
    for word, (_, help_text) in DJANGO_COMMANDS.items():
        commands.add_parser(word, help=help_text, add_help=False)
    commands.add_parser(
        "manage",
        help="run a Django management command, e.g. `danhgia manage migrate`",
        add_help=False,
    )
    return parser


def _classify(args: list[str]) -> int:
    from danhgia.engine.cli import main as classify_main

    try:
        return classify_main(args)
    except SystemExit as stop:  # the engine's own argparse: --help and usage errors
        return stop.code if isinstance(stop.code, int) else EXIT_USAGE


def _manage(args: list[str]) -> int:
    from danhgia.bootstrap import run_manage

    return run_manage(["danhgia manage", *args])


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
