"""`danhgia classify SCENARIO.json | -`: the engine's command line (docs/engine-contract.md §1–2).

Result JSON on stdout and exit 0; bad input: one line on stderr naming the subject and field, nothing on
stdout, exit 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from danhgia.engine.api import classify_scenario
from danhgia.engine.errors import ScenarioError

BAD_INPUT = 2


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def read_document(source: str) -> Any:
    try:
        text = sys.stdin.read() if source == "-" else open(source, encoding="utf-8").read()  # noqa: SIM115
    except OSError as exc:
        raise ScenarioError(f"cannot read {source}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise ScenarioError(f"{source} is not UTF-8 text") from None
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise ScenarioError(f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    except ValueError as exc:
        raise ScenarioError(f"invalid JSON: {exc}") from None


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="danhgia classify", description="Classify a danhgia-scenario/1 file.")
    parser.add_argument("scenario", help="scenario JSON file, or - for standard input")
    parser.add_argument("--lang", choices=("vi", "en"), default="vi", help="language of reason texts (vi)")
    parser.add_argument("--indent", type=int, default=None, help="pretty-print with this indent")
    args = parser.parse_args(argv)
    try:
        result = classify_scenario(read_document(args.scenario), lang=args.lang)
    except ScenarioError as exc:
        print(f"danhgia classify: bad input: {exc.line()}", file=sys.stderr)
        return BAD_INPUT
    json.dump(result, sys.stdout, ensure_ascii=False, indent=args.indent)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":  # pragma: no cover - `python -m danhgia.engine.cli`
    sys.exit(main(sys.argv[1:]))
