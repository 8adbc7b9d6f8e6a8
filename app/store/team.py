"""The team's tables (migration 0012): keyring, member list and operation envelopes.

``TeamKeyStore`` is this device's keyring for its team (``app.team.model.TeamKeys``);
``EnvelopeLog`` fills ``app.team.model.OperationLog`` with the minimal
``team_ops`` table until the operation log (issue 19) takes its place. Both
only read and write rows: the cryptography is ``app.team``'s.

The X25519 key lives beside the signing key in ``meta``
(``device_exchange_key``), made the first time the store meets a team.
"""

from __future__ import annotations

import base64
import binascii
import json
import struct

from app.cases.model import new_id, utc_now
from app.security.signing import SigningKey
from app.store.database import Connection, transaction
from app.store.device import device_key
from app.team.crypto import ExchangeKey
from app.team.model import Channel, Key, Member, Outgoing, Role

EXCHANGE_META_KEY = "device_exchange_key"


def exchange_key(conn: Connection) -> ExchangeKey:
    """This device's X25519 key, made (and kept) the first time it is asked for."""
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (EXCHANGE_META_KEY,)).fetchone()
    if row is None:
        key, raw = ExchangeKey.generate()
        insert = ("INSERT INTO meta (key, value) VALUES (?, ?)", (EXCHANGE_META_KEY, raw.hex()))
        if conn.in_transaction:
            conn.execute(*insert)
        else:
            with transaction(conn):
                conn.execute(*insert)
        return key
    return ExchangeKey(binascii.unhexlify(row[0]))


def destroy_case_keys(conn: Connection, case_id: str) -> None:
    """Every key of an erased case goes, every epoch (inside the erasure's
    transaction): the keys, their recipients, messages held for them, and
    the wraps of them in this device's own key statements. Their ids stay
    (``erased_keys``), so that a message sealed with one is refused."""
    key_ids = [bytes(r[0]) for r in conn.execute(
        "SELECT key_id FROM team_keys WHERE scope = ?", (case_id,))]
    for key_id in key_ids:
        conn.execute("INSERT OR IGNORE INTO erased_keys (key_id) VALUES (?)", (key_id,))
        conn.execute("DELETE FROM team_held WHERE key_id = ?", (key_id,))
        # A statement names each key it wraps as "key_id":"<base64>" (canonical JSON).
        marker = f'"key_id":"{base64.b64encode(key_id).decode()}"'.encode()
        # Sent: the server has it; kept here only so that it is known when read back.
        conn.execute("UPDATE team_statements SET body = x'' WHERE sequence IS NOT NULL"
                     " AND instr(body, ?) > 0", (marker,))
        for op_id, body in conn.execute(
                "SELECT op_id, body FROM team_statements WHERE sequence IS NULL"
                " AND instr(body, ?) > 0", (marker,)).fetchall():
            if _only_erased_keys(bytes(body), conn):
                conn.execute("DELETE FROM team_statements WHERE op_id = ?", (op_id,))
    conn.execute("DELETE FROM team_keys WHERE scope = ?", (case_id,))


def _only_erased_keys(body: bytes, conn: Connection) -> bool:
    """A statement not yet sent that wraps nothing but erased keys: nothing of
    it is left to send. One that also wraps another case's key stays."""
    (length,) = struct.unpack(">I", body[:4])
    grants = json.loads(body[4:4 + length].decode("utf-8")).get("keys", [])
    return all(conn.execute("SELECT 1 FROM erased_keys WHERE key_id = ?",
                            (base64.b64decode(g["key_id"]),)).fetchone() for g in grants)


def team_row(conn: Connection) -> dict | None:
    cur = conn.execute("SELECT * FROM team WHERE id = 1")
    row = cur.fetchone()
    if row is None:
        return None
    return dict(zip([d[0] for d in cur.description], row, strict=True))


def _member(row) -> Member:
    device, worker, role, signing, exchange = row
    return Member(device=device, worker=worker, role=Role(role), signing=bytes(signing),
                  exchange=bytes(exchange))


def _key(row) -> Key:
    key_id, scope, epoch, secret, given_by = row
    return Key(key_id=bytes(key_id), scope=scope, epoch=epoch, secret=bytes(secret),
               given_by=given_by)


_MEMBER_COLUMNS = "device, worker, role, signing, exchange"
_KEY_COLUMNS = "key_id, scope, epoch, secret, given_by"


class TeamKeyStore:
    """This device's keyring (``TeamKeys``) on the store's connection."""

    def __init__(self, conn: Connection, device_id: str) -> None:
        row = team_row(conn)
        if row is None:
            raise LookupError("this store is not in a team")
        self.conn = conn
        self.team_id: str = row["team_id"]
        self.name: str = row["name"]
        self.device_id = device_id
        self.signing: SigningKey = device_key(conn)
        self.exchange: ExchangeKey = exchange_key(conn)

    # -- the team -------------------------------------------------------------

    @staticmethod
    def create(conn: Connection, team_id: str, name: str, server_secret: bytes | None,
               user: str, password: str) -> None:
        conn.execute("INSERT INTO team (id, team_id, name, server_secret, server_user, "
                     "server_password, created_at) VALUES (1, ?, ?, ?, ?, ?, ?)",
                     (team_id, name, server_secret, user, password, utc_now().isoformat()))

    def row(self) -> dict:
        row = team_row(self.conn)
        assert row is not None
        return row

    def epoch(self) -> int:
        return self.row()["epoch"]

    def members(self) -> dict[str, Member]:
        return {r[0]: _member(r) for r in self.conn.execute(
            f"SELECT {_MEMBER_COLUMNS} FROM team_members WHERE removed_at IS NULL")}

    def ever_member(self, device: str) -> Member | None:
        row = self.conn.execute(f"SELECT {_MEMBER_COLUMNS} FROM team_members WHERE device = ?",
                                (device,)).fetchone()
        return None if row is None else _member(row)

    def removed_devices(self) -> list[str]:
        return [r[0] for r in self.conn.execute(
            "SELECT device FROM team_members WHERE removed_at IS NOT NULL ORDER BY device")]

    def add_former_members(self, members: list[Member]) -> None:
        now = utc_now().isoformat()
        self.conn.executemany(
            "INSERT INTO team_members (device, worker, role, signing, exchange, removed_at) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (device) DO NOTHING",
            [(m.device, m.worker, str(m.role), m.signing, m.exchange, now) for m in members])

    def set_members(self, epoch: int, members: list[Member], signed: bytes) -> None:
        """The member list of ``epoch``; a device missing from it is removed."""
        now = utc_now().isoformat()
        current = {m.device for m in members}
        own_tx = not self.conn.in_transaction
        if own_tx:
            self.conn.execute("BEGIN IMMEDIATE")
        try:
            for m in members:
                self.conn.execute(
                    "INSERT INTO team_members (device, worker, role, signing, exchange) "
                    "VALUES (?, ?, ?, ?, ?) ON CONFLICT (device) DO UPDATE SET "
                    "role = excluded.role, removed_at = NULL",
                    (m.device, m.worker, str(m.role), m.signing, m.exchange))
            for (device,) in self.conn.execute(
                    "SELECT device FROM team_members WHERE removed_at IS NULL").fetchall():
                if device not in current:
                    self.conn.execute("UPDATE team_members SET removed_at = ? WHERE device = ?",
                                      (now, device))
            self.conn.execute("UPDATE team SET epoch = ?, membership = ?, removed = ? "
                              "WHERE id = 1", (epoch, signed, int(self.device_id not in current)))
        except BaseException:
            if own_tx:
                self.conn.execute("ROLLBACK")
            raise
        if own_tx:
            self.conn.execute("COMMIT")

    # -- keys -------------------------------------------------------------------

    def add_key(self, key: Key, recipients: list[str] = ()) -> bool:
        if key.scope and self.conn.execute("SELECT 1 FROM erased_cases WHERE case_id = ?",
                                           (key.scope,)).fetchone():
            # A key of an erased case (a new epoch sent before the erasure
            # arrived there) is not kept: only its id, as for the others.
            self.conn.execute("INSERT OR IGNORE INTO erased_keys (key_id) VALUES (?)",
                              (key.key_id,))
            return False
        cur = self.conn.execute(
            f"INSERT OR IGNORE INTO team_keys ({_KEY_COLUMNS}) VALUES (?, ?, ?, ?, ?)",
            (key.key_id, key.scope, key.epoch, key.secret, key.given_by))
        self.conn.executemany(
            "INSERT OR IGNORE INTO team_key_recipients (key_id, device) VALUES (?, ?)",
            [(key.key_id, d) for d in recipients])
        return cur.rowcount == 1

    def add_recipients(self, key_id: bytes, devices: list[str]) -> None:
        self.conn.executemany(
            "INSERT OR IGNORE INTO team_key_recipients (key_id, device) VALUES (?, ?)",
            [(key_id, d) for d in devices])

    def recipients(self, key_id: bytes) -> list[str]:
        return [r[0] for r in self.conn.execute(
            "SELECT device FROM team_key_recipients WHERE key_id = ? ORDER BY device",
            (key_id,))]

    def key(self, key_id: bytes) -> Key | None:
        row = self.conn.execute(f"SELECT {_KEY_COLUMNS} FROM team_keys WHERE key_id = ?",
                                (key_id,)).fetchone()
        return None if row is None else _key(row)

    def erased(self, key_id: bytes) -> bool:
        """A key destroyed with its case's erasure (its id is all that is left)."""
        return self.conn.execute("SELECT 1 FROM erased_keys WHERE key_id = ?",
                                 (key_id,)).fetchone() is not None

    def current_key(self, scope: str) -> Key | None:
        row = self.conn.execute(f"SELECT {_KEY_COLUMNS} FROM team_keys WHERE scope = ? "
                                "ORDER BY epoch DESC, rowid DESC LIMIT 1", (scope,)).fetchone()
        return None if row is None else _key(row)

    def current_case_keys(self) -> list[Key]:
        """The newest key of every case this device holds."""
        return [_key(r) for r in self.conn.execute(
            f"SELECT {_KEY_COLUMNS} FROM team_keys AS k WHERE scope != '' AND epoch = "
            "(SELECT max(epoch) FROM team_keys WHERE scope = k.scope) ORDER BY scope")]

    def case_keys(self) -> list[Key]:
        """Every case key of every epoch (a new device of a worker gets them all)."""
        return [_key(r) for r in self.conn.execute(
            f"SELECT {_KEY_COLUMNS} FROM team_keys WHERE scope != '' ORDER BY scope, epoch")]

    def first_giver(self, scope: str) -> str | None:
        row = self.conn.execute("SELECT given_by FROM team_keys WHERE scope = ? "
                                "ORDER BY epoch, rowid LIMIT 1", (scope,)).fetchone()
        return None if row is None else row[0]


class TeamRepository:
    """The team tables of one store (``store.team``): whether it is in a team,
    its keyring and its side of the sync."""

    def __init__(self, conn: Connection, device_id: str) -> None:
        self._conn = conn
        self._device = device_id

    def row(self) -> dict | None:
        return team_row(self._conn)

    def exchange_key(self) -> ExchangeKey:
        return exchange_key(self._conn)

    def create(self, team_id: str, name: str, server_secret: bytes | None, user: str,
               password: str) -> None:
        TeamKeyStore.create(self._conn, team_id, name, server_secret, user, password)

    def set_server_url(self, url: str) -> None:
        with transaction(self._conn):
            self._conn.execute("UPDATE team SET server_url = ? WHERE id = 1", (url,))

    def keys(self) -> TeamKeyStore:
        """This device's keyring; ``LookupError`` when the store is in no team."""
        return TeamKeyStore(self._conn, self._device)

    def stream(self) -> StreamTables:
        """The sync's tables; ``LookupError`` when the store is in no team."""
        row = team_row(self._conn)
        if row is None:
            raise LookupError("this store is not in a team")
        return StreamTables(self._conn, row["team_id"])


class StreamTables:
    """The store's side of the sync with the team's stream, in SQL only:
    what this device still sends (the operation log's ``outbox`` and the
    unsent key statements), the cursor (the ``op_cursors`` row
    ``stream:<team>``), held and refused messages. The merge itself is the
    operation log's (``OpLog.receive``), called by the services."""

    def __init__(self, conn: Connection, team_id: str) -> None:
        self.conn = conn
        self.source = f"stream:{team_id}"

    # -- what this device sends -----------------------------------------------------

    def add_statement(self, body: bytes, op_id: str | None = None) -> str:
        """Queue a signed key statement (inside the caller's transaction)."""
        op_id = op_id or new_id()
        self.conn.execute("INSERT INTO team_statements (op_id, body, created_at) "
                          "VALUES (?, ?, ?)", (op_id, body, utc_now().isoformat()))
        return op_id

    def unsent_statements(self, limit: int) -> list[Outgoing]:
        return [Outgoing(op_id=r[0], channel=Channel.KEYS, scope="", body=bytes(r[1]))
                for r in self.conn.execute(
                    "SELECT op_id, body FROM team_statements WHERE sequence IS NULL "
                    "ORDER BY rowid LIMIT ?", (limit,))]

    def unsent_operations(self, limit: int) -> list[tuple[str, str, bytes, bytes]]:
        """(op id, case id, body, signature) of the oldest own operations the
        stream has not acknowledged, in the order they were made."""
        return [(r[0], r[1], bytes(r[2]), bytes(r[3])) for r in self.conn.execute(
            "SELECT o.op_id, o.case_id, o.body, o.signature FROM outbox AS x "
            "JOIN operations AS o ON o.op_id = x.op_id ORDER BY o.seq LIMIT ?", (limit,))]

    def unsent_count(self) -> int:
        return self.conn.execute(
            "SELECT (SELECT count(*) FROM outbox) + "
            "(SELECT count(*) FROM team_statements WHERE sequence IS NULL)").fetchone()[0]

    def mark_sent(self, acks: list[tuple[str, int]]) -> None:
        with transaction(self.conn):
            self.conn.executemany("DELETE FROM outbox WHERE op_id = ?",
                                  [(op_id,) for op_id, _sequence in acks])
            self.conn.executemany("UPDATE team_statements SET sequence = ? WHERE op_id = ?",
                                  [(sequence, op_id) for op_id, sequence in acks])

    def knows(self, op_id: str) -> bool:
        """An operation the log holds, or a key statement made here."""
        return self.conn.execute(
            "SELECT EXISTS (SELECT 1 FROM operations WHERE op_id = ?) "
            "OR EXISTS (SELECT 1 FROM team_statements WHERE op_id = ?)",
            (op_id, op_id)).fetchone()[0] == 1

    # -- how far this device has read -------------------------------------------------

    def cursor(self) -> int:
        row = self.conn.execute("SELECT position FROM op_cursors WHERE source = ?",
                                (self.source,)).fetchone()
        return 0 if row is None else row[0]

    def move(self, sequence: int) -> None:
        """Inside the caller's transaction; only forward."""
        self.conn.execute(
            "INSERT INTO op_cursors (source, position) VALUES (?, ?) ON CONFLICT (source)"
            " DO UPDATE SET position = max(position, excluded.position)",
            (self.source, sequence))

    def count_refusal(self, reason: str) -> None:
        """Inside the caller's transaction."""
        self.conn.execute("INSERT INTO team_refused (reason, count) VALUES (?, 1) "
                          "ON CONFLICT (reason) DO UPDATE SET count = count + 1", (reason,))

    def skip(self, sequence: int, reason: str | None) -> None:
        with transaction(self.conn):
            if reason is not None:
                self.count_refusal(reason)
            self.move(sequence)

    def hold(self, sequence: int, device: str, waits_for: bytes, envelope: bytes) -> None:
        # The column ``key_id`` holds what the message waits for: a key id, or
        # its sender's admission. Held again after a release (first its
        # sender, then its key), it waits for what it lacks next.
        with transaction(self.conn):
            self.conn.execute("INSERT INTO team_held (sequence, device, key_id, envelope) "
                              "VALUES (?, ?, ?, ?) ON CONFLICT (sequence) "
                              "DO UPDATE SET key_id = excluded.key_id",
                              (sequence, device, waits_for, envelope))
            self.move(sequence)

    def held(self, waits_for: bytes) -> list[tuple[int, str, bytes]]:
        return [(r[0], r[1], bytes(r[2])) for r in self.conn.execute(
            "SELECT sequence, device, envelope FROM team_held WHERE key_id = ? "
            "ORDER BY sequence", (waits_for,))]

    def held_count(self) -> int:
        return self.conn.execute("SELECT count(*) FROM team_held").fetchone()[0]

    def release(self, sequences: list[int]) -> None:
        with transaction(self.conn):
            self.conn.executemany("DELETE FROM team_held WHERE sequence = ?",
                                  [(sequence,) for sequence in sequences])

    def refused(self) -> dict[str, int]:
        return dict(self.conn.execute("SELECT reason, count FROM team_refused"))

    def know_member_key(self, device: str, public_key: bytes) -> bool:
        """Keep a member's signing key with the log's device keys (inside the
        caller's transaction), so that ``ops export`` passes it on. False when
        the log already holds another key for that device."""
        row = self.conn.execute("SELECT public_key FROM device_keys WHERE device = ?",
                                (device,)).fetchone()
        if row is None:
            self.conn.execute("INSERT INTO device_keys (device, public_key, first_seen) "
                              "VALUES (?, ?, ?)", (device, public_key, utc_now().isoformat()))
            return True
        return bytes(row[0]) == public_key
