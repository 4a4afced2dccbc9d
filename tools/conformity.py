"""The basis of classification, written down: which tests name each rule code, and docs/conformity.md.

The conformity page ("Căn cứ xếp loại", /rules/) shows, beside every rule, the tests that name its code. It
never reads the test files: this tool finds them (an AST walk over tests/ and danhgia/**/tests/) and writes
the index danhgia/apps/rules/rule_tests.toml, then docs/conformity.md from the same rule-set data. A test in
the suite runs the check, which fails when either file is stale — like tools/messages.py for the .mo files.

A test *names* a rule code when the code is a word in a string of the test function (its decorators included)
or of a module-level constant the function uses. It counts for the rule sets whose ids it names in those
strings or in the module-level helpers it calls; naming none, it counts for every rule set with that code.

usage: python tools/conformity.py [--write | --check]
"""

from __future__ import annotations

import ast
import os
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import django
from django.utils import translation

from danhgia.apps.rules.basis import (
    INDEX_PATH,
    CoveringTest,
    RulesetBasis,
    builtin_bases,
    render_index,
    rule_codes,
)
from danhgia.apps.rules.present import ShownRuleset, show_ruleset
from danhgia.engine.schema import ruleset_ids

REPO = Path(__file__).resolve().parent.parent
DOC_PATH = REPO / "docs" / "conformity.md"
TEST_GLOBS = ("tests/**/test_*.py", "danhgia/**/tests/test_*.py")
# The conformity page's own tests name rule codes to check the page, not the rules.
EXCLUDED = ("danhgia/apps/rules/tests/", "tests/e2e/test_conformity.py")
_WORD = re.compile(r"[A-Za-z0-9_]+")


def _strings(node: ast.AST) -> list[str]:
    return [n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def _names(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def _module_level(tree: ast.Module) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """The strings of each module-level constant, and of each module-level helper function."""
    constants: dict[str, list[str]] = {}
    helpers: dict[str, list[str]] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                for name in _names(target):
                    constants[name] = _strings(node.value)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and not node.name.startswith("test"):
            helpers[node.name] = _strings(node)
    return constants, helpers


def _test_functions(tree: ast.Module, path: str) -> Iterator[tuple[str, ast.AST]]:
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("test"):
            yield f"{path}::{node.name}", node
        elif isinstance(node, ast.ClassDef) and node.name.startswith("Test"):
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef) and item.name.startswith("test"):
                    yield f"{path}::{node.name}::{item.name}", item


def find_test_files(repo: Path = REPO) -> list[Path]:
    found = {path for pattern in TEST_GLOBS for path in repo.glob(pattern)}
    return sorted(p for p in found if not p.relative_to(repo).as_posix().startswith(EXCLUDED))


def scan_tests(
    files: Iterable[Path], codes: Iterable[str], rulesets: Iterable[str], repo: Path = REPO
) -> dict[str, tuple[CoveringTest, ...]]:
    """rule code → the tests that name it, each with the rule sets it names."""
    wanted, known = set(codes), sorted(rulesets)
    ruleset_pattern = {r: re.compile(rf"(?<![\w-]){re.escape(r)}(?![\w-])") for r in known}
    found: dict[str, list[CoveringTest]] = {}
    for path in files:
        relative = path.relative_to(repo).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=relative)
        constants, helpers = _module_level(tree)
        for node_id, function in _test_functions(tree, relative):
            used = _names(function)
            own = _strings(function) + [s for name in sorted(used & set(constants)) for s in constants[name]]
            named = wanted.intersection(word for text in own for word in _WORD.findall(text))
            if not named:
                continue
            context = "\n".join(own + [s for name in sorted(used & set(helpers)) for s in helpers[name]])
            test = CoveringTest(node_id, tuple(r for r in known if ruleset_pattern[r].search(context)))
            for code in named:
                found.setdefault(code, []).append(test)
    return {code: tuple(sorted(tests, key=lambda t: t.node_id)) for code, tests in sorted(found.items())}


def current_index(repo: Path = REPO) -> dict[str, tuple[CoveringTest, ...]]:
    return scan_tests(find_test_files(repo), rule_codes(), ruleset_ids(), repo)


# --- docs/conformity.md ----------------------------------------------------------------------------------


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _confirmed(confirmed: bool) -> str:
    return "confirmed" if confirmed else "**project default** — no source confirms it yet"


def render_document(bases: Iterable[RulesetBasis]) -> str:
    """docs/conformity.md, in English (the page shows the same in Vietnamese or English)."""
    with translation.override("en"):
        shown = [show_ruleset(basis, "en") for basis in bases]
    lines = [
        "# Basis of classification (conformity)",
        "",
        "Generated by `python tools/conformity.py --write` from the rule-set files (`danhgia/engine/rulesets/*.toml`)",
        "and the index of the tests that name each rule (`danhgia/apps/rules/rule_tests.toml`); do not edit it by",
        "hand. `python tools/conformity.py --check`, run by the test suite, fails when either file is stale. The",
        "same data is the page *Căn cứ xếp loại* (`/rules/`; in English `/en/rules/`), which also counts, per review",
        "cycle, the results where each project default decided the level.",
        "",
        "A rule or parameter marked **project default** is settled by no source (`docs/engine-contract.md` §3); a",
        "result it changed carries the flag `unconfirmed_rule`. Every rule can be switched off with",
        "`enabled = false` in its rule-set file, except the one required-input rule and the one quota rule each",
        "rule set must have. A test listed beside a rule names its code; the index lists every such test.",
    ]
    for ruleset in shown:
        lines += _ruleset_section(ruleset)
    return "\n".join(lines) + "\n"


def _ruleset_section(shown: ShownRuleset) -> list[str]:
    basis = shown.basis
    lines = [
        "",
        f"## {basis.id} — {basis.title}",
        "",
        "| | |",
        "|---|---|",
        f"| instrument | {_cell(basis.instrument)} |",
        f"| guidance | {_cell(basis.guidance or '—')} |",
        f"| years of application | {shown.years} |",
        f"| scoring | {shown.scoring} |",
        f"| version | {basis.version} ({shown.status}) |",
        f"| SHA-256 | `{basis.sha256}` |",
        f"| project defaults | {shown.defaults} |",
        "",
        "### Parameters",
        "",
        "| parameter | value | source | confirmed |",
        "|---|---|---|---|",
    ]
    for p in shown.parameters:
        note = f" ({_cell(p.note)})" if p.note else ""
        value = f"{p.value} (`{p.raw}`)"
        lines.append(f"| {p.label} (`{p.name}`) | {value} | {_cell(p.source)}{note} | {_confirmed(p.confirmed)} |")
    for stage in shown.stages:
        lines += [
            "",
            f"### {stage.label}",
            "",
            "| rule | applies to | source | confirmed | tests |",
            "|---|---|---|---|---|",
        ]
        for rule in stage.rules:
            parameters = "; ".join(f"{label}: {value}" for label, value in rule.parameters)
            described = f"`{rule.code}` → {rule.effect}: {_cell(rule.text)}" + (
                f" ({parameters})" if parameters else ""
            )
            tests = "<br>".join(f"`{test}`" for test in rule.tests) or "none"
            if rule.more_tests:
                tests += f"<br>and {rule.more_tests} more"
            lines.append(
                f"| {described} | {rule.subjects} | {_cell(rule.source)} | {_confirmed(rule.confirmed)} | {tests} |"
            )
    return lines


# --- write and check ---------------------------------------------------------------------------------------


def expected_files(repo: Path = REPO) -> dict[Path, str]:
    """What the index and the document should hold, from the rule sets and the test files as they are now."""
    index = current_index(repo)
    return {INDEX_PATH: render_index(index), DOC_PATH: render_document(builtin_bases(index))}


def stale_files(repo: Path = REPO) -> list[Path]:
    return [
        path
        for path, text in expected_files(repo).items()
        if not path.exists() or path.read_text(encoding="utf-8") != text
    ]


def _setup_django() -> None:
    """The labels are gettext strings: the test settings (a fixed key, no database access) serve to read them."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    django.setup()


def main(argv: list[str]) -> int:
    if argv not in (["--write"], ["--check"]):
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    _setup_django()
    if argv == ["--check"]:
        stale = stale_files()
        for path in stale:
            print(f"stale: {path.relative_to(REPO)} (run `python tools/conformity.py --write`)", file=sys.stderr)
        return 1 if stale else 0
    for path, text in expected_files().items():
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
