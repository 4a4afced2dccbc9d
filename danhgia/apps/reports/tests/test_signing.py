"""Signed PDFs (PAdES, pyHanko) with a test CA made here: a decision and the statistics signed, then verified
against the records; a changed file, an untrusted signer, a changed record, a missing certificate and a
hostile upload are each said so (and a refusal changes nothing)."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.core.files.uploadedfile import SimpleUploadedFile
from fpdf import FPDF

from danhgia.apps.audit.models import AuditEntry
from danhgia.apps.boards.tests.world import bring, client_for, make_world
from danhgia.apps.reports.signing import verify_pdf
from danhgia.apps.reviews.models import Review
from danhgia.apps.reviews.tests.world import World

pytestmark = pytest.mark.django_db
SIGNER = "Ban Tổ chức Tỉnh ủy Hà Tĩnh"
PASSPHRASE = "mật-khẩu-thử"


@dataclass
class Authority:
    key: rsa.RSAPrivateKey
    cert: x509.Certificate


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"), x509.NameAttribute(NameOID.COMMON_NAME, common)])


def _usage(*, ca: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=not ca,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )


def make_ca(common: str) -> Authority:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(common))
        .issuer_name(_name(common))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(_usage(ca=True), critical=True)
        .sign(key, hashes.SHA256())
    )
    return Authority(key, cert)


def issue_pkcs12(ca: Authority, common: str, path: Path, passphrase: str) -> Path:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(common))
        .issuer_name(ca.cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=90))
        .add_extension(_usage(ca=False), critical=True)
        .sign(ca.key, hashes.SHA256())
    )
    encryption = serialization.BestAvailableEncryption(passphrase.encode())
    path.write_bytes(pkcs12.serialize_key_and_certificates(b"signer", key, cert, [ca.cert], encryption))
    return path


def pem(ca: Authority, path: Path) -> Path:
    path.write_bytes(ca.cert.public_bytes(serialization.Encoding.PEM))
    return path


@pytest.fixture
def ca(tmp_path: Path, settings: Any) -> Authority:
    """A test CA, trusted by the settings, and a signer's PKCS#12 it issued, configured as danhgia's signer."""
    authority = make_ca("CA thử nghiệm danhgia")
    settings.DANHGIA_SIGNING_TRUST_ROOTS = [str(pem(authority, tmp_path / "ca.pem"))]
    settings.DANHGIA_SIGNING_PKCS12 = str(issue_pkcs12(authority, SIGNER, tmp_path / "signer.p12", PASSPHRASE))
    settings.DANHGIA_SIGNING_PASSPHRASE = PASSPHRASE
    return authority


@pytest.fixture
def world() -> World:
    return make_world()


def page_text(html: str) -> str:
    if "<main>" in html:
        html = html[html.index("<main>") : html.index("</main>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def upload(client: Any, content: bytes, name: str = "quyet-dinh.pdf") -> Any:
    return client.post("/reports/signed/verify/", {"document": SimpleUploadedFile(name, content, "application/pdf")})


def test_a_signed_decision_verifies_names_its_signer_and_record_and_its_signing_is_audited(
    world: World, ca: Authority
) -> None:
    cycle = bring(world, "decided")
    client = client_for(world, "quyetdinh")
    entries = AuditEntry.objects.count()

    board = client.get(f"/decision/{cycle.pk}/{world.cell.pk}/").content.decode()
    response = client.get(f"/reports/signed/decision/{cycle.pk}/{world.cell.pk}.pdf")

    assert f'href="/reports/signed/decision/{cycle.pk}/{world.cell.pk}.pdf"' in board
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    verdict = verify_pdf(response.content)
    assert (verdict.signed, verdict.intact, verdict.trusted, verdict.whole_file) == (True, True, True, True)
    assert verdict.signer == f"Common Name: {SIGNER}, Country: VN"
    assert verdict.record is not None
    assert (verdict.record.kind, verdict.record.cycle_id, verdict.record.unit_id) == (
        "decision",
        cycle.pk,
        world.cell.pk,
    )
    entry = AuditEntry.objects.order_by("-pk").first()
    assert AuditEntry.objects.count() == entries + 1 and entry is not None
    assert (entry.action, entry.object_type, entry.object_id) == (
        "document_sign",
        "signed_document",
        str(world.cell.pk),
    )
    assert entry.after is not None and entry.after["record"] == verdict.record.digest
    page = page_text(upload(client, response.content).content.decode())
    assert "Chữ ký hợp lệ." in page
    assert f"Người ký Common Name: {SIGNER}, Country: VN" in page
    assert f"Hồ sơ Quyết định: {cycle.name} — {world.cell.name}" in page
    assert "Dữ liệu hiện nay vẫn đúng như văn bản đã ký." in page


def test_a_record_changed_after_signing_is_reported(world: World, ca: Authority) -> None:
    cycle = bring(world, "decided")
    client = client_for(world, "quyetdinh")
    signed = client.get(f"/reports/signed/decision/{cycle.pk}/{world.cell.pk}.pdf").content
    review = Review.objects.filter(cycle=cycle, unit=world.cell, decided_level="L2").order_by("pk").first()
    assert review is not None
    Review.objects.filter(pk=review.pk).update(decided_level="L1")  # a forged result, beside the trail

    page = page_text(upload(client, signed).content.decode())

    assert "Chữ ký hợp lệ." in page
    assert "Dữ liệu hiện nay không còn đúng như văn bản đã ký" in page


def test_a_file_changed_after_signing_is_not_valid(world: World, ca: Authority) -> None:
    cycle = bring(world, "decided")
    client = client_for(world, "quyetdinh")
    signed = client.get(f"/reports/signed/decision/{cycle.pk}/{world.cell.pk}.pdf").content
    forged = signed.replace(
        f"decision:{cycle.pk}:{world.cell.pk}:".encode(), f"decision:{cycle.pk}:{world.province.pk}:".encode()
    )
    assert forged != signed

    verdict = verify_pdf(forged)

    assert (verdict.signed, verdict.intact) == (True, False)
    assert "Chữ ký không hợp lệ: tệp đã bị sửa sau khi ký." in page_text(upload(client, forged).content.decode())


def test_a_signature_from_another_ca_is_intact_but_not_trusted(
    world: World, ca: Authority, tmp_path: Path, settings: Any
) -> None:
    cycle = bring(world, "decided")
    stranger = make_ca("CA lạ")
    settings.DANHGIA_SIGNING_PKCS12 = str(issue_pkcs12(stranger, "Người lạ", tmp_path / "stranger.p12", "x"))
    settings.DANHGIA_SIGNING_PASSPHRASE = "x"
    signed = client_for(world, "quyetdinh").get(f"/reports/signed/decision/{cycle.pk}/{world.cell.pk}.pdf").content

    verdict = verify_pdf(signed)

    assert (verdict.intact, verdict.trusted, verdict.valid) == (True, False, False)


def test_without_a_certificate_nothing_is_signed_and_nothing_recorded(world: World, settings: Any) -> None:
    cycle = bring(world, "decided")
    settings.DANHGIA_SIGNING_PKCS12 = ""
    entries = AuditEntry.objects.count()

    response = client_for(world, "quyetdinh").get(f"/reports/signed/decision/{cycle.pk}/{world.cell.pk}.pdf")

    assert response.status_code == 503
    assert response.content.decode() == "Chưa cấu hình chứng thư số để ký: không thể ký văn bản."
    assert AuditEntry.objects.count() == entries


def test_a_wrong_passphrase_is_a_configuration_error_not_a_crash(world: World, ca: Authority, settings: Any) -> None:
    cycle = bring(world, "decided")
    settings.DANHGIA_SIGNING_PASSPHRASE = "sai"

    response = client_for(world, "quyetdinh").get(f"/reports/signed/decision/{cycle.pk}/{world.cell.pk}.pdf")

    assert response.status_code == 503


def test_a_member_cannot_have_the_decision_signed(world: World, ca: Authority) -> None:
    cycle = bring(world, "decided")
    entries = AuditEntry.objects.count()

    response = client_for(world, "p3").get(f"/reports/signed/decision/{cycle.pk}/{world.cell.pk}.pdf")

    assert response.status_code == 403
    assert AuditEntry.objects.count() == entries


def test_the_published_statistics_are_signed_and_verify(world: World, ca: Authority) -> None:
    cycle = bring(world, "published")
    client = client_for(world, "tinhuy")

    response = client.get(f"/reports/signed/statistics/{cycle.pk}/{world.committee.pk}.pdf")

    assert response.status_code == 200
    verdict = verify_pdf(response.content)
    assert verdict.valid and verdict.record is not None and verdict.record.kind == "statistics"
    assert "Dữ liệu hiện nay vẫn đúng như văn bản đã ký." in page_text(
        upload(client, response.content).content.decode()
    )


def test_hostile_uploads_are_refused_before_reading(world: World, settings: Any) -> None:
    client = client_for(world, "p3")
    settings.DANHGIA_SIGNED_UPLOAD_MAX = 1024 * 1024

    big = upload(client, b"%PDF-1.7\n" + b"0" * (2 * 1024 * 1024))
    not_pdf = upload(client, b"PK\x03\x04 a zip, not a PDF")
    garbage = upload(client, b"%PDF-1.7\n garbage with no xref")
    plain = FPDF()
    plain.add_page()
    unsigned = upload(client, bytes(plain.output()))

    assert big.status_code == 413 and "Tệp lớn hơn 1 MB: không kiểm tra." in page_text(big.content.decode())
    assert not_pdf.status_code == 400 and "Tệp này không phải PDF." in page_text(not_pdf.content.decode())
    assert garbage.status_code == 200 and "Kết quả Không đọc được tệp PDF." in page_text(garbage.content.decode())
    assert unsigned.status_code == 200 and "Kết quả Tệp không có chữ ký số." in page_text(unsigned.content.decode())
