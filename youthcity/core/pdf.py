"""Fonts for PDF documents (reports, certificates): a CJK font **embedded** in the file, so a
reader without Chinese fonts sees every character.

The font is Noto Sans SC (SIL Open Font License) in TrueType outlines, installed by ``make install``
from npm (``@expo-google-fonts/noto-sans-sc``) into ``youthcity/core/fonts/``; ReportLab embeds
the glyphs a document uses (a subset), so a report stays small. Without the files (a source
checkout before ``make install``) documents fall back to ReportLab's built-in STSong-Light, which
is *not* embedded, and a warning is logged.
"""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).resolve().parent / "fonts"
REGULAR, BOLD = "NotoSansSC_400Regular.ttf", "NotoSansSC_700Bold.ttf"
log = logging.getLogger(__name__)


@cache
def cjk_fonts() -> tuple[str, str]:
    """(regular, bold) font names registered with ReportLab, embedded when the files exist."""
    if (FONT_DIR / REGULAR).exists() and (FONT_DIR / BOLD).exists():
        pdfmetrics.registerFont(TTFont("YCSans", str(FONT_DIR / REGULAR)))
        pdfmetrics.registerFont(TTFont("YCSans-Bold", str(FONT_DIR / BOLD)))
        pdfmetrics.registerFontFamily("YCSans", normal="YCSans", bold="YCSans-Bold")
        return "YCSans", "YCSans-Bold"
    log.warning("CJK font files missing in %s (run `make install`): PDFs use a font that is not embedded", FONT_DIR)
    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light", "STSong-Light"
