"""In a real browser: the editorial team runs the online conference (agenda, bridge points present, a speaking
turn, a note against an article), confirms a suggested group of near-duplicate comments, accepts it with the
adopted wording, and draws up the next version of the text, whose diff names the units behind the change.
Screenshots go to test-artifacts/screenshots/consultation-conference*.png and consultation-version.png."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from danhgia.apps.consultation.models import BridgePoint, Comment, Provision
from danhgia.apps.consultation.services.opinions import comment_add, opinion_submit
from danhgia.apps.consultation.tests.helpers import NOW, PASSWORD, World, world
from tests.e2e.conftest import log_in, screenshot

pytestmark = pytest.mark.django_db(transaction=True)
FIFTEEN = "Tỷ lệ không quá 15% số được xếp loại hoàn thành tốt nhiệm vụ."


def _two_alike(w: World) -> None:
    clause = Provision.objects.get(version__consultation=w.consultation, key="A5.1")
    for unit, user, text in (
        (w.province, w.province_user, "Đề nghị giảm tỷ lệ hoàn thành xuất sắc xuống 15% số hoàn thành tốt."),
        (w.ministry, w.ministry_user, "Đề nghị giảm tỷ lệ hoàn thành xuất sắc xuống còn 15% số hoàn thành tốt."),
    ):
        comment_add(consultation=w.consultation, unit=unit, provision=clause, text=text, actor=user, now=NOW)
        opinion_submit(consultation=w.consultation, unit=unit, actor=user, now=NOW)


def test_the_conference_notes_and_a_confirmed_group_lead_to_the_next_version(page: Page, live_server: object) -> None:
    w = world()
    _two_alike(w)
    base = str(live_server)

    log_in(page, base, "bientap", PASSWORD)
    page.goto(f"{base}/consultation/{w.consultation.pk}/conference/")
    page.get_by_label("Tiêu đề").fill("Hội nghị trực tuyến góp ý dự thảo")
    page.get_by_label("Ngày họp").fill("2026-05-30")
    page.get_by_label("Điều 5. Tỷ lệ hoàn thành xuất sắc nhiệm vụ").check()
    page.get_by_role("button", name="Mở phiên họp").click()
    expect(page.get_by_text("Đã mở phiên họp.")).to_be_visible()
    page.get_by_label("Tỉnh ủy Bắc Ninh").check()
    page.get_by_role("button", name="Ghi nhận điểm cầu có mặt").click()
    turn = page.locator("form[action$='/turn/']")
    turn.get_by_label("Đơn vị").select_option(label="Đảng ủy xã Tân An")
    turn.get_by_label("Người phát biểu").fill("Đồng chí Bí thư Đảng ủy xã")
    turn.get_by_role("button", name="Thêm lượt phát biểu").click()
    note = page.locator("form[action$='/note/']")
    note.get_by_label("Đơn vị").select_option(label="Đảng ủy xã Tân An")
    note.get_by_label("Người phát biểu").fill("Đồng chí Bí thư Đảng ủy xã")
    note.get_by_label("Điều, khoản").select_option(label="Điều 5")
    note.get_by_label("Ý kiến", exact=True).fill("Cần hướng dẫn cách tính tỷ lệ theo nhóm.")
    note.get_by_role("button", name="Ghi ý kiến").click()
    expect(page.get_by_text("Đã ghi ý kiến; ý kiến được đưa vào bảng tổng hợp")).to_be_visible()
    screenshot(page, "consultation-conference")
    assert list(BridgePoint.objects.filter(is_present=True).values_list("unit__code", flat=True)) == ["T27"]

    page.get_by_role("link", name="Tổng hợp", exact=True).click()
    expect(page.locator("#article-A5")).to_contain_text("Cần hướng dẫn cách tính tỷ lệ theo nhóm.")
    page.get_by_role("button", name="Xác nhận gộp thành một nhóm").click()
    expect(page.get_by_text("Đã gộp các ý kiến thành một nhóm.")).to_be_visible()
    first = Comment.objects.get(unit=w.province)
    decision = page.locator(f"#comment-{first.pk}")
    decision.get_by_label("Tiếp thu/giải trình", exact=True).select_option("accepted")
    decision.get_by_label("Ý kiến tiếp thu, giải trình").fill("Tiếp thu: giảm xuống 15%.")
    decision.get_by_label("Nội dung được tiếp thu (sửa dự thảo)").fill(FIFTEEN)
    decision.get_by_role("button", name="Ghi nhận").click()
    expect(page.get_by_text("Đã ghi nhận ý kiến tiếp thu, giải trình.")).to_be_visible()
    assert sorted(Comment.objects.filter(decision="accepted").values_list("unit__code", flat=True)) == ["BNV", "T27"]

    page.get_by_role("button", name="Chỉnh lý dự thảo theo ý kiến đã tiếp thu").click()
    expect(page.get_by_role("heading", name="Khoản 1 Điều 5")).to_be_visible()
    expect(page.locator(".change del")).to_have_text(["20%"])
    expect(page.locator(".change ins")).to_have_text(["15%"])
    expect(page.locator(".change")).to_contain_text("Đảng ủy Bộ Nội vụ")
    expect(page.locator(".change")).to_contain_text("Tỉnh ủy Bắc Ninh")
    screenshot(page, "consultation-version")
