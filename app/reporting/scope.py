"""Whose cases a monitoring report counts (issue 21): one store's, or the
whole team's (teamcijfers). Pure: the caller says where the store stands.

In a team, a case lives on several laptops: the casusregisseur's, each
co-worker's, and the admins' (team lead and deputy), who hold every case of
the team once synced. So in a team the figures are made once, over the
whole team, on an admin's store:

- A worker's store holds only the cases that worker is on, which overlap
  with colleagues' stores. Its figures are neither the worker's nor the
  team's; added up with a colleague's they count shared cases twice.
- Figures per worker are not made at all. A worker's caseload is a handful
  of families in one neighbourhood: most counts would be "<5", and set
  beside the team's figures (team minus worker) they would narrow down the
  families of the other workers. The rounding keeps figures of one
  population over different periods safe to subtract; it does not make
  figures of overlapping populations safe (see ``figures``).
- An admin's store that never synced holds only its own cases: refused, so
  a first report of a new team is not silently the lead's alone.

``--team`` says "the whole team, or nothing": refused on a store outside a
team. On an admin's store the figures are the team's with or without it,
as they already were before teams (the store holds them all).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from app.errors import VeiligwijzerError
from app.i18n import _


class ReportScope(StrEnum):
    """Over what the figures go: this store (no team) or the team (teamcijfers)."""

    STORE = "store"
    TEAM = "team"


@dataclass(frozen=True)
class Standing:
    """Where the store stands in a team."""

    in_team: bool = False
    #: The device is an admin (beheerder): it receives the key of every case.
    holds_every_case: bool = False
    #: It has synced with the team's server at least once.
    synced: bool = False


class ScopeRefused(VeiligwijzerError):
    """These figures cannot be made from this store (the message says why and where)."""


def report_scope(standing: Standing, team_asked: bool) -> ReportScope:
    """The scope of the figures, or ``ScopeRefused``."""
    if not standing.in_team:
        if team_asked:
            raise ScopeRefused(_(
                "Deze kluis hoort niet bij een team: teamcijfers kunnen hier niet. Laat "
                "--team weg voor de cijfers van deze kluis."))
        return ReportScope.STORE
    if not standing.holds_every_case:
        raise ScopeRefused(_(
            "In een team maakt de teamleider of de plaatsvervanger de cijfers, over het hele "
            "team, met --team op de eigen kluis. Deze kluis heeft alleen de casussen waar "
            "jij op staat: die cijfers zouden casussen dubbel tellen en gezinnen herkenbaar "
            "maken."))
    if not standing.synced:
        raise ScopeRefused(_(
            "Deze kluis is nog nooit gesynchroniseerd met de teamserver en heeft dus alleen "
            "de eigen casussen. Synchroniseer eerst (veiligwijzer sync --once)."))
    return ReportScope.TEAM
