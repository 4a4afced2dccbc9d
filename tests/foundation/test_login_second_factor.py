"""The second factor (django-otp TOTP) with DANHGIA_REQUIRE_2FA on: a superuser and a decider reach no page
after their password until they give a valid code (enrolling an authenticator app the first time); a party
member is not asked; a wrong, reused or too-hurried code changes nothing."""

from __future__ import annotations

from binascii import unhexlify
from datetime import date, timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp  # type: ignore[import-untyped]
from django_otp.plugins.otp_totp.models import TOTPDevice  # type: ignore[import-untyped]

from danhgia.apps.access.models import Role, RoleAssignment
from danhgia.apps.access.views import PENDING_KEY
from danhgia.apps.audit.models import AuditEntry
from danhgia.apps.audit.services import ACCESS_CHAIN, audit_verify
from danhgia.apps.demo.services import DemoUser
from danhgia.apps.orgs.tests.registry import START, make_tree

pytestmark = pytest.mark.django_db
ENROL, VERIFY = "/accounts/2fa/enrol/", "/accounts/2fa/verify/"
WRONG_CODE = "Mã không đúng hoặc đã được dùng. Vui lòng nhập mã tiếp theo."


@pytest.fixture(autouse=True)
def second_factor_on(settings: Any) -> None:
    settings.DANHGIA_REQUIRE_2FA = True


@pytest.fixture
def decider(demo_users: dict[str, DemoUser]) -> User:
    user = User.objects.get(username="quyetdinh")
    RoleAssignment.objects.create(user=user, role=Role.DECIDER, unit=make_tree()["X1"], valid_from=START)
    return user


def log_in(client: Client, demo: DemoUser) -> None:
    response = client.post("/accounts/login/", {"username": demo.username, "password": demo.password})
    assert response.status_code == 302


def device_for(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def code(device: TOTPDevice, *, steps_later: int = 0) -> str:
    return f"{totp(device.bin_key, drift=steps_later):06d}"


def test_a_superuser_is_led_to_enrol_and_reaches_the_admin_after_the_first_code(
    client: Client, demo_users: dict[str, DemoUser]
) -> None:
    log_in(client, demo_users["admin"])

    assert client.get("/").headers["Location"] == f"{ENROL}?next=%2F"
    assert client.get("/admin/").headers["Location"] == f"{ENROL}?next=%2Fadmin%2F"
    page = client.get(ENROL, {"next": "/admin/"})
    assert page.status_code == 200
    key = client.session[PENDING_KEY]
    html = page.content.decode()
    secret = page.context["enrolment"].secret
    assert f'<code class="totp-secret">{secret}</code>' in html
    assert f"otpauth://totp/danhgia%3Aadmin?secret={secret.replace(' ', '')}&amp;algorithm=SHA1" in html
    assert TOTPDevice.objects.count() == 0  # nothing is stored until the app proves it holds the key

    wrong = client.post(ENROL, {"token": "000000", "next": "/admin/"})
    assert "Mã không đúng. Hãy kiểm tra đồng hồ của điện thoại rồi nhập mã đang hiển thị." in wrong.content.decode()
    assert TOTPDevice.objects.count() == 0

    right = client.post(ENROL, {"token": f"{totp(unhexlify(key)):06d}", "next": "/admin/"})

    assert right.headers["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    device = TOTPDevice.objects.get()
    assert (device.user.username, device.confirmed, device.key) == ("admin", True, key)
    assert PENDING_KEY not in client.session
    entry = AuditEntry.objects.get(chain__name=ACCESS_CHAIN)
    assert (entry.action, entry.object_type, entry.actor_id) == ("otp.enrol", "otp_totp.totpdevice", device.user_id)
    assert entry.after == {"id": device.pk, "user": device.user_id, "name": "authenticator", "confirmed": True}
    assert audit_verify() == []


def test_a_decider_reaches_no_page_until_a_valid_code(
    client: Client, decider: User, demo_users: dict[str, DemoUser]
) -> None:
    device = device_for(decider)
    log_in(client, demo_users["quyetdinh"])

    for page in ["/", "/decision/", "/accounts/2fa/enrol/"]:
        assert client.get(page).headers["Location"].startswith(VERIFY), page
    assert client.get(VERIFY).status_code == 200

    wrong = client.post(VERIFY, {"token": "123456", "next": "/decision/"})
    assert WRONG_CODE in wrong.content.decode()
    assert client.get("/decision/").headers["Location"] == f"{VERIFY}?next=%2Fdecision%2F"

    TOTPDevice.objects.update(throttling_failure_timestamp=timezone.now() - timedelta(seconds=2))
    right = client.post(VERIFY, {"token": code(device), "next": "/decision/"})

    assert right.headers["Location"] == "/decision/"
    assert client.get("/decision/").status_code == 200
    assert client.get("/").status_code == 200


def test_a_code_right_after_wrong_ones_waits_for_the_throttle(
    client: Client, decider: User, demo_users: dict[str, DemoUser]
) -> None:
    device = device_for(decider)
    log_in(client, demo_users["quyetdinh"])
    assert WRONG_CODE in client.post(VERIFY, {"token": "123456"}).content.decode()
    last_wrong = timezone.now()
    TOTPDevice.objects.update(throttling_failure_count=3, throttling_failure_timestamp=last_wrong)  # waits 4 s

    hurried = client.post(VERIFY, {"token": code(device)})

    until = timezone.localtime(last_wrong + timedelta(seconds=4))
    assert f"Nhập sai mã quá nhiều lần. Vui lòng thử lại sau {until:%H:%M:%S}." in hurried.content.decode()
    assert client.get("/").headers["Location"].startswith(VERIFY)


def test_a_used_code_does_not_open_a_second_session(
    client: Client, decider: User, demo_users: dict[str, DemoUser]
) -> None:
    device = device_for(decider)
    token = code(device)
    log_in(client, demo_users["quyetdinh"])
    assert client.post(VERIFY, {"token": token}).headers["Location"] == "/"

    other = Client()
    log_in(other, demo_users["quyetdinh"])
    replayed = other.post(VERIFY, {"token": token})

    assert WRONG_CODE in replayed.content.decode()
    assert other.get("/").headers["Location"] == f"{VERIFY}?next=%2F"


def test_enrolling_again_needs_an_administrator_to_remove_the_device(
    client: Client, decider: User, demo_users: dict[str, DemoUser]
) -> None:
    device_for(decider)
    log_in(client, demo_users["quyetdinh"])

    response = client.get(ENROL, {"next": "/decision/"})

    assert response.headers["Location"] == f"{VERIFY}?next=%2Fdecision%2F"
    assert PENDING_KEY not in client.session
    assert client.post(ENROL, {"token": "123456"}).status_code == 302
    assert TOTPDevice.objects.count() == 1


def test_removing_a_device_in_the_admin_is_audited_without_its_secret(
    decider: User, demo_users: dict[str, DemoUser]
) -> None:
    device = device_for(decider)
    admin = Client()
    admin.force_login(User.objects.get(username="admin"))
    admin_device = device_for(User.objects.get(username="admin"))
    session = admin.session
    session["otp_device_id"] = admin_device.persistent_id
    session.save()

    response = admin.post(reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"})

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
    entry = AuditEntry.objects.get(chain__name=ACCESS_CHAIN)
    assert (entry.action, entry.object_type, entry.after) == ("admin.delete", "otp_totp.totpdevice", None)
    assert entry.before == {"id": device.pk, "user": decider.pk, "name": "authenticator", "confirmed": True}
    assert admin.get(reverse("admin:otp_totp_totpdevice_add")).status_code == 403
    change = admin.get(reverse("admin:otp_totp_totpdevice_change", args=[admin_device.pk]))
    assert admin_device.key not in change.content.decode()


def test_a_party_member_is_not_asked_for_a_code(client: Client, demo_users: dict[str, DemoUser]) -> None:
    log_in(client, demo_users["dangvien"])

    assert client.get("/").status_code == 200
    assert client.get(VERIFY).headers["Location"] == "/"


def test_a_decider_role_that_has_ended_asks_for_no_code(client: Client, demo_users: dict[str, DemoUser]) -> None:
    user = User.objects.get(username="quyetdinh")
    ended = timezone.localdate() - timedelta(days=1)
    RoleAssignment.objects.create(
        user=user, role=Role.DECIDER, unit=make_tree()["X1"], valid_from=date(2020, 1, 1), valid_to=ended
    )
    log_in(client, demo_users["quyetdinh"])

    assert client.get("/").status_code == 200


def test_an_unverified_user_can_still_log_out_and_switch_language(
    client: Client, decider: User, demo_users: dict[str, DemoUser]
) -> None:
    device_for(decider)
    log_in(client, demo_users["quyetdinh"])

    assert client.get("/en/accounts/2fa/verify/").status_code == 200
    assert client.get("/en/").headers["Location"] == "/en/accounts/2fa/verify/?next=%2Fen%2F"
    assert client.post("/i18n/setlang/", {"language": "vi", "next": "/"}).status_code == 302
    assert client.post("/accounts/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_an_htmx_request_is_sent_to_the_code_page_as_a_whole_page(
    client: Client, decider: User, demo_users: dict[str, DemoUser]
) -> None:
    device_for(decider)
    log_in(client, demo_users["quyetdinh"])

    response = client.post(
        "/decision/1/2/decide/", HTTP_HX_REQUEST="true", HTTP_HX_CURRENT_URL="http://testserver/decision/?cycle=3"
    )

    assert response.status_code == 200
    assert response.headers["HX-Redirect"] == f"{VERIFY}?next=%2Fdecision%2F%3Fcycle%3D3"  # the page it came from


def test_with_the_setting_off_nobody_is_asked(
    client: Client, settings: Any, decider: User, demo_users: dict[str, DemoUser]
) -> None:
    settings.DANHGIA_REQUIRE_2FA = False
    device_for(decider)
    log_in(client, demo_users["quyetdinh"])

    assert client.get("/").status_code == 200
