"""Build the benchmark store: cases, people and meldcode signals in big transactions.

Cases and people go in through ``store.cases``, signals through
``store.records.append`` as real ``app.meldcode.signals.Signal`` payloads
(the same codec and records path the app uses), so the FTS triggers of
migration 0007 index them exactly as in use. The text is made-up Dutch from a
fixed seed: the same size gives the same store.
"""

from __future__ import annotations

import random
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

PASSPHRASE = "benchmark wachtwoord met vier woorden"
EXPORT_SIGNALS = 200
SEED = 8

FIRST_NAMES = (
    "Anouk", "Bram", "Daan", "Emma", "Fatima", "Jesse", "Julia", "Lars", "Lotte", "Mohammed",
    "Noah", "Olena", "Sanne", "Şükran", "Łukasz", "Zoë", "Nguyễn", "Yusuf", "Aylin", "Thijs",
    "Sem", "Mila", "Ilse", "Kevin", "Priya", "Rachid", "Dewi", "Sven", "Marloes", "Tamara",
)
FAMILY_NAMES = (
    "de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "Yılmaz", "El Amrani",
    "Kowalski", "Bos", "Mulder", "de Boer", "Peters", "Hendriks", "Dekker", "van Dijk",
    "Öztürk", "Nguyen", "Kaya", "Brouwer", "Verhoeven", "Koster", "Pranoto", "Schouten",
)
WHO = ("moeder", "vader", "oma", "opa", "de buurvrouw", "de leerkracht", "de huisarts",
       "de mentor", "de oudste zus", "de stiefvader", "de jeugdverpleegkundige", "de trainer")
SEEN = (
    "een blauwe plek op de bovenarm", "schrammen in de nek", "een brandwond op de hand",
    "vieze kleding en een lege broodtrommel", "een kapotte deur in de gang",
    "een gat in de muur van de woonkamer", "lege flessen in de keuken",
    "geen bed in de kinderkamer", "een verband om de pols", "rode striemen op de rug",
)
HEARD = (
    "geschreeuw en gehuil achter de voordeur", "dat er thuis veel ruzie is over geld",
    "dat de politie vorige week langs is geweest", "dat het kind niet naar huis wil",
    "dat moeder bang is voor haar ex-partner", "dat vader dreigt met weggaan naar het buitenland",
    "dat er schulden zijn en de huur achterloopt", "dat het kind vaak hongerig op school komt",
    "dat oma slaapt in de auto", "dat het meisje uitgehuwelijkt gaat worden",
)
WHEN = ("tijdens het huisbezoek", "op het schoolplein", "bij het ophalen", "na de gymles",
        "in de wachtkamer", "tijdens het gesprek op kantoor", "bij de voordeur",
        "tijdens de overdracht", "op het consultatiebureau", "in de klas")
CHILD = ("het jongste kind", "de dochter", "de zoon", "de baby", "de tweeling", "de peuter")
EXTRA = ("Het kind keek weg en zei niets.", "De ouder reageerde boos en gesloten.",
         "Moeder huilde en wilde er niet over praten.", "Vader was onder invloed.",
         "Er waren meerdere volwassenen aanwezig.", "De kinderen leken angstig en stil.",
         "De woning was erg rommelig en koud.", "Er stond een koffer klaar in de gang.",
         "", "", "")


def signal_facts(rng: random.Random) -> tuple[str, str]:
    """(facts, source detail) of one made-up signal."""
    who = rng.choice(WHO)
    if rng.random() < 0.5:
        facts = (f"{rng.choice(WHEN).capitalize()} zag ik {rng.choice(SEEN)}"
                 f" bij {rng.choice(CHILD)}.")
    else:
        facts = f"{who.capitalize()} vertelde {rng.choice(WHEN)} {rng.choice(HEARD)}."
    extra = rng.choice(EXTRA)
    return (f"{facts} {extra}".strip(), who)


def search_queries(count: int, seed: int = SEED) -> list[str]:
    """Realistic queries: 3–8 letter prefixes of words that occur (now and then two words)."""
    rng = random.Random(seed + 1)
    words = sorted({w.strip(".,").casefold() for text in (*SEEN, *HEARD, *WHEN, *CHILD, *WHO,
                                                           *EXTRA, *FIRST_NAMES, *FAMILY_NAMES)
                    for w in text.split() if len(w.strip(".,")) >= 3})

    def prefix() -> str:
        word = rng.choice(words)
        return word[:rng.randint(3, min(8, len(word)))]

    return [prefix() + (" " + prefix() if rng.random() < 0.15 else "") for _ in range(count)]


@dataclass(frozen=True)
class Built:
    path: Path
    export_case: str  # the case with EXPORT_SIGNALS signals
    case_ids: tuple[str, ...]
    seconds: float


def build_store(path: Path, cases: int, signals: int, seed: int = SEED) -> Built:
    import time

    from app.cases.model import Case, CaseStatus, Person, Provenance, Role, new_id
    from app.forms.handover import WorkerProfile
    from app.meldcode.signals import Signal
    from app.meldcode.vocabulary import SourceKind, ViolenceForm
    from app.store.store import Store

    started = time.perf_counter()
    rng = random.Random(seed)
    forms = list(ViolenceForm)
    base = datetime(2025, 1, 1, tzinfo=UTC)
    # Signals per case: EXPORT_SIGNALS for case 0, the rest spread evenly.
    rest = signals - EXPORT_SIGNALS
    per_case = [EXPORT_SIGNALS] + [rest // (cases - 1) + (1 if i < rest % (cases - 1) else 0)
                                   for i in range(cases - 1)]
    case_ids: list[str] = []
    with Store.create(path, PASSPHRASE) as store:
        records = store.records
        with store.transaction():
            store.handover.set_worker_profile(
                WorkerProfile("Benchmark Medewerker", "Wijkteam Benchmark", "wijkcoach",
                              "0201234567", "wijkteam@example.nl"),
                now=base, author=store.worker_id, device=store.device_id)
        for chunk in range(0, cases, 1000):
            with store.transaction():
                for i in range(chunk, min(chunk + 1000, cases)):
                    moment = base + timedelta(minutes=7 * i)
                    prov = Provenance(moment, moment, store.worker_id, store.device_id)
                    case_id = new_id()
                    family = rng.choice(FAMILY_NAMES)
                    parent = Person(new_id(), case_id, f"{rng.choice(FIRST_NAMES)} {family}",
                                    Role.PARENT, None, rng.randint(22, 55), True, prov)
                    child = Person(new_id(), case_id, f"{rng.choice(FIRST_NAMES)} {family}",
                                   Role.CHILD, None, rng.randint(0, 17), None, prov)
                    store.cases.add(Case(
                        case_id, f"VW-BENCH-{i:05d}", f"Familie {family} {i:05d}",
                        CaseStatus.OPEN if i % 7 else CaseStatus.CLOSED, prov,
                        current_step=1 + i % 5, safety_phase=None if i % 3 else 1 + i % 5,
                        people=(parent, child)))
                    case_ids.append(case_id)
                    for n in range(per_case[i]):
                        facts, who = signal_facts(rng)
                        told = rng.random() < 0.6
                        at = moment + timedelta(hours=n)
                        signal = Signal(
                            new_id(), at - timedelta(hours=1),
                            (child.id,) if rng.random() < 0.7 else (child.id, parent.id),
                            frozenset(rng.sample(forms, rng.randint(1, 2))),
                            SourceKind.TOLD_BY_SOMEONE if told else SourceKind.OWN_OBSERVATION,
                            facts, source_detail=who if told else "",
                            interpretation="Mogelijk onveilige opvoedingssituatie."
                            if rng.random() < 0.3 else "")
                        records.append(case_id, signal, created_at=at, author=store.worker_id,
                                       device=store.device_id)
    return Built(path, case_ids[0], tuple(case_ids), time.perf_counter() - started)


def plain_copy(built: Built, target: Path) -> Path:
    """A plain SQLite copy of the same schema and data (``sqlcipher_export``)."""
    from app.store.store import Store

    with Store.open(built.path, PASSPHRASE) as store:
        store.conn.execute("ATTACH DATABASE ? AS plaintext KEY ''", (str(target),))
        store.conn.execute("SELECT sqlcipher_export('plaintext')").fetchall()
        version = store.conn.execute("PRAGMA user_version").fetchone()[0]
        store.conn.execute("DETACH DATABASE plaintext")
    conn = sqlite3.connect(target)
    conn.execute(f"PRAGMA user_version = {version}")
    conn.close()
    return target


class _PlainConnection(sqlite3.Connection):
    """Takes the store's ``oplog`` as ``app.store.database.Connection`` does."""

    oplog = None


def open_plain(path: Path):
    """The plain copy as a ``Store`` on Python's sqlite3, with the app's
    connection pragmas except SQLCipher's own."""
    from app.store.database import CONNECTION_PRAGMAS, register_functions
    from app.store.store import Store

    conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False,
                           factory=_PlainConnection)
    for pragma in CONNECTION_PRAGMAS:
        if "cipher_" not in pragma:
            conn.execute(pragma).fetchall()
    register_functions(conn)
    return Store(path, conn, audit_key=bytes(32))
