"""A demo store filled with fictional families.

Every name here is made up. The families cover the five family profiles and
elder abuse, and use diacritics and non-Latin scripts so that every screen and
export is seen with real-world names. Later features add their signals, steps
and plans to these same households.

The meldcode records (``add_demo_records``) put each family at another point of
the five steps, so the case list shows every state: signals with a corrected
one (Yılmaz), two kindcheck runs (Kowalski / de Groot), step 3 (Nguyễn), a
decision to report (Коваленко), the acute path (Παπαδόπουλος) and help offered
with a follow-up date (van Dijk). Dates count back from today.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from app.cases.model import Person, Role, new_id, utc_now
from app.forms.handover import HandoverDetails, ReportKind, WorkerProfile
from app.meldcode.afwegingskader import (
    ReportingNorm,
    Weighing,
    WeighingAnswers,
    WeighingOutcomeKind,
)
from app.meldcode.kindcheck import (
    ChildContact,
    ChildResidence,
    ConcernsAnswer,
    KindcheckAnswers,
    KindcheckChild,
    KindcheckRun,
    KindcheckTrigger,
    ParentalProblem,
)
from app.meldcode.records import (
    AcuteContact,
    AcutePath,
    Consultation,
    ConsultationPartner,
    ConsultationResult,
    Conversation,
    Decision,
    RiskProfile,
)
from app.meldcode.signals import Signal
from app.meldcode.vocabulary import (
    PoliceInvolvement,
    ProtectiveFactor,
    RiskFactor,
    SourceKind,
    ViolenceDuration,
    ViolenceForm,
)
from app.services import handover as handover_service
from app.services import meldcode
from app.services import safety as safety_service
from app.services.cases import add_person, create_case
from app.store.store import Store, StoreKind


@dataclass(frozen=True)
class DemoPerson:
    name: str
    role: Role
    born: date
    parental_authority: bool | None = None
    #: Other declared fields (``PERSON_FIELDS``): address, phone, school, language.
    details: tuple[tuple[str, object], ...] = ()
    #: Lives at the same address as this person of the family (by name).
    lives_with: str = ""


@dataclass(frozen=True)
class DemoFamily:
    household_name: str
    people: tuple[DemoPerson, ...]


DEMO_FAMILIES: tuple[DemoFamily, ...] = (
    DemoFamily("Familie Yılmaz", (
        DemoPerson("Şükran Yılmaz", Role.PARENT, date(1991, 3, 14), True, (
            ("street", "Esdoornstraat 12"), ("postcode", "8021 KL"), ("place", "Zwolle"),
            ("phone", "06-12 00 00 01"), ("language", "Turks"),
            ("interpreter_needed", True))),
        # Emre stays with his brother for now (the safety plan).
        DemoPerson("Emre Yılmaz", Role.PARTNER, date(1988, 7, 2), True, (
            ("street", "Populierenlaan 3"), ("postcode", "8022 AB"), ("place", "Zwolle"),
            ("phone", "06-12 00 00 02"), ("language", "Turks, Nederlands"),
            ("interpreter_needed", False))),
        DemoPerson("Ayşe Yılmaz", Role.CHILD, date(2018, 5, 21),
                   details=(("school", "Basisschool De Esdoorn, groep 3"),),
                   lives_with="Şükran Yılmaz"),
        DemoPerson("Can Yılmaz", Role.CHILD, date(2021, 1, 9),
                   details=(("school", "Kinderdagverblijf Het Nest"),),
                   lives_with="Şükran Yılmaz"),
    )),
    DemoFamily("Familie Kowalski / de Groot", (
        DemoPerson("Łukasz Kowalski", Role.PARENT, date(1985, 11, 30), True),
        DemoPerson("Zoë de Groot", Role.EX_PARTNER, date(1987, 4, 17), True),
        DemoPerson("Maja Kowalski", Role.CHILD, date(2014, 8, 3)),
        DemoPerson("Tymon Kowalski", Role.CHILD, date(2017, 2, 25)),
    )),
    DemoFamily("Familie Nguyễn", (
        DemoPerson("Nguyễn Thị Mai", Role.PARENT, date(1997, 6, 12), True),
        DemoPerson("Trần Văn Minh", Role.PARTNER, date(1995, 9, 28), False),
        DemoPerson("Nguyễn Bảo An", Role.CHILD, date(2024, 3, 1)),
    )),
    DemoFamily("Familie Коваленко", (
        DemoPerson("Олена Коваленко", Role.PARENT, date(1981, 12, 5), True, (
            ("street", "Kamperstraat 40b"), ("postcode", "8011 LX"), ("place", "Zwolle"),
            ("phone", "06-12 00 00 03"), ("language", "Oekraïens"),
            ("interpreter_needed", True))),
        DemoPerson("Дмитро Коваленко", Role.CHILD, date(2012, 10, 19),
                   details=(("school", "Thomas a Kempis College, 2 havo"),
                            ("language", "Oekraïens, Nederlands")),
                   lives_with="Олена Коваленко"),
    )),
    DemoFamily("Familie Παπαδόπουλος", (
        DemoPerson("Σοφία Παπαδοπούλου", Role.PARENT, date(1990, 1, 23), True),
        DemoPerson("Νίκος Παπαδόπουλος", Role.CHILD, date(2015, 7, 7)),
        DemoPerson("Jeroen Brouwer", Role.PARTNER, date(1984, 5, 16), False),
    )),
    DemoFamily("Familie van Dijk", (
        DemoPerson("Grietje van Dijk-Bakker", Role.PARENT, date(1944, 2, 11)),
        DemoPerson("Henk van Dijk", Role.HOUSEHOLD_MEMBER, date(1971, 8, 22)),
    )),
)


# -- meldcode records ----------------------------------------------------------
#
# Fictional, and valid under the rules of app.meldcode: the services refuse
# anything else, so the demo also shows that every state can be reached.


@dataclass(frozen=True)
class _Family:
    """What the demo records of one household need: the store, the case,
    person ids by name, and the moment the demo is made."""

    store: Store
    case_id: str
    people: dict[str, Person]
    now: datetime

    def id(self, name: str) -> str:
        return self.people[name].id

    def ago(self, days: int) -> date:
        return self.now.astimezone().date() - timedelta(days=days)

    def at(self, days: int, hour: int) -> datetime:
        """``days`` ago at ``hour`` o'clock UTC, never later than now."""
        moment = datetime.combine(self.ago(days), time(hour), tzinfo=UTC)
        return min(moment, self.now)

    def age(self, name: str) -> int | None:
        return self.people[name].age_on(self.ago(0))


def _yilmaz(f: _Family) -> None:
    """Step 1: two signals, one corrected, and the risk factors; no kindcheck yet."""
    told = Signal(
        new_id(), f.at(12, 9), (f.id("Ayşe Yılmaz"),),
        frozenset({ViolenceForm.WITNESSING_PARTNER_VIOLENCE}), SourceKind.TOLD_BY_SOMEONE,
        "Ayşe vertelde in de kring dat papa en mama 's nachts hard schreeuwen en dat de "
        "deur van de slaapkamer kapot is.",
        source_detail="Leerkracht groep 3",
        interpretation="Ayşe is mogelijk getuige van geweld tussen haar ouders.",
        is_hypothesis=True,
    )
    seen = Signal(
        new_id(), f.at(10, 14), (f.id("Şükran Yılmaz"),),
        frozenset({ViolenceForm.PARTNER_VIOLENCE}), SourceKind.OWN_OBSERVATION,
        "Blauwe plek op de linkeronderarm van moeder, ongeveer 4 cm. Moeder trok haar mouw "
        "snel omlaag toen ik ernaar keek.",
    )
    meldcode.record_signal(f.store, f.case_id, told)
    meldcode.record_signal(f.store, f.case_id, seen)
    meldcode.correct_signal(
        f.store, f.case_id,
        replace(seen, facts=seen.facts.replace("linkeronderarm", "rechteronderarm")),
        "Verkeerde arm genoteerd. Nagekeken in mijn aantekeningen van het huisbezoek.",
    )
    meldcode.record_risk_profile(f.store, f.case_id, RiskProfile(
        new_id(), f.ago(9), frozenset({RiskFactor.DEBTS, RiskFactor.SOCIAL_ISOLATION}),
        frozenset({ProtectiveFactor.OPEN_TO_HELP}), ViolenceDuration.ONE_TO_SIX_MONTHS,
        frozenset({PoliceInvolvement.NONE}),
    ))
    _yilmaz_safety_plan(f)


def _yilmaz_safety_plan(f: _Family) -> None:
    """A phase-1 safety plan: intimate terror, three Veilig Thuis conditions
    with agreements that answer them, a network, tension signals, emergency
    contacts and a short scaling history."""
    from app.safety import (
        Actor,
        ActorKind,
        ConditionSource,
        ConditionStatus,
        FamilyProfile,
        ItemStatus,
        Phase,
        PlanItem,
        SafetyCondition,
        ScaleScore,
        ScaleView,
        SignalResponse,
        SupportPerson,
        TensionSignal,
        select_profiles,
    )

    s, case = safety_service, f.case_id
    emre = Actor(ActorKind.FAMILY_MEMBER, person_id=f.id("Emre Yılmaz"))
    sukran = Actor(ActorKind.FAMILY_MEMBER, person_id=f.id("Şükran Yılmaz"))
    worker = Actor(ActorKind.PROFESSIONAL, name="Sanne de Vries, wijkteam")
    # Veilig Thuis's formal text, and how the family says it (for its own plan).
    violence, children, phone = (SafetyCondition(new_id(), text, ConditionSource.VEILIG_THUIS,
                                                 f.ago(8), family_words=words)
                                 for text, words in (
        ("Er is geen sprake meer van fysiek geweld, bedreiging of intimidatie tussen de "
         "ouders.", "Niemand in huis slaat, duwt of bedreigt een ander."),
        ("De kinderen worden niet langer blootgesteld aan huiselijk geweld tussen de ouders.",
         "Ayşe en Can zien en horen geen ruzie en geen geweld meer."),
        ("Moeder heeft zelfstandig toegang tot communicatiemiddelen en onderhoudt zelfstandig "
         "contact met haar sociale netwerk.",
         "Şükran heeft een eigen telefoon. Zij belt en ziet zelf haar familie en vrienden."),
    ))
    s.add_conditions(f.store, case, [violence, children, phone], now=f.at(8, 10))
    s.set_biggest_concern(f.store, case, "Emre slaat en bedreigt Şükran. Ayşe en Can zien en "
                          "horen dat. Şükran durft niet alleen de deur uit.", now=f.at(8, 10))
    s.set_profiles(f.store, case, select_profiles({FamilyProfile.INTIMATE_TERROR},
                                                  FamilyProfile.INTIMATE_TERROR),
                   now=f.at(8, 10))
    for what, why, who, due, answers, status in (
        ("Emre woont voorlopig bij zijn broer Mehmet. Hij komt alleen thuis als dat is "
         "afgesproken.", "Zo is er thuis rust en kan het geweld niet gebeuren.", emre, None,
         {violence.id, children.id}, ItemStatus.IN_PROGRESS),
        ("Emre meldt zich aan voor de training ‘Stoppen met geweld’.",
         "Emre leert zijn boosheid te stoppen voordat hij slaat.", emre, f.ago(-5),
         {violence.id}, ItemStatus.OPEN),
        ("Ayşe en Can gaan naar oma Fatma als het thuis onrustig wordt.",
         "De kinderen zijn dan weg van de ruzie.",
         Actor(ActorKind.NETWORK, name="Fatma Demir (oma)"), None, {children.id},
         ItemStatus.OPEN),
        ("Şükran krijgt een eigen telefoon. Het wijkteam regelt dit samen met haar.",
         "Şükran moet zelf hulp kunnen halen en contact houden.", worker, f.ago(-2),
         {phone.id}, ItemStatus.IN_PROGRESS),
        ("Şükran bewaart de noodnummers in haar telefoon en op het briefje in de keuken.",
         "Dan weet zij wie zij moet bellen.", sukran, None, {violence.id}, ItemStatus.DONE),
    ):
        # Without a date these are standing agreements, for as long as needed.
        s.add_item(f.store, case, PlanItem(new_id(), what, why, who, Phase.DIRECT_SAFETY, due,
                                           status, answers=frozenset(answers),
                                           ongoing=due is None),
                   now=f.at(7, 11))
    s.set_condition_status(f.store, case, phone.id, ConditionStatus.IN_PROGRESS, f.ago(4),
                           "Telefoon is aangevraagd.", now=f.at(4, 9))
    for name, role, reach in (
        ("Fatma Demir", "oma van Ayşe en Can", "06-41 22 33 44"),
        ("Mehmet Yılmaz", "broer van Emre", "06-18 76 54 32"),
        ("Ingrid Jansen", "buurvrouw", "Huisnummer 14, of 06-29 11 22 33"),
    ):
        s.add_support_person(f.store, case, SupportPerson(new_id(), name, role, reach),
                             now=f.at(7, 12))
    s.add_tension_signal(f.store, case, TensionSignal(
        new_id(), "Emre gaat harder praten en loopt heen en weer.", (
            SignalResponse(emre, "gaat meteen naar buiten en belt zijn broer Mehmet."),
            SignalResponse(sukran, "gaat met de kinderen naar buurvrouw Ingrid."),
        )), now=f.at(7, 12))
    s.add_tension_signal(f.store, case, TensionSignal(
        new_id(), "Emre heeft gedronken.", (
            SignalResponse(sukran, "laat hem niet binnen en belt oma Fatma."),
            SignalResponse(Actor(ActorKind.NETWORK, name="Fatma Demir (oma)"),
                           "komt de kinderen halen."),
        )), now=f.at(7, 12))
    s.add_named_contact(f.store, case, "Oma Fatma", "06-41223344", now=f.at(7, 12))
    s.add_named_contact(f.store, case, "Wijkagent Joost Bakker", "0900-8844", now=f.at(7, 12))
    s.set_arrangements(
        f.store, case, overseer="Sanne de Vries, wijkteam",
        evaluate_with="Met Şükran apart, daarna met Emre apart",
        terms="Deze afspraken gelden in elk geval tot we weer samen praten.",
        if_kept="Gaat het goed? Dan maken we samen een plan voor de tijd daarna.",
        if_not_kept="Lukt een afspraak niet? Dan belt het wijkteam Veilig Thuis.",
        evaluate_on=f.ago(-10), now=f.at(7, 13))
    for days, worker_score, family_score in ((8, 2, 3), (4, 3, 5), (1, 4, 5)):
        for view, score in ((ScaleView.WORKER, worker_score), (ScaleView.FAMILY, family_score)):
            s.add_scale_score(f.store, case, ScaleScore(
                f.id("Şükran Yılmaz"), f.ago(days), view, score,
                "Sanne de Vries" if view is ScaleView.WORKER else "Şükran"),
                now=f.at(days, 15))


def _kowalski(f: _Family) -> None:
    """Step 2: a signal, risk factors and two kindcheck runs (doubt, then a new worry)."""
    maja, tymon = "Maja Kowalski", "Tymon Kowalski"
    meldcode.record_signal(f.store, f.case_id, Signal(
        new_id(), f.at(30, 10), (f.id(maja), f.id(tymon)),
        frozenset({ViolenceForm.PSYCHOLOGICAL_ABUSE}), SourceKind.TOLD_BY_SOMEONE,
        "Maja zegt dat ze bij de overdracht tussen vader en moeder steeds moet zeggen bij "
        "wie ze liever woont. Ze huilde toen ze dit vertelde.",
        source_detail="Intern begeleider van de school",
    ))
    meldcode.record_risk_profile(f.store, f.case_id, RiskProfile(
        new_id(), f.ago(28), frozenset({RiskFactor.SEPARATION_CONFLICT}),
        frozenset({ProtectiveFactor.HELP_ALREADY_INVOLVED}), ViolenceDuration.OVER_A_YEAR,
        frozenset({PoliceInvolvement.CALL_OUT}),
    ))
    children = (
        KindcheckChild(f.age(maja), ChildResidence.PARTLY_WITH_CLIENT,
                       care_shared_with="Moeder (co-ouderschap)"),
        KindcheckChild(f.age(tymon), ChildResidence.PARTLY_WITH_CLIENT,
                       care_shared_with="Moeder (co-ouderschap)"),
    )
    answers = KindcheckAnswers(
        parental_problems=frozenset({ParentalProblem.PSYCHIATRIC_PROBLEMS}),
        child_contacts=frozenset({ChildContact.OWN_CHILDREN}),
        children=children,
    )
    meldcode.record_kindcheck_run(f.store, f.case_id, KindcheckRun(
        new_id(), f.ago(28), KindcheckTrigger.INTAKE,
        replace(answers, concerns=ConcernsAnswer.DOUBT),
    ))
    meldcode.record_kindcheck_run(f.store, f.case_id, KindcheckRun(
        new_id(), f.ago(6), KindcheckTrigger.NEW_WORRY,
        replace(answers, concerns=ConcernsAnswer.REMAIN),
        notes="Vader slaapt slecht en is sinds de scheiding snel boos.",
    ))


def _nguyen(f: _Family) -> None:
    """Step 3: signals, risk factors, kindcheck and a consultation done."""
    an = "Nguyễn Bảo An"
    meldcode.record_signal(f.store, f.case_id, Signal(
        new_id(), f.at(21, 11), (f.id(an),), frozenset({ViolenceForm.PHYSICAL_NEGLECT}),
        SourceKind.TOLD_BY_SOMEONE,
        "An is twee keer niet gekomen op het consultatiebureau. Bij het laatste bezoek lag "
        "het gewicht onder de groeicurve.",
        source_detail="Jeugdverpleegkundige van het consultatiebureau",
    ))
    meldcode.record_signal(f.store, f.case_id, Signal(
        new_id(), f.at(15, 15), (f.id(an),), frozenset({ViolenceForm.PHYSICAL_NEGLECT}),
        SourceKind.OWN_OBSERVATION,
        "Tijdens het huisbezoek om 15.00 uur lag An in een natte luier. Er was geen "
        "flesvoeding in huis.",
        interpretation="Moeder heeft misschien geen geld voor voeding.",
    ))
    meldcode.record_risk_profile(f.store, f.case_id, RiskProfile(
        new_id(), f.ago(15), frozenset({RiskFactor.POVERTY, RiskFactor.HOUSING_PROBLEMS}),
        frozenset({ProtectiveFactor.OPEN_TO_HELP}), ViolenceDuration.ONE_WEEK_TO_ONE_MONTH,
        frozenset({PoliceInvolvement.NONE}),
    ))
    meldcode.record_kindcheck_run(f.store, f.case_id, KindcheckRun(
        new_id(), f.ago(15), KindcheckTrigger.INTAKE, KindcheckAnswers(
            parental_problems=frozenset({ParentalProblem.THREATENED_EVICTION}),
            child_contacts=frozenset({ChildContact.OWN_CHILDREN}),
            children=(KindcheckChild(f.age(an), ChildResidence.WITH_CLIENT,
                                     care_shared_with="Vader"),),
            concerns=ConcernsAnswer.REMAIN,
        ),
    ))
    meldcode.record_consultation(f.store, f.case_id, Consultation(
        new_id(), f.ago(8), ConsultationPartner.ATTENTION_OFFICER, True,
        "Bespreek de zorgen met moeder en vader samen. Vraag naar geld voor voeding en "
        "naar de huur.",
        ConsultationResult.SUSPICION_REMAINS,
    ))


def _kovalenko(f: _Family) -> None:
    """Steps 1 to 5 done: the weighing says report (norm 2), and so does the decision."""
    olena, dmytro = "Олена Коваленко", "Дмитро Коваленко"
    meldcode.record_signal(f.store, f.case_id, Signal(
        new_id(), f.at(40, 9), (f.id(dmytro),), frozenset({ViolenceForm.EMOTIONAL_NEGLECT}),
        SourceKind.DOCUMENT,
        "Dmytro was dit schooljaar 23 dagen ongeoorloofd afwezig.",
        source_detail="Brief van de leerplichtambtenaar",
    ))
    meldcode.record_signal(f.store, f.case_id, Signal(
        new_id(), f.at(33, 16), (f.id(olena), f.id(dmytro)),
        frozenset({ViolenceForm.EMOTIONAL_NEGLECT}), SourceKind.OWN_OBSERVATION,
        "Moeder rook om 16.00 uur naar alcohol. Dmytro maakte zelf eten klaar voor allebei.",
    ))
    meldcode.record_risk_profile(f.store, f.case_id, RiskProfile(
        new_id(), f.ago(33), frozenset({RiskFactor.ADDICTION, RiskFactor.SOCIAL_ISOLATION}),
        duration=ViolenceDuration.SIX_MONTHS_TO_ONE_YEAR,
        police=frozenset({PoliceInvolvement.NONE}),
    ))
    meldcode.record_kindcheck_run(f.store, f.case_id, KindcheckRun(
        new_id(), f.ago(33), KindcheckTrigger.INTAKE, KindcheckAnswers(
            parental_problems=frozenset({ParentalProblem.ADDICTION}),
            child_contacts=frozenset({ChildContact.OWN_CHILDREN}),
            children=(KindcheckChild(f.age(dmytro),
                                     ChildResidence.WITH_CLIENT, alone_with_client=True),),
            concerns=ConcernsAnswer.REMAIN,
        ),
    ))
    meldcode.record_consultation(f.store, f.case_id, Consultation(
        new_id(), f.ago(26), ConsultationPartner.VEILIG_THUIS_ADVICE, True,
        "Ga in gesprek met moeder over haar drinken en over Dmytro. Verslavingszorg is "
        "nodig; kan het wijkteam dat organiseren?",
        ConsultationResult.SUSPICION_REMAINS,
    ))
    meldcode.record_conversation(f.store, f.case_id, Conversation(
        new_id(), f.ago(19), True, (f.id(olena),), other_participants="Tolk Oekraïens",
        what_was_said="De afwezigheid van Dmytro en het drinken van moeder besproken.",
        client_reaction="Moeder zegt dat zij het niet redt en geen hulp van de "
                        "verslavingszorg wil.",
    ))
    weighing = Weighing(
        new_id(), f.ago(5), WeighingAnswers(True, False, False, False),
        "Moeder wil geen verslavingszorg; zonder die hulp kan het wijkteam de zorg voor "
        "Dmytro niet veilig genoeg maken.",
    )
    meldcode.record_weighing(f.store, f.case_id, weighing)
    meldcode.record_decision(f.store, f.case_id, Decision(
        new_id(), f.ago(4), WeighingOutcomeKind.REPORT, ReportingNorm.NO_SUFFICIENT_HELP,
        weighing.id, client_informed=True,
    ))
    handover_service.set_handover_details(f.store, f.case_id, HandoverDetails(
        ReportKind.REPORT,
        reporter_relation="Ik begeleid Олена sinds januari vanuit het wijkteam.",
        other_professionals="Huisarts dr. J. Özdemir, Gezondheidscentrum De Linde, "
                            "038-4211000. Leerplichtambtenaar M. Visser, gemeente.",
        supporting_network="Buurvrouw Halyna Bondarenko (kijkt na school naar Dmytro). "
                           "Oom Taras in Kampen, telefonisch bereikbaar.",
        agreements="Dmytro eet op doordeweekse dagen bij de buurvrouw. Moeder belt het "
                   "wijkteam als zij gedronken heeft en Dmytro thuis is.",
        not_for_family="Buurvrouw vertelde dat moeder 's avonds soms niet thuiskomt. Zij wil "
                       "niet dat moeder weet dat dit van haar komt.",
        attachments="Brief van de leerplichtambtenaar (verzuimoverzicht dit schooljaar).",
    ))


def _papadopoulos(f: _Family) -> None:
    """The acute path: Veilig Thuis and the police called; the decision (step 5) is next."""
    told_on = f.at(1, 8)
    meldcode.record_signal(f.store, f.case_id, Signal(
        new_id(), told_on, (f.id("Σοφία Παπαδοπούλου"), f.id("Νίκος Παπαδόπουλος")),
        frozenset({ViolenceForm.PARTNER_VIOLENCE, ViolenceForm.WITNESSING_PARTNER_VIOLENCE}),
        SourceKind.TOLD_BY_SOMEONE,
        "Nikos vertelt dat de partner van moeder gisteravond met een mes zwaaide en zei dat "
        "hij moeder iets aandoet als zij weggaat.",
        source_detail="Nikos zelf, op school",
        acute_indication=True,
    ))
    meldcode.record_acute_path(f.store, f.case_id, AcutePath(
        new_id(), told_on + timedelta(minutes=20),
        "Dreiging met een mes en met geweld als moeder weggaat.",
        frozenset({AcuteContact.VEILIG_THUIS, AcuteContact.POLICE}),
        agreements="Moeder en Nikos slapen vannacht bij de zus van moeder. De politie "
                   "rijdt langs.",
    ))
    _papadopoulos_safety_plan(f)


def _papadopoulos_safety_plan(f: _Family) -> None:
    """The phase-1 plan after the acute path: two conditions of Veilig Thuis in
    its formal words and in the family's, agreements, the aunt as network."""
    from app.safety import (
        Actor,
        ActorKind,
        ConditionSource,
        Phase,
        PlanItem,
        SafetyCondition,
        SignalResponse,
        SupportPerson,
        TensionSignal,
    )

    s, case, now = safety_service, f.case_id, f.at(0, 7)
    sofia = Actor(ActorKind.FAMILY_MEMBER, person_id=f.id("Σοφία Παπαδοπούλου"))
    nikos = Actor(ActorKind.FAMILY_MEMBER, person_id=f.id("Νίκος Παπαδόπουλος"))
    aunt = Actor(ActorKind.NETWORK, name="Ελένη Παπαδοπούλου (tante)")
    # Names as the household has them, so that discreet mode can mask them.
    away, distance = (SafetyCondition(new_id(), text, ConditionSource.VEILIG_THUIS, f.ago(0),
                                      family_words=words) for text, words in (
        ("Moeder en kind verblijven op een veilig adres totdat de veiligheid in de "
         "thuissituatie is gewaarborgd.",
         "Σοφία en Νίκος slapen bij tante Ελένη tot het thuis weer veilig is."),
        ("Er is geen contact tussen de partner van moeder en moeder of kind, tenzij dit "
         "vooraf met Veilig Thuis is afgestemd.",
         "Jeroen komt niet bij Σοφία en Νίκος. Hij belt en appt ook niet."),
    ))
    s.add_conditions(f.store, case, [away, distance], now=now)
    s.set_biggest_concern(f.store, case, "Jeroen dreigde met een mes. Hij zei dat hij Σοφία "
                          "iets aandoet als zij weggaat. Νίκος zag en hoorde het.", now=now)
    for what, why, who, due, answers in (
        ("Σοφία en Νίκος slapen bij tante Ελένη.", "Daar weet Jeroen de weg niet.", sofia,
         None, {away.id}),
        ("Σοφία neemt niet op als Jeroen belt of appt. Staat hij voor de deur? Dan belt zij "
         "112.", "Zo komt er geen contact.", sofia, None, {distance.id}),
        ("Νίκος zegt het tegen de juf als hij bang is of Jeroen ziet.",
         "Dan weet de school het meteen.", nikos, None, {distance.id}),
        ("Het wijkteam zoekt samen met Σοφία een advocaat voor een contactverbod.",
         "Een contactverbod beschermt Σοφία en Νίκος.",
         Actor(ActorKind.PROFESSIONAL, name="Fatima van het wijkteam"), f.ago(-7),
         {distance.id}),
    ):
        s.add_item(f.store, case, PlanItem(new_id(), what, why, who, Phase.DIRECT_SAFETY, due,
                                           answers=frozenset(answers), ongoing=due is None),
                   now=now)
    s.add_support_person(f.store, case, SupportPerson(
        new_id(), "Ελένη Παπαδοπούλου", "tante van Νίκος", "06-52 33 44 55"), now=now)
    s.add_tension_signal(f.store, case, TensionSignal(
        new_id(), "Jeroen stuurt veel berichten of staat in de straat.", (
            SignalResponse(sofia, "blijft binnen, doet de deur niet open en belt 112."),
            SignalResponse(aunt, "haalt Νίκος op van school."),
        )), now=now)
    s.add_named_contact(f.store, case, "Tante Ελένη", "06-52334455", now=now)
    s.set_arrangements(
        f.store, case, overseer="Fatima van het wijkteam",
        evaluate_with="Eerst met Σοφία, daarna met Νίκος",
        terms="Deze afspraken gelden in elk geval tot we weer samen praten.",
        if_kept="Gaat het goed? Dan kijken we samen hoe Σοφία en Νίκος weer veilig thuis "
                "kunnen wonen.",
        if_not_kept="Komt Jeroen toch? Bel dan 112. Het wijkteam belt daarna Veilig Thuis.",
        evaluate_on=f.ago(-7), now=now)


def _van_dijk(f: _Family) -> None:
    """Elder abuse, steps 1 to 5 done: help offered, weighing 5 after the follow-up term."""
    grietje, henk = "Grietje van Dijk-Bakker", "Henk van Dijk"
    meldcode.record_signal(f.store, f.case_id, Signal(
        new_id(), f.at(35, 10), (f.id(grietje),),
        frozenset({ViolenceForm.FINANCIAL_ABUSE, ViolenceForm.ELDER_ABUSE}),
        SourceKind.DOCUMENT,
        "Op de bankafschriften van vorige maand staan 14 pinopnames van samen € 2.300. "
        "Mevrouw zegt dat zij zelf niet meer pint.",
        source_detail="Bankafschriften die mevrouw liet zien",
    ))
    meldcode.record_risk_profile(f.store, f.case_id, RiskProfile(
        new_id(), f.ago(35), frozenset({RiskFactor.CARE_BURDEN, RiskFactor.DEBTS}),
        frozenset({ProtectiveFactor.SUPPORTIVE_NETWORK}), ViolenceDuration.SIX_MONTHS_TO_ONE_YEAR,
        frozenset({PoliceInvolvement.NONE}),
    ))
    meldcode.record_kindcheck_run(f.store, f.case_id, KindcheckRun(
        new_id(), f.ago(35), KindcheckTrigger.INTAKE, KindcheckAnswers(
            parental_problems=frozenset({ParentalProblem.ADDICTION}),
            child_contacts=frozenset(),
        ),
        notes="Henk heeft gokschulden; er wonen geen kinderen in huis.",
    ))
    meldcode.record_consultation(f.store, f.case_id, Consultation(
        new_id(), f.ago(30), ConsultationPartner.COLLEAGUE, True,
        "Praat met mevrouw alleen, en daarna met Henk over zijn schulden.",
        ConsultationResult.SUSPICION_REMAINS, partner_detail="Ouderenconsulent",
    ))
    meldcode.record_conversation(f.store, f.case_id, Conversation(
        new_id(), f.ago(24), True, (f.id(grietje), f.id(henk)),
        what_was_said="De pinopnames en de schulden van Henk besproken.",
        client_reaction="Henk schaamt zich en wil hulp. Mevrouw wil dat hij blijft wonen.",
        agreements="Henk geeft de pinpas terug. Budgetbeheer wordt aangevraagd.",
    ))
    weighing = Weighing(
        new_id(), f.ago(20), WeighingAnswers(True, False, False, True, True),
        "Er is geen acute onveiligheid. Budgetbeheer en schuldhulp passen, en beiden werken mee.",
    )
    meldcode.record_weighing(f.store, f.case_id, weighing)
    meldcode.record_decision(f.store, f.case_id, Decision(
        new_id(), f.ago(20), WeighingOutcomeKind.OFFER_HELP, None, weighing.id,
        help_engaged="Budgetbeheer voor mevrouw en schuldhulpverlening voor Henk.",
        family_actions="Henk geeft de pinpas terug aan zijn moeder.",
    ))
    _van_dijk_safety_plan(f)


def _van_dijk_safety_plan(f: _Family) -> None:
    """A phase-1 plan beside the help offered: a condition of the team in its
    formal words and in the family's, for a plan the worker prints with "u"."""
    from app.safety import (
        Actor,
        ActorKind,
        ConditionSource,
        ItemStatus,
        Phase,
        PlanItem,
        SafetyCondition,
        SignalResponse,
        SupportPerson,
        TensionSignal,
    )

    s, case, now = safety_service, f.case_id, f.at(19, 10)
    grietje = Actor(ActorKind.FAMILY_MEMBER, person_id=f.id("Grietje van Dijk-Bakker"))
    henk = Actor(ActorKind.FAMILY_MEMBER, person_id=f.id("Henk van Dijk"))
    niece = Actor(ActorKind.NETWORK, name="Wilma Bakker (nicht)")
    money = SafetyCondition(
        new_id(), "Cliënte behoudt de regie over haar financiën; zoon heeft geen toegang meer "
        "tot haar betaalrekening en betaalpas.", ConditionSource.LOCAL_TEAM, f.ago(19),
        family_words="Grietje beslist zelf over haar geld. Henk gebruikt haar pinpas en haar "
                     "rekening niet meer.")
    s.add_condition(f.store, case, money, now=now)
    s.set_biggest_concern(f.store, case, "Henk nam geld van de rekening van Grietje voor zijn "
                          "schulden. Grietje wil dat hij blijft wonen.", now=now)
    for what, why, who, due, status in (
        ("Henk geeft de pinpas terug aan Grietje.", "Dan kan hij geen geld meer pinnen.",
         henk, f.ago(18), ItemStatus.DONE),
        ("Wilma kijkt elke maand samen met Grietje naar de bankafschriften.",
         "Dan ziet Grietje meteen of er geld weg is.", niece, None, ItemStatus.OPEN),
        ("Henk gaat naar de schuldhulp van de gemeente.", "Zijn schulden worden minder.",
         henk, f.ago(-5), ItemStatus.IN_PROGRESS),
    ):
        s.add_item(f.store, case, PlanItem(new_id(), what, why, who, Phase.DIRECT_SAFETY, due,
                                           status, answers=frozenset({money.id}),
                                           ongoing=due is None),
                   now=now)
    s.add_support_person(f.store, case, SupportPerson(
        new_id(), "Wilma Bakker", "nicht van Grietje", "06-33 44 55 66"), now=now)
    s.add_tension_signal(f.store, case, TensionSignal(
        new_id(), "Henk vraagt om geld of wordt boos over geld.", (
            SignalResponse(grietje, "zegt nee en belt Wilma."),
            SignalResponse(niece, "komt langs en praat met Henk."),
        )), now=now)
    s.add_named_contact(f.store, case, "Nicht Wilma", "06-33445566", now=now)
    s.set_arrangements(
        f.store, case, overseer="Fatima van het wijkteam",
        evaluate_with="Met Grietje, daarna met Henk erbij",
        terms="Deze afspraken gelden in elk geval tot we weer samen praten.",
        if_kept="Gaat het goed? Dan praten we over de hulp die Henk daarna nog nodig heeft.",
        if_not_kept="Gebruikt Henk toch het geld van Grietje? Dan belt het wijkteam Veilig Thuis.",
        evaluate_on=f.ago(-5), now=now)


_DEMO_RECORDS: dict[str, Callable[[_Family], None]] = {
    "Familie Yılmaz": _yilmaz,
    "Familie Kowalski / de Groot": _kowalski,
    "Familie Nguyễn": _nguyen,
    "Familie Коваленко": _kovalenko,
    "Familie Παπαδόπουλος": _papadopoulos,
    "Familie van Dijk": _van_dijk,
}


def add_demo_records(store: Store, case_id: str, household_name: str,
                     people: dict[str, Person], now: datetime | None = None) -> None:
    """Add the meldcode records of one demo family (none for an unknown name)."""
    add = _DEMO_RECORDS.get(household_name)
    if add is not None:
        add(_Family(store, case_id, people, now or utc_now()))


#: The demo's worker as reporter (melder) to Veilig Thuis; made up.
DEMO_WORKER = WorkerProfile("Fatima El Amrani", "Wijkteam Zwolle-Zuid (demo)",
                            "Wijkteammedewerker", "038-1234567", "f.elamrani@example.org")


def fill_demo(store: Store, progress: Callable[[int, int], None] | None = None) -> int:
    """Add the demo families to ``store``; returns the number of cases added."""
    total = len(DEMO_FAMILIES)
    handover_service.set_worker_profile(store, DEMO_WORKER)
    for done, family in enumerate(DEMO_FAMILIES, start=1):
        case = create_case(store, family.household_name)
        people: dict[str, Person] = {}
        for person in family.people:
            with_whom = people[person.lives_with].id if person.lives_with else None
            people[person.name] = add_person(
                store, case.id, person.name, person.role, date_of_birth=person.born,
                parental_authority=person.parental_authority, same_address_as=with_whom,
                **dict(person.details))
        add_demo_records(store, case.id, family.household_name, people)
        if progress:
            progress(done, total)
    return total


def create_demo_store(path: Path, passphrase: str,
                      progress: Callable[[int, int], None] | None = None) -> Store:
    """A new store of kind *demo*, filled; never mixed with a real store."""
    store = Store.create(path, passphrase, StoreKind.DEMO)
    try:
        fill_demo(store, progress)
    except BaseException:
        store.close()
        raise
    return store
