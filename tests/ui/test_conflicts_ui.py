"""Conflicts on screen (issue 19): a person's name changed on two stores at
once shows as "2 versies" in the household, the case offers to settle it,
the list from the main window names it, and choosing one version settles it
for good."""

from __future__ import annotations

import pytest

from PySide6.QtWidgets import QRadioButton

from app.cases.model import Role
from app.services import cases as case_service
from app.services import exchange
from app.store.oplog import import_batch
from app.store.store import Store
from app.ui.case_view import CaseView
from app.ui.conflicts import ConflictDialog, ConflictListDialog
from tests.conftest import PASSPHRASE


def _exchange(source: Store, target: Store) -> None:
    items = [(bytes(b), bytes(s)) for _seq, b, s in source.ops.since(0)]
    with target.transaction():
        result = import_batch(target.ops, items, source.ops.devices())
    assert not result.refused


@pytest.fixture
def conflicted(tmp_path):
    a = Store.create(tmp_path / "a.db", PASSPHRASE)
    b = Store.create(tmp_path / "b.db", PASSPHRASE)
    case = case_service.create_case(a, "Familie Bakker")
    anna = case_service.add_person(a, case.id, "Anna Bakker", Role.PARENT, age=34)
    _exchange(a, b)
    seen = case_service.person_heads(b, anna.id)  # B opens the form
    case_service.edit_person(a, case.id, anna.id, "typfout", name="Anna Bakker-Jansen")
    _exchange(a, b)  # arrives while B's form is open
    case_service.edit_person(b, case.id, anna.id, "typfout", seen=seen, name="Anne Bakker")
    _exchange(b, a)
    yield a, b, case.id, anna.id
    a.close()
    b.close()


def test_the_household_shows_two_versions_and_offers_to_settle(qtbot, conflicted):
    _a, b, case_id, anna_id = conflicted
    view = CaseView()
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show_case(case_service.find_case(b, case_id))
    view.set_conflicts(exchange.case_conflicts(b, case_id))
    view.show()
    qtbot.waitExposed(view)
    row = [p.id for p in view.household.rows].index(anna_id)
    assert view.household.data(view.household.index(row, 0)) == "2 versies"
    assert view.household.data(view.household.index(row, 1)) == "Ouder of verzorger"
    assert view.conflict_button.isVisible()
    assert "1 veld heeft meer dan één versie" in view.conflict_button.text()
    with qtbot.waitSignal(view.conflicts_requested) as signal:
        view.conflict_button.click()
    assert signal.args == [case_id]
    view.grab().save(str(qtbot_shot("case")))


def qtbot_shot(name: str):
    from pathlib import Path
    return Path("/tmp") / f"oplog-conflicts-{name}.png"


def test_choosing_a_version_settles_it_on_both_stores(qtbot, conflicted):
    a, b, case_id, anna_id = conflicted
    listing = ConflictListDialog(b)
    qtbot.addWidget(listing)
    assert listing.tree.topLevelItemCount() == 1
    item = listing.tree.topLevelItem(0)
    assert item.text(1) == "Naam" and item.text(2) == "2 versies"
    listing.show()
    listing.grab().save(str(qtbot_shot("list")))
    [row] = listing.rows
    dialog = ConflictDialog(b, row)
    qtbot.addWidget(dialog)
    choices = dialog.findChildren(QRadioButton)
    texts = [c.text() for c in choices]
    assert any(t.startswith("Anna Bakker-Jansen\n") for t in texts)
    assert any(t.startswith("Anne Bakker\ndoor jou op dit apparaat") for t in texts)
    dialog.show()
    dialog.grab().save(str(qtbot_shot("dialog")))
    next(c for c in choices if c.text().startswith("Anna Bakker-Jansen")).setChecked(True)
    dialog.accept()
    exchange.resolve_field(b, row.conflict, dialog.value)
    listing.refresh()
    assert listing.tree.topLevelItemCount() == 0
    _exchange(b, a)
    for store in (a, b):
        assert exchange.open_conflicts(store) == []
        [anna] = [p for p in case_service.find_case(store, case_id).people if p.id == anna_id]
        assert anna.name == "Anna Bakker-Jansen"


def test_an_edited_value_settles_it_too(qtbot, conflicted):
    _a, b, case_id, anna_id = conflicted
    [row] = exchange.open_conflicts(b)
    dialog = ConflictDialog(b, row)
    qtbot.addWidget(dialog)
    dialog.box.typed.setText("Anna Jansen")
    dialog.box.other.setChecked(True)
    dialog.accept()
    exchange.resolve_field(b, row.conflict, dialog.value)
    [anna] = [p for p in case_service.find_case(b, case_id).people if p.id == anna_id]
    assert anna.name == "Anna Jansen" and exchange.open_conflicts(b) == []
