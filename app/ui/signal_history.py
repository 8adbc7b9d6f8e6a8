"""Every version of one signal, oldest first, with the reason of each correction.

In discreet mode only when each version was made and whom it concerns (as
initials): the reason, the forms of violence, the source and the facts are
what the family must not read along with."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from app.cases.model import Person, initials
from app.i18n import _, format_datetime
from app.meldcode.signals import SignalHistory


def history_html(history: SignalHistory, people: tuple[Person, ...],
                 discreet: bool = False) -> str:
    names = {p.id: initials(p.name) if discreet else p.name for p in people}
    note = _("Discrete modus: wat er is vastgelegd, staat niet op het scherm.")
    parts = [f"<p><i>{escape(note)}</i></p>"] if discreet else []
    for version in history.versions:
        s = version.signal
        heading = (_("Versie {n} (origineel)") if not version.is_correction
                   else _("Versie {n} (correctie)")).format(n=version.number)
        rows = [
            (_("Vastgelegd op"), format_datetime(version.recorded_at)),
            (_("Gezien of gehoord op"), format_datetime(s.observed_at)),
            (_("Over"), ", ".join(names.get(pid, "?") for pid in s.concerns)),
        ]
        if not discreet:  # the content: what the family must not read along with
            rows[1:1] = [(_("Reden van de correctie"), version.reason)
                         if version.is_correction else None]
            rows += [
                (_("Vormen van geweld"), ", ".join(sorted(f.label for f in s.forms))),
                (_("Bron"), s.source.label + (f" — {s.source_detail}" if s.source_detail
                                              else "")),
                (_("Feiten"), s.facts),
                (_("Interpretatie"), s.interpretation or "–"),
            ]
        table = "".join(f"<tr><th align='left' valign='top'>{escape(k)}</th>"
                        f"<td>{escape(v).replace(chr(10), '<br>')}</td></tr>"
                        for k, v in filter(None, rows))
        parts.append(f"<h3>{escape(heading)}</h3><table cellspacing='4'>{table}</table>")
    return "".join(parts)


class SignalHistoryDialog(QDialog):
    def __init__(self, history: SignalHistory, people: tuple[Person, ...],
                 parent: QWidget | None = None, discreet: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Geschiedenis van het signaal"))
        self.text = QTextBrowser()
        self.text.setAccessibleName(_("Alle versies van het signaal"))
        self.text.setHtml(history_html(history, people, discreet))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(640, 560)
