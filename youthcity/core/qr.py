"""A QR code as inline SVG (reportlab, already a dependency; offline, no JavaScript)."""

from __future__ import annotations

import re

from reportlab.graphics import renderSVG
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing


def qr_svg(text: str, size: int = 168) -> str:
    widget = QrCodeWidget(text)
    widget.barWidth = widget.barHeight = size
    drawing = Drawing(size, size)
    drawing.add(widget)
    svg = renderSVG.drawToString(drawing)
    svg = re.sub(r"^.*?(<svg\b)", r"\1", svg, flags=re.S)  # drop the XML prolog and doctype
    return svg.replace("<svg ", '<svg role="img" aria-hidden="true" focusable="false" ', 1)
