"""The form of address (aanspreekvorm) of a document for a family member.

The worker chooses per document whether it says "je" or "u": a teenager
expects "je", an 82-year-old may expect "u". Each sentence that addresses
the reader is written twice, side by side, and ``addressed`` picks one, so
the two forms stay one source and are translated like any other text.
"""

from __future__ import annotations

from enum import StrEnum

from app.i18n import N_, _


class Address(StrEnum):
    """Aanspreekvorm: informal "je" (the default) or formal "u"."""

    JE = "je"
    U = "u"

    @property
    def label(self) -> str:
        return _(_LABELS[self])


_LABELS = {Address.JE: N_("je"), Address.U: N_("u")}


def addressed(form: Address, je: str, u: str) -> str:
    """The translated text in the chosen form; pass both as ``N_("…")``."""
    return _(u if form is Address.U else je)
