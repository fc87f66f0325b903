"""The one exception the plan parser raises, with bilingual user-facing messages.

The Django app shows ``message_zh``/``message_en`` to the coordinator as they are,
so they are written for people, not for developers.
"""

from __future__ import annotations

from typing import Final, Literal

ErrorCode = Literal[
    "empty",
    "binary",
    "too_large",
    "scanned_pdf",
    "unsupported_format",
    "encoding",
    "no_structure",
]

#: Default (Chinese, English) messages per error code.
MESSAGES: Final[dict[str, tuple[str, str]]] = {
    "empty": ("文件为空或没有可读的文字。", "The file is empty or contains no readable text."),
    "binary": (
        "文件不是文本文档(看起来是二进制数据)。请上传 .txt、.docx 或 .pdf 文件。",
        "The file is not a text document (it looks like binary data). Upload a .txt, .docx or .pdf file.",
    ),
    "too_large": ("文件超过 10 MB 上限。", "The file is larger than the 10 MB limit."),
    "scanned_pdf": (
        "该 PDF 是扫描图片,没有文字层,无法读取。请上传带文字的 PDF 或 Word 文件。",
        "The PDF has no text to read (scanned image, no text layer). Upload a PDF with text or a Word file.",
    ),
    "unsupported_format": (
        "不支持该文件格式。请上传 .txt、.docx 或 .pdf 文件。",
        "This file format is not supported. Upload a .txt, .docx or .pdf file.",
    ),
    "encoding": (
        "无法识别文件的文字编码。请另存为 UTF-8 或 GBK 编码后重试。",
        "The text encoding of the file could not be recognised. Save it as UTF-8 or GBK and try again.",
    ),
    "no_structure": (
        "没有在文件中找到任何措施(编号条目或工作段落),无法识别方案结构。",
        "No measures (numbered items or work paragraphs) were found, so the plan structure "
        "could not be recognised.",
    ),
}


class PlanParseError(Exception):
    """A plan document could not be read or parsed.

    ``code`` is one of :data:`ErrorCode`; ``message_zh`` and ``message_en`` are ready to
    show to users.
    """

    def __init__(self, code: ErrorCode, message_zh: str | None = None, message_en: str | None = None) -> None:
        default_zh, default_en = MESSAGES[code]
        self.code: ErrorCode = code
        self.message_zh: str = message_zh if message_zh is not None else default_zh
        self.message_en: str = message_en if message_en is not None else default_en
        super().__init__(f"[{code}] {self.message_en}")

    def __reduce__(self) -> tuple[type[PlanParseError], tuple[ErrorCode, str, str]]:
        # Keeps the exception picklable (task queues pass errors between processes).
        return (type(self), (self.code, self.message_zh, self.message_en))
