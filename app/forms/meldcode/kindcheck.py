"""Step 1: the kindcheck as one form whose questions follow ``kindcheck_outcome``.

Question 1 and 2 are a yes/no question followed, on "yes", by what applies
(the domain's "no" is an empty set, which a multiple-choice field cannot
tell from "not answered"). Question 3 shows once question 2 names born
children (a pregnancy alone needs no question 3, as in ``kindcheck_outcome``);
question 4 shows with it, since question 3 does not branch; question 4b only
after "unclear" on question 4.

The children of question 3 are fixed slots (``child1_…`` to
``child10_…``): ``children_count`` says how many are shown. Each slot asks
the age (optional: not always known), where the child lives (required), who
shares the care, and, for a child living (partly) elsewhere, how often the
client sees it and whether alone. The framework has no repeating group; ten
slots cover the families a neighbourhood team meets, keep every answer typed
and checked, and need no change to the framework.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.forms.context import FormContext
from app.forms.meldcode._common import (
    code_of,
    codes,
    context_or_default,
    domain_text,
    drop_none,
    enum_choices,
    lenient,
    member,
    members,
    new_id,
    numbered,
    on_form_keys,
    ordered_codes,
    text,
)
from app.forms.model import Field, FieldType, FormDefinition, Section, when
from app.forms.validation import clean
from app.i18n import N_
from app.meldcode.kindcheck import (
    MAX_CHILD_AGE,
    ChildContact,
    ChildResidence,
    ConcernsAnswer,
    KindcheckAnswers,
    KindcheckChild,
    KindcheckQuestion,
    KindcheckRun,
    KindcheckTrigger,
    OtherProfessional,
    ParentalProblem,
    validate_kindcheck_run,
)

T = FieldType
Q = KindcheckQuestion
MAX_CHILDREN = 10

# The form key that answers each question of the kindcheck.
QUESTION_KEYS = {
    Q.PARENTAL_PROBLEMS: "has_parental_problems",
    Q.CHILDREN_IN_CARE: "has_child_contacts",
    Q.ABOUT_THE_CHILDREN: "children_count",
    Q.CONCERNS_REMOVED: "concerns",
    Q.OTHER_PROFESSIONAL: "other_professional",
}
# Domain field -> form key, where they differ.
_ERROR_KEYS = {
    "parental_problems": "has_parental_problems",
    "child_contacts": "has_child_contacts",
    "children": "children_count",
}
_AWAY = codes(ChildResidence, ChildResidence.PARTLY_WITH_CLIENT, ChildResidence.ELSEWHERE)


def _child_section(n: int) -> Section:
    shown = when("children_count", *range(n, MAX_CHILDREN + 1))
    away = when(f"child{n}_residence", *_AWAY)
    return Section(numbered(N_("Kind {n}"), n), (
        Field(f"child{n}_age", T.INTEGER, numbered(N_("Hoe oud is kind {n}?"), n),
              minimum=0, maximum=MAX_CHILD_AGE, visible_if=shown,
              help=N_("Weet je het nog niet? Laat dit dan leeg.")),
        Field(f"child{n}_residence", T.SINGLE_CHOICE, numbered(N_("Waar woont kind {n}?"), n),
              required=True, choices=enum_choices(ChildResidence), visible_if=shown),
        Field(f"child{n}_care_shared_with", T.SHORT_TEXT,
              numbered(N_("Wie zorgt er mee voor kind {n}?"), n), visible_if=shown),
        Field(f"child{n}_contact", T.SHORT_TEXT,
              numbered(N_("Hoe vaak ziet de cliënt kind {n}?"), n), visible_if=away),
        Field(f"child{n}_alone_with_client", T.YES_NO,
              numbered(N_("Is kind {n} dan alleen met de cliënt?"), n), visible_if=away),
    ))


_HAS_CHILDREN = when("has_child_contacts", True)
# Question 3 asks about children who are born: not for a pregnancy alone.
_BORN_CHILDREN = when("child_contacts", *codes(
    ChildContact, *(c for c in ChildContact if c is not ChildContact.PREGNANT)))

KINDCHECK_FORM = FormDefinition(
    id="kindcheck_run", title=N_("Kindcheck"), version=1,
    sections=[
        Section(N_("Aanleiding"), (
            Field("checked_on", T.DATE, N_("Datum van de kindcheck"), required=True,
                  not_in_future=True),
            Field("trigger", T.SINGLE_CHOICE, N_("Waarom doe je de kindcheck nu?"),
                  required=True, choices=enum_choices(KindcheckTrigger)),
            Field("client_id", T.PERSON, N_("Over welke ouder of cliënt gaat de kindcheck?"),
                  help=N_("De volwassene met de problemen. Veilig Thuis wil weten om welke "
                          "ouder het gaat.")),
        ), N_("Nagaan of er kinderen zijn die last hebben van de problemen van een "
              "volwassen cliënt. Doe de kindcheck opnieuw als er iets verandert.")),
        Section(N_("Vraag 1: problemen van de cliënt"), (
            Field("has_parental_problems", T.YES_NO, domain_text(Q.PARENTAL_PROBLEMS),
                  required=True,
                  help=N_("Bijvoorbeeld partnergeweld, verslaving, ernstige psychische "
                          "problemen, een verstandelijke beperking, dreigende uithuiszetting "
                          "of een vuurwapen. Nee? Dan is de kindcheck klaar.")),
            Field("parental_problems", T.MULTI_CHOICE, N_("Welke problemen heeft de cliënt?"),
                  required=True, choices=enum_choices(ParentalProblem),
                  visible_if=when("has_parental_problems", True)),
        )),
        Section(N_("Vraag 2: kinderen"), (
            Field("has_child_contacts", T.YES_NO, domain_text(Q.CHILDREN_IN_CARE),
                  required=True, visible_if=when("has_parental_problems", True),
                  help=N_("Nee? Dan is de kindcheck klaar.")),
            Field("child_contacts", T.MULTI_CHOICE, N_("Wat is van toepassing?"),
                  required=True, choices=enum_choices(ChildContact), visible_if=_HAS_CHILDREN),
        )),
        Section(N_("Vraag 3: over de kinderen"), (
            Field("children_count", T.INTEGER, N_("Om hoeveel minderjarige kinderen gaat het?"),
                  required=True, minimum=1, maximum=MAX_CHILDREN, visible_if=_BORN_CHILDREN),
        ), domain_text(Q.ABOUT_THE_CHILDREN)),
        *(_child_section(n) for n in range(1, MAX_CHILDREN + 1)),
        Section(N_("Zorg en veiligheid van de kinderen"), (
            Field("children_notice", T.LONG_TEXT, N_("Wat merken de kinderen?"),
                  visible_if=_BORN_CHILDREN),
            Field("care_and_safety", T.LONG_TEXT,
                  N_("Lukt het de cliënt om genoeg zorg en veiligheid te geven?"),
                  visible_if=_HAS_CHILDREN),
            Field("help_wanted", T.YES_NO, N_("Wil de cliënt hierbij hulp?"),
                  visible_if=_HAS_CHILDREN),
        )),
        Section(N_("Vraag 4: de zorgen"), (
            Field("concerns", T.SINGLE_CHOICE, domain_text(Q.CONCERNS_REMOVED), required=True,
                  choices=enum_choices(ConcernsAnswer), visible_if=_HAS_CHILDREN),
            Field("other_professional", T.SINGLE_CHOICE, domain_text(Q.OTHER_PROFESSIONAL),
                  required=True, choices=enum_choices(OtherProfessional),
                  visible_if=when("concerns", code_of(ConcernsAnswer.UNCLEAR))),
            Field("other_professional_name", T.SHORT_TEXT,
                  N_("Welke hulpverlener of organisatie is het?"),
                  help=N_("Verplicht als die hulpverlener de zorgen oppakt."),
                  visible_if=when("other_professional", *codes(
                      OtherProfessional, OtherProfessional.TAKES_OVER,
                      OtherProfessional.DOES_NOT_TAKE_OVER))),
        )),
        Section(None, (Field("notes", T.LONG_TEXT, N_("Toelichting")),)),
    ])


def _answers(v: Mapping[str, Any]) -> KindcheckAnswers:
    def chosen(has: str, key: str, enum: Any) -> frozenset[Any] | None:
        if v.get(has) is None:
            return None
        return members(enum, v.get(key)) if v[has] else frozenset()

    children = tuple(
        KindcheckChild(
            age=v.get(f"child{n}_age"),
            residence=member(ChildResidence, v.get(f"child{n}_residence")),
            care_shared_with=text(v.get(f"child{n}_care_shared_with")),
            contact=text(v.get(f"child{n}_contact")),
            alone_with_client=v.get(f"child{n}_alone_with_client"),
        )
        for n in range(1, (v.get("children_count") or 0) + 1)
        if v.get(f"child{n}_residence") is not None
    )
    return KindcheckAnswers(
        parental_problems=chosen("has_parental_problems", "parental_problems", ParentalProblem),
        child_contacts=chosen("has_child_contacts", "child_contacts", ChildContact),
        children=children,
        children_notice=text(v.get("children_notice")),
        care_and_safety=text(v.get("care_and_safety")),
        help_wanted=v.get("help_wanted"),
        concerns=member(ConcernsAnswer, v.get("concerns")),
        other_professional=member(OtherProfessional, v.get("other_professional")),
        other_professional_name=text(v.get("other_professional_name")),
    )


def kindcheck_answers_from_values(values: Mapping[str, Any],
                                  context: FormContext | None = None) -> KindcheckAnswers:
    """The answers so far, also of a half-filled form (wrong answers count as
    not given): for ``kindcheck_outcome`` while the worker fills it in."""
    return _answers(lenient(KINDCHECK_FORM, values, context_or_default(context)))


def kindcheck_run_from_values(values: Mapping[str, Any], *, context: FormContext | None = None,
                              id: str | None = None) -> KindcheckRun:
    """The finished ``KindcheckRun`` of :data:`KINDCHECK_FORM`'s answers."""
    context = context_or_default(context)
    v = clean(KINDCHECK_FORM, values, context)
    run = KindcheckRun(id=new_id(id), checked_on=v["checked_on"],
                       trigger=member(KindcheckTrigger, v["trigger"]), answers=_answers(v),
                       notes=text(v["notes"]), client_id=v.get("client_id") or None)
    with on_form_keys(_ERROR_KEYS):
        validate_kindcheck_run(run, context.today())
    return run


def kindcheck_run_to_values(run: KindcheckRun) -> dict[str, Any]:
    a = run.answers
    values: dict[str, Any] = {
        "checked_on": run.checked_on,
        "trigger": code_of(run.trigger),
        "client_id": run.client_id,
        "notes": run.notes,
        "children_notice": a.children_notice,
        "care_and_safety": a.care_and_safety,
        "help_wanted": a.help_wanted,
        "concerns": None if a.concerns is None else code_of(a.concerns),
        "other_professional": None if a.other_professional is None
        else code_of(a.other_professional),
        "other_professional_name": a.other_professional_name,
    }
    if a.parental_problems is not None:
        values["has_parental_problems"] = bool(a.parental_problems)
        values["parental_problems"] = ordered_codes(a.parental_problems)
    if a.child_contacts is not None:
        values["has_child_contacts"] = bool(a.child_contacts)
        values["child_contacts"] = ordered_codes(a.child_contacts)
    if a.children:
        values["children_count"] = len(a.children)
    for n, child in enumerate(a.children, start=1):
        values |= {
            f"child{n}_age": child.age,
            f"child{n}_residence": code_of(child.residence),
            f"child{n}_care_shared_with": child.care_shared_with,
            f"child{n}_contact": child.contact,
            f"child{n}_alone_with_client": child.alone_with_client,
        }
    return drop_none(values)


__all__ = ["KINDCHECK_FORM", "MAX_CHILDREN", "QUESTION_KEYS", "kindcheck_answers_from_values",
           "kindcheck_run_from_values", "kindcheck_run_to_values"]
