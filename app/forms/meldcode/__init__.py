"""The meldcode questionnaires as form definitions, and converters between a
form's answers and the domain records of ``app.meldcode``.

One :class:`~app.forms.FormDefinition` per questionnaire, in :data:`MELDCODE_FORMS`
under the record kind codes the store uses (also each form's ``id``, which a
region's variant names). For each form a pair of pure converters:

- ``<x>_from_values(values, *, context=None, id=None)`` cleans the answers
  with :func:`app.forms.clean`, builds the record (a new ``uuid4`` id unless
  ``id`` is given) and runs the domain's validator. ``context`` is the same
  :class:`~app.forms.FormContext` the form is shown with: its people are the
  case's household (person fields, ``concerns`` of a signal) and its clock is
  "now" (not-in-future checks). Every problem is a ``ValidationError`` whose
  ``field`` is a key of the form: the form's own check first, then the
  domain's rule with its Dutch message (renamed to the form's key where the
  two differ, e.g. the kindcheck's ``children`` → ``children_count``).
- ``<x>_to_values(record)`` gives the answers back, to correct a record.

Conventions: the forms use the domain's field names as keys wherever the
record has one field per question; choices are the enum values, and their
labels (and the questions of the kindcheck and the afwegingskader) are the
domain's own texts, read in the current language when shown
(:class:`~app.forms.meldcode._common.DomainText`); moments are stored in UTC
(a naive moment from the widget is local time); unanswered optional text is
``""`` in the record; lists of people follow the household's order.
"""

from __future__ import annotations

from app.forms.meldcode._common import DomainText, NumberedText
from app.forms.meldcode.kindcheck import (
    KINDCHECK_FORM,
    MAX_CHILDREN,
    kindcheck_answers_from_values,
    kindcheck_run_from_values,
    kindcheck_run_to_values,
)
from app.forms.meldcode.kindcheck import QUESTION_KEYS as KINDCHECK_QUESTION_KEYS
from app.forms.meldcode.records import (
    ACUTE_PATH_FORM,
    CONSULTATION_FORM,
    CONVERSATION_FORM,
    DECISION_FORM,
    DERIVED_DECISION_KEYS,
    RISK_PROFILE_FORM,
    acute_path_from_values,
    acute_path_to_values,
    consultation_from_values,
    consultation_to_values,
    conversation_from_values,
    conversation_to_values,
    decision_from_values,
    decision_to_values,
    decision_values_for,
    risk_profile_from_values,
    risk_profile_to_values,
)
from app.forms.meldcode.signal import (
    QUICK_SIGNAL_FORM,
    SIGNAL_FORM,
    QuickSignal,
    quick_signal_from_values,
    quick_signal_to_values,
    signal_from_quick,
    signal_from_values,
    signal_to_values,
)
from app.forms.meldcode.weighing import QUESTION_KEYS as WEIGHING_QUESTION_KEYS
from app.forms.meldcode.weighing import (
    WEIGHING_FORM,
    weighing_answers_from_values,
    weighing_from_values,
    weighing_to_values,
)
from app.forms.model import FormDefinition

MELDCODE_FORMS: dict[str, FormDefinition] = {
    "signal": SIGNAL_FORM,
    "quick_signal": QUICK_SIGNAL_FORM,
    "risk_profile": RISK_PROFILE_FORM,
    "kindcheck_run": KINDCHECK_FORM,
    "consultation": CONSULTATION_FORM,
    "conversation": CONVERSATION_FORM,
    "weighing": WEIGHING_FORM,
    "decision": DECISION_FORM,
    "acute_path": ACUTE_PATH_FORM,
}

__all__ = [
    "ACUTE_PATH_FORM",
    "CONSULTATION_FORM",
    "CONVERSATION_FORM",
    "DECISION_FORM",
    "DERIVED_DECISION_KEYS",
    "KINDCHECK_FORM",
    "KINDCHECK_QUESTION_KEYS",
    "MAX_CHILDREN",
    "MELDCODE_FORMS",
    "QUICK_SIGNAL_FORM",
    "RISK_PROFILE_FORM",
    "SIGNAL_FORM",
    "WEIGHING_FORM",
    "WEIGHING_QUESTION_KEYS",
    "DomainText",
    "NumberedText",
    "QuickSignal",
    "acute_path_from_values",
    "acute_path_to_values",
    "consultation_from_values",
    "consultation_to_values",
    "conversation_from_values",
    "conversation_to_values",
    "decision_from_values",
    "decision_to_values",
    "decision_values_for",
    "kindcheck_answers_from_values",
    "kindcheck_run_from_values",
    "kindcheck_run_to_values",
    "quick_signal_from_values",
    "quick_signal_to_values",
    "risk_profile_from_values",
    "risk_profile_to_values",
    "signal_from_quick",
    "signal_from_values",
    "signal_to_values",
    "weighing_answers_from_values",
    "weighing_from_values",
    "weighing_to_values",
]
