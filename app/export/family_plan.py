"""The family's own safety plan, in plain Dutch (eenvoudige taal, B1).

``family_plan_document`` turns a case's household, its ``CasePlan`` and
``PhaseState`` into a ``Document`` in large print: the emergency numbers
first and large, why there is a plan, what must at least happen (the safety
conditions, in the family's words where the worker wrote them down, else the
organisation's text after a plain lead-in), the agreements with who and
when, the network with how to reach them, the signals of rising tension with
what each person then does, and who watches over the plan.

Only what the family agreed to and may read goes in. Left out on purpose,
because it is the worker's side of the plan: family profiles and their
guidance (an interpretation, and with intimate terror unsafe to show), the
Signs of Safety columns, evaluations with their notes, scale scores, the
progress notes and status of conditions (for Veilig Thuis), the "why" of
items, goals, items of later phases, broken agreements and the phase history
with the reasons of relapses.

Pure: no store, no files. The document's title and subtitle hold no names,
because a PDF repeats them in its metadata.
"""

from __future__ import annotations

from datetime import date

from app.cases.model import Case
from app.errors import VeiligwijzerError
from app.export.address import Address, addressed
from app.export.document import Bullets, Callout, Document, Facts, Paragraph, Section
from app.i18n import N_, _, format_date
from app.safety.phases import Phase, PhaseState
from app.safety.plan import (
    Actor,
    ActorKind,
    CasePlan,
    ContactKind,
    EmergencyNumbers,
    ItemStatus,
    PlanItem,
    conditions_without_family_words,
    emergency_contacts,
    next_evaluation,
    safety_agreements,
)

# Where the family stands, in its own words: the phase names and plan names
# (stabilisatie, hulpverleningsplan, toekomstplan) are the worker's.
_WHERE_WE_ARE = {
    Phase.DIRECT_SAFETY: (N_("Eerst moet het nu veilig zijn."),
                          N_("Het geweld moet stoppen. In dit plan staat wat er nu moet "
                             "gebeuren om het veilig te maken.")),
    Phase.STABLE_SAFETY: (N_("Het is nu veilig. We zorgen dat het zo blijft."),
                          N_("We werken aan wat nodig is, zodat het geweld niet terugkomt.")),
    Phase.RECOVERY: (N_("We werken aan herstel."),
                     N_("Iedereen in het gezin krijgt hulp bij wat er is gebeurd.")),
    Phase.STABILISATION: (N_("We kijken of het goed blijft gaan."),
                          N_("We kijken samen of gelukt is wat we wilden. Als het nodig is, "
                             "passen we de afspraken aan.")),
    Phase.LASTING_SAFETY: (N_("Het blijft veilig, ook als de hulp stopt."),
                           N_("In dit plan staat ook wat we doen als het weer misgaat.")),
}


def _who(actor: Actor, names: dict[str, str]) -> str:
    if actor.person_id and actor.person_id in names:
        return names[actor.person_id]
    if actor.name.strip():
        return actor.name.strip()
    return {
        ActorKind.FAMILY_MEMBER: _("Iemand uit het gezin"),
        ActorKind.NETWORK: _("Iemand uit het netwerk"),
        ActorKind.PROFESSIONAL: _("De hulpverlener"),
    }[ActorKind(actor.kind)]


class NoAgreements(VeiligwijzerError):
    """A family plan without agreements tells the family nothing to do."""

    def __init__(self) -> None:
        super().__init__(_("Het gezinsplan kan nog niet worden gemaakt: er staan nog geen "
                           "afspraken in het plan. Leg eerst samen met het gezin vast wie wat "
                           "doet en wanneer (Afspraak toevoegen, fase 1)."))


def family_agreements(plan: CasePlan) -> list[PlanItem]:
    """The agreements the family's plan shows: the safety agreements, without
    the ones that were not kept."""
    return [i for i in safety_agreements(plan) if i.status != ItemStatus.NOT_KEPT]


def check_family_plan(plan: CasePlan) -> None:
    """Refuse a family plan without agreements (``NoAgreements``)."""
    if not family_agreements(plan):
        raise NoAgreements()


#: Put before the conditions the family plan prints in the organisation's text
#: (no words of the family yet); the export dialog quotes it to the worker.
FORMAL_LEAD_IN = N_("Dit zijn de woorden van de organisatie die dit vraagt. Is iets niet "
                    "duidelijk? Vraag het aan de hulpverlener.")


def _conditions(plan: CasePlan) -> Section:
    """The family's own words first; the conditions without them in the
    organisation's text, said to be that (docs/decisions.md)."""
    without = conditions_without_family_words(plan)
    own = tuple(c.for_family for c in plan.conditions if c not in without)
    formal = tuple(c.for_family for c in without)
    blocks: list = [Paragraph(_("Dit is het minste wat nodig is om het nu veilig te maken."))]
    if own:
        blocks.append(Bullets(own))
    if formal:
        blocks += [Paragraph(_(FORMAL_LEAD_IN)), Bullets(formal)]
    return Section(_("Wat moet er in elk geval gebeuren?"), tuple(blocks))


def agreement_when(item: PlanItem) -> str:
    """When the family does it: "always" only for a standing agreement that
    is still open; else the date; else that it is still to be agreed."""
    if item.ongoing and item.status != ItemStatus.DONE:
        return _("Altijd, elke keer als het nodig is")
    if item.due is not None:
        return format_date(item.due, "long")
    return _("Dat spreken we nog samen af")


def _agreement(item: PlanItem, names: dict[str, str]) -> str:
    lines = [_("Wat: {what}").format(what=item.what.strip()),
             _("Wie: {who}").format(who=_who(item.who, names)),
             _("Wanneer: {when}").format(when=agreement_when(item))]
    if item.status == ItemStatus.DONE:
        lines.append(_("Dit is gedaan."))
    return "\n".join(lines)


def _emergency(plan: CasePlan, numbers: EmergencyNumbers, form: Address) -> Section:
    lines = []
    for contact in emergency_contacts(plan, numbers):
        if contact.kind is ContactKind.EMERGENCY:
            lines.append(_("Gevaar? Bel {number}").format(number=contact.number))
        elif contact.kind is ContactKind.VEILIG_THUIS:
            lines.append(_("Veilig Thuis: {number}").format(number=contact.number))
        else:
            lines.append(f"{contact.name}: {contact.number}")
    # The explanation first: the renderer puts no space under a callout.
    return Section(_("Bij gevaar"), (
        Paragraph(_("Is iemand in gevaar? Bel meteen {number}. Bel daarna iemand van deze "
                    "lijst.").format(number=numbers.emergency)),
        Paragraph(addressed(form, N_("Veilig Thuis is gratis. Je kunt dag en nacht bellen."),
                            N_("Veilig Thuis is gratis. U kunt dag en nacht bellen."))),
        Callout(tuple(lines)),
    ))


def family_plan_document(case: Case, plan: CasePlan, state: PhaseState,
                         numbers: EmergencyNumbers | None = None,
                         made_on: date | None = None,
                         address: Address = Address.JE) -> Document:
    """The family's safety plan as a ``Document`` (large print), addressed
    with "je" or "u" (``address``)."""
    numbers = numbers or EmergencyNumbers()
    made_on = made_on or date.today()
    names = {p.id: p.name for p in case.people}
    sections = [_emergency(plan, numbers, address)]

    about: list = [Paragraph(_("Dit plan is van {household}.").format(
        household=case.household_name))]
    if case.people:
        about.append(Paragraph(_("Wie horen erbij:")))
        about.append(Bullets(tuple(p.name for p in case.people)))
    sections.append(Section(_("Voor wie is dit plan?"), tuple(about)))

    phase = Phase(state.phase)
    why: list = []
    if plan.biggest_concern.strip():
        why += [Paragraph(_("Dit is nu onze grootste zorg:")),
                Paragraph(plan.biggest_concern.strip(), emphasis=True)]
    where, explanation = _WHERE_WE_ARE[phase]
    why += [Paragraph(_("Het doel: iedereen is thuis veilig.")),
            Paragraph(_("Waar staan we nu?")),
            Paragraph(_(where), emphasis=True),
            Paragraph(_(explanation))]
    sections.append(Section(_("Waarom is er een plan?"), tuple(why)))

    if plan.conditions:
        sections.append(_conditions(plan))

    agreements = family_agreements(plan)
    if agreements:
        sections.append(Section(_("Onze afspraken"), (
            Paragraph(_("Dit hebben we samen afgesproken.")),
            Bullets(tuple(_agreement(i, names) for i in agreements)),
        )))

    if plan.network:
        sections.append(Section(_("Wie helpen ons?"), (
            Bullets(tuple(
                "\n".join((f"{p.name} ({p.role.strip()})",
                           addressed(address, N_("Zo bereik je {name}: {reach}"),
                                     N_("Zo bereikt u {name}: {reach}")).format(
                               name=p.name, reach=p.reach.strip())))
                for p in plan.network)),
        )))

    if plan.tension_signals:
        blocks: list = [Paragraph(_("Hieraan merken we dat de spanning oploopt. Dan doet "
                                    "iedereen dit:"))]
        for signal in plan.tension_signals:
            blocks.append(Paragraph(_("Als: {sign}").format(sign=signal.sign.strip()),
                                    emphasis=True))
            blocks.append(Bullets(tuple(
                f"{_who(r.who, names)}: {r.does.strip()}" for r in signal.responses)))
        sections.append(Section(_("Als de spanning oploopt"), tuple(blocks)))

    watch: list[tuple[str, str]] = []
    if plan.overseer.strip():
        watch.append((_("Wie let op het plan?"), plan.overseer.strip()))
    evaluation = next_evaluation(plan)
    if evaluation is not None:
        watch.append((_("Wanneer praten we weer?"), format_date(evaluation, "long")))
    if plan.evaluate_with.strip():
        watch.append((_("Met wie?"), plan.evaluate_with.strip()))
    for label, value in ((_("Hoe lang?"), plan.terms), (_("Als het lukt"), plan.if_kept),
                         (_("Als het niet lukt"), plan.if_not_kept)):
        if value.strip():
            watch.append((label, value.strip()))
    if watch:
        sections.append(Section(_("Zo houden we het plan bij"), (Facts(tuple(watch)),)))

    return Document(
        title=_("Ons veiligheidsplan"),
        subtitle=_("Afspraken om thuis veilig te zijn"),
        sections=tuple(sections),
        footer=_("Veiligheidsplan {reference} · gemaakt op {day}").format(
            reference=case.reference, day=format_date(made_on, "long")),
        large_print=True,
    )
