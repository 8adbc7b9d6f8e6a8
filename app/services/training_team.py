"""A fictional team for the trainer (oefenteam, issue 21): three training
stores on one laptop, a team lead and two workers, that share their cases by
operation files (``veiligwijzer ops export`` / ``ops import``), so that a
trainer can show a takeover, a review and a conflict without a server.

Each store is a training store like the one of ``app.services.training``
(public passphrase, made-up cases only). The first worker made the training
cases; the lead made the worker directory; everything is exchanged once, so
the three start alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.caseteam import TeamRole
from app.errors import VeiligwijzerError
from app.i18n import _
from app.services import caseteam
from app.services.exchange import export_ops, import_ops, read_document
from app.services.training import TRAINING_PASSPHRASE, fill_training
from app.store.store import Store, StoreKind


@dataclass(frozen=True)
class TrainingMember:
    file: str
    name: str
    role: TeamRole


#: Made-up colleagues, each with a folder of their own that holds a
#: ``training.db``: ``veiligwijzer train --store DIR/sanne/kluis.db`` opens
#: the training store beside that path, so one laptop plays three.
TRAINING_TEAM = (
    TrainingMember("teamleider/training.db", "Ans de Vries", TeamRole.LEAD),
    TrainingMember("sanne/training.db", "Sanne Bos", TeamRole.WORKER),
    TrainingMember("youssef/training.db", "Youssef El Amrani", TeamRole.WORKER),
)


class TrainingTeamExists(VeiligwijzerError):
    def __init__(self, path: Path) -> None:
        super().__init__(_("Hier staat al een oefenteam: {path}. Kies een lege map.").format(
            path=path))


def exchange(source: Store, target: Store) -> int:
    """What ``ops export`` then ``ops import`` do, without the file: every
    operation of ``source`` that ``target`` lacks. Returns how many applied."""
    imported = import_ops(target, read_document(export_ops(source).document))
    return imported.result.applied


def exchange_all(directory: Path) -> dict[str, int]:
    """Every store of the team gets what the others have (as if each
    exported its operations and the others imported the file); returns per
    member's folder how many operations it applied."""
    directory = Path(directory)
    stores = []
    got: dict[str, int] = {}
    try:
        for member in TRAINING_TEAM:
            stores.append(Store.open(directory / member.file, TRAINING_PASSPHRASE))
        for member, target in zip(TRAINING_TEAM, stores, strict=True):
            got[Path(member.file).parent.name] = sum(
                exchange(source, target) for source in stores if source is not target)
    finally:
        for store in stores:
            store.close()
    return got


def create_training_team(directory: Path) -> tuple[Path, ...]:
    """Three training stores in ``directory`` (lead, two workers), alike
    after one exchange; returns their paths in the order of TRAINING_TEAM."""
    directory = Path(directory)
    paths = tuple(directory / m.file for m in TRAINING_TEAM)
    for path in paths:
        if path.exists():
            raise TrainingTeamExists(path)
    stores: list[Store] = []
    try:
        for path in paths:
            stores.append(Store.create(path, TRAINING_PASSPHRASE, StoreKind.TRAINING))
        lead, first, *_rest = stores
        for member, store in zip(TRAINING_TEAM, stores, strict=True):
            caseteam.set_worker(lead, store.worker_id, member.name, member.role)
        fill_training(first)
        for source in stores:
            for target in stores:
                if target is not source:
                    exchange(source, target)
    finally:
        for store in stores:
            store.close()
    return paths
