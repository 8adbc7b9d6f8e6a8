"""The five steps of the meldcode (stappen) and what each must record.

The numbers are the ones every Dutch professional knows (stap 1 to 5), so
``Step`` is an ``IntEnum`` and the number is the stored code.
"""

from __future__ import annotations

from enum import IntEnum, StrEnum

from app.i18n import N_, _


class Step(IntEnum):
    """Stap van de meldcode."""

    MAP_SIGNALS = 1
    CONSULT = 2
    TALK_WITH_CLIENT = 3
    WEIGH = 4
    DECIDE = 5

    @property
    def label(self) -> str:
        return _(_STEP_TEXTS[self][0])

    @property
    def help(self) -> str:
        """What to do in this step, in plain Dutch (B1)."""
        return _(_STEP_TEXTS[self][1])

    @property
    def title(self) -> str:
        """``Stap 3: Gesprek met de cliënt``."""
        return _("Stap {n}: {label}").format(n=int(self), label=self.label)

    @property
    def requirements(self) -> tuple[Requirement, ...]:
        """What the file must show for this step (always, not only sometimes)."""
        return _STEP_REQUIREMENTS[self]


_STEP_TEXTS = {
    Step.MAP_SIGNALS: (
        N_("Signalen in kaart brengen"),
        N_("Schrijf op wat je zag, hoorde of las, met de datum en de bron. Houd de "
           "feiten en wat jij ervan denkt apart. Doe ook de kindcheck. Is iemand nu "
           "in gevaar? Bel dan meteen Veilig Thuis of de politie."),
    ),
    Step.CONSULT: (
        N_("Collegiale consultatie"),
        N_("Bespreek je zorgen met een collega of met de aandachtsfunctionaris. Vraag "
           "zo nodig advies aan Veilig Thuis of aan een deskundige voor letsel. "
           "Zonder namen mag dat altijd. Met namen alleen als de cliënt dat goedvindt."),
    ),
    Step.TALK_WITH_CLIENT: (
        N_("Gesprek met de cliënt"),
        N_("Vertel de cliënt over je zorgen. Vraag hoe de cliënt het ziet en wat die "
           "al doet. Bespreek welke hulp kan helpen. Sla het gesprek alleen over als "
           "het onveilig is of als er geen contact lukt. Schrijf dan op waarom."),
    ),
    Step.WEIGH: (
        N_("Wegen"),
        N_("Beantwoord de vijf vragen van het afwegingskader en schrijf op waarom. "
           "Een risico-instrument kan helpen, maar beslist niet voor je. Twijfel je? "
           "Vraag Veilig Thuis om advies."),
    ),
    Step.DECIDE: (
        N_("Beslissen"),
        N_("Besluit wat je doet: afsluiten, hulp bieden of organiseren, of melden bij "
           "Veilig Thuis. Vertel de cliënt dat je meldt, behalve als dat onveilig is."),
    ),
}


class Requirement(StrEnum):
    """Something the file must show for a step (also: what is still missing)."""

    SIGNALS = "signals"
    RISK_PROFILE = "risk_profile"
    KINDCHECK = "kindcheck"
    CONSULTATION = "consultation"
    SPECIALIST_BEFORE_CONVERSATION = "specialist_before_conversation"
    CONVERSATION = "conversation"
    WEIGHING = "weighing"
    WEIGHING_UNFINISHED = "weighing_unfinished"
    DECISION = "decision"

    @property
    def label(self) -> str:
        return _(_REQUIREMENT_LABELS[self])

    @property
    def step(self) -> Step:
        return _REQUIREMENT_STEPS[self]


_REQUIREMENT_LABELS = {
    Requirement.SIGNALS: N_("De signalen, met datum, bron en feiten"),
    Requirement.RISK_PROFILE: N_(
        "Risicofactoren en beschermende factoren, hoe lang het geweld al duurt en of "
        "de politie betrokken was"
    ),
    Requirement.KINDCHECK: N_("De kindcheck"),
    Requirement.CONSULTATION: N_("Elke consultatie: met wie, het advies en de uitkomst"),
    Requirement.SPECIALIST_BEFORE_CONVERSATION: N_(
        "Bij eergerelateerd geweld: eerst een specialist of Veilig Thuis raadplegen"
    ),
    Requirement.CONVERSATION: N_("Het gesprek met de cliënt, of waarom het niet is gevoerd"),
    Requirement.WEIGHING: N_("De afweging, met de onderbouwing"),
    Requirement.WEIGHING_UNFINISHED: N_("De afweging afmaken"),
    Requirement.DECISION: N_("Het besluit: datum, uitkomst en de hulp die je inzet"),
}

_REQUIREMENT_STEPS = {
    Requirement.SIGNALS: Step.MAP_SIGNALS,
    Requirement.RISK_PROFILE: Step.MAP_SIGNALS,
    Requirement.KINDCHECK: Step.MAP_SIGNALS,
    Requirement.CONSULTATION: Step.CONSULT,
    Requirement.SPECIALIST_BEFORE_CONVERSATION: Step.TALK_WITH_CLIENT,
    Requirement.CONVERSATION: Step.TALK_WITH_CLIENT,
    Requirement.WEIGHING: Step.WEIGH,
    Requirement.WEIGHING_UNFINISHED: Step.WEIGH,
    Requirement.DECISION: Step.DECIDE,
}

# The standing requirements per step; the conditional ones
# (SPECIALIST_BEFORE_CONVERSATION, WEIGHING_UNFINISHED) appear only as missing.
_STEP_REQUIREMENTS = {
    Step.MAP_SIGNALS: (Requirement.SIGNALS, Requirement.RISK_PROFILE, Requirement.KINDCHECK),
    Step.CONSULT: (Requirement.CONSULTATION,),
    Step.TALK_WITH_CLIENT: (Requirement.CONVERSATION,),
    Step.WEIGH: (Requirement.WEIGHING,),
    Step.DECIDE: (Requirement.DECISION,),
}
