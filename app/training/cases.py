"""Seven fictional training cases (oefencasussen) for the training store.

One case for each of the five family profiles, one of elder abuse by an
overburdened informal carer (ontspoorde mantelzorg) and one kindcheck. Every
name, place and event is made up. Each case holds a household, two to four
signals written as facts (interpretations apart), the records of the steps
done so far, and a :class:`DecisionPoint`: where the trainer pauses, the
question for the trainee, the model answers (a ``WeighingAnswers`` of the
afwegingskader, or for the kindcheck case a ``KindcheckAnswers``) and the
trainer's reasoning in plain Dutch (B1).

The case texts are case data, like the demo families in
``app.services.demo``: Dutch, stored as they are, not in the translation
catalogue. The interface around them is translated as usual.

Records are built by :func:`build_records` against a :class:`Timeline` (the
household's person ids and "now"), so the same case fills a store through the
services and is checked by the domain validators in a test without one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from app.cases.model import Role, new_id, utc_now
from app.i18n import _
from app.meldcode.afwegingskader import (
    ReportingNorm,
    Weighing,
    WeighingAnswers,
    WeighingOutcome,
    WeighingOutcomeKind,
    weigh,
)
from app.meldcode.kindcheck import (
    ChildContact,
    ChildResidence,
    ConcernsAnswer,
    KindcheckAnswers,
    KindcheckChild,
    KindcheckOutcome,
    KindcheckOutcomeKind,
    KindcheckRun,
    KindcheckTrigger,
    ParentalProblem,
    kindcheck_outcome,
)
from app.meldcode.records import (
    Consultation,
    ConsultationPartner,
    ConsultationResult,
    Conversation,
    Decision,
    RiskProfile,
)
from app.meldcode.signals import Signal
from app.meldcode.steps import Step
from app.meldcode.vocabulary import (
    PoliceInvolvement,
    ProtectiveFactor,
    RiskFactor,
    SourceKind,
    ViolenceDuration,
    ViolenceForm,
)
from app.safety.profiles import FamilyProfile

Record = Signal | RiskProfile | KindcheckRun | Consultation | Conversation | Weighing | Decision
ModelAnswers = WeighingAnswers | KindcheckAnswers
Outcome = WeighingOutcome | KindcheckOutcome


@dataclass(frozen=True)
class TrainingPerson:
    """Someone in a training household; an age, not a birth date, so the
    case reads the same in every year."""

    name: str
    role: Role
    age: int
    parental_authority: bool | None = None


@dataclass(frozen=True)
class DecisionPoint:
    """Where the trainer pauses: the situation, the question, the model answers
    and why. ``step`` is the meldcode step the trainee decides in (step 1 for
    the kindcheck, step 4 for the afwegingskader)."""

    case_key: str
    household_name: str
    topic: str
    situation: str
    question: str
    model: ModelAnswers
    reasoning: str
    step: Step

    @property
    def is_kindcheck(self) -> bool:
        return isinstance(self.model, KindcheckAnswers)

    @property
    def model_outcome(self) -> Outcome:
        if isinstance(self.model, KindcheckAnswers):
            return kindcheck_outcome(self.model)
        return weigh(self.model)


@dataclass(frozen=True)
class Timeline:
    """What records of one case need: person ids by name, ages, and "now".
    Dates count back from now; a moment is never later than now."""

    people: Mapping[str, str]
    ages: Mapping[str, int]
    now: datetime

    def id(self, name: str) -> str:
        return self.people[name]

    def ids(self, *names: str) -> tuple[str, ...]:
        return tuple(self.people[name] for name in names)

    def age(self, name: str) -> int:
        return self.ages[name]

    def ago(self, days: int) -> date:
        return self.now.astimezone().date() - timedelta(days=days)

    def at(self, days: int, hour: int) -> datetime:
        moment = datetime.combine(self.ago(days), time(hour), tzinfo=UTC)
        return min(moment, self.now)


@dataclass(frozen=True)
class TrainingCase:
    """One training case. ``profile`` is its family profile (``None`` for the
    elder-abuse and kindcheck cases); ``intended`` and ``intended_norm`` are
    the outcome the model answers must give (a test holds them to it)."""

    key: str
    household_name: str
    profile: FamilyProfile | None
    people: tuple[TrainingPerson, ...]
    records: Callable[[Timeline], tuple[Record, ...]]
    situation: str
    question: str
    model: ModelAnswers
    reasoning: str
    intended: WeighingOutcomeKind | KindcheckOutcomeKind
    intended_norm: ReportingNorm | None = None

    @property
    def is_kindcheck(self) -> bool:
        return isinstance(self.model, KindcheckAnswers)

    @property
    def topic(self) -> str:
        """What the case is about, in the current language: the family
        profile, elder abuse, or the kindcheck."""
        if self.profile is not None:
            return self.profile.label
        if self.is_kindcheck:
            return _("Kindcheck")
        return ViolenceForm.ELDER_ABUSE.label

    @property
    def decision_point(self) -> DecisionPoint:
        return DecisionPoint(
            self.key, self.household_name, self.topic, self.situation, self.question,
            self.model, self.reasoning,
            Step.MAP_SIGNALS if self.is_kindcheck else Step.WEIGH)


def build_records(case: TrainingCase, person_ids: Mapping[str, str] | None = None,
                  now: datetime | None = None) -> tuple[Record, ...]:
    """The records of ``case`` in the order they are recorded. Without
    ``person_ids`` every person gets a made-up id (for tests without a store)."""
    ids = person_ids or {p.name: new_id() for p in case.people}
    ages = {p.name: p.age for p in case.people}
    return case.records(Timeline(ids, ages, now or utc_now()))


# -- helpers for the records ---------------------------------------------------------


def _kindcheck(t: Timeline, days: int, problems: set[ParentalProblem],
               children: tuple[KindcheckChild, ...] = (),
               concerns: ConcernsAnswer | None = None, notes: str = "") -> KindcheckRun:
    return KindcheckRun(new_id(), t.ago(days), KindcheckTrigger.INTAKE, KindcheckAnswers(
        parental_problems=frozenset(problems),
        child_contacts=frozenset({ChildContact.OWN_CHILDREN}) if problems else None,
        children=children, concerns=concerns), notes=notes)


def _closed_kindcheck(t: Timeline, days: int, notes: str) -> KindcheckRun:
    """Closed at question 1: no problems that can harm children."""
    return _kindcheck(t, days, set(), notes=notes)


def _kindcheck_without_children(t: Timeline, days: int, problems: set[ParentalProblem],
                                notes: str) -> KindcheckRun:
    """Closed at question 2: problems, but no children in the client's care."""
    return KindcheckRun(new_id(), t.ago(days), KindcheckTrigger.INTAKE, KindcheckAnswers(
        parental_problems=frozenset(problems), child_contacts=frozenset()), notes=notes)


# -- 1. intimate terror --------------------------------------------------------------

_DURIC = "Familie Đurić"
MILICA, DRAGAN, LUKA, ANA = "Milica Đurić", "Dragan Đurić", "Luka Đurić", "Ana Đurić"


def _duric(t: Timeline) -> tuple[Record, ...]:
    return (
        Signal(
            new_id(), t.at(9, 14), t.ids(MILICA), frozenset({ViolenceForm.PARTNER_VIOLENCE,
                                                            ViolenceForm.PSYCHOLOGICAL_ABUSE}),
            SourceKind.OWN_OBSERVATION,
            "Tijdens het huisbezoek gaf vader antwoord op alle vragen die ik aan moeder "
            "stelde. Moeder keek steeds eerst naar vader voordat zij iets zei. Moeder "
            "vertelde dat zij € 20 per week krijgt voor de boodschappen en dat vader elke "
            "avond haar telefoon bekijkt.",
            interpretation="Vader lijkt moeder te controleren: geld, telefoon en wat zij zegt.",
            is_hypothesis=True),
        Signal(
            new_id(), t.at(3, 10), t.ids(LUKA, MILICA),
            frozenset({ViolenceForm.WITNESSING_PARTNER_VIOLENCE, ViolenceForm.PARTNER_VIOLENCE}),
            SourceKind.TOLD_BY_SOMEONE,
            "Luka vertelde in de klas: ‘Papa pakte mama bij haar keel en mama kon niet "
            "praten.’ Volgens Luka gebeurde dit zaterdagavond in de keuken. Ana was erbij.",
            source_detail="Juf Petra, groep 6",
            interpretation="Mogelijk heeft vader moeder geprobeerd te wurgen.",
            is_hypothesis=True, acute_indication=True),
        RiskProfile(
            new_id(), t.ago(8), frozenset({RiskFactor.SOCIAL_ISOLATION,
                                           RiskFactor.EARLIER_VIOLENCE}),
            frozenset({ProtectiveFactor.SAFE_ADULT_FOR_CHILD}), ViolenceDuration.OVER_A_YEAR,
            frozenset({PoliceInvolvement.CALL_OUT}),
            notes="Vorig jaar kwam de politie na een melding van de buren. Moeder heeft geen "
                  "eigen bankpas. Oma in Utrecht is een veilige volwassene voor Luka."),
        _kindcheck(t, 8, {ParentalProblem.PARTNER_VIOLENCE}, (
            KindcheckChild(t.age(LUKA), ChildResidence.WITH_CLIENT, "Vader"),
            KindcheckChild(t.age(ANA), ChildResidence.WITH_CLIENT, "Vader"),
        ), ConcernsAnswer.REMAIN),
        Consultation(
            new_id(), t.ago(2), ConsultationPartner.ATTENTION_OFFICER, True,
            "Spreek moeder alleen, nooit samen met vader. Vraag wat er zaterdagavond "
            "gebeurde en of zij en de kinderen nu veilig zijn.",
            ConsultationResult.SUSPICION_REMAINS),
        Conversation(
            new_id(), t.ago(1), True, t.ids(MILICA), possible_victim_only=True,
            what_was_said="Ik vertelde wat Luka op school zei en vroeg naar zaterdagavond.",
            client_reaction="Moeder huilde. Zij zegt dat vader haar zaterdag bij de keel "
                            "greep en dat zij even niet kon ademen. Zij is bang dat hij het "
                            "weer doet als hij hoort dat zij met het wijkteam praat. Zij wil "
                            "niet dat vader weggaat.",
            agreements="Moeder belt 112 als vader weer geweld gebruikt."),
    )


# -- 2. family under stress ----------------------------------------------------------

_DVORAK = "Familie Dvořák"
TEREZA, MARTIN, JAKUB, ELISKA = ("Tereza Dvořáková", "Martin Dvořák", "Jakub Dvořák",
                                 "Eliška Dvořáková")


def _dvorak(t: Timeline) -> tuple[Record, ...]:
    return (
        Signal(
            new_id(), t.at(16, 9), t.ids(TEREZA, MARTIN), frozenset({
                ViolenceForm.PARTNER_VIOLENCE}),
            SourceKind.TOLD_BY_SOMEONE,
            "De politie kwam zaterdag om 23.30 uur na een melding van de buren over "
            "geschreeuw. Beide ouders hadden gedronken. Moeder had een rode plek op haar "
            "wang, vader een kras op zijn arm. Beiden zeiden dat zij elkaar hadden geduwd.",
            source_detail="Wijkagent Ruud Smit"),
        Signal(
            new_id(), t.at(13, 11), t.ids(JAKUB), frozenset({
                ViolenceForm.WITNESSING_PARTNER_VIOLENCE}),
            SourceKind.TOLD_BY_SOMEONE,
            "Jakub zei tegen de intern begeleider: ‘Zaterdag schreeuwden papa en mama heel "
            "hard. Toen kwam de politie. Ik deed mijn koptelefoon op.’",
            source_detail="Intern begeleider van de school",
            interpretation="Jakub hoorde die nacht de ruzie van zijn ouders."),
        Signal(
            new_id(), t.at(12, 15), t.ids(TEREZA, MARTIN), frozenset({
                ViolenceForm.PARTNER_VIOLENCE}),
            SourceKind.OWN_OBSERVATION,
            "Op tafel lagen 12 ongeopende brieven, 5 daarvan van een incassobureau. Vader "
            "vertelde dat hij twee maanden geleden zijn baan verloor."),
        RiskProfile(
            new_id(), t.ago(12), frozenset({RiskFactor.DEBTS}),
            frozenset({ProtectiveFactor.OPEN_TO_HELP, ProtectiveFactor.SUPPORTIVE_NETWORK}),
            ViolenceDuration.ONE_WEEK_TO_ONE_MONTH, frozenset({PoliceInvolvement.CALL_OUT}),
            notes="Vader drinkt sinds het ontslag meer. Sindsdien is er vaker ruzie; geduwd "
                  "werd er voor het eerst op de avond dat de politie kwam. Oma Věra woont "
                  "om de hoek."),
        _kindcheck(t, 12, {ParentalProblem.PARTNER_VIOLENCE}, (
            KindcheckChild(t.age(JAKUB), ChildResidence.WITH_CLIENT, "Beide ouders"),
            KindcheckChild(t.age(ELISKA), ChildResidence.WITH_CLIENT, "Beide ouders"),
        ), ConcernsAnswer.REMAIN),
        Consultation(
            new_id(), t.ago(9), ConsultationPartner.COLLEAGUE, True,
            "Dit lijkt op een gezin in de stress. Een gesprek met beide ouders samen kan "
            "helpen. Vraag naar het drinken en naar wat de kinderen merken.",
            ConsultationResult.SUSPICION_REMAINS),
        Conversation(
            new_id(), t.ago(5), True, t.ids(TEREZA, MARTIN),
            what_was_said="De politie-inzet, de ruzies, het drinken en de schulden.",
            client_reaction="Beide ouders schrokken van de politie en schamen zich. De ruzies "
                            "begonnen na het ontslag. Zij willen hulp bij de schulden en "
                            "willen leren ruzie te maken zonder te duwen. Vader wil minder "
                            "drinken.",
            agreements="Geen alcohol als de kinderen thuis zijn. Bij ruzie gaat een van "
                       "beiden een rondje lopen. Oma Věra neemt de kinderen als het thuis "
                       "onrustig is."),
    )


# -- 3. long-term care needs ---------------------------------------------------------

_FERREIRA = "Familie Ferreira"
MARCIA, JOAO, TIAGO, INES = "Márcia Ferreira", "João Ferreira", "Tiago Ferreira", "Inês Ferreira"


def _ferreira(t: Timeline) -> tuple[Record, ...]:
    return (
        Signal(
            new_id(), t.at(30, 9), t.ids(INES), frozenset({ViolenceForm.PHYSICAL_NEGLECT}),
            SourceKind.DOCUMENT,
            "Inês kwam het afgelopen jaar drie keer niet op het consultatiebureau. Twee "
            "vaccinaties zijn niet gegeven.",
            source_detail="Brief van het consultatiebureau"),
        Signal(
            new_id(), t.at(25, 12), t.ids(TIAGO), frozenset({
                ViolenceForm.PHYSICAL_NEGLECT, ViolenceForm.EMOTIONAL_NEGLECT}),
            SourceKind.TOLD_BY_SOMEONE,
            "Tiago komt vaak te laat op school en draagt vaak dagen dezelfde kleren. Hij was "
            "dit schooljaar 18 dagen afwezig. Zijn huiswerk is bijna nooit gemaakt.",
            source_detail="Leerkracht groep 4"),
        Signal(
            new_id(), t.at(20, 11), t.ids(INES, JOAO), frozenset({
                ViolenceForm.PHYSICAL_NEGLECT}),
            SourceKind.OWN_OBSERVATION,
            "Om 11.00 uur zat Inês nog in haar pyjama in de box. Vader sliep op de bank. "
            "In de koelkast stond genoeg eten. De was lag op een grote stapel. Moeder zei: "
            "‘Ik weet niet hoe ik die afspraken moet maken.’"),
        RiskProfile(
            new_id(), t.ago(20), frozenset({RiskFactor.MILD_INTELLECTUAL_DISABILITY,
                                            RiskFactor.PSYCHIATRIC_PROBLEMS,
                                            RiskFactor.POVERTY}),
            frozenset({ProtectiveFactor.OPEN_TO_HELP, ProtectiveFactor.HELP_ALREADY_INVOLVED}),
            ViolenceDuration.OVER_A_YEAR, frozenset({PoliceInvolvement.NONE}),
            notes="Moeder heeft een licht verstandelijke beperking, vader een chronische "
                  "depressie. Sinds twee jaar komt er 2 uur per week ambulante begeleiding."),
        _kindcheck(t, 20, {ParentalProblem.INTELLECTUAL_DISABILITY,
                           ParentalProblem.PSYCHIATRIC_PROBLEMS}, (
            KindcheckChild(t.age(TIAGO), ChildResidence.WITH_CLIENT, "Vader"),
            KindcheckChild(t.age(INES), ChildResidence.WITH_CLIENT, "Vader"),
        ), ConcernsAnswer.REMAIN),
        Consultation(
            new_id(), t.ago(14), ConsultationPartner.COLLEAGUE, True,
            "Vraag wat de ouders en de begeleiding al hebben geprobeerd, en sinds wanneer "
            "de zorgen er zijn. Kijk naar alle signalen samen.",
            ConsultationResult.SUSPICION_REMAINS, partner_detail="Gedragswetenschapper"),
        Conversation(
            new_id(), t.ago(7), True, t.ids(MARCIA, JOAO),
            other_participants="Ambulant begeleider van moeder",
            what_was_said="De zorgen van school en consultatiebureau, en wat ik zelf zag.",
            client_reaction="De ouders houden veel van hun kinderen en zeggen dat ze hun "
                            "best doen. Zij willen alle hulp die we geven. De begeleider "
                            "zegt dat het na een goede week steeds weer terugzakt.",
            agreements="De begeleider maakt samen met moeder de afspraken bij het "
                       "consultatiebureau."),
    )


# -- 4. child behaviour and parenting stress ------------------------------------------

_SORENSEN = "Familie Sørensen"
METTE, JORGEN, OSKAR, FREJA = ("Mette Sørensen", "Jørgen Sørensen", "Oskar Sørensen",
                               "Freja Sørensen")


def _sorensen(t: Timeline) -> tuple[Record, ...]:
    return (
        Signal(
            new_id(), t.at(21, 9), t.ids(OSKAR), frozenset({ViolenceForm.PHYSICAL_ABUSE}),
            SourceKind.TOLD_BY_SOMEONE,
            "Oskar had maandag blauwe plekken op beide schenen en een schaafwond op zijn "
            "knie. Hij zei: ‘Dat was bij voetbal.’",
            source_detail="Leerkracht groep 5"),
        Signal(
            new_id(), t.at(20, 15), t.ids(METTE, OSKAR), frozenset({
                ViolenceForm.PSYCHOLOGICAL_ABUSE}),
            SourceKind.OWN_OBSERVATION,
            "Moeder huilde bij het schoolhek. Zij zei tegen mij: ‘Ik kan het niet meer. "
            "Oskar slaat deuren kapot als hij boos is, en dan schreeuw ik terug.’",
            interpretation="Moeder is overbelast. De opvoeding van Oskar geeft veel stress."),
        Signal(
            new_id(), t.at(18, 10), t.ids(OSKAR), frozenset({ViolenceForm.PHYSICAL_ABUSE}),
            SourceKind.DOCUMENT,
            "Oskar heeft ADHD en autisme. Als hij overprikkeld is, bonkt hij met zijn hoofd "
            "en bijt hij in zijn eigen arm.",
            source_detail="Brief van de kinderarts, door moeder meegenomen"),
        RiskProfile(
            new_id(), t.ago(18), frozenset({RiskFactor.CARE_BURDEN}),
            frozenset({ProtectiveFactor.OPEN_TO_HELP, ProtectiveFactor.HELP_ALREADY_INVOLVED,
                       ProtectiveFactor.SUPPORTIVE_NETWORK}),
            police=frozenset({PoliceInvolvement.NONE}),
            notes="Oskar staat op de wachtlijst voor de jeugd-ggz."),
        _closed_kindcheck(t, 18, "De ouders hebben geen problemen die de kinderen kunnen "
                                 "schaden. Wel veel opvoedstress."),
        Consultation(
            new_id(), t.ago(14), ConsultationPartner.INJURY_EXPERT, True,
            "Blauwe plekken op de schenen en een schaafwond op de knie passen bij spelen en "
            "sport. Er zijn geen plekken op plaatsen die bij mishandeling passen, zoals de "
            "oren, de hals, de bovenarmen of de billen.",
            ConsultationResult.OTHER_EXPLANATION, partner_detail="LECK"),
        Conversation(
            new_id(), t.ago(8), True, t.ids(METTE, JORGEN, OSKAR),
            what_was_said="Ik vroeg naar de plekken en naar hoe het thuis gaat. Met Oskar "
                          "sprak ik ook even alleen.",
            client_reaction="Oskar vertelde dat hij keeper is en vaak valt. De trainer van "
                            "de voetbalclub bevestigde dat. De ouders vertellen dat het thuis "
                            "zwaar is, maar dat zij Oskar nooit slaan. Moeder is opgelucht "
                            "dat zij het kan vertellen.",
            agreements="Het wijkteam meldt de ouders aan voor opvoedondersteuning bij "
                       "ADHD en autisme."),
    )


# -- 5. complex conflict divorce -----------------------------------------------------

_VISSER = "Familie Haddad / Visser"
BAS, RANIA, YARA, SAMI = "Bas Visser", "Rania Haddad", "Yara Visser", "Sami Visser"


def _visser(t: Timeline) -> tuple[Record, ...]:
    weighing = Weighing(
        new_id(), t.ago(70), WeighingAnswers(True, False, False, True, True),
        "Er is veel ruzie, maar geen lichamelijk geweld. Ouderschapsbemiddeling en een "
        "kindercoach passen. Beide ouders zeggen dat zij meedoen.")
    return (
        Signal(
            new_id(), t.at(90, 10), t.ids(YARA), frozenset({ViolenceForm.PSYCHOLOGICAL_ABUSE}),
            SourceKind.TOLD_BY_SOMEONE,
            "Yara zegt dat zij bij de overdracht moet zeggen bij wie zij het liefst is. Op "
            "de wisseldag heeft zij vaak buikpijn.",
            source_detail="Intern begeleider van de school"),
        Signal(
            new_id(), t.at(85, 8), t.ids(BAS, RANIA, SAMI), frozenset({
                ViolenceForm.PSYCHOLOGICAL_ABUSE, ViolenceForm.PARTNER_VIOLENCE}),
            SourceKind.OWN_OBSERVATION,
            "Bij de overdracht op het schoolplein riep vader tegen moeder: ‘Jij krijgt ze "
            "nooit meer.’ Sami stond ernaast en hield zijn handen voor zijn oren."),
        RiskProfile(
            new_id(), t.ago(85), frozenset({RiskFactor.SEPARATION_CONFLICT}),
            frozenset({ProtectiveFactor.HELP_ALREADY_INVOLVED}), ViolenceDuration.OVER_A_YEAR,
            frozenset({PoliceInvolvement.NONE}),
            notes="Beide ouders hebben gezag. Co-ouderschap, wisseldag op maandag. Er loopt "
                  "een zaak bij de rechter over de omgang."),
        _kindcheck(t, 85, {ParentalProblem.PARTNER_VIOLENCE}, (
            KindcheckChild(t.age(YARA), ChildResidence.PARTLY_WITH_CLIENT, "Moeder"),
            KindcheckChild(t.age(SAMI), ChildResidence.PARTLY_WITH_CLIENT, "Moeder"),
        ), ConcernsAnswer.REMAIN),
        Consultation(
            new_id(), t.ago(80), ConsultationPartner.COLLEAGUE, True,
            "Spreek de ouders apart. Houd de kinderen centraal, niet de ruzie.",
            ConsultationResult.SUSPICION_REMAINS),
        Conversation(
            new_id(), t.ago(75), True, t.ids(BAS, RANIA),
            what_was_said="Met vader en moeder apart gesproken over Yara en Sami.",
            client_reaction="Beide ouders zeggen dat de ander het probleem is. Beiden willen "
                            "meedoen aan ouderschapsbemiddeling.",
            agreements="De overdracht gaat via school, niet thuis."),
        weighing,
        Decision(
            new_id(), t.ago(70), WeighingOutcomeKind.OFFER_HELP, None, weighing.id,
            help_engaged="Ouderschapsbemiddeling voor de ouders en een kindercoach voor "
                         "Yara en Sami.",
            family_actions="De ouders dragen de kinderen over via school."),
        Signal(
            new_id(), t.at(10, 9), t.ids(YARA), frozenset({ViolenceForm.EMOTIONAL_NEGLECT}),
            SourceKind.DOCUMENT,
            "Yara was de laatste zes weken negen dagen afwezig, steeds op maandag.",
            source_detail="Verzuimoverzicht van de school"),
        Signal(
            new_id(), t.at(5, 14), t.ids(BAS, RANIA), frozenset({
                ViolenceForm.PSYCHOLOGICAL_ABUSE}),
            SourceKind.TOLD_BY_SOMEONE,
            "De ouders kwamen op 2 van de 5 afspraken niet. Zij praten alleen nog via hun "
            "advocaten.",
            source_detail="Ouderschapsbemiddelaar"),
    )


# -- 6. elder abuse: informal care gone wrong -----------------------------------------

_BALANESCU = "Familie Bălănescu"
AURELIA, IOANA = "Aurelia Bălănescu", "Ioana Bălănescu"


def _balanescu(t: Timeline) -> tuple[Record, ...]:
    return (
        Signal(
            new_id(), t.at(15, 10), t.ids(AURELIA), frozenset({
                ViolenceForm.ELDER_ABUSE, ViolenceForm.PHYSICAL_ABUSE}),
            SourceKind.OWN_OBSERVATION,
            "Mevrouw had op beide polsen blauwe plekken, zo groot als vingertoppen. Haar "
            "dochter zei: ‘Ik heb haar vastgepakt. Ze wilde om drie uur ’s nachts naar "
            "buiten.’"),
        Signal(
            new_id(), t.at(13, 9), t.ids(AURELIA), frozenset({
                ViolenceForm.ELDER_ABUSE, ViolenceForm.PHYSICAL_NEGLECT}),
            SourceKind.TOLD_BY_SOMEONE,
            "Mevrouw is in drie maanden 3 kilo afgevallen. De thuiszorg komt sinds twee "
            "maanden twee keer per week in plaats van elke dag.",
            source_detail="Wijkverpleegkundige"),
        Signal(
            new_id(), t.at(12, 16), t.ids(AURELIA, IOANA), frozenset({
                ViolenceForm.ELDER_ABUSE, ViolenceForm.PSYCHOLOGICAL_ABUSE}),
            SourceKind.OWN_OBSERVATION,
            "De dochter zei tegen mij: ‘Ik slaap al weken niet. Soms schreeuw ik tegen "
            "mama. Daar schaam ik me voor.’",
            interpretation="De dochter is als mantelzorger overbelast."),
        RiskProfile(
            new_id(), t.ago(12), frozenset({RiskFactor.CARE_BURDEN, RiskFactor.SOCIAL_ISOLATION,
                                            RiskFactor.PSYCHIATRIC_PROBLEMS}),
            frozenset({ProtectiveFactor.OPEN_TO_HELP}), ViolenceDuration.ONE_TO_SIX_MONTHS,
            frozenset({PoliceInvolvement.NONE}),
            notes="Mevrouw heeft dementie en is voor eten, medicijnen en verzorging "
                  "afhankelijk van haar dochter. De dochter is mantelzorger en familie. Er is "
                  "geen mentor en geen bewindvoerder. De huisarts behandelt de dochter "
                  "sinds twee maanden voor een depressie."),
        _kindcheck_without_children(
            t, 12, {ParentalProblem.PSYCHIATRIC_PROBLEMS},
            "De dochter heeft een depressie (vraag 1). Zij heeft geen kinderen, is niet "
            "zwanger en er wonen geen kinderen in huis (vraag 2)."),
        Consultation(
            new_id(), t.ago(9), ConsultationPartner.ATTENTION_OFFICER, True,
            "Dit past bij ontspoorde mantelzorg. Spreek mevrouw eerst alleen en dan de "
            "dochter. Betrek de casemanager dementie.",
            ConsultationResult.SUSPICION_REMAINS),
        Conversation(
            new_id(), t.ago(6), True, t.ids(AURELIA, IOANA),
            other_participants="Casemanager dementie",
            what_was_said="Eerst met mevrouw alleen, daarna met de dochter: de plekken, het "
                          "gewicht en hoe zwaar de zorg is.",
            client_reaction="Mevrouw wil bij haar dochter blijven wonen. De dochter is "
                            "opgelucht dat zij het kan vertellen. Zij wil dagbesteding voor "
                            "haar moeder en af en toe een weekend rust.",
            agreements="De casemanager vraagt dagbesteding aan. De dochter belt de "
                       "casemanager als het ’s nachts misgaat."),
    )


# -- 7. the kindcheck ----------------------------------------------------------------

_BERIDZE = "Familie ბერიძე"
NINO = "ნინო ბერიძე"


def _beridze(t: Timeline) -> tuple[Record, ...]:
    return (
        Signal(
            new_id(), t.at(6, 10), t.ids(NINO), frozenset({ViolenceForm.EMOTIONAL_NEGLECT}),
            SourceKind.OWN_OBSERVATION,
            "Bij het huisbezoek om 10.30 uur rook mevrouw naar alcohol. Op het aanrecht "
            "stonden zes lege wijnflessen. Mevrouw zei: ‘Ik drink elke dag een fles, anders "
            "kan ik niet slapen.’ Op de koelkast hing een rooster van groep 5.",
            interpretation="Er woont misschien een kind bij mevrouw (het rooster van "
                           "groep 5).",
            is_hypothesis=True),
        Signal(
            new_id(), t.at(4, 13), t.ids(NINO), frozenset({ViolenceForm.EMOTIONAL_NEGLECT}),
            SourceKind.TOLD_BY_SOMEONE,
            "Mevrouw kwam sinds drie maanden op 4 van de 7 afspraken niet. Twee keer was "
            "zij volgens de schuldhulpverlener onder invloed.",
            source_detail="Schuldhulpverlener van de gemeente"),
        RiskProfile(
            new_id(), t.ago(4), frozenset({RiskFactor.ADDICTION, RiskFactor.DEBTS}),
            frozenset({ProtectiveFactor.OPEN_TO_HELP}),
            police=frozenset({PoliceInvolvement.NONE}),
            notes="Mevrouw kwam naar het wijkteam voor hulp bij haar schulden."),
    )


# -- the cases -----------------------------------------------------------------------

TRAINING_CASES: tuple[TrainingCase, ...] = (
    TrainingCase(
        "intimate_terror", _DURIC, FamilyProfile.INTIMATE_TERROR,
        (TrainingPerson(MILICA, Role.PARENT, 33, True),
         TrainingPerson(DRAGAN, Role.PARTNER, 37, True),
         TrainingPerson(LUKA, Role.CHILD, 9), TrainingPerson(ANA, Role.CHILD, 5)),
        _duric,
        "Milica (33) en Dragan (37) hebben twee kinderen: Luka (9) en Ana (5). Vader "
        "regelt het geld en bekijkt elke avond de telefoon van moeder. Luka vertelde op "
        "school dat vader moeder zaterdag bij de keel pakte. Gisteren sprak je moeder "
        "alleen. Zij bevestigt het, is bang, en wil niet dat vader weggaat.",
        "Stap 1 tot en met 3 zijn klaar. Maak nu de afweging: wat doe je?",
        WeighingAnswers(suspicion=True, acute_unsafety=True, structural_unsafety=True),
        "Wurgen is altijd acute onveiligheid, ook als het een paar dagen geleden is. Het is "
        "een sterk teken dat het geweld ernstiger kan worden. Er is ook een patroon: vader "
        "controleert het geld en de telefoon, en de kinderen zien het geweld. Dat is "
        "structurele onveiligheid. Meld dus meteen bij Veilig Thuis (meldnorm 1) en bespreek "
        "met Veilig Thuis wat moeder en de kinderen vannacht veilig houdt. Afweging 3 tot en "
        "met 5 maak je daarna samen met Veilig Thuis. Bij intieme terreur praat je niet met "
        "beide ouders samen. Vertel moeder dat je meldt, als dat veilig kan.",
        WeighingOutcomeKind.REPORT, ReportingNorm.UNSAFETY,
    ),
    TrainingCase(
        "family_under_stress", _DVORAK, FamilyProfile.FAMILY_UNDER_STRESS,
        (TrainingPerson(TEREZA, Role.PARENT, 38, True),
         TrainingPerson(MARTIN, Role.PARTNER, 40, True),
         TrainingPerson(JAKUB, Role.CHILD, 11), TrainingPerson(ELISKA, Role.CHILD, 4)),
        _dvorak,
        "Tereza (38) en Martin (40) hebben twee kinderen: Jakub (11) en Eliška (4). Martin "
        "verloor twee maanden geleden zijn baan. Er zijn schulden, er wordt meer gedronken "
        "en er is vaak ruzie. Twee weken geleden kwam de politie: de ouders hadden elkaar "
        "geduwd. In het gesprek schrokken beide ouders en vroegen zij zelf om hulp.",
        "Stap 1 tot en met 3 zijn klaar. Maak nu de afweging: wat doe je?",
        WeighingAnswers(suspicion=True, acute_unsafety=False, structural_unsafety=False,
                        help_possible=True, help_accepted=True),
        "Er is een vermoeden van partnergeweld, en Jakub hoorde de ruzie. Maar er is geen "
        "acute onveiligheid: geen letsel dat behandeld moest worden, geen wapen, en de ouders "
        "zijn allebei geschrokken. Het is ook (nog) geen vast patroon: de ouders duwden "
        "elkaar één keer, twee weken geleden. Een kind dat steeds opnieuw geweld ziet of "
        "hoort, is wel structureel onveilig. Het wijkteam kan hulp organiseren: "
        "schuldhulp, hulp om ruzie te maken zonder geweld, en steun voor Jakub. Beide "
        "ouders willen meedoen. Dus: hulp bieden, met afspraken over wat zij doen als het "
        "misgaat. Melden is hier (nog) niet nodig. Maak afweging 5 na zes weken. Komt de "
        "politie opnieuw, of hoort Jakub weer geweld? Dan is er een patroon en meld je.",
        WeighingOutcomeKind.OFFER_HELP,
    ),
    TrainingCase(
        "long_term_care", _FERREIRA, FamilyProfile.LONG_TERM_CARE,
        (TrainingPerson(MARCIA, Role.PARENT, 31, True),
         TrainingPerson(JOAO, Role.PARTNER, 35, True),
         TrainingPerson(TIAGO, Role.CHILD, 7), TrainingPerson(INES, Role.CHILD, 2)),
        _ferreira,
        "Márcia (31) heeft een licht verstandelijke beperking, João (35) een chronische "
        "depressie. Tiago (7) verzuimt vaak en komt vaak in dezelfde kleren op school. "
        "Inês (2) mist afspraken op het consultatiebureau. Er is al twee jaar begeleiding. "
        "De ouders houden van hun kinderen en werken overal aan mee, maar na een goede week "
        "zakt het steeds terug.",
        "Stap 1 tot en met 3 zijn klaar. Maak nu de afweging: wat doe je?",
        WeighingAnswers(suspicion=True, acute_unsafety=False, structural_unsafety=True),
        "Het is niet acuut: niemand is nu in direct gevaar, en de kinderen krijgen eten, "
        "kleren en een dak. Maar de zorgen zijn er al meer dan een jaar, ook met hulp. De "
        "problemen van de ouders maken de kinderen steeds weer onveilig en remmen hun "
        "ontwikkeling. Dat is structurele "
        "onveiligheid, en die meld je altijd (meldnorm 1). Ook als de ouders meewerken en "
        "hulp willen. Veilig Thuis kan de signalen van school, consultatiebureau en jou bij "
        "elkaar leggen. Je blijft hulp bieden, samen met Veilig Thuis.",
        WeighingOutcomeKind.REPORT, ReportingNorm.UNSAFETY,
    ),
    TrainingCase(
        "child_behaviour", _SORENSEN, FamilyProfile.CHILD_BEHAVIOUR_PARENTING_STRESS,
        (TrainingPerson(METTE, Role.PARENT, 41, True),
         TrainingPerson(JORGEN, Role.PARTNER, 43, True),
         TrainingPerson(OSKAR, Role.CHILD, 9), TrainingPerson(FREJA, Role.CHILD, 6)),
        _sorensen,
        "Oskar (9) heeft ADHD en autisme. School zag blauwe plekken op zijn schenen. "
        "Moeder Mette huilde bij het schoolhek: ‘Ik kan het niet meer.’ De deskundige voor "
        "letsel zegt dat de plekken passen bij spelen en sport. Oskar en zijn "
        "voetbaltrainer vertellen hetzelfde. De ouders willen hulp bij de opvoeding.",
        "Stap 1 tot en met 3 zijn klaar. Maak nu de afweging: wat doe je?",
        WeighingAnswers(suspicion=False),
        "Er is geen vermoeden meer van geweld. De deskundige voor letsel zegt dat de "
        "plekken passen bij spelen en sport. Oskar en de trainer vertellen hetzelfde, en de "
        "kinderarts beschrijft zijn gedrag. De opvoedstress is echt, maar stress is geen "
        "geweld. Sluit de meldcode af en schrijf op waarom. Bied wel hulp bij de opvoeding, "
        "buiten de meldcode. Let op: bij dit gezinsprofiel kan het gedrag van een kind ook "
        "een reactie zijn op geweld thuis. Komen er nieuwe signalen? Begin dan opnieuw bij "
        "stap 1.",
        WeighingOutcomeKind.CLOSE,
    ),
    TrainingCase(
        "complex_divorce", _VISSER, FamilyProfile.COMPLEX_CONFLICT_DIVORCE,
        (TrainingPerson(BAS, Role.PARENT, 42, True),
         TrainingPerson(RANIA, Role.EX_PARTNER, 39, True),
         TrainingPerson(YARA, Role.CHILD, 10), TrainingPerson(SAMI, Role.CHILD, 7)),
        _visser,
        "Bas (42) en Rania (39) zijn gescheiden en hebben veel ruzie over Yara (10) en "
        "Sami (7). Tien weken geleden besloot je hulp te bieden: ouderschapsbemiddeling en "
        "een kindercoach. Nu zijn er nieuwe signalen. De ouders kwamen op 2 van de 5 "
        "afspraken niet en praten alleen via hun advocaten. Yara verzuimt op de wisseldag.",
        "De hulp loopt nu tien weken. Maak de afweging opnieuw, tot en met afweging 5.",
        WeighingAnswers(suspicion=True, acute_unsafety=False, structural_unsafety=False,
                        help_possible=True, help_accepted=True, help_effective=False),
        "De hulp leidt niet tot veiligheid: de ouders komen niet naar de bemiddeling, Yara "
        "verzuimt op de wisseldag en de kinderen zitten nog steeds klem tussen hun ouders. "
        "Afweging 5 is dus ‘nee’: meld bij Veilig Thuis (meldnorm 3). Je kunt ook zeggen dat "
        "de ouders niet meewerken (afweging 4 ‘nee’); ook dan meld je met meldnorm 3. "
        "Afweging 2 blijft ‘nee’: er is geen acute onveiligheid, geen lichamelijk geweld en geen "
        "politie-inzet. Stop bij de melding niet met de hulp. Veilig Thuis kan zo nodig de "
        "Raad voor de Kinderbescherming inschakelen.",
        WeighingOutcomeKind.REPORT, ReportingNorm.HELP_FAILS,
    ),
    TrainingCase(
        "elder_abuse", _BALANESCU, None,
        (TrainingPerson(AURELIA, Role.PARENT, 84),
         TrainingPerson(IOANA, Role.HOUSEHOLD_MEMBER, 56)),
        _balanescu,
        "Aurelia (84) heeft dementie en woont bij haar dochter Ioana (56). Ioana zorgt "
        "alleen voor haar, sinds de thuiszorg minder komt. Mevrouw had blauwe plekken op "
        "haar polsen en is afgevallen. Ioana slaapt slecht en schreeuwt soms tegen haar "
        "moeder. In het gesprek vroeg Ioana zelf om hulp.",
        "Stap 1 tot en met 3 zijn klaar. Maak nu de afweging: wat doe je?",
        WeighingAnswers(suspicion=True, acute_unsafety=False, structural_unsafety=False,
                        help_possible=True, help_accepted=True),
        "Dit is ontspoorde mantelzorg: Ioana wil haar moeder geen pijn doen, maar zij is "
        "overbelast. Er is een vermoeden van ouderenmishandeling. Het is niet acuut: "
        "mevrouw krijgt eten en medicijnen, en Ioana werkt mee. Het is ook geen vast "
        "patroon: het begon toen de thuiszorg minder kwam. Hulp voor de mantelzorger is hier "
        "hulp voor de veiligheid: casemanager dementie, dagbesteding, respijtzorg en steun "
        "voor Ioana. Spreek af wat Ioana doet als het ’s nachts misgaat, en maak afweging 5 "
        "na zes weken. Komen er nieuwe plekken of valt mevrouw verder af? Dan meld je.",
        WeighingOutcomeKind.OFFER_HELP,
    ),
    TrainingCase(
        "kindcheck", _BERIDZE, None,
        (TrainingPerson(NINO, Role.PARENT, 36),),
        _beridze,
        "Nino (36) kwam naar het wijkteam voor hulp bij haar schulden. Zij drinkt elke dag. "
        "Vandaag vraag je naar kinderen. Nino vertelt: Mariam (8) woont bij haar. Giorgi "
        "(14) woont bij zijn vader en is om het weekend bij haar, vaak alleen met haar. "
        "Mariam maakt ’s ochtends zelf haar ontbijt en gaat alleen naar school, ‘want ik "
        "slaap dan nog’. Nino zegt dat de kinderen niets merken van het drinken. Zij wil "
        "geen hulp bij het drinken, wel bij het geld. Er is geen andere hulpverlener.",
        "Doe de kindcheck. Wat is de uitkomst?",
        KindcheckAnswers(
            parental_problems=frozenset({ParentalProblem.ADDICTION}),
            child_contacts=frozenset({ChildContact.OWN_CHILDREN}),
            children=(
                KindcheckChild(8, ChildResidence.WITH_CLIENT),
                KindcheckChild(14, ChildResidence.ELSEWHERE, "Vader",
                               contact="Om het weekend", alone_with_client=True),
            ),
            children_notice="Volgens Nino niets.",
            care_and_safety="Mariam zorgt ’s ochtends voor zichzelf.",
            help_wanted=False,
            concerns=ConcernsAnswer.REMAIN,
        ),
        "Nino heeft een verslaving. Dat kan kinderen ernstig schaden (vraag 1: ja). Zij "
        "zorgt voor Mariam en is om het weekend alleen met Giorgi (vraag 2: ja). Haar "
        "antwoorden nemen de zorgen niet weg: Mariam zorgt ’s ochtends voor zichzelf, Giorgi "
        "is alleen met een moeder die drinkt, en Nino wil geen hulp bij het drinken. De "
        "zorgen blijven: ga verder met de meldcode. Twijfel je? Overleg dan eerst met een "
        "collega of Veilig Thuis (stap 2). Let op: vraag ook naar kinderen als iemand voor "
        "iets anders komt, zoals schulden.",
        KindcheckOutcomeKind.CONTINUE_MELDCODE,
    ),
)


def training_case(household_name: str) -> TrainingCase | None:
    """The training case of this household, if it is one."""
    return next((c for c in TRAINING_CASES if c.household_name == household_name), None)


def training_case_by_key(key: str) -> TrainingCase:
    """The training case with ``key``; ``KeyError`` for an unknown key."""
    for case in TRAINING_CASES:
        if case.key == key:
            return case
    raise KeyError(key)
