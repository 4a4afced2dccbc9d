"""Pages of the rule lab: the drafts, one draft (parameters, rules, diff, states), a rule, the whole file, a
replay of a cycle under a draft with its exports, and the report on implementation results."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import ChoiceField
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from danhgia.apps.access.models import Role, RoleAssignment
from danhgia.apps.cycles.models import ReviewCycle, RulesetVersion
from danhgia.apps.lab.diff import ruleset_diff
from danhgia.apps.lab.forms import DraftCreateForm, ParametersForm, ReplayForm, RuleForm, TextForm
from danhgia.apps.lab.labels import CHANGE_LABELS, WHAT_LABELS, result_label
from danhgia.apps.lab.models import DraftState, RulesetDraft
from danhgia.apps.lab.replay_view import replay_context
from danhgia.apps.lab.selectors import can_read, cycles_for, draft_replay, drafts_for
from danhgia.apps.lab.services import (
    TRANSITIONS,
    can_edit,
    draft_create,
    draft_data,
    draft_put_rule,
    draft_remove_rule,
    draft_replace_text,
    draft_set_parameters,
    draft_transition,
)
from danhgia.apps.lab.textfile import params_text, shown
from danhgia.apps.lab.validation import DraftInvalid
from danhgia.apps.orgs.models import Unit, UnitLink
from danhgia.apps.orgs.selectors import in_force


def _draft(request: HttpRequest, pk: int) -> RulesetDraft:
    draft = get_object_or_404(RulesetDraft.objects.select_related("base_version", "owner"), pk=pk)
    if not can_read(request.user, draft.owner, timezone.localdate()):
        raise PermissionDenied(_("You are not a rule editor over this unit."))
    return draft


def _refused(request: HttpRequest, error: Exception) -> None:
    if isinstance(error, DraftInvalid):
        for line in error.errors:
            messages.error(request, line)
    elif isinstance(error, ValidationError):
        for line in error.messages:
            messages.error(request, line)
    else:
        messages.error(request, str(error))


def _owners(request: HttpRequest, today: date) -> list[Unit]:
    """The units a draft may belong to: those the user holds the rule-editor role over (top units for a
    superuser), in the user's scope today."""
    if getattr(request.user, "is_superuser", False):
        tops = UnitLink.objects.filter(in_force(today), depth=0).values("unit_id")
        return list(Unit.objects.filter(pk__in=tops).order_by("code"))
    assigned = RoleAssignment.objects.filter(
        in_force(today), user_id=request.user.pk or 0, role__in=[Role.RULE_EDITOR, Role.ADMINISTRATOR]
    ).values("unit_id")
    return list(Unit.objects.filter(pk__in=assigned).order_by("code"))


@login_required
@require_http_methods(["GET", "POST"])
def drafts_page(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    owners = _owners(request, today)
    versions = RulesetVersion.objects.order_by("ruleset", "-recorded_at")
    form = DraftCreateForm(request.POST or None)
    cast(ChoiceField, form.fields["base"]).choices = [
        (v.pk, f"{v.ruleset} · {v.title[:80]} · {v.sha256[:12]}") for v in versions
    ]
    cast(ChoiceField, form.fields["owner"]).choices = [(u.pk, f"{u.code} · {u.name}") for u in owners]
    if request.method == "POST" and form.is_valid():
        try:
            draft = draft_create(
                base=get_object_or_404(RulesetVersion, pk=form.cleaned_data["base"]),
                title=form.cleaned_data["title"],
                owner=get_object_or_404(Unit, pk=form.cleaned_data["owner"]),
                actor=request.user,
                now=timezone.now(),
            )
        except (PermissionDenied, ValidationError, DraftInvalid) as error:
            _refused(request, error)
        else:
            return redirect("lab:draft", pk=draft.pk)
    context = {"drafts": drafts_for(request.user, today), "form": form, "can_create": bool(owners)}
    return render(request, "lab/drafts.html", context)


def _value(value: Any) -> str:
    """A value of the diff as the file would spell it."""
    if isinstance(value, dict):
        return params_text(value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return "—" if value is None else shown(value)


def _changes(draft: RulesetDraft) -> list[dict[str, Any]]:
    return [
        {
            "change": change,
            "kind_label": CHANGE_LABELS[change.kind],
            "what_label": WHAT_LABELS[change.what],
            "fields": [(f.field, _value(f.before), _value(f.after)) for f in change.fields],
        }
        for change in ruleset_diff(draft.base_version.text, draft.text)
    ]


@login_required
@require_http_methods(["GET", "POST"])
def draft_page(request: HttpRequest, pk: int) -> HttpResponse:
    draft = _draft(request, pk)
    now = timezone.now()
    data = draft_data(draft)
    posted = request.POST if "parameters" in request.POST else None
    parameters = ParametersForm(posted, parameters=data["parameters"])
    if request.method == "POST":
        try:
            if "state" in request.POST:
                draft_transition(draft=draft, to=request.POST["state"], actor=request.user, now=now)
                messages.success(request, _("The state of the draft was changed."))
            elif "toggle" in request.POST:
                rule = next((r for r in data["rules"] if r["code"] == request.POST["toggle"]), None)
                if rule is None:
                    raise Http404
                rule = {**rule, "enabled": not rule.get("enabled", True)}
                draft_put_rule(draft=draft, code=rule["code"], rule=rule, actor=request.user, now=now)
                messages.success(request, _("The draft was saved."))
            elif posted is not None and parameters.is_valid():
                draft_set_parameters(draft=draft, values=parameters.values(), actor=request.user, now=now)
                messages.success(request, _("The draft was saved."))
            else:
                raise ValidationError(_("Check the highlighted fields."))
        except (PermissionDenied, ValidationError, DraftInvalid) as error:
            _refused(request, error)
        else:
            return redirect("lab:draft", pk=draft.pk)
    editable = draft.state in (DraftState.DRAFT, DraftState.IN_CONSULTATION) and can_edit(
        request.user, draft.owner, now
    )
    replay = ReplayForm()
    cast(ChoiceField, replay.fields["cycle"]).choices = [
        (c.pk, c.name) for c in cycles_for(request.user, timezone.localdate())
    ]
    context = {
        "draft": draft,
        "rules": [{**rule, "applies": ", ".join(rule.get("applies_to", ["all"]))} for rule in data["rules"]],
        "parameters": parameters,
        "changes": _changes(draft),
        "editable": editable,
        "transitions": [DraftState(s) for s in TRANSITIONS.get(DraftState(draft.state), ())] if editable else [],
        "replay_form": replay,
    }
    return render(request, "lab/draft.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def rule_page(request: HttpRequest, pk: int, code: str | None = None) -> HttpResponse:
    draft = _draft(request, pk)
    rules = {r["code"]: r for r in draft_data(draft)["rules"]}
    if code is not None and code not in rules:
        raise Http404
    initial = RuleForm.initial_of(rules[code]) if code else {"applies_to": "all", "enabled": True}
    form = RuleForm(request.POST or None, initial=initial)
    if request.method == "POST":
        try:
            if "remove" in request.POST and code:
                draft_remove_rule(draft=draft, code=code, actor=request.user, now=timezone.now())
                messages.success(request, _("The rule was removed."))
                return redirect("lab:draft", pk=draft.pk)
            if form.is_valid():
                draft_put_rule(draft=draft, code=code, rule=form.rule(), actor=request.user, now=timezone.now())
                messages.success(request, _("The draft was saved."))
                return redirect("lab:draft", pk=draft.pk)
        except (PermissionDenied, ValidationError, DraftInvalid) as error:
            _refused(request, error)
    return render(request, "lab/rule.html", {"draft": draft, "form": form, "code": code})


@login_required
@require_http_methods(["GET", "POST"])
def text_page(request: HttpRequest, pk: int) -> HttpResponse:
    draft = _draft(request, pk)
    form = TextForm(request.POST or None, initial={"text": draft.text})
    if request.method == "POST" and form.is_valid():
        try:
            draft_replace_text(draft=draft, text=form.cleaned_data["text"], actor=request.user, now=timezone.now())
        except (PermissionDenied, ValidationError, DraftInvalid) as error:
            _refused(request, error)
        else:
            messages.success(request, _("The draft was saved."))
            return redirect("lab:draft", pk=draft.pk)
    return render(request, "lab/text.html", {"draft": draft, "form": form})


def _replayable(request: HttpRequest, pk: int, cycle_pk: int) -> tuple[RulesetDraft, ReviewCycle]:
    draft = _draft(request, pk)
    cycle = cycles_for(request.user, timezone.localdate()).filter(pk=cycle_pk).first()
    if cycle is None:
        raise PermissionDenied(_("You cannot replay this review cycle."))
    return draft, cycle


@login_required
def replay_page(request: HttpRequest, pk: int, cycle_pk: int | None = None) -> HttpResponse:
    if cycle_pk is None:
        chosen = request.GET.get("cycle", "")
        if not chosen.isdigit():
            raise Http404
        return redirect("lab:replay", pk=pk, cycle_pk=int(chosen))
    draft, cycle = _replayable(request, pk, cycle_pk)
    try:
        replay = draft_replay(cycle, draft)
    except (ValidationError, DraftInvalid) as error:
        _refused(request, error)
        return redirect("lab:draft", pk=draft.pk)
    context = replay_context(replay, request.GET)
    context.update({"draft": draft, "cycle": cycle, "result_label": result_label})
    return render(request, "lab/replay.html", context)


@login_required
def replay_export(request: HttpRequest, pk: int, cycle_pk: int, fmt: str) -> HttpResponse:
    from danhgia.apps.lab.exports import replay_docx, replay_xlsx

    draft, cycle = _replayable(request, pk, cycle_pk)
    replay = draft_replay(cycle, draft)
    if fmt == "xlsx":
        body, kind = replay_xlsx(replay, draft), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    elif fmt == "docx":
        body, kind = (
            replay_docx(replay, draft),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
    else:
        raise Http404
    response = HttpResponse(body, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="thu-nghiem-{draft.pk}-ky-{cycle.pk}.{fmt}"'
    return response
