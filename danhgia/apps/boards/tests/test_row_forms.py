"""The verification board's forms render through Jinja2 (for speed) exactly the HTML Django's own
template renderer gives, errors and help texts included."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, Jinja2
from django.test.html import parse_html
from django.utils import translation

from danhgia.apps.boards.forms import BoardFilterForm, ProposalForm, ReturnForm

FIELDS = {
    ProposalForm: ("status", "level", "justification"),
    ReturnForm: ("reason",),
    BoardFilterForm: ("state", "category", "flag", "conflict", "sort"),
}


def rendered(form: forms.Form, name: str) -> str:
    field = form[name]
    return f"{field.label_tag()}{field}{field.errors}{form.non_field_errors()}"


@pytest.mark.parametrize("form_class", list(FIELDS))
@pytest.mark.parametrize("data", [None, {"r7-status": "bogus", "r7-level": "L9", "r7-justification": "x" * 3}])
def test_the_row_forms_render_what_the_django_renderer_renders(
    form_class: type[forms.Form], data: dict[str, Any] | None
) -> None:
    with translation.override("vi"):
        fast = form_class(data, prefix="r7", initial={"status": "classified", "level": "L2"})
        slow = form_class(
            data, prefix="r7", initial={"status": "classified", "level": "L2"}, renderer=DjangoTemplates()
        )
        if data is not None:
            fast.is_valid(), slow.is_valid()

        for name in FIELDS[form_class]:
            assert parse_html(rendered(fast, name)) == parse_html(rendered(slow, name))
    assert isinstance(fast.renderer, Jinja2)
    assert isinstance(slow.renderer, DjangoTemplates)


def test_an_invalid_proposal_shows_the_errors_in_vietnamese() -> None:
    with translation.override("vi"):
        form = ProposalForm({"r7-status": "bogus", "r7-level": "L9"}, prefix="r7")
        assert not form.is_valid()

        html = rendered(form, "status") + rendered(form, "level")

    assert html.count('<ul class="errorlist"') == 2
    assert "Hãy chọn một lựa chọn hợp lệ. bogus không phải là một trong các lựa chọn khả thi." in html
    assert "Hãy chọn một lựa chọn hợp lệ. L9 không phải là một trong các lựa chọn khả thi." in html
    assert 'name="r7-status"' in html
    assert 'aria-invalid="true"' in html
