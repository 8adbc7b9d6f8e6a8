"""Family profiles (gezinsprofielen, Verwey-Jonker / Augeo) and the guidance
the plan derives from them.

The five profiles are patterns of violence in families; they are not
exclusive. A worker picks one or more and may name the dominant one. The
guidance is advice for the plan, not a decision: the worker weighs it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from app.errors import ValidationError
from app.i18n import N_, _


class FamilyProfile(StrEnum):
    """Gezinsprofiel: a pattern of violence in a family."""

    INTIMATE_TERROR = "intimate_terror"
    FAMILY_UNDER_STRESS = "family_under_stress"
    LONG_TERM_CARE = "long_term_care"
    CHILD_BEHAVIOUR_PARENTING_STRESS = "child_behaviour_parenting_stress"
    COMPLEX_CONFLICT_DIVORCE = "complex_conflict_divorce"

    @property
    def label(self) -> str:
        return _(_PROFILE_LABELS[self])

    @property
    def explanation(self) -> str:
        """What the pattern looks like, in plain Dutch (B1)."""
        return _(_PROFILE_EXPLANATIONS[self])


_PROFILE_LABELS = {
    FamilyProfile.INTIMATE_TERROR: N_("Intieme terreur"),
    FamilyProfile.FAMILY_UNDER_STRESS: N_("Gezin in de stress"),
    FamilyProfile.LONG_TERM_CARE: N_("Langdurige zorg"),
    FamilyProfile.CHILD_BEHAVIOUR_PARENTING_STRESS: N_("Kindgedrag en opvoedstress"),
    FamilyProfile.COMPLEX_CONFLICT_DIVORCE: N_("Complexe conflictscheiding"),
}

_PROFILE_EXPLANATIONS = {
    FamilyProfile.INTIMATE_TERROR: N_(
        "Eén partner heeft de macht en dwingt en controleert de ander. Die partner "
        "houdt de ander weg van familie en vrienden, maakt haar of hem klein en "
        "beslist over het geld. Het geweld is vaak ernstig, ook seksueel. De partner "
        "en de kinderen voelen zich steeds bedreigd."
    ),
    FamilyProfile.FAMILY_UNDER_STRESS: N_(
        "Er stapelen zich problemen op, zoals schulden, werk of ziekte. Daardoor is "
        "er vaak ruzie en soms geweld, ook van twee kanten. Vaak speelt alcohol mee. "
        "De kinderen zijn slachtoffer en zien het geweld."
    ),
    FamilyProfile.LONG_TERM_CARE: N_(
        "Eén of beide ouders hebben lang zorg nodig, door een beperking of psychische "
        "problemen. De opvoeding is daardoor vaak niet veilig. Kinderen krijgen dan "
        "vaak niet de zorg die ze nodig hebben."
    ),
    FamilyProfile.CHILD_BEHAVIOUR_PARENTING_STRESS: N_(
        "Een kind heeft problemen, zoals autisme, ADHD of een ziekte. De opvoeding "
        "geeft veel stress. Het gedrag van het kind kan ook een reactie zijn op het "
        "geweld thuis."
    ),
    FamilyProfile.COMPLEX_CONFLICT_DIVORCE: N_(
        "De ouders zijn gescheiden of gaan scheiden en hebben veel ruzie over de "
        "kinderen, het gezag en de omgang. Er is vaak psychisch geweld en een strijd "
        "bij de rechter. De kinderen zitten klem tussen hun ouders."
    ),
}


@dataclass(frozen=True)
class ProfileSelection:
    """The profiles chosen for a family, and optionally the dominant one."""

    profiles: frozenset[FamilyProfile] = field(default_factory=frozenset)
    dominant: FamilyProfile | None = None


def select_profiles(
    profiles: Iterable[FamilyProfile], dominant: FamilyProfile | None = None
) -> ProfileSelection:
    """Build a selection; the dominant profile must be one of the chosen ones."""
    chosen = frozenset(FamilyProfile(p) for p in profiles)
    if dominant is not None and FamilyProfile(dominant) not in chosen:
        raise ValidationError(
            _("Het belangrijkste gezinsprofiel moet ook gekozen zijn."), field="dominant"
        )
    return ProfileSelection(chosen, None if dominant is None else FamilyProfile(dominant))


class GuidanceLevel(StrEnum):
    """How strongly guidance speaks: a warning about safety, or advice."""

    WARNING = "warning"
    ADVICE = "advice"

    @property
    def label(self) -> str:
        return _(_LEVEL_LABELS[self])


_LEVEL_LABELS = {GuidanceLevel.WARNING: N_("Let op"), GuidanceLevel.ADVICE: N_("Advies")}


class GuidanceCode(StrEnum):
    """Stable code of one piece of guidance, so a screen or export can look for
    a specific one (e.g. ``no_joint_conversations``)."""

    NO_JOINT_CONVERSATIONS = "no_joint_conversations"
    PROTECT_VICTIM_INFORMATION = "protect_victim_information"
    WORK_WITH_SAFETY_PARTNERS = "work_with_safety_partners"
    JOINT_CONVERSATION_CAN_HELP = "joint_conversation_can_help"
    REDUCE_STRESS_FACTORS = "reduce_stress_factors"
    HELP_BOTH_PARTNERS = "help_both_partners"
    ATTENTION_FOR_CHILDREN = "attention_for_children"
    WATCH_FOR_NEGLECT = "watch_for_neglect"
    LASTING_SUPPORT = "lasting_support"
    PLAIN_LANGUAGE = "plain_language"
    BEHAVIOUR_MAY_BE_REACTION = "behaviour_may_be_reaction"
    SUPPORT_PARENTING = "support_parenting"
    KEEP_CHILDREN_OUT_OF_CONFLICT = "keep_children_out_of_conflict"
    WATCH_PSYCHOLOGICAL_VIOLENCE = "watch_psychological_violence"
    COORDINATE_WITH_COURT = "coordinate_with_court"

    @property
    def text(self) -> str:
        return _(_GUIDANCE_TEXTS[self])


_GUIDANCE_TEXTS = {
    GuidanceCode.NO_JOINT_CONVERSATIONS: N_(
        "Voer geen gezamenlijke gesprekken met slachtoffer en pleger. Spreek hen "
        "altijd apart."
    ),
    GuidanceCode.PROTECT_VICTIM_INFORMATION: N_(
        "Vertel de pleger niets over het adres, de plannen of de afspraken van het "
        "slachtoffer. Bespreek het veiligheidsplan apart met het slachtoffer."
    ),
    GuidanceCode.WORK_WITH_SAFETY_PARTNERS: N_(
        "Het geweld is vaak ernstig en gaat soms door na een scheiding. Werk samen "
        "met Veilig Thuis en de politie."
    ),
    GuidanceCode.JOINT_CONVERSATION_CAN_HELP: N_(
        "Een gezamenlijk gesprek met beide partners kan helpen, als dat veilig is."
    ),
    GuidanceCode.REDUCE_STRESS_FACTORS: N_(
        "Werk aan wat de stress geeft, zoals schulden, werk, wonen of alcohol."
    ),
    GuidanceCode.HELP_BOTH_PARTNERS: N_(
        "Het geweld kan van twee kanten komen. Bied beide partners hulp."
    ),
    GuidanceCode.ATTENTION_FOR_CHILDREN: N_(
        "De kinderen zijn slachtoffer en zien het geweld. Geef hen eigen aandacht en "
        "eigen hulp."
    ),
    GuidanceCode.WATCH_FOR_NEGLECT: N_(
        "Let op verwaarlozing: krijgen de kinderen elke dag eten, schone kleren, "
        "slaap en aandacht?"
    ),
    GuidanceCode.LASTING_SUPPORT: N_(
        "Deze ouders hebben lang hulp nodig. Regel steun die blijft, ook na de hulp, "
        "en sluit niet te vroeg af."
    ),
    GuidanceCode.PLAIN_LANGUAGE: N_(
        "Maak het plan in eenvoudige taal, met plaatjes waar dat kan."
    ),
    GuidanceCode.BEHAVIOUR_MAY_BE_REACTION: N_(
        "Het gedrag van het kind kan een reactie zijn op geweld thuis. Zoek dat uit "
        "voordat je alleen het gedrag aanpakt."
    ),
    GuidanceCode.SUPPORT_PARENTING: N_(
        "Help de ouders bij de opvoeding en regel dat ze even op adem kunnen komen, "
        "bijvoorbeeld met logeeropvang."
    ),
    GuidanceCode.KEEP_CHILDREN_OUT_OF_CONFLICT: N_(
        "Houd de kinderen buiten de strijd van de ouders. Laat de kinderen apart "
        "vertellen wat zij willen en nodig hebben."
    ),
    GuidanceCode.WATCH_PSYCHOLOGICAL_VIOLENCE: N_(
        "Let op psychisch geweld, ook via de kinderen of rond de omgang."
    ),
    GuidanceCode.COORDINATE_WITH_COURT: N_(
        "Stem af met de Raad voor de Kinderbescherming, de jeugdbescherming of de "
        "rechter over gezag en omgang."
    ),
}


@dataclass(frozen=True)
class Guidance:
    """One piece of guidance for the plan, from one family profile."""

    code: GuidanceCode
    profile: FamilyProfile
    level: GuidanceLevel

    @property
    def text(self) -> str:
        return self.code.text


_W, _A = GuidanceLevel.WARNING, GuidanceLevel.ADVICE

# Per profile, its guidance in the order the plan should show it.
_GUIDANCE: dict[FamilyProfile, tuple[tuple[GuidanceCode, GuidanceLevel], ...]] = {
    FamilyProfile.INTIMATE_TERROR: (
        (GuidanceCode.NO_JOINT_CONVERSATIONS, _W),
        (GuidanceCode.PROTECT_VICTIM_INFORMATION, _W),
        (GuidanceCode.WORK_WITH_SAFETY_PARTNERS, _A),
    ),
    FamilyProfile.FAMILY_UNDER_STRESS: (
        (GuidanceCode.JOINT_CONVERSATION_CAN_HELP, _A),
        (GuidanceCode.REDUCE_STRESS_FACTORS, _A),
        (GuidanceCode.HELP_BOTH_PARTNERS, _A),
        (GuidanceCode.ATTENTION_FOR_CHILDREN, _A),
    ),
    FamilyProfile.LONG_TERM_CARE: (
        (GuidanceCode.WATCH_FOR_NEGLECT, _W),
        (GuidanceCode.LASTING_SUPPORT, _A),
        (GuidanceCode.PLAIN_LANGUAGE, _A),
    ),
    FamilyProfile.CHILD_BEHAVIOUR_PARENTING_STRESS: (
        (GuidanceCode.BEHAVIOUR_MAY_BE_REACTION, _A),
        (GuidanceCode.SUPPORT_PARENTING, _A),
    ),
    FamilyProfile.COMPLEX_CONFLICT_DIVORCE: (
        (GuidanceCode.KEEP_CHILDREN_OUT_OF_CONFLICT, _A),
        (GuidanceCode.WATCH_PSYCHOLOGICAL_VIOLENCE, _W),
        (GuidanceCode.COORDINATE_WITH_COURT, _A),
    ),
}

# Safety comes first: where profiles disagree, the advice that would be unsafe
# under another chosen profile is left out. With intimate terror, a joint
# conversation puts the victim at risk, whatever else is going on.
_OVERRULED_BY: dict[GuidanceCode, FamilyProfile] = {
    GuidanceCode.JOINT_CONVERSATION_CAN_HELP: FamilyProfile.INTIMATE_TERROR,
}


def joint_conversations_unsafe(profiles: Iterable[FamilyProfile]) -> bool:
    """True when a joint conversation with victim and perpetrator must not be
    held (intimate terror)."""
    return FamilyProfile.INTIMATE_TERROR in set(profiles)


def guidance(
    profiles: Iterable[FamilyProfile] | ProfileSelection, dominant: FamilyProfile | None = None
) -> list[Guidance]:
    """The guidance for the chosen profiles: warnings first, then advice; within
    each, the dominant profile first and then the profiles in their usual order.
    Each piece appears once; advice overruled by a safety concern is left out."""
    if isinstance(profiles, ProfileSelection):
        chosen = set(profiles.profiles)
        dominant = profiles.dominant
    else:
        chosen = {FamilyProfile(p) for p in profiles}
    ordered = sorted(
        chosen, key=lambda p: (p != dominant, list(FamilyProfile).index(p))
    )
    result: list[Guidance] = []
    seen: set[GuidanceCode] = set()
    for profile in ordered:
        for code, level in _GUIDANCE[profile]:
            if code in seen or _OVERRULED_BY.get(code) in chosen:
                continue
            seen.add(code)
            result.append(Guidance(code, profile, level))
    # sorted() is stable, so the profile order holds within each level.
    return sorted(result, key=lambda g: g.level is not GuidanceLevel.WARNING)
