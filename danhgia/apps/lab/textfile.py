"""A draft's rule-set file as data: read with tomllib, written back with tomli_w (values only; comments of the
base file are not kept). Form values typed as text become TOML values here."""

from __future__ import annotations

import re
import tomllib
from typing import Any

import tomli_w

_INT = re.compile(r"^-?\d+$")
_FLOAT = re.compile(r"^-?\d+\.\d+$")


def read(text: str) -> dict[str, Any]:
    return tomllib.loads(text)


def write(data: dict[str, Any]) -> str:
    return tomli_w.dumps(data, multiline_strings=False)


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


def params_text(params: dict[str, Any]) -> str:
    """A rule's parameters as one line, `name = value` separated by commas (TOML inline-table syntax)."""
    return ", ".join(f"{name} = {tomli_w.dumps({'v': value}).strip()[4:]}" for name, value in params.items())


def parse_params(text: str) -> dict[str, Any]:
    """The inverse of `params_text`; raises ValueError on bad syntax."""
    if not text.strip():
        return {}
    try:
        return dict(tomllib.loads(f"p = {{ {text.strip()} }}")["p"])
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(str(exc)) from None
