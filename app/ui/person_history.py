"""Every version of one person of the household, and asking why a person
is taken out of the household."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QInputDialog,
    QLineEdit,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.cases.model import PERSON_FIELDS, FieldKind, Person, PersonVersion, initials
from app.i18n import _, format_date, format_datetime


def _shown(person: Person, kind: FieldKind, value, names: dict[str, str]) -> str:
    if value is None or value == "":
        return "–"
    if kind is FieldKind.ROLE:
        return person.role.label
    if kind is FieldKind.DATE:
        return format_date(value)
    if kind is FieldKind.YES_NO:
        return _("Ja") if value else _("Nee")
    if kind is FieldKind.PERSON:
        return names.get(value, "?")
    return str(value)


def person_history_html(versions: list[PersonVersion], people: tuple[Person, ...],
                        discreet: bool = False) -> str:
    """Each version with what changed, when, and why. In discreet mode the
    names are initials; the date of birth, address, phone, school and the
    reasons (free text that may name anyone) are left out."""
    names = {p.id: initials(p.name) if discreet else p.name for p in people}
    private = {"date_of_birth", "street", "postcode", "place", "phone", "school"}
    parts, before = [], None
    for version in versions:
        person = version.person
        if version.removed:
            heading = _("Versie {n}: uit het huishouden gehaald").format(n=version.number)
        elif version.number == 1:
            heading = _("Versie {n} (toegevoegd)").format(n=version.number)
        else:
            heading = _("Versie {n} (gewijzigd)").format(n=version.number)
        rows = [(_("Vastgelegd op"), format_datetime(version.recorded_at))]
        if version.reason and not discreet:
            rows.append((_("Reden"), version.reason))
        for f in PERSON_FIELDS:
            if discreet and f.name in private:
                continue
            value = getattr(person, f.name)
            if f.name == "name" and discreet:
                value = initials(value)
            if before is None or getattr(before, f.name) != getattr(person, f.name):
                rows.append((_(f.label), _shown(person, f.kind, value, names)))
        before = person
        table = "".join(f"<tr><th align='left' valign='top'>{escape(k)}</th>"
                        f"<td>{escape(v)}</td></tr>" for k, v in rows)
        parts.append(f"<h3>{escape(heading)}</h3><table cellspacing='4'>{table}</table>")
    return "".join(parts)


class PersonHistoryDialog(QDialog):
    def __init__(self, versions: list[PersonVersion], people: tuple[Person, ...],
                 parent: QWidget | None = None, discreet: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Geschiedenis van de betrokkene"))
        self.text = QTextBrowser()
        self.text.setAccessibleName(_("Alle versies van de betrokkene"))
        self.text.setHtml(person_history_html(versions, people, discreet))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(600, 520)

    @classmethod
    def show_history(cls, parent: QWidget | None, versions: list[PersonVersion],
                     people: tuple[Person, ...], discreet: bool = False) -> None:
        dialog = cls(versions, people, parent, discreet)
        dialog.exec()
        dialog.deleteLater()


def ask_removal_reason(parent: QWidget | None, person: Person, discreet: bool = False
                       ) -> str | None:
    """Why this person leaves the household; ``None`` when cancelled."""
    name = initials(person.name) if discreet else person.name
    text, ok = QInputDialog.getText(
        parent, _("Uit het huishouden halen"),
        _("Waarom haal je {name} uit het huishouden? Dit wordt bewaard.").format(name=name),
        QLineEdit.EchoMode.Normal, "")
    return text if ok else None
