"""Bad input: one exception type that names the subject (or unit) and the field."""

from __future__ import annotations


class ScenarioError(ValueError):
    """The scenario is not valid; nothing was classified.

    `where` names the offending element (``subject 'P1'``, ``unit 'U1'``, ``period``) and `field` the
    field path inside it, so that every entry path (CLI, forms, API, imports) can point at it.
    """

    def __init__(self, message: str, *, where: str = "", field: str = "") -> None:
        self.message = message
        self.where = where
        self.field = field
        super().__init__(self.line())

    def line(self) -> str:
        parts = [p for p in (self.where, self.field) if p]
        prefix = ", ".join(parts)
        return f"{prefix}: {self.message}" if prefix else self.message
