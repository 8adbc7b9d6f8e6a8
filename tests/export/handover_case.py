"""A case for the handover tests, recorded through the services on a real
SQLCipher store: names in five scripts, every meldcode step, a report the
client was not told about, and text that must not reach the family."""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta

from pypdf import PdfReader

from app.cases.model import Person, Role, new_id
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
    Consultation,
    ConsultationPartner,
    ConsultationResult,
    Conversation,
    Decision,
    OpenReportingException,
    RiskProfile,
)
from app.meldcode.signals import Signal
from app.meldcode.vocabulary import (
    PoliceInvolvement,
    RiskFactor,
    SourceKind,
    ViolenceDuration,
    ViolenceForm,
)
from app.services import handover, meldcode
from app.services.cases import add_person, create_case

EXPORT_PASSPHRASE = "export wachtwoord voor vt"
NAMES = ("Şükran Yılmaz", "Łukasz Kowalski", "Zoë de Groot", "Nguyễn Bảo An", "Олена Коваленко")
NOT_FOR_FAMILY = ("De buurvrouw vertelde dat Łukasz dreigde met wraak als er gemeld wordt. "
                  "Zij wil anoniem blijven.")
PROFILE = WorkerProfile("Fatima El Amrani", "Wijkteam Zuid", "Wijkteammedewerker",
                        "038-1234567", "f.elamrani@example.org")


@dataclass
class HandoverCase:
    case_id: str
    people: dict[str, Person]
    signals: list[Signal]

    def id(self, name: str) -> str:
        return self.people[name].id


def make_case(store, *, profile: bool = True, details: bool = True) -> HandoverCase:
    today = datetime.now(UTC).astimezone().date()

    def ago(days: int) -> date:
        return today - timedelta(days=days)

    def at(days: int, hour: int) -> datetime:
        return min(datetime.combine(ago(days), time(hour), tzinfo=UTC), datetime.now(UTC))

    case = create_case(store, "Familie Yılmaz-Kowalski")
    roles = (Role.PARENT, Role.PARTNER, Role.CHILD, Role.CHILD, Role.OUTSIDE_HOUSEHOLD)
    born = (date(1990, 3, 1), date(1986, 6, 2), today.replace(year=today.year - 10) - timedelta(
        days=40), today.replace(year=today.year - 4) - timedelta(days=3), date(1961, 1, 9))
    people = {name: add_person(store, case.id, name, role, date_of_birth=dob,
                               parental_authority=True if role is Role.PARENT else None)
              for name, role, dob in zip(NAMES, roles, born, strict=True)}
    ids = {name: p.id for name, p in people.items()}
    signals = [
        Signal(new_id(), at(20, 9), (ids["Zoë de Groot"],),
               frozenset({ViolenceForm.WITNESSING_PARTNER_VIOLENCE}), SourceKind.TOLD_BY_SOMEONE,
               "Zoë vertelde de juf dat Łukasz en Şükran ’s nachts schreeuwen; de deur is "
               "kapot (€ 300 schade).",
               source_detail="Juf Anneke, groep 6",
               interpretation="Zoë is mogelijk getuige van partnergeweld.", is_hypothesis=True),
        Signal(new_id(), at(15, 14), (ids["Şükran Yılmaz"], ids["Nguyễn Bảo An"]),
               frozenset({ViolenceForm.PARTNER_VIOLENCE, ViolenceForm.PHYSICAL_NEGLECT}),
               SourceKind.OWN_OBSERVATION,
               "Blauwe plek op de rechterarm van Şükran; An (Nguyễn Bảo An) lag om 14.00 uur "
               "nog in een natte luier.",
               interpretation="Şükran is mogelijk mishandeld door Łukasz."),
        Signal(new_id(), at(12, 10), (ids["Олена Коваленко"],),
               frozenset({ViolenceForm.PSYCHOLOGICAL_ABUSE}), SourceKind.DOCUMENT,
               "Олена schrijft in een brief dat zij bang is voor haar schoonzoon.",
               source_detail="Brief van Олена Коваленко"),
    ]
    for signal in signals:
        meldcode.record_signal(store, case.id, signal)
    meldcode.record_risk_profile(store, case.id, RiskProfile(
        new_id(), ago(12), frozenset({RiskFactor.DEBTS}), duration=ViolenceDuration.OVER_A_YEAR,
        police=frozenset({PoliceInvolvement.CALL_OUT})))
    meldcode.record_kindcheck_run(store, case.id, KindcheckRun(
        new_id(), ago(12), KindcheckTrigger.NEW_WORRY, KindcheckAnswers(
            parental_problems=frozenset({ParentalProblem.PARTNER_VIOLENCE}),
            child_contacts=frozenset({ChildContact.OWN_CHILDREN}),
            children=(KindcheckChild(10, ChildResidence.WITH_CLIENT),
                      KindcheckChild(4, ChildResidence.WITH_CLIENT)),
            concerns=ConcernsAnswer.REMAIN)))
    meldcode.record_consultation(store, case.id, Consultation(
        new_id(), ago(10), ConsultationPartner.ATTENTION_OFFICER, True,
        "Bespreek de zorgen met Şükran alleen.", ConsultationResult.SUSPICION_REMAINS))
    meldcode.record_conversation(store, case.id, Conversation(
        new_id(), ago(8), True, (ids["Şükran Yılmaz"],), other_participants="Tolk Turks",
        what_was_said="De blauwe plek en het schreeuwen besproken.",
        client_reaction="Şükran wil geen hulp; zij is bang voor Łukasz.",
        agreements="Şükran belt 0800-2000 als het thuis onveilig wordt."))
    weighing = Weighing(new_id(), ago(5), WeighingAnswers(True, False, False, False),
                        "Zonder hulp die Şükran aanvaardt, kan het wijkteam het niet veilig "
                        "maken.")
    meldcode.record_weighing(store, case.id, weighing)
    meldcode.record_decision(store, case.id, Decision(
        new_id(), ago(4), WeighingOutcomeKind.REPORT, ReportingNorm.NO_SUFFICIENT_HELP,
        weighing.id, client_informed=False,
        not_informed_because=OpenReportingException.SAFETY_OF_CHILD_OR_FAMILY))
    if profile:
        handover.set_worker_profile(store, PROFILE)
    if details:
        handover.set_handover_details(store, case.id, HandoverDetails(
            ReportKind.REPORT, other_professionals="Huisarts Özdemir, 038-4211000",
            supporting_network="Oma Ayşe (Şükrans moeder) woont in de straat.",
            agreements="Zoë mag na school naar oma Ayşe.",
            not_for_family=NOT_FOR_FAMILY, attachments="Brief van Олена Коваленко"))
    return HandoverCase(case.id, people, signals)


def squash(text: str) -> str:
    """Whitespace collapsed and NFC, so wrapped PDF lines compare with the source."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def pdf_text(data: bytes, passphrase: str | None = None) -> str:
    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        assert passphrase is not None, "the PDF is encrypted"
        assert reader.decrypt(passphrase)
    return squash("\n".join(page.extract_text() or "" for page in reader.pages))


SCHOOL = "Basisschool De Linde, juf Anneke"
LANGUAGE = "Turks"
STREET, POSTCODE, PLACE = "Lindelaan 4", "8011 AB", "Zwolle"
RELATION = "Ik begeleid Şükran sinds maart vanuit het wijkteam."
AGREEMENT = "Łukasz slaapt bij zijn broer als de ruzie oploopt."
SUPPORT = ("Tante Emine", "tante van Zoë", "06-12 34 56 78")
RISK_FACTS = "Een brief van de deurwaarder lag op de keukentafel."


def make_full_case(store) -> HandoverCase:
    """:func:`make_case` and everything issue 14 adds: addresses (one typed
    in, others "woont op hetzelfde adres als"), phone, school, language and
    interpreter, the reporter's relation, a risk record with facts and
    source, a kindcheck naming the parent and who shares the care, the school
    in a consultation and the decision, and a safety plan with conditions of
    Veilig Thuis, agreements and a network."""
    from app.safety import (
        Actor,
        ActorKind,
        ConditionSource,
        ItemStatus,
        Phase,
        PlanItem,
        SafetyCondition,
        SupportPerson,
    )
    from app.services import safety
    from app.services.cases import edit_person

    made = make_case(store)
    today = datetime.now(UTC).astimezone().date()
    case_id = made.case_id
    mother, father, zoe, an, olena = (made.id(n) for n in NAMES)
    edit_person(store, case_id, mother, street=STREET, postcode=POSTCODE, place=PLACE,
                phone="06-11 22 33 44", language=LANGUAGE, interpreter_needed=True)
    edit_person(store, case_id, zoe, same_address_as=mother, school=SCHOOL)
    edit_person(store, case_id, an, same_address_as=mother, school="Kinderdagverblijf Het Nest")
    edit_person(store, case_id, father, same_address_as=mother)
    edit_person(store, case_id, olena, street="Dorpsstraat 1", place="Kampen")
    details = handover.get_handover_details(store, case_id)
    handover.set_handover_details(store, case_id, replace(details, reporter_relation=RELATION))
    meldcode.record_risk_profile(store, case_id, RiskProfile(
        new_id(), today - timedelta(days=6), frozenset({RiskFactor.DEBTS}),
        facts=RISK_FACTS, source=SourceKind.OWN_OBSERVATION))
    meldcode.record_kindcheck_run(store, case_id, KindcheckRun(
        new_id(), today - timedelta(days=6), KindcheckTrigger.NEW_WORRY, KindcheckAnswers(
            parental_problems=frozenset({ParentalProblem.PARTNER_VIOLENCE}),
            child_contacts=frozenset({ChildContact.OWN_CHILDREN}),
            children=(KindcheckChild(10, ChildResidence.WITH_CLIENT,
                                     care_shared_with="Oma Ayşe, na school"),
                      KindcheckChild(4, ChildResidence.WITH_CLIENT)),
            concerns=ConcernsAnswer.REMAIN), client_id=mother))
    meldcode.record_consultation(store, case_id, Consultation(
        new_id(), today - timedelta(days=6), ConsultationPartner.COLLEAGUE, True,
        "Vraag de school wat zij zien.", ConsultationResult.SUSPICION_REMAINS,
        partner_detail="Intern begeleider van Basisschool De Linde"))
    violence, children, phone = (SafetyCondition(new_id(), text, ConditionSource.VEILIG_THUIS,
                                                 today - timedelta(days=3)) for text in (
        "Er is geen geweld meer in huis.", "Zoë en An zien geen ruzie meer.",
        "Şükran heeft een eigen telefoon."))
    safety.add_conditions(store, case_id, [violence, children, phone])
    safety.add_item(store, case_id, PlanItem(
        new_id(), AGREEMENT, "Dan komt het niet tot slaan.",
        Actor(ActorKind.FAMILY_MEMBER, person_id=father), Phase.DIRECT_SAFETY,
        answers=frozenset({violence.id, children.id})))
    safety.add_item(store, case_id, PlanItem(
        new_id(), "Łukasz belt Şükran niet meer 's nachts.", "Rust in huis.",
        Actor(ActorKind.FAMILY_MEMBER, person_id=father), Phase.DIRECT_SAFETY,
        status=ItemStatus.NOT_KEPT, answers=frozenset({phone.id})))
    safety.add_support_person(store, case_id, SupportPerson(new_id(), *SUPPORT))
    return made


#: The words of the informal form of address ("je") and of the formal one ("u").
JE_WORDS = re.compile(r"\b(je|jij|jou|jouw)\b", re.IGNORECASE)
U_WORDS = re.compile(r"\b(u|uw)\b", re.IGNORECASE)
