"""The monitoring figures as CSV for the municipality: rounded counts only (see
``app.reporting.figures``).

Semicolon-separated and UTF-8 with a byte-order mark, so that a Dutch
spreadsheet opens it as columns with the right letters.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

from app.i18n import _
from app.output import write_file
from app.reporting.figures import Figure, published

HEADER = ("periode_van", "periode_tot", "indicator", "categorie", "omschrijving", "aantal")


def monitoring_csv(rows: list[Figure], start: date, end: date, watermark: str = "") -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADER)
    if watermark:
        writer.writerow((start.isoformat(), end.isoformat(), "watermark", "", watermark, ""))
    for figure in rows:
        writer.writerow((start.isoformat(), end.isoformat(), figure.indicator, figure.category,
                         figure.label, published(figure)))
    writer.writerow((start.isoformat(), end.isoformat(), "note", "", _(
        "Aantallen zijn afgerond op vijftallen; <5 betekent 0 tot en met 4. De maanden tellen "
        "precies op tot het kwartaal en het jaar, zodat geen gezin herkenbaar is; een aantal "
        "kan daardoor tot 4 afwijken."), ""))
    return out.getvalue()


def write_monitoring_csv(path: Path, rows: list[Figure], start: date, end: date,
                         watermark: str = "", *, force: bool = False) -> None:
    write_file(path, monitoring_csv(rows, start, end, watermark).encode("utf-8-sig"),
               force=force)
