"""Who may import what: a sheet kind needs the model permissions (add and change: the import creates and
updates) of every table it writes. The check runs once the sheets are recognised and before any row is
parsed or any registry row is looked up, so a refused import reads nothing more and writes nothing.

An import without an actor is the command line (`danhgia import`): whoever runs it holds the server.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Model
from django.utils.translation import gettext as _

from danhgia.apps.orgs.models import Person, Unit, UnitLink
from danhgia.apps.spreadsheets.dependents import KIND_SHAPES, SHAPES
from danhgia.apps.spreadsheets.records import Problem
from danhgia.apps.spreadsheets.templates_spec import KIND_LABELS

ACTIONS = ("add", "change")
KIND_MODELS: dict[str, tuple[type[Model], ...]] = {
    "units": (Unit, UnitLink),
    "people": (Person,),
    **{kind: tuple(SHAPES[shape].model for shape in shapes) for kind, shapes in KIND_SHAPES.items()},
}


def kind_permissions(kind: str) -> list[str]:
    """The permissions importing a sheet of `kind` needs, e.g. ["orgs.add_person", "orgs.change_person"]."""
    return [
        f"{model._meta.app_label}.{action}_{model._meta.model_name}"
        for model in KIND_MODELS[kind]
        for action in ACTIONS
    ]


def may_import_some_kind(actor: Any) -> bool:
    return actor is None or any(actor.has_perms(kind_permissions(kind)) for kind in KIND_MODELS)


def permission_problems(actor: Any, sheets: Iterable[tuple[str, str]]) -> list[Problem]:
    """One problem per (sheet name, kind) the actor may not import, naming the permissions it needs."""
    if actor is None:
        return []
    problems = []
    for name, kind in sheets:
        missing = [code for code in kind_permissions(kind) if not actor.has_perm(code)]
        if missing:
            problems.append(Problem(name, None, "", "", _permission_reason(kind, missing)))
    return problems


def nothing_allowed_reason() -> str:
    return _("Your account may not import registry data: ask an administrator for the permissions of the sheets.")


def _permission_reason(kind: str, missing: list[str]) -> str:
    models = ", ".join(f"“{model._meta.verbose_name}”" for model in KIND_MODELS[kind])
    return _(
        "You may not import this sheet (%(kind)s): it needs the permissions to add and change %(models)s, and your "
        "account lacks %(missing)s."
    ) % {"kind": KIND_LABELS[kind], "models": models, "missing": ", ".join(missing)}
