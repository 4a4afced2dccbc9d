"""PAdES signatures (pyHanko) on the PDFs danhgia produces, and their verification against the records.

A signed PDF names the record it was made from in its document keywords (`Record`: what, cycle, unit and the
SHA-256 of the record's content when it was signed); the signature covers them. Verifying an uploaded file
says whether the signature is intact and valid, who signed, whether the signer's certificate chains to a
configured CA, and whether the records still say what the signed copy says (docs/SIGNING.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings

if TYPE_CHECKING:  # pyHanko is imported where it is used: loading it warns on stderr (DSA deprecation)
    from asn1crypto import x509  # type: ignore[import-untyped]
    from pyhanko.sign import signers

RECORD = re.compile(
    r"danhgia-record:(?P<kind>decision|statistics):(?P<cycle>\d+):(?P<unit>\d+):(?P<digest>[0-9a-f]{64})"
)


class SigningNotConfigured(RuntimeError):
    """No usable signing certificate: DANHGIA_SIGNING_PKCS12 unset, unreadable or the passphrase wrong."""


@dataclass(frozen=True)
class Record:
    """What a signed PDF was made from: a unit's decision or its statistics in a cycle, and their digest."""

    kind: str
    cycle_id: int
    unit_id: int
    digest: str

    def keywords(self) -> str:
        return f"danhgia-record:{self.kind}:{self.cycle_id}:{self.unit_id}:{self.digest}"

    @classmethod
    def parse(cls, text: str) -> Record | None:
        found = RECORD.search(text)
        if found is None:
            return None
        return cls(found["kind"], int(found["cycle"]), int(found["unit"]), found["digest"])


def _passphrase() -> bytes | None:
    if settings.DANHGIA_SIGNING_PASSPHRASE_FILE:
        return Path(settings.DANHGIA_SIGNING_PASSPHRASE_FILE).read_text(encoding="utf-8").strip().encode()
    return settings.DANHGIA_SIGNING_PASSPHRASE.encode() if settings.DANHGIA_SIGNING_PASSPHRASE else None


def signer() -> signers.SimpleSigner:
    """The configured signer (PKCS#12 file with its key, certificate and chain)."""
    from pyhanko.sign import signers

    path = settings.DANHGIA_SIGNING_PKCS12
    if not path:
        raise SigningNotConfigured("DANHGIA_SIGNING_PKCS12 is not set")
    if not Path(path).is_file():
        raise SigningNotConfigured(f"DANHGIA_SIGNING_PKCS12 is not a readable file: {path}")
    try:
        loaded = signers.SimpleSigner.load_pkcs12(path, passphrase=_passphrase())
    except (OSError, ValueError) as error:
        raise SigningNotConfigured(f"the PKCS#12 file cannot be opened: {error}") from None
    if loaded is None:  # pyHanko logs why (usually a wrong passphrase)
        raise SigningNotConfigured("the PKCS#12 file cannot be opened (wrong passphrase?)")
    return loaded


def sign_pdf(content: bytes, *, reason: str, by: signers.SimpleSigner | None = None) -> bytes:
    """`content` signed (PAdES baseline B, SHA-256) by `by` (the configured signer), as a new revision."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    writer = IncrementalPdfFileWriter(BytesIO(content), strict=False)
    metadata = signers.PdfSignatureMetadata(
        field_name="Signature", reason=reason, subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256"
    )
    output = signers.PdfSigner(metadata, signer=by or signer()).sign_pdf(writer)
    return bytes(output.getvalue())


def trust_roots() -> list[x509.Certificate]:
    """The CA certificates signatures are verified against (DANHGIA_SIGNING_TRUST_ROOTS, PEM or DER files)."""
    from pyhanko.keys import load_cert_from_pemder

    return [load_cert_from_pemder(path) for path in settings.DANHGIA_SIGNING_TRUST_ROOTS]


@dataclass
class Verdict:
    """What an uploaded PDF's signature says. `valid`: intact, cryptographically sound, chains to a
    configured CA and covers the whole file; `record`: what it was made from, if it names one."""

    signed: bool = False
    intact: bool = False
    trusted: bool = False
    whole_file: bool = False
    signer: str = ""
    signed_at: datetime | None = None
    record: Record | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return self.signed and self.intact and self.trusted and self.whole_file


def verify_pdf(content: bytes) -> Verdict:
    """Check the (last) signature of `content` against the configured CAs; never raises on a bad file."""
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.errors import SignatureValidationError
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    verdict = Verdict()
    try:
        reader = PdfFileReader(BytesIO(content), strict=False)
        signatures = reader.embedded_signatures
    except (PdfError, ValueError, KeyError, TypeError, IndexError) as error:
        verdict.problems.append(f"unreadable: {error}")
        return verdict
    if not signatures:
        return verdict
    verdict.signed = True
    signature = signatures[-1]
    try:
        status = validate_pdf_signature(signature, ValidationContext(trust_roots=trust_roots()))
    except (SignatureValidationError, PdfError, ValueError) as error:
        verdict.problems.append(f"validation failed: {error}")
        return verdict
    verdict.intact = bool(status.intact and status.valid)
    verdict.trusted = bool(status.trusted)
    verdict.whole_file = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    verdict.signer = status.signing_cert.subject.human_friendly
    verdict.signed_at = status.signer_reported_dt
    if verdict.whole_file:  # the keywords are covered by the signature only then
        found = reader.trailer_view.get("/Info")
        info = found.get_object() if found is not None else None
        keywords = str(info.get("/Keywords", "")) if info is not None else ""
        verdict.record = Record.parse(keywords)
    return verdict
