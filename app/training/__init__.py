"""Trainer mode (oefenomgeving): fictional training cases and the quiz at
their decision points. Pure domain: no Qt, no SQL, no I/O; the services
put the cases in a training store (``app.services.training``)."""

from app.training.cases import (
    TRAINING_CASES,
    DecisionPoint,
    Timeline,
    TrainingCase,
    TrainingPerson,
    build_records,
    training_case,
    training_case_by_key,
)
from app.training.quiz import (
    QUIZ_KINDCHECK_FORM,
    QUIZ_WEIGHING_FORM,
    QuizResult,
    Verdict,
    answers_from_values,
    check_answer,
    describe_answer,
    question_title,
    quiz_form,
)

__all__ = [
    "QUIZ_KINDCHECK_FORM",
    "QUIZ_WEIGHING_FORM",
    "TRAINING_CASES",
    "DecisionPoint",
    "QuizResult",
    "Timeline",
    "TrainingCase",
    "TrainingPerson",
    "Verdict",
    "answers_from_values",
    "build_records",
    "check_answer",
    "describe_answer",
    "question_title",
    "quiz_form",
    "training_case",
    "training_case_by_key",
]
