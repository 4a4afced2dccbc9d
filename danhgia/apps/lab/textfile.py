"""A draft's rule-set file. Read as plain data with tomllib; edited as a document with tomlkit, so that an edit
changes only the values it names and every comment (source citations, explanations) and the layout of the rest
of the file stay as they were. Form values typed as text become TOML values here."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from typing import Any

import tomlkit
import tomlkit.exceptions
from tomlkit.container import Container
from tomlkit.items import AoT, Comment, InlineTable, Item, Table, Whitespace
from tomlkit.toml_document import TOMLDocument

_INT = re.compile(r"^-?\d+$")
_FLOAT = re.compile(r"^-?\d+\.\d+$")
# A rule's field left out of the file means this value (engine.schema.RuleSpec); a field set to its default is
# not written, one set back to it is removed.
RULE_DEFAULTS: dict[str, Any] = {"applies_to": ["all"], "level": None, "outcome": None, "params": {}, "enabled": True}
_ABSENT = object()


class LayoutUnsupported(ValueError):
    """The file is valid TOML but not laid out as the forms edit it (e.g. the rules as an inline array, a
    parameter as an inline table): it can still be changed as a whole."""


def read(text: str) -> dict[str, Any]:
    return tomllib.loads(text)


def typed(value: str) -> bool | int | float | str:
    """A typed form value: true/false, a whole number, a decimal number, or text (fractions stay text)."""
    text = value.strip()
    if text.lower() in ("true", "false"):
        return text.lower() == "true"
    if _INT.match(text):
        return int(text)
    if _FLOAT.match(text):
        return float(text)
    return text


def shown(value: Any) -> str:
    """A value as a form shows it (the inverse of `typed`)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def params_text(params: Mapping[str, Any]) -> str:
    """A rule's parameters as one line, `name = value` separated by commas (TOML inline-table syntax)."""
    return ", ".join(f"{name} = {tomlkit.item(value).as_string()}" for name, value in params.items())


def parse_params(text: str) -> dict[str, Any]:
    """The inverse of `params_text`; raises ValueError on bad syntax."""
    if not text.strip():
        return {}
    try:
        return dict(tomllib.loads(f"p = {{ {text.strip()} }}")["p"])
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(str(exc)) from None


# --- edits of the document -----------------------------------------------------------------------------------


def set_header(text: str, **fields: Any) -> str:
    """The file with the `[ruleset]` header's fields set (the rest untouched)."""
    document = _parsed(text)
    header = _table_at(document, "ruleset")
    for name, value in fields.items():
        _set(header, name, value)
    return tomlkit.dumps(document)


def set_parameters(text: str, values: Mapping[str, Mapping[str, Any]]) -> str:
    """The file with parameters changed: name → {field: value} (fields not given stay; a new name is added)."""
    document = _parsed(text)
    if "parameters" not in document:
        document.add("parameters", tomlkit.table(is_super_table=True))
    parameters = _table_at(document, "parameters")
    for name, fields in values.items():
        if name not in parameters:
            _add_table(parameters, name, _table(fields))
            continue
        table = _table_at(parameters, name)
        for field, value in fields.items():
            _set(table, field, value)
    return tomlkit.dumps(document)


def put_rule(text: str, code: str | None, rule: Mapping[str, Any]) -> str:
    """The file with the rule `code` changed into `rule` field by field (its code may change; a field left out
    or set to its default is removed), or with `rule` added after the last rule when `code` is None.
    `KeyError` when the file has no rule `code`; `LayoutUnsupported` (as every edit here) when the file is not
    laid out in tables as the shipped ones are."""
    document = _parsed(text)
    rules = _rules(document)
    if code is None:
        if len(rules):
            _end_with_blank_line(rules[-1])
        rules.append(_table({k: v for k, v in rule.items() if not _is_default(k, v)}))
        return tomlkit.dumps(document)
    table = rules[_index(rules, code)]
    for name in [str(key) for key in table if str(key) not in rule]:
        _set(table, name, None, RULE_DEFAULTS)
    for name, value in rule.items():
        _set(table, name, value, RULE_DEFAULTS)
    return tomlkit.dumps(document)


def remove_rule(text: str, code: str) -> str:
    """The file without the rule `code`; the comments below it (which head what follows) move to the table
    before it. `KeyError` when the file has no rule `code`."""
    document = _parsed(text)
    rules = _rules(document)
    index = _index(rules, code)
    carried = _tail(rules[index])
    before = rules[index - 1] if index > 0 else _table_before(document, "rules")
    del rules[index]
    if before is not None and any(isinstance(item, Comment) for item in carried):
        kept = _tail(before)
        if not any(isinstance(item, Comment) for item in kept):
            kept = []
        _replace_tail(before, kept + carried)
    return tomlkit.dumps(document)


def _parsed(text: str) -> TOMLDocument:
    try:
        return tomlkit.parse(text)
    except tomlkit.exceptions.ParseError as exc:
        raise LayoutUnsupported(str(exc)) from None


def _table_at(container: Container | Table, key: str) -> Table:
    found = container.get(key)
    if not isinstance(found, Table):
        raise LayoutUnsupported(key)
    return found


def _rules(document: TOMLDocument) -> AoT:
    rules = document.get("rules")
    if rules is None:
        document.add("rules", tomlkit.aot())
        rules = document["rules"]
    if not isinstance(rules, AoT) or not all(isinstance(table, Table) for table in rules):
        raise LayoutUnsupported("rules")
    return rules


def _index(rules: AoT, code: str) -> int:
    for index, table in enumerate(rules):
        if table.get("code") == code:
            return index
    raise KeyError(code)


def _is_default(name: str, value: Any) -> bool:
    return value is None or (name in RULE_DEFAULTS and _same(value, RULE_DEFAULTS[name]))


def _value(value: Any) -> Item:
    """A new TOML value; a table of values is written inline, `{ a = 1 }` as the shipped files spell it."""
    if isinstance(value, Mapping):
        inline = tomlkit.parse(f"v = {{ {params_text(value)} }}\n" if value else "v = {}\n")["v"]
        assert isinstance(inline, InlineTable)
        return inline
    return tomlkit.item(value)


def _table(fields: Mapping[str, Any]) -> Table:
    table = tomlkit.table()
    for name, value in fields.items():
        table.add(name, _value(value))
    return table


def _set(table: Table, name: str, value: Any, defaults: Mapping[str, Any] | None = None) -> None:
    """Set one field if it differs: a changed value keeps its place (a table of values is written anew, inline),
    a value that is None or equal to the field's default removes it, a new field goes after the last one."""
    default = (defaults or {}).get(name, _ABSENT)
    wanted = default if value is None else value
    current = table.get(name, _ABSENT)
    plain = current.unwrap() if isinstance(current, Item) else current
    if _same(default if plain is _ABSENT else plain, wanted):
        return
    if wanted is _ABSENT or _same(wanted, default):
        del table[name]
    elif plain is not _ABSENT:
        table[name] = _value(wanted)
    else:
        tail = _tail(table)
        _replace_tail(table, [])
        table.add(name, _value(wanted))
        _replace_tail(table, tail)


def _same(a: Any, b: Any) -> bool:
    """Equal values of the same TOML type (1, 1.0 and true differ)."""
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


def _tail(table: Table) -> list[Item]:
    """The comments and blank lines after the table's last value (tomlkit keeps there the comments that head
    the next table)."""
    body = table.value.body
    start = len(body)
    while start > 0 and body[start - 1][0] is None and isinstance(body[start - 1][1], Comment | Whitespace):
        start -= 1
    return [item for _key, item in body[start:]]


def _replace_tail(table: Table, items: Iterable[Item]) -> None:
    body = table.value.body
    for _ in range(len(_tail(table))):
        body.pop()
    body.extend((None, item) for item in items)


def _add_table(parent: Table, name: str, table: Table) -> None:
    """Add a sub-table after the parent's last one, which hands it the comments and blank line below it."""
    last = next((item for _key, item in reversed(parent.value.body) if isinstance(item, Table)), None)
    tail: list[Item] = []
    if last is not None:
        tail = _tail(last)
        _replace_tail(last, [tomlkit.ws("\n")])
    parent.add(name, table)
    _replace_tail(table, tail)


def _end_with_blank_line(table: Table) -> None:
    body = table.value.body
    if not body or not (isinstance(body[-1][1], Whitespace) and body[-1][0] is None):
        body.append((None, tomlkit.ws("\n")))


def _table_before(container: Container, key: str) -> Table | None:
    """The table whose body ends right before `key`'s table in the file (where the comments heading it live)."""
    body = container.body
    position = next((i for i, (k, _item) in enumerate(body) if k is not None and str(k) == key), 0)
    if position == 0 or body[position - 1][0] is None:
        return None
    item: Item | None = body[position - 1][1]
    while True:
        if isinstance(item, AoT):
            item = item[-1] if len(item) else None
        if not isinstance(item, Table):
            return None
        last = next((value for k, value in reversed(item.value.body) if k is not None), None)
        if not isinstance(last, Table | AoT):
            return item
        item = last
