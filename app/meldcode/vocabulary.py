"""The shared vocabulary of the meldcode: forms of violence, sources, risk and
protective factors, the duration of the violence, police involvement and risk
instruments.

One vocabulary for signals, reports and figures ("eenheid van taal"). The
enum values are stable codes that the store and exports hold; never change
one. Dutch labels and help texts are marked with ``N_`` here and translated
with ``_`` when read through ``label`` / ``help``.
"""

from __future__ import annotations

from enum import StrEnum

from app.i18n import N_, _


class ViolenceForm(StrEnum):
    """Vorm van geweld. Several forms can hold at once and often do."""

    PHYSICAL_ABUSE = "physical_abuse"
    PSYCHOLOGICAL_ABUSE = "psychological_abuse"
    SEXUAL_ABUSE = "sexual_abuse"
    PHYSICAL_NEGLECT = "physical_neglect"
    EMOTIONAL_NEGLECT = "emotional_neglect"
    WITNESSING_PARTNER_VIOLENCE = "witnessing_partner_violence"
    PARTNER_VIOLENCE = "partner_violence"
    ELDER_ABUSE = "elder_abuse"
    FINANCIAL_ABUSE = "financial_abuse"
    HONOUR_RELATED_VIOLENCE = "honour_related_violence"
    FEMALE_GENITAL_MUTILATION = "female_genital_mutilation"
    FORCED_MARRIAGE = "forced_marriage"
    CHILD_MARRIAGE = "child_marriage"
    ABANDONMENT_ABROAD = "abandonment_abroad"
    HUMAN_TRAFFICKING = "human_trafficking"
    STALKING = "stalking"
    VIOLENCE_AGAINST_PARENTS = "violence_against_parents"
    FALSIFICATION = "falsification"
    #: Step 1 often starts before the form is clear (a child who flinches, a
    #: remark overheard); the signal counts, and its form is named later.
    NOT_YET_CLEAR = "not_yet_clear"

    @property
    def label(self) -> str:
        return _(_FORM_TEXTS[self][0])

    @property
    def help(self) -> str:
        """What the form means, in plain Dutch (B1)."""
        return _(_FORM_TEXTS[self][1])


_FORM_TEXTS = {
    ViolenceForm.PHYSICAL_ABUSE: (
        N_("Lichamelijke mishandeling"),
        N_("Slaan, schoppen, knijpen, wurgen of iemand op een andere manier pijn doen."),
    ),
    ViolenceForm.PSYCHOLOGICAL_ABUSE: (
        N_("Psychische mishandeling"),
        N_("Uitschelden, vernederen, bedreigen, opsluiten of iemand steeds controleren."),
    ),
    ViolenceForm.SEXUAL_ABUSE: (
        N_("Seksueel misbruik, geweld of uitbuiting"),
        N_("Seksuele handelingen tegen iemands wil of met een kind. Ook online, "
           "bijvoorbeeld met foto's of filmpjes."),
    ),
    ViolenceForm.PHYSICAL_NEGLECT: (
        N_("Lichamelijke verwaarlozing"),
        N_("Te weinig eten, drinken, kleding, hygiëne, onderdak of medische zorg."),
    ),
    ViolenceForm.EMOTIONAL_NEGLECT: (
        N_("Emotionele verwaarlozing"),
        N_("Te weinig aandacht, liefde, steun of veiligheid voor een kind of een "
           "afhankelijke volwassene."),
    ),
    ViolenceForm.WITNESSING_PARTNER_VIOLENCE: (
        N_("Getuige van partnergeweld"),
        N_("Een kind ziet of hoort geweld tussen de ouders of verzorgers. Dit is "
           "zelf een vorm van kindermishandeling."),
    ),
    ViolenceForm.PARTNER_VIOLENCE: (
        N_("Partnergeweld of ex-partnergeweld"),
        N_("Geweld tussen partners of tussen ex-partners."),
    ),
    ViolenceForm.ELDER_ABUSE: (
        N_("Ouderenmishandeling"),
        N_("Geweld tegen iemand van 65 jaar of ouder die afhankelijk is van de "
           "pleger. Ook als de (mantel)zorg ontspoort."),
    ),
    ViolenceForm.FINANCIAL_ABUSE: (
        N_("Financiële uitbuiting"),
        N_("Iemand geld of bezit afpakken, of misbruik maken van iemands geld."),
    ),
    ViolenceForm.HONOUR_RELATED_VIOLENCE: (
        N_("Eergerelateerd geweld"),
        N_("Geweld om de eer van de familie te beschermen of te herstellen. Praat "
           "niet met de familie voordat je een specialist hebt geraadpleegd."),
    ),
    ViolenceForm.FEMALE_GENITAL_MUTILATION: (
        N_("Vrouwelijke genitale verminking (VGV)"),
        N_("De uitwendige geslachtsdelen van een meisje of vrouw beschadigen of "
           "weghalen."),
    ),
    ViolenceForm.FORCED_MARRIAGE: (
        N_("Huwelijksdwang"),
        N_("Iemand wordt gedwongen om te trouwen. Dit kan jongens en meisjes "
           "overkomen."),
    ),
    ViolenceForm.CHILD_MARRIAGE: (
        N_("Kindhuwelijk"),
        N_("Een huwelijk waarbij iemand jonger is dan 18 jaar."),
    ),
    ViolenceForm.ABANDONMENT_ABROAD: (
        N_("Achterlating"),
        N_("Iemand wordt tegen de eigen wil in het buitenland achtergelaten, vaak "
           "zonder paspoort."),
    ),
    ViolenceForm.HUMAN_TRAFFICKING: (
        N_("Mensenhandel"),
        N_("Iemand wordt gedwongen of misleid om te werken, seks te hebben of iets "
           "anders te doen. Een ander verdient eraan."),
    ),
    ViolenceForm.STALKING: (
        N_("Stalking"),
        N_("Iemand wordt steeds opnieuw lastiggevallen, gevolgd of bedreigd."),
    ),
    ViolenceForm.VIOLENCE_AGAINST_PARENTS: (
        N_("Geweld van kinderen tegen ouders"),
        N_("Een kind of jongere gebruikt geweld tegen een ouder of verzorger."),
    ),
    ViolenceForm.FALSIFICATION: (
        N_("Ziekte verzinnen of veroorzaken (falsificatie)"),
        N_("Een verzorger verzint klachten bij een kind of afhankelijke volwassene, "
           "of maakt die persoon echt ziek."),
    ),
    ViolenceForm.NOT_YET_CLEAR: (
        N_("Nog onduidelijk"),
        N_("Je weet nog niet op welke vorm van geweld het signaal wijst. Leg het toch vast; "
           "benoem de vorm later met een correctie van het signaal."),
    ),
}


class SourceKind(StrEnum):
    """Bron: where the information in a signal comes from."""

    OWN_OBSERVATION = "own_observation"
    TOLD_BY_SOMEONE = "told_by_someone"
    DOCUMENT = "document"

    @property
    def label(self) -> str:
        return _(_SOURCE_LABELS[self])

    @property
    def needs_detail(self) -> bool:
        """Who told it or which document: required unless the worker saw it."""
        return self is not SourceKind.OWN_OBSERVATION


_SOURCE_LABELS = {
    SourceKind.OWN_OBSERVATION: N_("Zelf gezien, gehoord of geroken"),
    SourceKind.TOLD_BY_SOMEONE: N_("Verteld door iemand anders"),
    SourceKind.DOCUMENT: N_("Gelezen in een document"),
}


class RiskFactor(StrEnum):
    """Risicofactor: something that makes violence more likely."""

    DEBTS = "debts"
    POVERTY = "poverty"
    ADDICTION = "addiction"
    PSYCHIATRIC_PROBLEMS = "psychiatric_problems"
    MILD_INTELLECTUAL_DISABILITY = "mild_intellectual_disability"
    SOCIAL_ISOLATION = "social_isolation"
    HOUSING_PROBLEMS = "housing_problems"
    SEPARATION_CONFLICT = "separation_conflict"
    EARLIER_VIOLENCE = "earlier_violence"
    OWN_HISTORY_OF_VIOLENCE = "own_history_of_violence"
    CARE_BURDEN = "care_burden"
    PREGNANCY = "pregnancy"

    @property
    def label(self) -> str:
        return _(_RISK_LABELS[self])


ADDICTION_LABEL = N_("Verslaving of middelengebruik")
PSYCHIATRIC_PROBLEMS_LABEL = N_("Ernstige psychische problemen (ook chronische depressie)")

_RISK_LABELS = {
    RiskFactor.DEBTS: N_("Schulden"),
    RiskFactor.POVERTY: N_("Armoede"),
    RiskFactor.ADDICTION: ADDICTION_LABEL,
    RiskFactor.PSYCHIATRIC_PROBLEMS: PSYCHIATRIC_PROBLEMS_LABEL,
    RiskFactor.MILD_INTELLECTUAL_DISABILITY: N_("Licht verstandelijke beperking (LVB)"),
    RiskFactor.SOCIAL_ISOLATION: N_("Weinig contact met anderen (isolement)"),
    RiskFactor.HOUSING_PROBLEMS: N_("Problemen met wonen"),
    RiskFactor.SEPARATION_CONFLICT: N_("Scheiding of ruzie met een ex-partner"),
    RiskFactor.EARLIER_VIOLENCE: N_("Eerder geweld in het gezin"),
    RiskFactor.OWN_HISTORY_OF_VIOLENCE: N_(
        "Een ouder of verzorger maakte zelf geweld mee als kind"
    ),
    RiskFactor.CARE_BURDEN: N_("Zware zorg voor een kind of naaste (overbelasting)"),
    RiskFactor.PREGNANCY: N_("Zwangerschap"),
}


class ProtectiveFactor(StrEnum):
    """Beschermende factor: something that helps keep people safe."""

    SUPPORTIVE_NETWORK = "supportive_network"
    SAFE_ADULT_FOR_CHILD = "safe_adult_for_child"
    OPEN_TO_HELP = "open_to_help"
    HELP_ALREADY_INVOLVED = "help_already_involved"
    STABLE_INCOME_AND_HOUSING = "stable_income_and_housing"
    DAILY_ACTIVITY = "daily_activity"

    @property
    def label(self) -> str:
        return _(_PROTECTIVE_LABELS[self])


_PROTECTIVE_LABELS = {
    ProtectiveFactor.SUPPORTIVE_NETWORK: N_("Familie, vrienden of buren die steunen (netwerk)"),
    ProtectiveFactor.SAFE_ADULT_FOR_CHILD: N_("Het kind heeft een veilige volwassene in de buurt"),
    ProtectiveFactor.OPEN_TO_HELP: N_("De betrokkenen zien het probleem en willen hulp"),
    ProtectiveFactor.HELP_ALREADY_INVOLVED: N_("Er is al passende hulp"),
    ProtectiveFactor.STABLE_INCOME_AND_HOUSING: N_("Een vast inkomen en een vaste woning"),
    ProtectiveFactor.DAILY_ACTIVITY: N_("Werk, school of dagbesteding"),
}


class ViolenceDuration(StrEnum):
    """How long the violence is thought to have gone on (vermoedelijke duur).

    Ordered from short to long; a longer duration weighs towards structural
    unsafety. "Not known" is ``None`` in the records, not a member.
    """

    UNDER_A_WEEK = "under_a_week"
    ONE_WEEK_TO_ONE_MONTH = "one_week_to_one_month"
    ONE_TO_SIX_MONTHS = "one_to_six_months"
    SIX_MONTHS_TO_ONE_YEAR = "six_months_to_one_year"
    OVER_A_YEAR = "over_a_year"

    @property
    def label(self) -> str:
        return _(_DURATION_LABELS[self])


_DURATION_LABELS = {
    ViolenceDuration.UNDER_A_WEEK: N_("Korter dan een week"),
    ViolenceDuration.ONE_WEEK_TO_ONE_MONTH: N_("Een week tot een maand"),
    ViolenceDuration.ONE_TO_SIX_MONTHS: N_("Een maand tot een half jaar"),
    ViolenceDuration.SIX_MONTHS_TO_ONE_YEAR: N_("Een half jaar tot een jaar"),
    ViolenceDuration.OVER_A_YEAR: N_("Langer dan een jaar"),
}


class PoliceInvolvement(StrEnum):
    """Politie-inzet. Several can hold at once, except ``NONE``."""

    NONE = "none"
    CALL_OUT = "call_out"
    CRIME_REPORTED = "crime_reported"
    TEMPORARY_RESTRAINING_ORDER = "temporary_restraining_order"

    @property
    def label(self) -> str:
        return _(_POLICE_LABELS[self])


_POLICE_LABELS = {
    PoliceInvolvement.NONE: N_("Geen politie-inzet"),
    PoliceInvolvement.CALL_OUT: N_("De politie is ter plaatse geweest"),
    PoliceInvolvement.CRIME_REPORTED: N_("Er is aangifte gedaan"),
    PoliceInvolvement.TEMPORARY_RESTRAINING_ORDER: N_("Er is een tijdelijk huisverbod"),
}


class RiskInstrument(StrEnum):
    """A risk instrument that supports a weighing; it never replaces it."""

    LIRIK = "lirik"
    ARIJ = "arij"
    CARE_NL = "care_nl"
    SIGNS_OF_SAFETY = "signs_of_safety"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _(_INSTRUMENT_LABELS[self])


_INSTRUMENT_LABELS = {
    RiskInstrument.LIRIK: N_("LIRIK"),
    RiskInstrument.ARIJ: N_("ARIJ"),
    RiskInstrument.CARE_NL: N_("CARE-NL"),
    RiskInstrument.SIGNS_OF_SAFETY: N_("Signs of Safety (schaalvraag)"),
    RiskInstrument.OTHER: N_("Een ander instrument"),
}
