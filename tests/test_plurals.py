"""Every count in a text goes through ``ngettext``: "1 casus", "2 casussen",
never "Er zijn 1 concepten" or "1 minuten".

The scan reads every ``_()`` and ``N_()`` text in ``app/`` and flags a
placeholder followed by a counted noun (``{n} casussen``, ``{days} dagen``,
``{n} open casussen``) or a plural verb before it (``Er zijn {n}``): such a
text reads wrong for 1, and belongs in ``ngettext``. The screens that showed
counts are tested with 1 and with more.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app"

# Nouns that are counted somewhere in the app, in their plural form, and the
# few that look the same for 1 and more in Dutch but not in English ("jaar",
# "uur", "keer").
COUNT_NOUNS = {
    "afspraken", "bestanden", "betrokkenen", "casussen", "concepten", "dagen", "items",
    "jaar", "keer", "kinderen", "maanden", "minuten", "regels", "seconden", "signalen",
    "tekens", "uur", "versies", "voorwaarden", "veiligheidsvoorwaarden", "weken",
}
_PLACEHOLDER_THEN_NOUN = re.compile(r"\{(\w+)[^}]*\}\s+(?:open\s+|nieuwe\s+)?(\w+)")
_PLURAL_VERB_BEFORE = re.compile(r"\b(?:zijn|staan|kunnen|worden)\s+\{\w+\}")


def counted_texts(source: str) -> list[tuple[int, str]]:
    """The ``_()`` / ``N_()`` texts in ``source`` that carry a count."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id in ("_", "N_") and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)):
            continue
        text = node.args[0].value
        nouns = [m.group(2).lower() for m in _PLACEHOLDER_THEN_NOUN.finditer(text)]
        if any(noun in COUNT_NOUNS for noun in nouns) or _PLURAL_VERB_BEFORE.search(text):
            found.append((node.lineno, text))
    return found


def test_no_count_outside_ngettext():
    found = [f"{path.relative_to(ROOT)}:{line}: {text!r}"
             for path in sorted(APP.rglob("*.py"))
             for line, text in counted_texts(path.read_text(encoding="utf-8"))]
    assert found == []


@pytest.mark.parametrize("source", [
    '_("Er zijn {n} concepten die nog niet zijn vastgelegd.").format(n=count)',
    '_("{n} open casussen.").format(n=o.open_cases)',
    '_("Wacht {n} seconden.").format(n=wait)',
    'N_("Na het afsluiten blijft de casus nog {years} jaar bewaard.")',
    '_("Auditlog: {n} regels").format(n=3)',
    '_("Nog geen afspraak bij {n} van de {total} voorwaarden.")',
])
def test_a_planted_count_is_found(source: str):
    assert len(counted_texts(source)) == 1


@pytest.mark.parametrize("source", [
    'ngettext("{n} casus", "{n} casussen", n).format(n=n)',
    '_("Afweging {n}").format(n=2)',
    '_("Casussen: {n}").format(n=3)',
    '_("{shown} van {total}")',
    '_("Kind {n}")',
])
def test_labels_and_ngettext_are_not_flagged(source: str):
    assert counted_texts(source) == []
