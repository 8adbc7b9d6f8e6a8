"""Every answer of the meldcode and handover forms survives the store and reaches
the handover's JSON.

The same answers as ``tests/forms/test_form_reach.py`` (every field filled,
scenarios that show every field), now with the case's real people, recorded
through the services on a real SQLCipher store and read back: the object
read back equals the object written. Then each answer is changed on its own
and the handover JSON must change with it; the answers Veilig Thuis does not
get are listed here with the reason, so leaving one out is a decision someone
wrote down.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any
from uuid import uuid4

import pytest

from app.cases.model import Role
from app.export.handover import handover_json
from app.meldcode.signals import SignalHistory
from app.services import handover, meldcode
from app.services.cases import add_person, create_case
from tests.export.handover_case import PROFILE
from tests.forms import reach
from tests.forms.test_form_reach import FORM_CASES, REPORT_WEIGHING, SOURCES, FormCase

# Where each record is recorded, how it is read back, and where it sits in the
# handover's input.
Record = Callable[[Any, str, Any], None]
Load = Callable[[Any, str], Any]
Place = Callable[[Any, Any], Any]


def _records(field: str) -> tuple[Load, Place]:
    def load(store, case_id):
        return getattr(meldcode.load_records(store, case_id), field)[-1]

    def place(data, record):
        return replace(data, records=replace(data.records, **{field: (record,)}))

    return load, place


def _signal_place(data, signal):
    history = SignalHistory.start(signal, reach.NOW)
    return replace(data, records=replace(data.records, signals=(history,)))


def _decision_record(store, case_id, decision):
    weighing = replace(REPORT_WEIGHING, id=str(uuid4()))
    meldcode.record_weighing(store, case_id, weighing)
    decision = replace(decision, weighing_id=weighing.id)
    meldcode.record_decision(store, case_id, decision)
    return decision


STORED: dict[str, tuple[Record, Load, Place]] = {
    "signal": (meldcode.record_signal,
               lambda store, case_id: meldcode.load_records(store, case_id).signals[-1].current,
               _signal_place),
    "risk_profile": (meldcode.record_risk_profile, *_records("risk_profiles")),
    "kindcheck_run": (meldcode.record_kindcheck_run, *_records("kindcheck_runs")),
    "consultation": (meldcode.record_consultation, *_records("consultations")),
    "conversation": (meldcode.record_conversation, *_records("conversations")),
    "weighing": (meldcode.record_weighing, *_records("weighings")),
    "decision": (_decision_record, *_records("decisions")),
    "acute_path": (meldcode.record_acute_path, *_records("acute_paths")),
    "worker_profile": (lambda store, _case_id, p: handover.set_worker_profile(store, p),
                       lambda store, _case_id: handover.get_worker_profile(store),
                       lambda data, p: replace(data, profile=p)),
    "handover_details": (handover.set_handover_details, handover.get_handover_details,
                         lambda data, d: replace(data, details=d, report_kind=(
                             handover.resolve_report_kind(d, data.records, None)))),
}
NOT_STORED_HERE = {
    "quick_signal": "kept as a draft of its raw answers until it is completed into a signal",
    "vt_feedback": "what Veilig Thuis sends back; tests/services/test_handover_service.py",
}
# Answers that do not reach the handover's JSON on purpose, and why.
NOT_FOR_VEILIG_THUIS: dict[str, dict[str, str]] = {}


def test_every_meldcode_and_handover_form_is_stored_here():
    forms = {n for n in FORM_CASES if not n.startswith("safety.")}
    assert forms == set(STORED) | set(NOT_STORED_HERE)


def _household(store):
    case = create_case(store, "Familie Reach")
    people = [add_person(store, case.id, name, role, age=age)
              for name, role, age in (("Moeder", Role.PARENT, 35), ("Vader", Role.PARENT, 37),
                                      ("Kind", Role.CHILD, 8), ("Baby", Role.CHILD, 1))]
    return case, reach.context(tuple((p.id, p.name) for p in people), SOURCES)


@pytest.mark.parametrize("name", sorted(STORED))
def test_every_answer_is_stored_and_reaches_the_handover(store, name):
    case: FormCase = FORM_CASES[name]
    record, load, place = STORED[name]
    skip = {**case.not_carried, **NOT_FOR_VEILIG_THUIS.get(name, {})}
    reached: set[str] = set()
    dropped: set[str] = set()
    for fixed in case.scenarios:
        kase, ctx = _household(store)
        values = reach.fill(case.form, ctx, fixed)
        obj = reach.call_build(case.build, values, ctx)
        obj = replace(obj, id=str(uuid4())) if hasattr(obj, "id") else obj  # stored once each
        recorded = record(store, kase.id, obj)
        obj = recorded if isinstance(recorded, type(obj)) else obj  # as the service stored it
        assert reach.snapshot(load(store, kase.id)) == reach.snapshot(obj), name
        data = handover.handover_input(store, kase.id)
        if data.profile is None:
            data = replace(data, profile=PROFILE)
        like = _like(obj)
        base = handover_json(place(data, obj))
        assert base == handover_json(data), name
        for key, changed, other in reach.variations(case.form, ctx, values, case.build):
            if changed is None or key in skip:
                continue
            if handover_json(place(data, like(other))) == base:
                dropped.add(key)
            else:
                reached.add(key)
    assert not dropped - reached, (
        f"{name}: changing {sorted(dropped - reached)} does not change the handover's JSON")
    missing = set(case.form.keys) - reached - set(skip)
    assert not missing, f"{name}: never shown to reach the handover: {sorted(missing)}"


def _like(recorded: Any) -> Callable[[Any], Any]:
    """A variation as the service would have stored it: the recorded object's
    id (and the weighing it follows), so only the varied answer differs."""
    def give(obj: Any) -> Any:
        keep = {k: getattr(recorded, k) for k in ("id", "weighing_id") if hasattr(obj, k)}
        return replace(obj, **keep) if keep else obj
    return give
