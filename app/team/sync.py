"""The team's stream on NATS JetStream: publish the outbox, read from the cursor.

One stream per team (``VW-<team>``, subjects ``vw.<team>.>``): file storage,
no maximum age, no deletes, no purges, a long duplicate window. A device
publishes on ``vw.<team>.ops.<device>`` (sealed operations) and
``vw.<team>.keys.<device>`` (signed key statements).

- Publishing: every outbox entry with header ``Nats-Msg-Id`` = its op id,
  retried until the server acknowledges it; only then does it leave the
  outbox. A retry the server has seen is acknowledged as a duplicate.
- Reading: an ordered consumer from the device's own cursor (not a durable
  consumer's position: after a failover that skipped messages). Sequences
  are contiguous, so a jump is a gap: the consumer is made again from the
  cursor, and only a gap seen twice is passed (and counted). A message whose
  op id is known is skipped (redeliveries happen). Each operation is opened
  (decrypted, signature and member checked) and handed to the log in
  batches: applied ops and the new cursor commit together.
- Bad input is refused and counted per reason and never stops the sync. A
  message whose key this device lacks is held: it may be for a case this
  device is not on, or its key comes later in the stream. So is a message
  from a device this store does not know yet: a new device may publish
  before the admin's member list that admits it reaches the stream; it is
  opened when that list arrives.
- During a failover requests time out or find no stream for a few seconds:
  temporary, retried. A permission denial reaches the client only as a
  timeout plus an error-callback message: that becomes ``NoAccess``.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

import nats
import nats.errors
import nats.js.errors
from nats.js.api import (
    ConsumerConfig,
    DeliverPolicy,
    DiscardPolicy,
    RetentionPolicy,
    StorageType,
    StreamConfig,
)

from app.oplog.operation import OpKind, SignedOperation
from app.team import crypto, keyring
from app.team.crypto import EnvelopeError, Sealed
from app.team.model import (
    TEAM_SCOPE,
    Channel,
    Key,
    OperationLog,
    SyncReport,
    TeamKeys,
    scope_of,
)

#: How long the server remembers a Nats-Msg-Id: a laptop offline for weeks
#: that retries an old publish must not add it twice.
DUPLICATE_WINDOW_S = 90 * 24 * 3600
PUBLISH_WINDOW = 256
#: Operations merged in one transaction while catching up (a live change is
#: merged at once): the case-list columns are worked out once per batch.
BATCH = 2000
#: How long a message or an acknowledgement may take before it counts as lost.
REQUEST_TIMEOUT_S = 5.0


class SyncError(Exception):
    """The sync cannot go on; ``reason`` is one of the constants below."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


OFFLINE = "offline"
NO_ACCESS = "no-access"
REMOVED = "removed"
NO_STREAM = "no-stream"
#: The refusal reason of a sequence missing from the stream twice.
GAP = "gap"
#: The refusal reason of a checked operation the store's merge could not take.
UNMERGEABLE = "unmergeable"
#: The refusal reason of a message sealed with the key of a case erased here.
ERASED = "erased"


def stream_name(team: str) -> str:
    return f"VW-{team}"


def subject(team: str, channel: Channel, device: str) -> str:
    return f"vw.{team}.{channel}.{device}"


def inbox_prefix(device: str) -> str:
    """Replies for this device only: its server account may read nothing else."""
    return f"_INBOX_{device}"


def stream_config(team: str, replicas: int = 1) -> StreamConfig:
    return StreamConfig(
        name=stream_name(team), subjects=[f"vw.{team}.>"], storage=StorageType.FILE,
        retention=RetentionPolicy.LIMITS, discard=DiscardPolicy.OLD, max_age=0,
        max_msgs=-1, max_bytes=-1, num_replicas=replicas, deny_delete=True, deny_purge=True,
        duplicate_window=DUPLICATE_WINDOW_S)


def _awaiting_member(channel: str, device: str) -> bytes:
    """Where a message from a device not (yet) in the member list waits:
    not a key id (those are random 16 bytes), one per channel and device."""
    return f"awaiting-member:{channel}:{device}".encode()


@dataclass
class _Batch:
    """Outcomes read from the stream, committed to the log together."""

    applied: list[tuple[Sealed, int]] = field(default_factory=list)
    op_ids: set[str] = field(default_factory=set)
    last: int = 0

    def __len__(self) -> int:
        return len(self.applied)


class Sync:
    """One device's sync with its team's stream."""

    def __init__(self, keys: TeamKeys, log: OperationLog, *, replicas: int = 1,
                 on_change: Callable[[SyncReport], None] | None = None) -> None:
        self.keys = keys
        self.log = log
        self.replicas = replicas
        self.report = SyncReport()
        self.on_change = on_change
        self.nc: nats.NATS | None = None
        self.js = None
        self._denied: str | None = None
        self._auth_failed = False
        self._seen_gap: int | None = None
        self._wake: asyncio.Event | None = None
        self._keys: dict[bytes, Key] = {}
        self._signers: dict[str, bytes | None] = {}

    @property
    def team(self) -> str:
        return self.keys.team_id

    @property
    def stream(self) -> str:
        return stream_name(self.team)

    # -- connection ----------------------------------------------------------------

    async def _error(self, exc: Exception) -> None:
        text = str(exc).lower()
        if "permissions violation" in text:
            self._denied = str(exc)
        elif isinstance(exc, nats.errors.AuthorizationError) or "authorization" in text:
            self._auth_failed = True

    def _closed(self) -> SyncError:
        """Why the connection is gone: the server refused this device (its
        account was removed and the config reloaded), or it is unreachable."""
        last = self.nc.last_error if self.nc is not None else None
        if self._auth_failed or isinstance(last, nats.errors.AuthorizationError):
            return SyncError(NO_ACCESS, "authorization")
        return SyncError(OFFLINE, str(last or "connection closed"))

    async def connect(self, url: str, user: str | None = None, password: str | None = None,
                      *, reconnect: bool = True, connect_timeout: float = 2.0) -> None:
        """Connect; with ``reconnect`` the client keeps trying after a drop,
        without it one failed attempt more and it gives up (``--once``)."""
        options = {"user": user, "password": password} if user else {}
        try:
            self.nc = await nats.connect(
                # A cluster: its servers' URLs separated by commas.
                servers=[u.strip() for u in url.split(",") if u.strip()],
                error_cb=self._error, inbox_prefix=inbox_prefix(self.keys.device_id),
                allow_reconnect=reconnect,
                # nats-py reads 0 as "for ever": 1 is one more attempt.
                max_reconnect_attempts=-1 if reconnect else 1, reconnect_time_wait=0.2,
                connect_timeout=connect_timeout, name=self.keys.device_id, **options)
        except nats.errors.NoServersError as exc:
            if self._auth_failed:
                raise SyncError(NO_ACCESS, str(exc)) from None
            raise SyncError(OFFLINE, str(exc)) from None
        except (OSError, TimeoutError, nats.errors.Error) as exc:
            if self._auth_failed or isinstance(exc, nats.errors.AuthorizationError):
                raise SyncError(NO_ACCESS, str(exc)) from None
            raise SyncError(OFFLINE, str(exc)) from None
        self.js = self.nc.jetstream(timeout=REQUEST_TIMEOUT_S)

    @property
    def online(self) -> bool:
        """Connected now (the client reconnects by itself after a drop)."""
        return self.nc is not None and self.nc.is_connected

    async def close(self) -> None:
        """Close the connection, quietly and promptly.

        Not ``drain``: it waits until every subscription's queue has been
        read, and the ordered consumer can be left holding a message nobody
        reads (a heartbeat, or a subscription nats-py made again after a
        missed one). Quitting then cancelled the drain after its grace, and
        nats-py printed a CancelledError it never retrieved. Nothing is lost
        by closing: every publish is acknowledged or still in the outbox, and
        what was read but not merged is read again from the cursor."""
        if self.nc is None or self.nc.is_closed:
            return
        # A close that hangs on a dead socket must not hold up quitting or locking.
        try:
            await asyncio.wait_for(self.nc.close(), 1.0)
        except (nats.errors.Error, OSError, TimeoutError):
            pass

    def _raise_if_denied(self) -> None:
        if self._denied is not None:
            raise SyncError(NO_ACCESS, self._denied)
        if self._auth_failed:
            raise SyncError(NO_ACCESS, "authorization")

    async def ensure_stream(self, create: bool) -> int:
        """The stream's last sequence; made first when it is missing and ``create``."""
        try:
            info = await self.js.stream_info(self.stream)
        except nats.js.errors.NotFoundError:
            if not create:
                raise SyncError(NO_STREAM) from None
            try:
                info = await self.js.add_stream(stream_config(self.team, self.replicas))
            except (nats.errors.TimeoutError, nats.js.errors.APIError) as exc:
                self._raise_if_denied()
                raise SyncError(NO_ACCESS, str(exc)) from None
        except (nats.errors.TimeoutError, nats.errors.NoRespondersError) as exc:
            self._raise_if_denied()
            raise SyncError(OFFLINE, str(exc)) from None
        return info.state.last_seq

    # -- publishing --------------------------------------------------------------------

    def _payload(self, entry) -> bytes:
        if entry.channel is Channel.KEYS:
            return entry.body
        key = self.keys.current_key(entry.scope)
        if key is None:
            raise LookupError(f"no key for scope {entry.scope!r}")
        return crypto.seal(team=self.team, device=self.keys.device_id, key=key.secret,
                           key_id=key.key_id, body=entry.body, signature=entry.signature)

    async def publish_outbox(self, deadline: float | None = None) -> int:
        """Publish until the outbox is empty; returns how many were acknowledged.

        A batch whose acknowledgements do not come (server down, failover) is
        published again after a short wait; ``deadline`` (monotonic) ends the
        retrying with ``SyncError(OFFLINE)``.
        """
        sent = 0
        wait = 0.1
        while True:
            entries = self.log.outbox(PUBLISH_WINDOW)
            if not entries:
                return sent
            futures = []
            try:
                for entry in entries:
                    futures.append((entry.op_id, await self.js.publish_async(
                        subject(self.team, entry.channel, self.keys.device_id),
                        self._payload(entry), headers={"Nats-Msg-Id": entry.op_id})))
                done, _pending = await asyncio.wait([f for _, f in futures],
                                                    timeout=REQUEST_TIMEOUT_S)
            except (nats.errors.Error, OSError) as exc:
                done = set()
                self._raise_if_denied()
                if isinstance(exc, nats.errors.ConnectionClosedError):
                    raise self._closed() from None
            acks = []
            for op_id, future in futures:
                if future in done and future.exception() is None:
                    acks.append((op_id, future.result().seq))
                elif not future.done():
                    future.cancel()
            if acks:
                self.log.mark_sent(acks)
                sent += len(acks)
                self.report.sent += len(acks)
                wait = 0.1
                self._changed()
            if len(acks) < len(futures):
                self._raise_if_denied()
                if deadline is not None and time.monotonic() > deadline:
                    raise SyncError(OFFLINE, "no acknowledgement")
                await asyncio.sleep(wait)
                wait = min(wait * 2, 2.0)

    # -- reading -----------------------------------------------------------------------

    def _open(self, data: bytes, device: str, sequence: int, batch: _Batch) -> bool:
        """Open one sealed operation into the batch; True when it was held
        (its key, or its sender's admission, has not arrived yet)."""
        try:
            if self._signer(device) is None:
                self._hold(batch, sequence, device, _awaiting_member(Channel.OPS, device), data)
                return True
            key_id = crypto.envelope_key_id(data)
            key = self._key(key_id)
            if key is None and self.keys.erased(key_id):
                raise EnvelopeError(ERASED)  # its case is gone here, and its key with it
            if key is None:
                self._hold(batch, sequence, device, key_id, data)
                return True
            body, signature = crypto.open_envelope(data, team=self.team, device=device,
                                                   key=key.secret,
                                                   signer_public=self._signer(device))
            op = self._check_operation(body, signature, device, key)
        except EnvelopeError as exc:
            self._refuse(batch, sequence, exc.reason)
            return False
        if op.op_id in batch.op_ids:
            self.report.duplicates += 1
            batch.last = sequence
            return False
        # Whether the store has it already is asked once for the batch (_flush).
        batch.applied.append((op, sequence))
        batch.op_ids.add(op.op_id)
        batch.last = sequence
        return False

    def _hold(self, batch: _Batch, sequence: int, device: str, waits_for: bytes,
              data: bytes) -> None:
        self._flush(batch)
        self.log.hold(sequence, device, waits_for, data)
        self.report.held += 1

    def _check_operation(self, body: bytes, signature: bytes, device: str,
                         key: Key) -> Sealed:
        """The operation inside an opened envelope (its signature verified with
        the sending member's key: team membership, not trust on first use,
        decides whose operations count) is that device's own, and of the case
        whose key sealed it: so no member re-sends another's operation under
        its own name, nor one case's operation under another case's key."""
        try:
            signed = SignedOperation.read(body, signature)
        except (ValueError, TypeError, KeyError):  # OperationError is a ValueError
            raise EnvelopeError(crypto.MALFORMED) from None
        op = signed.op
        if op.device != device:
            raise EnvelopeError(crypto.BAD_SIGNATURE)  # another's operation, replayed
        if scope_of(op.case_id) != key.scope and not self._may_erase(key, device, op):
            raise EnvelopeError(crypto.NOT_OURS)  # sealed with another case's key
        return Sealed(op_id=op.op_id, team=self.team, device=device, scope=key.scope,
                      epoch=key.epoch, body=signed.body, signature=signed.signature,
                      checked=signed)

    def _may_erase(self, sealed_with: Key, device: str, op) -> bool:
        """A tombstone under the team key (its sender destroyed the case key
        with the erasure): taken only from a device that holds the case's
        key, for a case this device holds, as when it came under that key."""
        if op.kind is not OpKind.ERASE or sealed_with.scope != TEAM_SCOPE:
            return False
        key = self.keys.current_key(op.case_id)
        return key is not None and device in self.keys.recipients(key.key_id)

    def _signer(self, device: str) -> bytes | None:
        if device not in self._signers:
            member = self.keys.ever_member(device)
            self._signers[device] = None if member is None else member.signing
        return self._signers[device]

    def _key(self, key_id: bytes) -> Key | None:
        """Keys and members change only through key statements, which clear these."""
        if key_id not in self._keys:
            key = self.keys.key(key_id)
            if key is None:
                return None
            self._keys[key_id] = key
        return self._keys[key_id]

    def _forget(self) -> None:
        self._keys.clear()
        self._signers.clear()

    def _refuse(self, batch: _Batch, sequence: int, reason: str) -> None:
        self._flush(batch)
        self.log.skip(sequence, reason)
        self.report.refuse(reason)

    def _flush(self, batch: _Batch) -> None:
        if batch.applied:
            # Redeliveries happen (10,106 deliveries for 10,000 events were
            # seen): an op id the store holds is skipped, not merged again.
            known = self.log.known_of([sealed.op_id for sealed, _s in batch.applied])
            if known:
                batch.applied = [(s, q) for s, q in batch.applied if s.op_id not in known]
                self.report.duplicates += len(known)
            self.report.received += len(batch.applied)
        if batch.last:
            for reason in self.log.apply(batch.applied, batch.last):
                self.report.refuse(reason)
            if any(isinstance(sealed.checked, SignedOperation)
                   and sealed.checked.op.kind is OpKind.ERASE for sealed, _s in batch.applied):
                self._forget()  # an erasure destroyed its case's keys: not from the cache
        batch.applied.clear()
        batch.op_ids.clear()
        batch.last = 0

    def _key_statement(self, data: bytes, device: str, sequence: int, batch: _Batch,
                       op_id: str | None) -> bool:
        """Take one key statement; True when it was held (from a device whose
        admission has not reached this store yet)."""
        self._flush(batch)
        if op_id is not None and self.log.knows(op_id):
            self.log.skip(sequence, None)  # our own, read back
            return False
        self._forget()
        try:
            # One transaction: a statement refused halfway leaves no key behind.
            received = self.log.take(sequence, lambda: keyring.receive(self.keys, data, device))
        except EnvelopeError as exc:
            if exc.reason == crypto.UNKNOWN_DEVICE:
                self._hold(batch, sequence, device, _awaiting_member(Channel.KEYS, device), data)
                return True
            self._refuse(batch, sequence, exc.reason)
            return False
        waiting = list(received.key_ids)
        if received.members_changed:
            waiting += [_awaiting_member(channel, member)
                        for channel in (Channel.KEYS, Channel.OPS)
                        for member in self.keys.members()]
        self._release(waiting)
        if received.removed:
            raise SyncError(REMOVED)
        return False

    def _release(self, waiting: list[bytes]) -> None:
        """Open the messages that waited for these keys or members, together
        in stream order (a case's first operation, under its first key,
        before a later one under the next); one that must wait again (for
        a key) stays held."""
        statements = _awaiting_member(Channel.KEYS, "")
        rows = sorted((sequence, device, envelope, waits_for)
                      for waits_for in waiting
                      for sequence, device, envelope in self.log.held(waits_for))
        batch = _Batch()
        opened: list[int] = []

        def settle() -> None:
            # Released once what they brought is in the log: a stop in between
            # only opens them again, and a known op id is then skipped.
            self._flush(batch)
            self.log.release(opened)
            opened.clear()

        for sequence, device, envelope, waits_for in rows:
            if waits_for.startswith(statements):
                settle()
                again = self._key_statement(envelope, device, sequence, batch, None)
            else:
                again = self._open(envelope, device, sequence, batch)
            if not again:
                opened.append(sequence)
            if len(batch) >= BATCH:
                settle()
        settle()

    def _handle(self, msg, batch: _Batch) -> None:
        sequence = msg.metadata.sequence.stream
        parts = msg.subject.split(".")
        if len(parts) != 4 or parts[0] != "vw" or parts[1] != self.team:
            self._refuse(batch, sequence, crypto.MALFORMED)
            return
        channel, device = parts[2], parts[3]
        op_id = (msg.headers or {}).get("Nats-Msg-Id")
        if channel == Channel.KEYS:
            self._key_statement(msg.data, device, sequence, batch, op_id)
        elif channel == Channel.OPS and op_id is not None and device == self.keys.device_id \
                and self.log.knows(op_id):
            # Our own, read back: skipping it applies nothing, so the header is enough.
            batch.last = sequence
        elif channel == Channel.OPS:
            self._open(msg.data, device, sequence, batch)
        else:
            self._refuse(batch, sequence, crypto.MALFORMED)

    async def read(self, until: int | None = None, *, idle_s: float = REQUEST_TIMEOUT_S,
                   stop: asyncio.Event | None = None, deadline: float | None = None) -> None:
        """Read from the cursor; up to sequence ``until`` (then return), or on
        until ``stop`` is set. A gap re-reads from the cursor once. Until
        ``deadline`` (monotonic), a server that does not answer (a failover)
        is waited for; after it, or without one, that is ``SyncError(OFFLINE)``."""
        while True:
            cursor = self.log.cursor()
            if until is not None and cursor >= until:
                return
            try:
                gap = await self._read_from(cursor, until, idle_s, stop)
            except SyncError as exc:
                if exc.reason != OFFLINE or deadline is None or time.monotonic() > deadline:
                    raise
                await asyncio.sleep(0.5)
                continue
            if gap is None:
                return
            if self._seen_gap == gap:
                # The same sequence missing twice: gone from the stream; pass it.
                self.report.gaps += 1
                self.log.skip(gap, GAP)
                self._seen_gap = None
            else:
                self._seen_gap = gap

    async def _read_from(self, cursor: int, until: int | None, idle_s: float,
                         stop: asyncio.Event | None) -> int | None:
        batch = _Batch()
        config = ConsumerConfig(deliver_policy=DeliverPolicy.BY_START_SEQUENCE,
                                opt_start_seq=cursor + 1)
        # Messages are taken from the subscription's callback into a queue of
        # our own and read from it in turns: ``next_msg`` made a task and a
        # ``wait_for`` per message. The callback runs only while this reader
        # waits (one event loop), so the queue holds at most what arrived in
        # that wait, and the server's flow control still holds it back.
        inbox: deque = deque()
        arrived = asyncio.Event()

        async def deliver(msg) -> None:
            inbox.append(msg)
            arrived.set()

        try:
            sub = await self.js.subscribe(f"vw.{self.team}.>", stream=self.stream,
                                          ordered_consumer=True, config=config, cb=deliver,
                                          idle_heartbeat=2.0, pending_msgs_limit=4096)
        except nats.errors.ConnectionClosedError:
            raise self._closed() from None
        except (nats.errors.TimeoutError, nats.js.errors.Error) as exc:
            self._raise_if_denied()
            raise SyncError(OFFLINE, str(exc)) from None
        expected = cursor + 1
        try:
            while until is None or expected <= until:
                if stop is not None and stop.is_set():
                    break
                if not inbox and not await self._arrival(
                        inbox, arrived, idle_s if until is not None else 0.25):
                    self._flush(batch)
                    self._changed()
                    self._raise_if_denied()
                    if until is not None:
                        raise SyncError(OFFLINE, "the stream stopped answering") from None
                    continue
                msg = inbox.popleft()
                sequence = msg.metadata.sequence.stream
                if sequence < expected:
                    continue  # a redelivery
                if sequence > expected:
                    self._flush(batch)
                    return expected
                self._handle(msg, batch)
                expected = sequence + 1
                # Commit when caught up (a live change shows at once) or the batch is full.
                if len(batch) >= BATCH or msg.metadata.num_pending == 0:
                    self._flush(batch)
                    self._changed()
            self._flush(batch)
            self._changed()
            return None
        finally:
            self._flush(batch)
            try:
                await sub.unsubscribe()
            except nats.errors.Error:
                pass

    async def _arrival(self, inbox: deque, arrived: asyncio.Event, timeout: float) -> bool:
        """Wait up to ``timeout`` for a message in ``inbox``; False when none came.
        A closed connection is seen within a quarter of a second."""
        deadline = time.monotonic() + timeout
        while not inbox:
            if self.nc.is_closed:
                raise self._closed()
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            arrived.clear()
            try:
                await asyncio.wait_for(arrived.wait(), min(left, 0.25))
            except TimeoutError:
                pass
        return True

    def _changed(self) -> None:
        self.report.to_send = self.log.outbox_count()
        if self.on_change is not None:
            self.on_change(self.report)

    # -- running while online -------------------------------------------------------------

    def wake(self) -> None:
        """A local save queued something: publish now rather than at the next poll."""
        if self._wake is not None:
            self._wake.set()

    async def run(self, url: str, user: str | None = None, password: str | None = None,
                  *, stop: asyncio.Event, create_stream: bool = False,
                  poll_s: float = 1.0) -> None:
        """Publish and read until ``stop`` is set; the client reconnects by itself."""
        await self.connect(url, user, password, reconnect=True)
        self._wake = asyncio.Event()
        try:
            await self.ensure_stream(create_stream)

            async def publisher() -> None:
                while not stop.is_set():
                    try:
                        await self.publish_outbox()
                    except SyncError as exc:
                        if exc.reason != OFFLINE or self.nc.is_closed:
                            raise
                    try:
                        await asyncio.wait_for(self._wake.wait(), poll_s)
                    except TimeoutError:
                        pass
                    self._wake.clear()

            task = asyncio.create_task(publisher())
            try:
                while not stop.is_set():
                    if task.done():
                        task.result()  # a publisher that stopped on its own says why
                    try:
                        await self.read(until=None, stop=stop)
                    except SyncError as exc:
                        if exc.reason != OFFLINE or self.nc.is_closed:
                            raise  # a closed client does not come back by itself
                        await asyncio.sleep(0.5)  # a failover or a restart: read again
            finally:
                task.cancel()
                try:
                    await task
                except (asyncio.CancelledError, SyncError):
                    pass
            self._raise_if_denied()
        finally:
            self._wake = None
            await self.close()

    # -- one round ----------------------------------------------------------------------

    async def once(self, url: str, user: str | None = None, password: str | None = None,
                   *, create_stream: bool = False, timeout_s: float = 60.0) -> SyncReport:
        """Publish the outbox, then read up to the stream's last sequence.

        Raises ``SyncError`` (offline, no access, removed, no stream) when a
        direction could not be finished.
        """
        await self.connect(url, user, password, reconnect=False)
        try:
            await self.ensure_stream(create_stream)
            deadline = time.monotonic() + timeout_s
            await self.publish_outbox(deadline=deadline)
            last = await self.ensure_stream(False)
            await self.read(until=last, deadline=deadline)
            self._raise_if_denied()
        finally:
            await self.close()
        self._changed()
        return self.report
