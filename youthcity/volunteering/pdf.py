"""The certificate as a PDF (reportlab; the built-in STSong-Light CID font needs no font file)."""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from youthcity.engines.volunteering import CertificateLayout

FONT = "STSong-Light"


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    lines, line = [], ""
    for ch in text:
        if pdfmetrics.stringWidth(line + ch, font, size) > width:
            lines.append(line)
            line = ch
        else:
            line += ch
    return [*lines, line] if line else lines


def certificate_pdf(layout: CertificateLayout) -> bytes:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    buf = io.BytesIO()
    page_w, page_h = A4
    c = canvas.Canvas(buf, pagesize=A4, pageCompression=1)
    c.setTitle(layout.title_zh)
    c.setFont(FONT, 24)
    c.drawCentredString(page_w / 2, page_h - 40 * mm, layout.title_zh)
    c.setFont(FONT, 12)
    c.drawCentredString(page_w / 2, page_h - 48 * mm, layout.title_en)
    y = page_h - 65 * mm
    for text, size in ((layout.body_zh, 13), (layout.body_en, 10)):
        c.setFont(FONT, size)
        for line in _wrap(text, FONT, size, page_w - 50 * mm):
            c.drawString(25 * mm, y, line)
            y -= size * 1.6
        y -= 4 * mm
    for label_zh, label_en, value in layout.fields:
        c.setFont(FONT, 11)
        c.drawString(25 * mm, y, f"{label_zh}（{label_en}）")
        c.drawString(85 * mm, y, value)
        y -= 8 * mm
    y -= 6 * mm
    c.setFont(FONT, 10)
    for text in (layout.verify_hint_zh, layout.verify_hint_en):
        for line in _wrap(text, FONT, 10, page_w - 50 * mm):
            c.drawString(25 * mm, y, line)
            y -= 14
    c.showPage()
    c.save()
    return buf.getvalue()
