"""Bytes of an uploaded file → plain text: sniffing, decoding, .docx and .pdf extraction.

The format is decided by content first (magic bytes), by file name second, so a PDF
named ``plan.txt`` still reads as a PDF.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import PurePath
from typing import Any

from .errors import PlanParseError

MAX_BYTES = 10 * 1024 * 1024
# A .docx/.xlsx is a zip: what counts is what it expands to. A 95 KB file expanding to 27 MB of XML
# (a zip bomb) is refused before any XML is parsed, and a workbook with more rows than a plan has.
MAX_EXPANDED_BYTES = 10 * 1024 * 1024  # the document's XML parts (a 100-page plan is ~2 MB)
MAX_EXPANDED_MEDIA_BYTES = 100 * 1024 * 1024  # everything, images included
MAX_ZIP_ENTRIES = 2_000
MAX_SHEET_ROWS = 20_000

_TEXT_SUFFIXES = {".txt", ".text", ".md", ".csv", ".tsv", ""}
_REFUSED_SUFFIXES = {
    ".doc", ".wps", ".xls", ".ppt", ".pptx", ".odt", ".rtf", ".png", ".jpg", ".jpeg", ".gif",
    ".bmp", ".tif", ".tiff", ".zip", ".rar", ".7z", ".exe", ".html", ".htm", ".ofd",
}
_IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"BM", b"II*\x00", b"MM\x00*")
_CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def _is_binary(data: bytes) -> bool:
    """NUL bytes or many control characters mean the data is not text."""
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return controls > max(4, len(sample) // 50)


def _plausible(text: str) -> bool:
    """Decoded text whose non-ASCII characters are mostly CJK (a GBK guess that worked)."""
    non_ascii = [ch for ch in text if ord(ch) > 127]
    if not non_ascii:
        return True
    cjk = sum(1 for ch in non_ascii if _CJK.match(ch))
    return cjk / len(non_ascii) >= 0.8


def decode_text(data: bytes) -> str:
    """Decode plain-text bytes: UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK,
    then whatever charset-normalizer finds. Raises ``encoding`` if nothing fits."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise PlanParseError("encoding") from exc
    if _is_binary(data):
        raise PlanParseError("binary")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
        if _plausible(text):
            return text
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None:
        text = str(best)
        non_ascii = sum(1 for ch in text if ord(ch) > 127)
        # Accept a guess that reads as Chinese, or mostly-ASCII text with a few
        # typographic characters (an English plan saved as Windows-1252).
        if text.strip() and (_plausible(text) or non_ascii <= len(text) * 0.05):
            return text
    raise PlanParseError("encoding")


def _docx_text(data: bytes) -> str:
    try:
        import docx
    except ImportError as exc:  # pragma: no cover - python-docx is a dependency
        raise PlanParseError("unsupported_format") from exc
    try:
        document: Any = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many types for damaged files
        raise PlanParseError(
            "unsupported_format",
            "无法读取该 Word 文件,文件可能已损坏。",
            "The Word file could not be read; it may be damaged.",
        ) from exc
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    lines: list[str] = []
    counters: dict[tuple[str, str], int] = {}
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(child, document)
            text = paragraph.text.strip()
            lines.append(_with_list_number(paragraph, text, counters))
        elif tag == "tbl":
            lines.extend(_table_lines(Table(child, document)))
    return "\n".join(lines)


def _numbering_properties(paragraph: Any) -> Any:
    """``w:numPr`` of the paragraph, or inherited from its style ("List Number")."""
    p_pr = paragraph._p.pPr
    if p_pr is not None and p_pr.numPr is not None:
        return p_pr.numPr
    style = paragraph.style
    for _ in range(10):  # styles inherit through based_on; guard against cycles
        if style is None:
            return None
        style_pr = style.element.pPr
        if style_pr is not None and style_pr.numPr is not None:
            return style_pr.numPr
        style = style.base_style
    return None


def _with_list_number(paragraph: Any, text: str, counters: dict[tuple[str, str], int]) -> str:
    """Word's automatic numbering is not part of the text; restore it as ``N.``."""
    if not text:
        return text
    num_pr = _numbering_properties(paragraph)
    if num_pr is None or num_pr.numId is None:
        return text
    if re.match(r"^\s*(?:\d{1,3}\s*[.．、]|[（(]|[一二三四五六七八九十]{1,3}[、.])", text):
        return text
    key = (str(num_pr.numId.val), str(num_pr.ilvl.val if num_pr.ilvl is not None else 0))
    counters[key] = counters.get(key, 0) + 1
    return f"{counters[key]}. {text}"


def _cell_text(cell: Any) -> str:
    """A cell's paragraphs joined (Chinese text needs no space between them); a ``|`` in a
    cell would split it, so it becomes the full-width bar."""
    text = "".join(p.text.strip() for p in cell.paragraphs) if cell.paragraphs else cell.text
    return text.replace("|", "｜").strip()


def _table_lines(table: Any) -> list[str]:
    """Each row as ``cell | cell | …``; a cell merged across columns counts once, so a title
    row spanning the table becomes a single cell. ``tables`` reads task tables from these rows."""
    lines: list[str] = []
    for row in table.rows:
        seen: set[int] = set()
        cells: list[str] = []
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(_cell_text(cell))
        if not any(cells):
            continue
        filled = [c for c in cells if c]
        lines.append(filled[0] if len(filled) == 1 and len(cells) == 1 else " | ".join(cells))
    return lines


def _check_expansion(data: bytes) -> None:
    """Refuse an Office file whose parts expand past :data:`MAX_EXPANDED_BYTES` (sizes as declared
    in the zip directory, which a reader trusts when it inflates; a lying entry fails its CRC)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = archive.infolist()
    total = sum(i.file_size for i in infos)
    xml = sum(i.file_size for i in infos if "/media/" not in i.filename)
    if len(infos) > MAX_ZIP_ENTRIES or xml > MAX_EXPANDED_BYTES or total > MAX_EXPANDED_MEDIA_BYTES:
        mb = MAX_EXPANDED_BYTES // (1024 * 1024)
        raise PlanParseError(
            "too_large",
            f"文件解压后超过 {mb} MB（或包含过多部件），无法读取。请删除图片等内容后再上传。",
            f"The file expands to more than {mb} MB (or has too many parts) and cannot be read. "
            "Remove images or other content and upload it again.",
        )


def _xlsx_text(data: bytes) -> str:
    """Every sheet of a workbook as rows ``cell | cell | …``: a 任务清单 kept in Excel."""
    try:
        from openpyxl import load_workbook
    except ImportError as exc:  # pragma: no cover - openpyxl is a dependency
        raise PlanParseError("unsupported_format") from exc
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for damaged files
        raise PlanParseError(
            "unsupported_format",
            "无法读取该 Excel 文件,文件可能已损坏。",
            "The Excel file could not be read; it may be damaged.",
        ) from exc
    lines: list[str] = []
    rows = 0
    for sheet in workbook.worksheets:
        for values in sheet.iter_rows(values_only=True):
            rows += 1
            if rows > MAX_SHEET_ROWS:
                workbook.close()
                raise PlanParseError(
                    "too_large",
                    f"工作簿超过 {MAX_SHEET_ROWS:,} 行，不像一份行动方案。请只保留方案内容后再上传。",
                    f"The workbook has more than {MAX_SHEET_ROWS:,} rows, more than a plan has. "
                    "Keep only the plan and upload it again.",
                )
            cells = [_xlsx_value(v) for v in values]
            while cells and not cells[-1]:
                cells.pop()
            filled = [c for c in cells if c]
            if not filled:
                continue
            lines.append(filled[0] if len(filled) == 1 else " | ".join(cells))
        lines.append("")
    workbook.close()
    return "\n".join(lines)


def _xlsx_value(value: Any) -> str:
    import datetime as dt

    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\n", "").replace("|", "｜").strip()


_PAGE_NUMBER = re.compile(r"^\s*(?:[-—–]\s*\d{1,4}\s*[-—–]|第\s*\d{1,4}\s*页(?:\s*/?\s*共\s*\d+\s*页)?|\d{1,4}\s*/\s*\d{1,4}|Page \d+(?: of \d+)?)\s*$", re.IGNORECASE)


def _pdf_text(data: bytes) -> str:
    try:
        from pypdf import PdfReader
    except ImportError as exc:  # pragma: no cover - pypdf is a dependency
        raise PlanParseError("unsupported_format") from exc
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            reader.decrypt("")
        pages = [page.extract_text() or "" for page in reader.pages]
    except Exception as exc:  # pypdf raises many types for damaged or protected files
        raise PlanParseError(
            "unsupported_format",
            "无法读取该 PDF 文件,文件可能已损坏或加密。",
            "The PDF could not be read; it may be damaged or encrypted.",
        ) from exc
    if sum(len(page.strip()) for page in pages) < 10:
        raise PlanParseError("scanned_pdf")
    lines: list[str] = []
    for page in pages:
        page_lines = page.split("\n")
        for i, line in enumerate(page_lines):
            if _PAGE_NUMBER.match(line):
                continue
            # A bare number is a page number unless its 、 follows (the "1\n、" numbering).
            following = page_lines[i + 1].strip() if i + 1 < len(page_lines) else ""
            if re.fullmatch(r"\s*\d{1,4}\s*", line) and not following.startswith(("、", ".", "．")):
                continue
            lines.append(line)
    return "\n".join(lines)


def extract_text(data: bytes, filename: str = "") -> str:
    """The text of an uploaded plan file (.txt in UTF-8/GBK/GB18030, .docx or .pdf).

    Raises :class:`PlanParseError` with code ``empty``, ``too_large``, ``binary``,
    ``scanned_pdf``, ``unsupported_format`` or ``encoding``.
    """
    if len(data) > MAX_BYTES:
        raise PlanParseError("too_large")
    if not data.strip():
        raise PlanParseError("empty")
    suffix = PurePath(filename).suffix.lower()
    if data.startswith(b"%PDF-"):
        text = _pdf_text(data)
    elif data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile as exc:
            raise PlanParseError("unsupported_format") from exc
        _check_expansion(data)
        if "word/document.xml" in names:
            text = _docx_text(data)
        elif "xl/workbook.xml" in names and suffix != ".docx":
            text = _xlsx_text(data)
        else:
            raise PlanParseError("unsupported_format")
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        raise PlanParseError(
            "unsupported_format",
            "不支持旧版 Word (.doc) 文件,请另存为 .docx 后上传。",
            "Old Word (.doc) files are not supported; save the file as .docx and upload it again.",
        )
    elif data.startswith(_IMAGE_MAGIC) and suffix not in _TEXT_SUFFIXES:
        raise PlanParseError("unsupported_format")
    elif suffix in (".pdf", ".docx", ".xlsx"):
        # Named like a document but not one: most likely damaged or renamed.
        if _is_binary(data):
            raise PlanParseError("binary")
        raise PlanParseError("unsupported_format")
    elif suffix in _REFUSED_SUFFIXES:
        raise PlanParseError("unsupported_format")
    else:
        text = decode_text(data)
    if not text.strip():
        raise PlanParseError("empty")
    return text
