"""Every page and file exported from the training store says it is training."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from pypdf import PdfReader

from app.forms.handover import WorkerProfile
from app.safety import Actor, ActorKind, Phase, PlanItem
from app.services import handover, safety
from app.services.report import export_monitoring
from app.services.training import create_training_store

MARK = "OEFENING — geen echte gegevens"
PASS = "oefen export wachtwoord"


def pdf_text(path: Path) -> str:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    if reader.is_encrypted:
        reader.decrypt(PASS)
    return "\n".join(page.extract_text() for page in reader.pages)


def test_every_export_from_training_carries_the_watermark(tmp_path: Path):
    store = create_training_store(tmp_path / "training.db")
    try:
        handover.set_worker_profile(store, WorkerProfile("Trainer Test", "Wijkteam Oefen",
                                                         phone="010-1234567"))
        case = store.cases.summaries()[0]
        package = handover.export_handover(store, case.id, tmp_path / "pakket", PASS)
        pdfs = list(Path(package).glob("*.pdf"))
        assert pdfs and all(pdf_text(p).count(MARK) >= 1 for p in pdfs)
        person = store.cases.get(case.id).people[0]
        copy = handover.export_client_copy(store, case.id, person.id, tmp_path / "inzage", PASS)
        assert all(MARK in pdf_text(p) for p in Path(copy).glob("*.pdf"))
        safety.set_biggest_concern(store, case.id, "Oefenzorg.")
        safety.add_item(store, case.id, PlanItem(
            "oefen-afspraak", "Oefenafspraak.", "Oefenen.",
            Actor(ActorKind.FAMILY_MEMBER, person_id=person.id), Phase.DIRECT_SAFETY,
            ongoing=True))
        (tmp_path / "gezin").mkdir()
        plan = safety.export_family_plan(store, case.id, tmp_path / "gezin", PASS)
        assert all(MARK in pdf_text(p) for p in plan if p.suffix == ".pdf")
        export_monitoring(store, date(2026, 1, 1), date(2026, 12, 31), tmp_path / "c.csv")
        assert MARK in (tmp_path / "c.csv").read_text("utf-8-sig")
    finally:
        store.close()


def test_a_real_store_has_no_watermark(store, tmp_path: Path):
    export_monitoring(store, date(2026, 1, 1), date(2026, 12, 31), tmp_path / "c.csv")
    assert "OEFENING" not in (tmp_path / "c.csv").read_text("utf-8-sig")
