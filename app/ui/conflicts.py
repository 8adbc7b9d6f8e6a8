"""Conflicts (``2 versies``): a field two colleagues changed without seeing
each other's change. ``ConflictDialog`` settles one with one of its values
or an edited one; ``ConflictListDialog`` lists every open conflict, from the
main window's menu or a case's household."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.errors import VeiligwijzerError
from app.i18n import _, ngettext
from app.services import exchange as service
from app.ui.messages import show_error
from app.ui.versions_box import VersionsBox, versions_text


class ConflictDialog(QDialog):
    """One field in conflict, from the conflicts list: the field's
    ``VersionsBox`` (the same as where the field is shown) in a dialog; after
    ``exec()`` returned true, ``value`` is what the worker chose or typed."""

    def __init__(self, store, row: service.ConflictRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        conflict = row.conflict
        label = service.field_label(conflict.entity, conflict.field)
        self.setWindowTitle(_("{versions} van {field}").format(
            versions=versions_text(len(row.versions)), field=label))
        layout = QVBoxLayout(self)
        self.box = VersionsBox(store, row, label)
        # The dialog's own buttons settle it (or leave it for later).
        self.box.keep.hide()
        layout.addWidget(self.box)
        buttons = QDialogButtonBox()
        buttons.addButton(_("Deze waarde houden"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(_("Later"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.value: object = None

    def accept(self) -> None:
        self.value = self.box.value()
        super().accept()


def settle(store, row: service.ConflictRow, parent: QWidget | None) -> bool:
    """Ask how to settle ``row`` and do it; True when it was settled."""
    try:
        if row.conflict.kind == "removed_named":
            answer = QMessageBox.question(
                parent, _("Verwijderd, maar genoemd"),
                _("Deze betrokkene is uit het huishouden gehaald, terwijl een collega iets "
                  "vastlegde waarin die genoemd wordt. Blijft deze betrokkene verwijderd?"),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
                | QMessageBox.StandardButton.Cancel)
            if answer == QMessageBox.StandardButton.Cancel:
                return False
            service.settle_removal(store, row.conflict,
                                   keep_removed=answer == QMessageBox.StandardButton.Yes)
            return True
        dialog = ConflictDialog(store, row, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if not dialog.exec():
            return False
        service.resolve_field(store, row.conflict, dialog.value)
        return True
    except VeiligwijzerError as exc:
        show_error(parent, exc)
        return False


class ConflictListDialog(QDialog):
    """Every open conflict (of one case, with ``case_id``), one per row."""

    def __init__(self, store, case_id: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store, self._case_id = store, case_id
        self.setWindowTitle(_("Open conflicten"))
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([_("Casus"), _("Wat"), _("Versies")])
        self.tree.setRootIsDecorated(False)
        self.tree.setAccessibleName(_("Open conflicten"))
        self.tree.itemActivated.connect(lambda _item, _col: self._settle())
        layout.addWidget(self.tree)
        buttons = QDialogButtonBox()
        self.settle_button = QPushButton(_("Oplossen…"))
        buttons.addButton(self.settle_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.settle_button.clicked.connect(self._settle)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.rows: list[service.ConflictRow] = []
        self.settled = 0
        self.refresh()

    def refresh(self) -> None:
        self.rows = service.open_conflicts(self._store, self._case_id)
        self.tree.clear()
        for row in self.rows:
            conflict = row.conflict
            if conflict.kind == "removed_named":
                what = _("Betrokkene verwijderd, maar genoemd in iets nieuws")
                count = ""
            else:
                what = service.field_label(conflict.entity, conflict.field)
                count = versions_text(len(row.versions))
            QTreeWidgetItem(self.tree, [row.reference, what, count])
        self.intro.setText(_("Geen open conflicten.") if not self.rows else ngettext(
            "{n} veld is op twee plaatsen tegelijk veranderd. Kies per veld wat klopt.",
            "{n} velden zijn op twee plaatsen tegelijk veranderd. Kies per veld wat klopt.",
            len(self.rows)).format(n=len(self.rows)))
        self.settle_button.setEnabled(bool(self.rows))
        if self.rows:
            self.tree.setCurrentItem(self.tree.topLevelItem(0))
        for column in range(3):
            self.tree.resizeColumnToContents(column)

    def _settle(self) -> None:
        index = self.tree.indexOfTopLevelItem(self.tree.currentItem()) \
            if self.tree.currentItem() else -1
        if 0 <= index < len(self.rows) and settle(self._store, self.rows[index], self):
            self.settled += 1
            self.refresh()
