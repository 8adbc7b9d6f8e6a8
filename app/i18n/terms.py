"""One word for one thing: the words the interface does not use, and the word
it uses instead.

The list follows ``../shared/domain/glossary.md`` ("eenheid van taal") and
the project's additions to it in ``docs/glossary-additions.md``. Each entry
is a pattern (a regular expression, matched without regard to case, on the
text without its ``&`` shortcut marks), the preferred word, and why. Dutch
entries are checked against every text in the code (the msgids), English
entries against the English catalogue; ``tests/test_terms.py`` fails on the
first text that uses a forbidden word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class ForbiddenTerm:
    """A word (pattern) that names something the glossary gives another word."""

    pattern: str
    preferred: str
    why: str
    language: str = "nl"

    def search(self, text: str) -> bool:
        return re.search(self.pattern, text.replace("&", ""), re.IGNORECASE) is not None


FORBIDDEN_TERMS: tuple[ForbiddenTerm, ...] = (
    # -- Dutch -------------------------------------------------------------------------
    ForbiddenTerm(r"overdracht(spakket)? (aan|voor) Veilig Thuis|overdrachtspakket|"
                  r"apart in de overdracht",
                  "melding of adviesvraag aan Veilig Thuis",
                  "Overdracht is een casus doorgeven aan een andere organisatie; een "
                  "adviesvraag geeft niets over."),
    ForbiddenTerm(r"\bzorg (niet )?over\b|\bzorg overneemt\b",
                  "de zorgen over de kinderen oppakken",
                  "‘Zorg’ is ook hulp (zorg geven); de kindcheck bedoelt de zorgen."),
    ForbiddenTerm(r"^zorg bewerken", "grootste zorg bewerken",
                  "Alleen ‘zorg’ leest als hulp; het is de grootste zorg van het plan."),
    ForbiddenTerm(r"\bsoort zorg\b", "vorm van geweld",
                  "‘Soort zorg’ leest als soort hulp."),
    ForbiddenTerm(r"\been nieuwe zorg\b", "nieuwe zorgen",
                  "‘Een zorg’ leest als hulp; zorgen (meervoud) zijn wat je ongerust maakt."),
    ForbiddenTerm(r"\bsigna(al|len) dat de spanning|als dit signaal er is",
                  "waarschuwingsteken",
                  "Een signaal is een signaal van de meldcode; in het veiligheidsplan heet "
                  "het teken van oplopende spanning een waarschuwingsteken."),
    ForbiddenTerm(r"\bacuut gevaar\b", "acute onveiligheid",
                  "Eén woord: acute onveiligheid (glossary)."),
    ForbiddenTerm(r"\b(het|welk|mag) overleg\b|^overleg met namen",
                  "consultatie",
                  "Eén woord voor stap 2: (collegiale) consultatie. ‘Multidisciplinair "
                  "overleg’ is iets anders en mag."),
    ForbiddenTerm(r"niet voor de familie|(met|voor) de familie (gedeeld|delen)|"
                  r"delen met de familie",
                  "het gezin",
                  "Het gezin (huishouden) is wie bij de casus hoort; familie zijn de "
                  "verwanten (netwerk, eer van de familie)."),
    ForbiddenTerm(r"\bpersoon toevoegen\b|^persoon \{n\}", "betrokkene",
                  "Iemand van de casus is een betrokkene (glossary)."),
    ForbiddenTerm(r"\bacties?\b", "afspraak",
                  "Een veiligheidsafspraak of afspraak: wie doet wat, wanneer."),
    ForbiddenTerm(r"\bdossier", "casus",
                  "Alles over één huishouden heet de casus."),
    ForbiddenTerm(r"\bdiscrete stand\b", "discrete modus", "Eén naam voor de modus."),
    ForbiddenTerm(r"\bacute route\b", "spoedcontact",
                  "‘Acute route’ kent een hulpverlener niet; het is meteen Veilig Thuis of "
                  "de politie bellen."),
    ForbiddenTerm(r"opslag", "kluis",
                  "‘Opslag’ kent een hulpverlener niet; de kluis is het versleutelde "
                  "bestand met alle gegevens."),
    # -- English -----------------------------------------------------------------------
    ForbiddenTerm(r"formal complaint", "crime reported to the police",
                  "Aangifte is reporting a crime to the police.", "en"),
    ForbiddenTerm(r"acute danger", "acute unsafety",
                  "One register beside ‘structural unsafety’.", "en"),
    ForbiddenTerm(r"taking over the care|takes over the care", "takes up the concerns",
                  "The kindcheck hands over the concern, not the care.", "en"),
    ForbiddenTerm(r"handover (to|for) Veilig Thuis|handover package",
                  "report or advice request to Veilig Thuis",
                  "A handover passes a case to another organisation.", "en"),
    ForbiddenTerm(r"acute route", "urgent contact", "As in Dutch (spoedcontact).", "en"),
    # "--store" is the command-line option's name, not a word.
    ForbiddenTerm(r"(?<!--)\bstores?\b", "vault",
                  "As in Dutch (kluis); to keep something is ‘keep’.", "en"),
    ForbiddenTerm(r"signals? (that|of) tension", "warning sign",
                  "As in Dutch (waarschuwingsteken).", "en"),
)


def forbidden_in(text: str, language: str = "nl",
                 terms: Iterable[ForbiddenTerm] = FORBIDDEN_TERMS) -> tuple[ForbiddenTerm, ...]:
    """The forbidden terms of ``language`` that ``text`` uses."""
    return tuple(t for t in terms if t.language == language and t.search(text))
