"""Export the handover for Veilig Thuis, or a client's own copy (inzage).

The worker sees the whole package as it will be written (a preview of the
document, with the part "niet voor de familie" framed in red), chooses advice
or report, fills in what is missing (their own details, the handover
details), enters a passphrase twice — or ticks "zonder versleuteling" and
reads the warning — and chooses a folder. The package is written off the UI
thread by ``app.services.handover`` into a new folder inside the chosen one.

``ask_folder(parent)`` is module level so that tests can replace it.
"""

from __future__ import annotations

from dataclasses import replace
from html import escape
from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.errors import VeiligwijzerError
from app.forms import FormContext, VariantError
from app.forms.handover import (
    ReportKind,
    handover_details_form,
    handover_details_from_values,
    handover_details_to_values,
)
from app.i18n import _
from app.services import fields as fields_service
from app.services import handover as service
from app.services import variants as variant_service
from app.services.documents import (
    RESTRICTED_MARKER,
    Address,
    Bullets,
    Callout,
    Document,
    Facts,
    Paragraph,
    Table,
    check_renderers,
    renderer_for,
)
from app.services.exchange import field_label
from app.services.session import Store
from app.ui.accessibility import show_error
from app.ui.address_choice import AddressChoice
from app.ui.client_copy_panel import ClientCopyPanel
from app.ui.file_dialogs import choose_folder
from app.ui.profile_dialog import ProfileDialog
from app.ui.record_dialog import RecordDialog
from app.ui.style import Tone, mix, set_tone, text_colour
from app.ui.tasks import run_store_task
from app.ui.versions_box import VersionsBox
from app.ui.widgets.passphrase_field import PassphraseField


def ask_folder(parent: QWidget | None) -> Path | None:
    """The folder to write the package in; ``None`` when the worker cancels."""
    return choose_folder(parent, _("Kies een map voor het pakket"))


def document_html(document: Document, marker: str = "",
                  palette: QPalette | None = None) -> str:
    """The document as simple HTML for a preview (``QTextBrowser``), in the
    colours of ``palette`` (by default the application's)."""
    if palette is None:
        palette = QApplication.palette()
    # The preview's text sits on the Base colour, not on the window.
    base = palette.color(QPalette.ColorRole.Base)
    red = text_colour(Tone.ERROR, base)
    # A faint red behind the restricted part; the palette's text stays readable on it.
    restricted = mix(base, red, 0.08).name()
    header = mix(base, palette.color(QPalette.ColorRole.Text), 0.1).name()
    out = [f"<h1>{escape(document.title)}</h1>"]
    if document.subtitle:
        out.append(f"<p style='color:{text_colour(Tone.MUTED, base)}'>"
                   f"{escape(document.subtitle)}</p>")
    for section in document.sections:
        body = [f"<h2>{escape(section.title)}</h2>"]
        if section.restricted and marker:
            body.append(f"<p style='color:{red}'><b>{escape(marker)}</b></p>")
        for block in section.blocks:
            body.append(_block_html(block, header))
        if section.framed and not section.restricted:
            out.append(f"<table width='100%' border='1' cellpadding='6' bgcolor='{header}'>"
                       "<tr><td>" + "".join(body) + "</td></tr></table>")
        elif section.restricted:
            out.append(f"<table width='100%' border='2' cellpadding='6' "
                       f"style='border-color:{red}' bgcolor='{restricted}'><tr><td>"
                       + "".join(body) + "</td></tr></table>")
        else:
            out += body
    return "".join(out)


def _text(value: str) -> str:
    return escape(value).replace("\n", "<br/>")


def _paragraph_html(block: Paragraph, header: str) -> str:
    text = _text(block.text.strip("\n"))
    return f"<p><b>{text}</b></p>" if block.emphasis else f"<p>{text}</p>"


def _facts_html(block: Facts, header: str) -> str:
    rows = "".join(f"<tr><td width='32%'><b>{_text(k)}</b></td><td>{_text(v)}</td></tr>"
                   for k, v in block.rows)
    return f"<table width='100%' cellpadding='2'>{rows}</table>"


def _bullets_html(block: Bullets, header: str) -> str:
    return "<ul>" + "".join(f"<li>{_text(i)}</li>" for i in block.items) + "</ul>"


def _table_html(block: Table, header: str) -> str:
    head = "".join(f"<th align='left'>{_text(h)}</th>" for h in block.header)
    rows = "".join("<tr>" + "".join(f"<td>{_text(c)}</td>" for c in r) + "</tr>"
                   for r in block.rows)
    return (f"<table width='100%' border='1' cellpadding='3' cellspacing='0'>"
            f"<tr bgcolor='{header}'>{head}</tr>{rows}</table>")


def _callout_html(block: Callout, header: str) -> str:
    return "".join(f"<p style='font-size:large'><b>{_text(line)}</b></p>"
                   for line in block.lines)


#: The preview's function per block type: the same types as the PDF renderer.
BLOCK_HTML = {Paragraph: _paragraph_html, Facts: _facts_html, Bullets: _bullets_html,
              Table: _table_html, Callout: _callout_html}
check_renderers(BLOCK_HTML, "the preview")


def _block_html(block, header: str) -> str:
    return renderer_for(BLOCK_HTML, block)(block, header)


def _unique(folder: Path, name: str) -> Path:
    target, n = folder / name, 2
    while target.exists():
        target, n = folder / f"{name}-{n}", n + 1
    return target


class HandoverDialog(QDialog):
    """``person_id`` given: the client's own copy of that person; otherwise the
    handover for Veilig Thuis. ``written`` holds the package folder after a
    successful export."""

    def __init__(self, store, case_id: str, person_id: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.case_id, self.person_id = store, case_id, person_id
        self.written: Path | None = None
        self.document: Document | None = None
        self._marker = ""
        self.setWindowTitle(_("Inzage exporteren") if person_id
                            else _("Melding of adviesvraag aan Veilig Thuis"))
        layout = QVBoxLayout(self)

        self.kind_box = QWidget()
        rows = QVBoxLayout(self.kind_box)  # two rows: one was wider than a laptop at 2x text
        rows.setContentsMargins(0, 0, 0, 0)
        kind_row, button_row = QHBoxLayout(), QHBoxLayout()
        rows.addLayout(kind_row)
        rows.addLayout(button_row)
        kind_row.addWidget(QLabel(_("Soort contact:")))
        self.kind_group = QButtonGroup(self)
        self.kind_buttons: dict[ReportKind, QRadioButton] = {}
        for kind in ReportKind:
            button = QRadioButton(kind.label)
            button.setAccessibleName(kind.label)
            self.kind_group.addButton(button)
            self.kind_buttons[kind] = button
            kind_row.addWidget(button)
            button.toggled.connect(self._kind_toggled)
        kind_row.addStretch(1)
        self.profile_button = QPushButton(_("Mijn gegevens als melder…"))
        self.profile_button.clicked.connect(self.edit_profile)
        self.details_button = QPushButton(_("Gegevens aanvullen…"))
        self.details_button.clicked.connect(self.edit_details)
        button_row.addStretch(1)
        button_row.addWidget(self.profile_button)
        button_row.addWidget(self.details_button)
        self.kind_box.setVisible(person_id is None)
        layout.addWidget(self.kind_box)
        # What the dialog has seen of the handover details, and those of them
        # in conflict, in place above the preview that shows them.
        self._seen = fields_service.seen(store, fields_service.HANDOVER, case_id)
        self.versions: dict[str, VersionsBox] = {}
        self.versions_holder = QVBoxLayout()
        layout.addLayout(self.versions_holder)

        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        set_tone(self.warnings, Tone.WARNING)
        layout.addWidget(self.warnings)
        self.preview = QTextBrowser()
        self.preview.setAccessibleName(_("Voorbeeld van het pakket"))
        layout.addWidget(self.preview, 1)
        self.copy_panel: ClientCopyPanel | None = None
        if person_id is not None:
            requester = next(p.name for p in store.cases.get(case_id).people
                             if p.id == person_id)
            self.copy_panel = ClientCopyPanel(
                service.withheld_items(store, case_id, person_id), requester, self)
            self.copy_panel.changed.connect(lambda: self.error.clear())
            self.copy_panel.changed.connect(self.refresh)
            # Side by side: the copy as it will be, and what the worker decides.
            split = QSplitter(Qt.Orientation.Horizontal)
            layout.replaceWidget(self.preview, split)
            split.addWidget(self.preview)
            split.addWidget(self.copy_panel)
            split.setChildrenCollapsible(False)
            split.setSizes([560, 520])

        form = QFormLayout()
        # The client copy is read by the family: "je" or "u" (the handover is not).
        self.address_choice: AddressChoice | None = None
        if person_id is not None:
            self.address_choice = AddressChoice()
            self.address_choice.changed.connect(self.refresh)
            form.addRow(self.address_choice)
        self.passphrase = PassphraseField()
        self.passphrase.set_texts(_("Wachtwoord voor het pakket"), _("Toon"), _("Verberg"))
        self.repeat = PassphraseField()
        self.repeat.set_texts(_("Herhaal het wachtwoord"), _("Toon"), _("Verberg"))
        form.addRow(_("Wachtwoord voor het pakket"), self.passphrase)
        form.addRow(_("Herhaal het wachtwoord"), self.repeat)
        layout.addLayout(form)
        self.unencrypted = QCheckBox(_("Zonder versleuteling opslaan"))
        self.unencrypted.toggled.connect(self._unencrypted_toggled)
        self.unencrypted_warning = QLabel(_(
            "Let op: zonder versleuteling kan iedereen die de bestanden krijgt ze lezen. Kies "
            "dit alleen als het echt moet, en verstuur het pakket alleen via een veilige weg."))
        self.unencrypted_warning.setWordWrap(True)
        set_tone(self.unencrypted_warning, Tone.ERROR, "font-weight: bold;")
        self.unencrypted_warning.setVisible(False)
        layout.addWidget(self.unencrypted)
        layout.addWidget(self.unencrypted_warning)

        self.error = QLabel()
        self.error.setWordWrap(True)
        set_tone(self.error, Tone.ERROR)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.error)
        layout.addWidget(self.status)
        self.buttons = QDialogButtonBox()
        self.write_button = self.buttons.addButton(_("Map kiezen en opslaan…"),
                                                   QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.buttons.accepted.connect(self.export)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        if person_id is None:
            build = service.build_handover(store, case_id)
            self.kind_buttons[build.input.report_kind].setChecked(True)
        self.refresh()
        self.resize(1100 if person_id else 820, 740)

    # -- preview -----------------------------------------------------------------------

    def variant_info(self):
        """The region's form variant chosen in the settings, as the handover
        names it; ``None`` for the standard forms or a variant that cannot be
        read (the record dialogs say why)."""
        try:
            chosen = variant_service.active_variant(getattr(self.parent(), "settings", None))
        except VariantError:
            return None
        return None if chosen is None else chosen.info

    def report_kind(self) -> ReportKind | None:
        for kind, button in self.kind_buttons.items():
            if button.isChecked():
                return kind
        return None

    def refresh(self) -> None:
        """Build the document again and show it."""
        try:
            if self.person_id is None:
                build = service.build_handover(self.store, self.case_id, self.report_kind(),
                                               variant=self.variant_info())
                document, warnings = build.document, build.warnings
                marker = _(RESTRICTED_MARKER)
            else:
                document = service.build_client_copy(self.store, self.case_id, self.person_id,
                                                     releases=self._releases(),
                                                     address=self.address())
                warnings, marker = (), ""
        except VeiligwijzerError as exc:
            show_error(self.error, exc.message)
            return
        self.document, self._marker = document, marker
        self.warnings.setText("\n".join(f"• {w}" for w in warnings))
        self.warnings.setVisible(bool(warnings))
        self._show_preview()
        self._show_versions()

    def _show_versions(self) -> None:
        for box in self.versions.values():
            box.hide()
            box.deleteLater()
        self.versions = {}
        if self.person_id is not None:
            return
        for name, row in fields_service.conflicts_of(self.store, fields_service.HANDOVER,
                                                     self.case_id).items():
            box = VersionsBox(self.store, row, field_label(fields_service.HANDOVER, name))
            box.resolved.connect(lambda _value, heads: self._settled(heads))
            self.versions_holder.addWidget(box)
            self.versions[name] = box

    def _settled(self, heads) -> None:
        self._seen.update(heads)
        self.refresh()

    def _show_preview(self) -> None:
        if self.document is not None:
            self.preview.setHtml(document_html(self.document, self._marker,
                                               self.preview.palette()))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        # The preview's colours are in its HTML: draw it again for a new palette.
        if event.type() == QEvent.Type.PaletteChange:
            self._show_preview()
        super().changeEvent(event)

    def _kind_toggled(self, on: bool) -> None:
        if on:
            self.refresh()

    def _unencrypted_toggled(self, on: bool) -> None:
        self.passphrase.setEnabled(not on)
        self.repeat.setEnabled(not on)
        self.unencrypted_warning.setVisible(on)

    # -- filling in what is missing ---------------------------------------------------------

    def edit_profile(self) -> None:
        if ProfileDialog(self.store, self).exec():
            self.refresh()

    def edit_details(self) -> None:
        # What the form shows, and has seen: a colleague's value that arrives
        # while it is open becomes a conflict, not an overwrite.
        seen = fields_service.seen(self.store, fields_service.HANDOVER, self.case_id)
        details = service.get_handover_details(self.store, self.case_id)
        # Ask only what the records do not answer yet.
        form = handover_details_form(service.details_already_recorded(self.store, self.case_id))
        dialog = RecordDialog(
            form, FormContext(),
            lambda values: handover_details_from_values(values, form=form, keep=details),
            lambda record: service.set_handover_details(self.store, self.case_id, record,
                                                        seen=seen),
            values=handover_details_to_values(details), parent=self)

        def settled(key: str, heads) -> None:
            seen.update(heads)
            now = handover_details_to_values(
                service.get_handover_details(self.store, self.case_id))
            dialog.form.set_value(key, now.get(key))

        for name, row in fields_service.conflicts_of(self.store, fields_service.HANDOVER,
                                                     self.case_id).items():
            if name in form.keys:
                box = VersionsBox(self.store, row, field_label(fields_service.HANDOVER, name),
                                  dialog)
                box.resolved.connect(lambda _value, heads, key=name: settled(key, heads))
                dialog.form.add_below(name, box)
        if dialog.exec():
            if dialog.record.report_kind is not None:
                self.kind_buttons[dialog.record.report_kind].setChecked(True)
            self.refresh()

    # -- writing ---------------------------------------------------------------------------------

    def chosen_passphrase(self) -> str | None:
        """The passphrase, or ``None`` for an explicit unencrypted export."""
        if self.unencrypted.isChecked():
            return None
        first = self.passphrase.text()
        if first != self.repeat.text():
            raise VeiligwijzerError(_("De twee wachtwoorden zijn niet gelijk."))
        service.check_export_passphrase(first)
        return first

    def address(self) -> Address:
        """The form of address of the client copy ("je" unless the worker chose "u")."""
        return (self.address_choice.address() if self.address_choice is not None
                else Address.JE)

    def _releases(self) -> tuple:
        return self.copy_panel.releases() if self.copy_panel is not None else ()

    def export(self) -> None:
        self.error.clear()
        try:
            if self.copy_panel is not None:
                self.copy_panel.check_ready()
            passphrase = self.chosen_passphrase()
        except VeiligwijzerError as exc:
            show_error(self.error, exc.message)
            return
        folder = ask_folder(self)
        if folder is None:
            return
        case = self.store.cases.get(self.case_id)
        kind = "client_copy" if self.person_id else "handover"
        target = _unique(folder, service.default_package_name(case, kind))
        report_kind = self.report_kind()
        try:
            if self.person_id is None:
                self._keep_report_kind(report_kind)

                variant = self.variant_info()

                def work(own: Store):
                    return service.export_handover(own, self.case_id, target, passphrase,
                                                   report_kind=report_kind, variant=variant)
            else:
                person_id, releases, address = self.person_id, self._releases(), self.address()

                def work(own: Store):
                    return service.export_client_copy(own, self.case_id, person_id,
                                                      target, passphrase, releases=releases,
                                                      address=address)
        except VeiligwijzerError as exc:
            show_error(self.error, exc.message)
            return
        self.write_button.setEnabled(False)
        self.status.setText(_("Het pakket wordt geschreven…"))
        run_store_task(self, self.store, work, self._written, self._failed)

    def _keep_report_kind(self, kind: ReportKind | None) -> None:
        details = service.get_handover_details(self.store, self.case_id)
        if kind is not None and details.report_kind is not kind:
            service.set_handover_details(self.store, self.case_id,
                                         replace(details, report_kind=kind), seen=self._seen)

    def _written(self, path: Path) -> None:
        self.written = path
        self.write_button.setEnabled(True)
        self.status.setText(_("Het pakket staat in {path}").format(path=path))

    def _failed(self, exc: Exception) -> None:
        self.write_button.setEnabled(True)
        self.status.clear()
        show_error(self.error, exc.message if isinstance(exc, VeiligwijzerError)
                   else _("Het pakket kon niet worden geschreven. Probeer het opnieuw "
                          "of kies een andere map."))
