"""Read a draft regulation from a .docx into chapters, articles and clauses.

A line "Chương II" (its title on the same line or the next) opens a chapter, "Điều 5. Title" an article, "1. …"
a clause of the current article; any other paragraph continues the provision before it (points "a)", "b)" stay in
their clause's text); paragraphs before the first chapter or article (the document's title) are skipped.
The file is checked before python-docx opens it: its size, that it is a zip package, how many parts it has and
how large they inflate (a deflate bomb is refused unread); then the paragraph and provision counts.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from io import BytesIO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from docx import Document

MB = 1024 * 1024


@dataclass(frozen=True)
class TextLimits:
    file_bytes: int = 5 * MB
    parts: int = 300
    unpacked_bytes: int = 50 * MB
    paragraphs: int = 5_000
    provisions: int = 2_000


LIMITS = TextLimits()
CHAPTER = re.compile(r"^Chương\s+([IVXLC]+|\d+)\b[\s.:\-–]*(.*)$", re.IGNORECASE)
ARTICLE = re.compile(r"^Điều\s+(\d+)\s*[.:]?\s*(.*)$")
CLAUSE = re.compile(r"^(\d+)\.\s+(.*)$")


@dataclass
class ParsedProvision:
    kind: str  # chapter, article, clause
    key: str
    number: str
    heading: str = ""
    lines: list[str] = field(default_factory=list)

    @property
    def body(self) -> str:
        return "\n".join(self.lines)


def _refuse(message: str) -> ValidationError:
    return ValidationError({"file": [message]})


def docx_paragraphs(data: bytes, limits: TextLimits = LIMITS) -> list[str]:
    """The non-empty paragraphs of a .docx, NFC-normalised; a file over a limit or not a .docx is refused."""
    if len(data) > limits.file_bytes:
        raise _refuse(_("The file is larger than %(mb)d MB.") % {"mb": limits.file_bytes // MB})
    try:
        with zipfile.ZipFile(BytesIO(data)) as package:
            members = package.infolist()
            if len(members) > limits.parts or sum(m.file_size for m in members) > limits.unpacked_bytes:
                raise _refuse(_("The file unpacks to more than %(mb)d MB.") % {"mb": limits.unpacked_bytes // MB})
            if "word/document.xml" not in package.namelist():
                raise _refuse(_("The file is not a Word document (.docx)."))
    except zipfile.BadZipFile as error:
        raise _refuse(_("The file is not a Word document (.docx).")) from error
    try:
        document = Document(BytesIO(data))
    except Exception as error:  # python-docx raises many kinds on a damaged package
        raise _refuse(_("The Word document could not be read: it is damaged.")) from error
    texts = [unicodedata.normalize("NFC", " ".join(p.text.split())) for p in document.paragraphs]
    texts = [text for text in texts if text]
    if len(texts) > limits.paragraphs:
        raise _refuse(_("The document has more than %(count)d paragraphs.") % {"count": limits.paragraphs})
    return texts


def parse_provisions(paragraphs: list[str], limits: TextLimits = LIMITS) -> list[ParsedProvision]:
    """Chapters, articles and clauses in document order; duplicate numbers are refused naming the paragraph."""
    found: list[ParsedProvision] = []
    keys: set[str] = set()
    article: ParsedProvision | None = None
    current: ParsedProvision | None = None
    title_pending: ParsedProvision | None = None
    for index, text in enumerate(paragraphs, start=1):
        parsed = _provision(text, article)
        if parsed is None:
            if title_pending is not None:
                title_pending.heading, title_pending = text, None
            elif current is not None:
                current.lines.append(text)
            continue
        if parsed.key in keys:
            what = {"n": index, "text": text[:60]}
            raise _refuse(_("Paragraph %(n)d (“%(text)s”): this number was already used.") % what)
        keys.add(parsed.key)
        found.append(parsed)
        if len(found) > limits.provisions:
            raise _refuse(_("The document has more than %(count)d provisions.") % {"count": limits.provisions})
        current = parsed
        title_pending = parsed if parsed.kind == "chapter" and not parsed.heading else None
        if parsed.kind == "article":
            article = parsed
        elif parsed.kind == "chapter":
            article = None
    if not any(p.kind == "article" for p in found):
        raise _refuse(_("No article (“Điều 1.”, “Điều 2.” …) was found in the document."))
    return found


def _provision(text: str, article: ParsedProvision | None) -> ParsedProvision | None:
    if match := CHAPTER.match(text):
        number = match.group(1).upper()
        return ParsedProvision("chapter", f"C{number}", number, match.group(2).strip())
    if match := ARTICLE.match(text):
        number = match.group(1)
        return ParsedProvision("article", f"A{number}", number, match.group(2).strip())
    if article is not None and (match := CLAUSE.match(text)):
        number = match.group(1)
        return ParsedProvision("clause", f"{article.key}.{number}", number, "", [match.group(2).strip()])
    return None
