"""Two small example definitions for the tests (the real ones live with the domain)."""

from __future__ import annotations

from datetime import datetime

from app.forms import Field, FieldType, FormContext, FormDefinition, Section, static_clock, when
from app.i18n import N_

T = FieldType
NOW = datetime(2026, 3, 10, 14, 30)
HOUSEHOLD = (("p-anna", "Anna de Vries"), ("p-bram", "Bram de Vries"), ("p-cem", "Cem Yilmaz"))


def context(**extra) -> FormContext:
    return FormContext(people=HOUSEHOLD, clock=static_clock(NOW),
                       sources={"children": HOUSEHOLD[1:]}, **extra)


CONVERSATION = FormDefinition(
    id="conversation", title=N_("Gesprek met de ouders"), version=1,
    sections=[
        Field("held", T.YES_NO, N_("Is het gesprek gehouden?"), required=True),
        Field("held_on", T.DATE, N_("Datum van het gesprek"), required=True, not_in_future=True,
              visible_if=when("held", True)),
        Field("reason_not_held", T.LONG_TEXT, N_("Waarom is het gesprek niet gehouden?"),
              required=True, visible_if=when("held", False)),
    ])

SIGNAL = FormDefinition(
    id="signal", title=N_("Signaal vastleggen"), version=2,
    sections=[
        Section(N_("Wat is er gezien of gehoord?"), (
            Field("summary", T.SHORT_TEXT, N_("Korte omschrijving"), required=True,
                  help=N_("Eén zin, zonder namen.")),
            Field("facts", T.LONG_TEXT, N_("Feiten"), required=True,
                  help=N_("Alleen wat je zelf zag of hoorde, of wat iemand letterlijk zei."),
                  sensitive=True),
            Field("observed_at", T.DATETIME, N_("Wanneer"), not_in_future=True),
            Field("source", T.SINGLE_CHOICE, N_("Bron"), required=True,
                  choices=(("own", N_("Eigen waarneming")), ("told", N_("Verteld door iemand")),
                           ("document", N_("Document")))),
            Field("told_by", T.SHORT_TEXT, N_("Verteld door"), required=True, max_length=80,
                  visible_if=when("source", "told")),
        )),
        Section(N_("Wie en hoe ernstig"), (
            Field("concerns", T.PERSON, N_("Over wie gaat het?"), multiple=True, required=True),
            Field("child", T.PERSON, N_("Welk kind"), source="children"),
            Field("forms", T.MULTI_CHOICE, N_("Vormen van geweld"),
                  choices=(("physical", N_("Lichamelijk")), ("psychological", N_("Psychisch")),
                           ("neglect", N_("Verwaarlozing")))),
            Field("children_count", T.INTEGER, N_("Aantal kinderen in huis"), minimum=0,
                  maximum=20),
            Field("safety", T.SCALE, N_("Hoe veilig is het nu?"),
                  help=N_("0 = helemaal niet veilig, 10 = veilig genoeg.")),
            Field("born", T.DATE, N_("Geboortedatum kind"), not_in_future=True),
            Field("vt_phone", T.PHONE, N_("Telefoon Veilig Thuis"), default="0800-2000"),
        ), N_("Kies alleen mensen uit dit huishouden.")),
    ])
