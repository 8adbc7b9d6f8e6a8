"""Render a ``Document`` to PDF with reportlab, optionally AES-256 encrypted.

Fonts: DejaVu Sans ships in ``resources/fonts`` and is embedded, so names such
as Şükran, Łukasz, Zoë, Nguyễn and Олена print correctly on any machine.
Encryption: reportlab draws the pages; pypdf (with ``cryptography``) applies
AES-256 (PDF 2.0 standard security handler, revision 6). Files are written
through ``app.output`` (new files only, atomically).
"""

from __future__ import annotations

import io
import sys
from html import escape
from pathlib import Path

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    KeepTogether,
    ListFlowable,
    ListItem,
    SimpleDocTemplate,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Paragraph as RLParagraph
from reportlab.platypus import Table as RLTable

from app.export.document import (
    Bullets,
    Callout,
    Document,
    Facts,
    Paragraph,
    Section,
    Table,
    check_renderers,
    renderer_for,
)
from app.output import resolve_file_target, write_file

# Page streams compressed only, not also written as ASCII85 text (reportlab's
# default, for 7-bit channels no PDF of ours goes through): the same pages,
# 11 % smaller, and the encoding in Python no longer takes 5 % of rendering.
rl_config.useA85 = 0

FONT = "VWSans"
FONT_BOLD = "VWSans-Bold"
FONT_ITALIC = "VWSans-Oblique"
_registered = False


def fonts_dir() -> Path:
    here = Path(__file__).resolve()
    frozen = getattr(sys, "_MEIPASS", None)  # inside a PyInstaller bundle
    for root in ((Path(frozen),) if frozen else ()) + (here.parents[2], here.parents[1]):
        candidate = root / "resources" / "fonts"
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("resources/fonts is missing")


def _register_fonts() -> None:
    global _registered
    if _registered:
        return
    folder = fonts_dir()
    pdfmetrics.registerFont(TTFont(FONT, folder / "DejaVuSans.ttf"))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, folder / "DejaVuSans-Bold.ttf"))
    pdfmetrics.registerFont(TTFont(FONT_ITALIC, folder / "DejaVuSans-Oblique.ttf"))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC,
                                  boldItalic=FONT_BOLD)
    _registered = True


class _Style(ParagraphStyle):
    """A paragraph style made for one rendering, with the table cells'
    paragraphs already made in it (``_cell``)."""

    def __init__(self, name: str, **kw) -> None:
        super().__init__(name, **kw)
        #: text → its paragraph, for this rendering only.
        self.made: dict[str, RLParagraph] = {}


def _styles(large: bool) -> dict[str, ParagraphStyle]:
    base = 13 if large else 10
    return {
        "title": _Style("title", fontName=FONT_BOLD, fontSize=base + 8,
                        leading=base + 12, spaceAfter=4),
        "subtitle": _Style("subtitle", fontName=FONT, fontSize=base + 1,
                           leading=base + 4, textColor=colors.HexColor("#444444"),
                           spaceAfter=10),
        "h2": _Style("h2", fontName=FONT_BOLD, fontSize=base + 3, leading=base + 6,
                     spaceBefore=10, spaceAfter=4),
        "body": _Style("body", fontName=FONT, fontSize=base, leading=base * 1.35,
                       alignment=TA_LEFT, spaceAfter=4),
        "strong": _Style("strong", fontName=FONT_BOLD, fontSize=base,
                         leading=base * 1.35, spaceAfter=4),
        "cell": _Style("cell", fontName=FONT, fontSize=base - 1, leading=(base - 1) * 1.3),
        "callout": _Style("callout", fontName=FONT_BOLD, fontSize=base + 8,
                          leading=base + 13),
        "restricted": _Style("restricted", fontName=FONT_BOLD, fontSize=base,
                             textColor=colors.HexColor("#b00020"), spaceAfter=4),
    }


class _Paragraph(RLParagraph):
    """A reportlab paragraph that breaks its lines once per width.

    A paragraph in a table cell is wrapped at the same width again and again:
    when the table measures its rows, when it is drawn, and at every page a
    framed section is split across; reportlab breaks the lines anew each time
    (6,888 line breakings for 2,393 paragraphs in the handover of a case with
    200 signals). The lines depend on the width alone, so the last ones are
    used again for that width, as long as reportlab has not dropped them
    (``split`` does when the paragraph moves to the next page)."""

    #: (width, the lines broken for it, the height they take)
    _wrapped: tuple[float, object, float] | None = None

    def wrap(self, availWidth, availHeight):  # noqa: N803 - reportlab API
        wrapped = self._wrapped
        if wrapped is not None and wrapped[0] == availWidth \
                and self.__dict__.get("blPara") is wrapped[1]:
            self.width, self.height = availWidth, wrapped[2]
            return self.width, self.height
        size = super().wrap(availWidth, availHeight)
        self._wrapped = (availWidth, self.__dict__.get("blPara"), self.height)
        return size


def _p(text: str, style: ParagraphStyle) -> RLParagraph:
    return _Paragraph(escape(text).replace("\n", "<br/>"), style)


def _cell(text: str, style: ParagraphStyle) -> RLParagraph:
    """A table cell's paragraph: one per text and style in a rendering,
    however many cells hold it.

    The same short texts come back in every signal (the labels of its facts,
    "Zelf gezien, gehoord of geroken", the people concerned: 2,426 paragraphs,
    806 different, in the handover of a case with 200 signals). Placed in
    more than one cell, a paragraph is parsed once and broken into lines once
    per width (``_Paragraph``); reportlab draws it in each cell, and the pages
    come out byte for byte the same (``tests/export/test_pdf_layout_cache.py``).
    Only in cells: reportlab never splits a cell's paragraph across pages,
    and a paragraph that is split cannot stand in two places."""
    made = getattr(style, "made", None)
    if made is None:
        return _p(text, style)
    paragraph = made.get(text)
    if paragraph is None:
        paragraph = made[text] = _p(text, style)
    return paragraph


def _paragraph(block: Paragraph, st: dict[str, ParagraphStyle], width: float) -> list:
    return [_p(block.text, st["strong" if block.emphasis else "body"])]


def _facts(block: Facts, st: dict[str, ParagraphStyle], width: float) -> list:
    data = [[_cell(k, st["strong"]), _cell(v, st["body"])] for k, v in block.rows]
    table = RLTable(data, colWidths=[width * 0.32, width * 0.68])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]))
    return [table]


def _bullets(block: Bullets, st: dict[str, ParagraphStyle], width: float) -> list:
    return [ListFlowable([ListItem(_p(item, st["body"])) for item in block.items],
                         bulletType="bullet", start="•", leftIndent=12)]


def _table(block: Table, st: dict[str, ParagraphStyle], width: float) -> list:
    data = [[_cell(h, st["strong"]) for h in block.header]]
    data += [[_cell(c, st["cell"]) for c in row] for row in block.rows]
    columns = len(block.header)
    shares = block.widths or (1 / columns,) * columns
    table = RLTable(data, repeatRows=1, colWidths=[width * share for share in shares])
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
        ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return [table]


def _callout(block: Callout, st: dict[str, ParagraphStyle], width: float) -> list:
    table = RLTable([[_p(line, st["callout"])] for line in block.lines], colWidths=[width])
    table.setStyle(TableStyle([
        ("BOX", (0, 0), (-1, -1), 2, colors.HexColor("#b00020")),
        ("LEFTPADDING", (0, 0), (-1, -1), 8), ("TOPPADDING", (0, 0), (-1, -1), 6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]))
    return [table]


#: One function per block type of ``app.export.document.BLOCK_TYPES``.
BLOCK_RENDERERS = {Paragraph: _paragraph, Facts: _facts, Bullets: _bullets, Table: _table,
                   Callout: _callout}
check_renderers(BLOCK_RENDERERS, "the PDF renderer")


def _block(block, st: dict[str, ParagraphStyle], width: float):
    return renderer_for(BLOCK_RENDERERS, block)(block, st, width)


_HEADING_LENGTH = 100
_FRAME_PADDING = 6  # reportlab's default cell padding


def _is_heading(block) -> bool:
    return isinstance(block, Paragraph) and len(block.text.strip()) <= _HEADING_LENGTH


def _section(section: Section, st: dict[str, ParagraphStyle], width: float, marker: str):
    flow = [_p(section.title, st["h2"])]
    if section.restricted and marker:
        flow.append(_p(marker, st["restricted"]))
    boxed = section.restricted or section.framed
    # Inside a frame the blocks lose the frame's padding on both sides.
    inner = width - 2 * _FRAME_PADDING if boxed else width
    headings: list = []
    for block in section.blocks:
        rendered = _block(block, st, inner)
        if boxed:
            flow += rendered
        elif _is_heading(block):
            headings += rendered
        elif headings:
            # Short headings stay on the page of the block they introduce.
            flow.append(KeepTogether(headings + rendered))
            headings = []
        else:
            flow += rendered
    flow += headings
    if section.restricted:
        border, background = colors.HexColor("#b00020"), colors.HexColor("#fff3f3")
    elif section.framed:
        border, background = colors.HexColor("#1f3a5f"), colors.HexColor("#f2f5f9")
    else:
        return flow
    frame = RLTable([[f] for f in flow], colWidths=[width])
    frame.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 1.5, border),
                               ("BACKGROUND", (0, 0), (-1, -1), background)]))
    return [KeepTogether([Spacer(1, 4), frame])]


def render_pdf_bytes(document: Document, restricted_marker: str = "") -> bytes:
    """The PDF as bytes, unencrypted."""
    _register_fonts()
    st = _styles(document.large_print)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm,
                            topMargin=18 * mm, bottomMargin=18 * mm, title=document.title,
                            author="Veiligwijzer", subject=document.subtitle,
                            creator="Veiligwijzer")
    width = doc.width
    flow = [_p(document.title, st["title"])]
    if document.subtitle:
        flow.append(_p(document.subtitle, st["subtitle"]))
    for section in document.sections:
        flow += _section(section, st, width, restricted_marker)

    def decorate(canvas, _doc) -> None:
        canvas.saveState()
        if document.footer:
            canvas.setFont(FONT, 8)
            canvas.setFillColor(colors.HexColor("#555555"))
            canvas.drawString(20 * mm, 10 * mm, document.footer)
            canvas.drawRightString(A4[0] - 20 * mm, 10 * mm, str(canvas.getPageNumber()))
        if document.watermark:
            canvas.setFont(FONT_BOLD, 11)
            canvas.setFillColor(colors.HexColor("#1d6fa5"))
            canvas.drawCentredString(A4[0] / 2, A4[1] - 10 * mm, document.watermark)
            canvas.setFont(FONT_BOLD, 40)
            canvas.setFillColor(colors.Color(0.11, 0.44, 0.65, alpha=0.12))
            canvas.translate(A4[0] / 2, A4[1] / 2)
            canvas.rotate(45)
            canvas.drawCentredString(0, 0, document.watermark)
        canvas.restoreState()

    doc.build(flow, onFirstPage=decorate, onLaterPages=decorate)
    return buffer.getvalue()


def encrypt_pdf_bytes(data: bytes, passphrase: str) -> bytes:
    """AES-256 encryption with ``passphrase`` as the password to open it."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=passphrase, owner_password=None, algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def write_pdf(document: Document, path: Path, passphrase: str | None,
              restricted_marker: str = "", *, force: bool = False) -> bytes:
    """Render and write as a new file (``app.output``: an existing file only
    with ``force``); ``passphrase=None`` writes an unencrypted PDF (the caller
    has asked the user for that explicitly). Returns the bytes written."""
    resolve_file_target(Path(path), force=force)  # before the slow part
    data = render_pdf_bytes(document, restricted_marker)
    if passphrase is not None:
        data = encrypt_pdf_bytes(data, passphrase)
    write_file(Path(path), data, force=force)
    return data
