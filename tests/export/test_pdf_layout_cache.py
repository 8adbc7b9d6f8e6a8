"""The PDF renderer breaks each paragraph's lines once per width
(``app.export.pdf._Paragraph``) and makes one paragraph per text and style
for table cells (``app.export.pdf._cell``); the pages must come out exactly as reportlab's own
paragraphs, one per place, lay them out, also where tables of paragraphs and
framed sections are split across pages."""

from __future__ import annotations

from html import escape

from reportlab import rl_config
from reportlab.platypus import Paragraph as ReportlabParagraph

from app.export import pdf
from app.export.document import Bullets, Document, Facts, Paragraph, Section, Table


def _document(large_print: bool) -> Document:
    words = ("signaal", "moeder", "school", "huisbezoek", "blauwe", "plek", "Şükran", "Zoë")
    text = " ".join(words[i % len(words)] for i in range(90))
    facts = tuple((f"Veld {i}", f"{text[: 20 + 9 * i]}\nregel twee") for i in range(8))
    rows = tuple((f"{i}", text[: 30 + 7 * i], text[: 200]) for i in range(60))
    return Document(
        "Overdracht", "Casus VW-00042", large_print=large_print, footer="VW-00042",
        sections=(
            Section("Samenvatting", (Paragraph(text), Facts(facts[:4])), framed=True),
            Section("Signalen", tuple(Facts(facts) for _ in range(12)), framed=True),
            Section("Niet voor de familie", (Paragraph(text), Facts(facts)),
                    restricted=True),
            # A short heading kept with the facts it introduces, as each signal.
            Section("Los", tuple(block for n in range(10)
                                 for block in (Paragraph(f"Signaal {n}"), Facts(facts)))),
            Section("Lijst", (Paragraph("Kort kopje"), Table(("Nr", "Wat", "Toelichting"),
                                                             rows), Bullets((text,) * 20))),
        ))


def test_pages_are_laid_out_as_reportlab_lays_them_out(monkeypatch):
    monkeypatch.setattr(rl_config, "invariant", 1)
    for large_print in (False, True):
        document = _document(large_print)
        ours = pdf.render_pdf_bytes(document, "NIET VOOR DE FAMILIE")
        # reportlab's own paragraphs, a new one in every place
        monkeypatch.setattr(pdf, "_cell", lambda text, style: ReportlabParagraph(
            escape(text).replace("\n", "<br/>"), style))
        monkeypatch.setattr(pdf, "_Paragraph", ReportlabParagraph)
        theirs = pdf.render_pdf_bytes(document, "NIET VOOR DE FAMILIE")
        monkeypatch.undo()
        monkeypatch.setattr(rl_config, "invariant", 1)
        assert ours.count(b"/Type /Page\n") > 3  # split over pages, as meant
        assert ours == theirs


def test_a_paragraph_wrapped_at_another_width_is_broken_anew():
    style = pdf._styles(False)["body"]
    text = "Tijdens het huisbezoek zag ik een blauwe plek op de bovenarm van de dochter. " * 3
    ours = pdf._p(text, style)
    for width in (120, 400, 120, 120, 60):
        assert ours.wrap(width, 800) == pdf.RLParagraph(text, style).wrap(width, 800)
        assert len(ours.blPara.lines) == len(ours.split(width, 800)[0].blPara.lines)


def test_page_streams_are_compressed_without_an_ascii_layer():
    data = pdf.render_pdf_bytes(_document(False), "NIET VOOR DE FAMILIE")
    assert b"/FlateDecode" in data
    assert b"/ASCII85Decode" not in data
