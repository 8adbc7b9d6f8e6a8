"""The team as a tree: each worker (name, role in the team) with their
devices (short id, beheerder or lid, fingerprint, admitted when and by whom)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase, QStandardItem, QStandardItemModel

from app.i18n import N_, _, format_datetime
from app.services import team_screen as service

COLUMNS = (N_("Medewerker of apparaat"), N_("Rol"), N_("Vingerafdruk"), N_("Toegelaten"))
#: Where a row's worker id and device id (None on a worker's row) are kept.
WORKER_ROLE = Qt.ItemDataRole.UserRole + 1
DEVICE_ROLE = Qt.ItemDataRole.UserRole + 2


class TeamModel(QStandardItemModel):
    def show(self, workers: tuple[service.TeamWorker, ...]) -> None:
        self.clear()
        for worker in workers:
            role = (worker.role.label if worker.role is not None
                    else _("niet in de medewerkerslijst"))
            items = [QStandardItem(worker.name), QStandardItem(role), QStandardItem(""),
                     QStandardItem("")]
            for item in items:
                item.setData(worker.id, WORKER_ROLE)
            for device in worker.devices:
                items[0].appendRow(self._device_row(worker.id, device))
            self.appendRow(items)
        self.retranslate()

    @staticmethod
    def _device_row(worker: str, device: service.Device) -> list[QStandardItem]:
        name = _("Apparaat {id}").format(id=device.device[:8])
        if device.this_one:
            name = _("{device} (dit apparaat)").format(device=name)
        admitted = ""
        if device.admitted_at is not None:
            admitted = _("{when} door {name}").format(
                when=format_datetime(device.admitted_at, "short"), name=device.admitted_by)
        cells = [name, _("Beheerder") if device.admin else _("Lid"), device.fingerprint,
                 admitted]
        items = [QStandardItem(text) for text in cells]
        items[2].setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        items[2].setData(_("Vingerafdruk {fp}").format(fp=device.fingerprint),
                         Qt.ItemDataRole.AccessibleTextRole)
        for item in items:
            item.setData(worker, WORKER_ROLE)
            item.setData(device.device, DEVICE_ROLE)
        return items

    def retranslate(self) -> None:
        self.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
