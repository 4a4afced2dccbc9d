from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from docx import Document

from danhgia.apps.consultation.docx_text import MB, TextLimits, docx_paragraphs, parse_provisions


def _docx(lines: list[str]) -> bytes:
    document = Document()
    for line in lines:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


DRAFT = [
    "QUY ĐỊNH",
    "Chương I",
    "NHỮNG QUY ĐỊNH CHUNG",
    "Điều 1. Phạm vi điều chỉnh",
    "Quy định này quy định việc đánh giá, xếp loại chất lượng.",
    "Chương II. TỶ LỆ XẾP LOẠI",
    "Điều 5. Tỷ lệ hoàn thành xuất sắc nhiệm vụ",
    "1. Tỷ lệ không quá 15% số được xếp loại hoàn thành tốt nhiệm vụ.",
    "a) Tính theo từng nhóm có chức năng tương đồng;",
    "2. Trường hợp đặc biệt do cấp có thẩm quyền xem xét.",
]


def test_a_draft_splits_into_chapters_articles_and_clauses() -> None:
    provisions = parse_provisions(docx_paragraphs(_docx(DRAFT)))

    assert [(p.kind, p.key, p.heading) for p in provisions] == [
        ("chapter", "CI", "NHỮNG QUY ĐỊNH CHUNG"),
        ("article", "A1", "Phạm vi điều chỉnh"),
        ("chapter", "CII", "TỶ LỆ XẾP LOẠI"),
        ("article", "A5", "Tỷ lệ hoàn thành xuất sắc nhiệm vụ"),
        ("clause", "A5.1", ""),
        ("clause", "A5.2", ""),
    ]
    assert provisions[1].body == "Quy định này quy định việc đánh giá, xếp loại chất lượng."
    assert provisions[4].body == (
        "Tỷ lệ không quá 15% số được xếp loại hoàn thành tốt nhiệm vụ.\na) Tính theo từng nhóm có chức năng tương đồng;"
    )


def test_a_file_that_is_not_a_docx_is_refused_in_vietnamese() -> None:
    with pytest.raises(ValidationError) as refused:
        docx_paragraphs(b"%PDF-1.7 not a word file")

    assert refused.value.message_dict["file"] == ["Tệp không phải là văn bản Word (.docx)."]


def test_a_file_over_the_size_limit_is_refused() -> None:
    with pytest.raises(ValidationError) as refused:
        docx_paragraphs(_docx(DRAFT) + b"\0" * MB, TextLimits(file_bytes=MB))

    assert refused.value.message_dict["file"] == ["Tệp lớn hơn 1 MB."]


def test_a_deflate_bomb_is_refused_unread() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("word/document.xml", b"0" * (2 * 1024 * 1024))

    with pytest.raises(ValidationError) as refused:
        docx_paragraphs(out.getvalue(), TextLimits(unpacked_bytes=1024 * 1024))

    assert refused.value.message_dict["file"] == ["Tệp giải nén ra hơn 1 MB."]


def test_a_repeated_article_number_names_the_paragraph() -> None:
    with pytest.raises(ValidationError) as refused:
        parse_provisions(["Điều 1. A", "Điều 2. B", "Điều 2. C"])

    assert refused.value.message_dict["file"] == ["Đoạn 3 (“Điều 2. C”): số này đã được dùng trước đó."]


def test_a_document_without_articles_is_refused() -> None:
    with pytest.raises(ValidationError) as refused:
        parse_provisions(["Một văn bản", "không có điều nào"])

    assert len(refused.value.message_dict["file"]) == 1
