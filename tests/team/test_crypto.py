"""Keys and envelopes without a store or a server: what opens, what is refused."""

from __future__ import annotations

import pytest

from app.security.signing import OPERATION_CONTEXT, TEAM_CONTEXT, SigningKey, verify_signature
from app.team import crypto, keyring
from app.team.crypto import EnvelopeError, ExchangeKey
from app.team.model import Key, Member, Role

TEAM = "0f" * 16


class Ring:
    """A keyring in memory: the same protocol the store fills."""

    def __init__(self, device: str, worker: str = "w", role: Role = Role.MEMBER) -> None:
        self.team_id = TEAM
        self.device_id = device
        self.signing, _ = SigningKey.generate()
        self.exchange, _ = ExchangeKey.generate()
        self.me = Member(device, worker, role, self.signing.public_key, self.exchange.public_key)
        self._members: dict[str, Member] = {}
        self._epoch = 0
        self.keys: dict[bytes, Key] = {}

    def members(self):
        return dict(self._members)

    def ever_member(self, device):
        return self._members.get(device)

    def epoch(self):
        return self._epoch

    def set_members(self, epoch, members, signed):
        self._epoch = epoch
        self._members = {m.device: m for m in members}

    def add_key(self, key, recipients=()):
        known = key.key_id in self.keys
        self.keys.setdefault(key.key_id, key)
        return not known

    def key(self, key_id):
        return self.keys.get(key_id)

    def current_key(self, scope):
        found = [k for k in self.keys.values() if k.scope == scope]
        return max(found, key=lambda k: k.epoch) if found else None

    def first_giver(self, scope):
        found = sorted((k for k in self.keys.values() if k.scope == scope), key=lambda k: k.epoch)
        return found[0].given_by if found else None


@pytest.fixture
def team():
    lead, worker, other = Ring("lead", "wl", Role.ADMIN), Ring("worker", "ww"), Ring("other", "wo")
    members = [lead.me, worker.me, other.me]
    team_key = keyring.make_key("", 1, "lead")
    lead.add_key(team_key)
    signed = keyring.membership_statement(lead, 1, members, team_key)
    lead.set_members(1, members, signed)
    for ring in (worker, other):
        ring.set_members(0, [lead.me], b"")  # trusts the lead, as after a welcome file
        keyring.receive(ring, signed, "lead")
    return lead, worker, other


def seal(ring, key, body=b"Jansen, vermoeden van mishandeling", device=None,
         context=OPERATION_CONTEXT):
    """``body`` signed by ``ring``'s device as the operation log signs, sealed
    as from ``device`` (the ring's own unless said)."""
    return crypto.seal(team=TEAM, device=device or ring.device_id, key=key.secret,
                       key_id=key.key_id, body=body, signature=ring.signing.sign(context, body))


def open_(ring, data, device, key=None):
    key = key or ring.key(crypto.envelope_key_id(data))
    assert key is not None
    member = ring.ever_member(device)
    return crypto.open_envelope(data, team=TEAM, device=device, key=key.secret,
                                signer_public=member.signing if member else None)


def test_membership_gives_every_member_the_team_key(team):
    lead, worker, other = team
    team_key = lead.current_key("")
    assert worker.current_key("").secret == team_key.secret
    assert other.current_key("").secret == team_key.secret
    assert set(worker.members()) == {"lead", "worker", "other"}


def test_a_case_key_reaches_only_the_devices_it_was_wrapped_for(team):
    lead, worker, other = team
    case_key = keyring.make_key("case-1", 1, "worker")
    worker.add_key(case_key)
    statement = keyring.keys_statement(worker, [(case_key, [worker.me, lead.me])])
    assert keyring.receive(lead, statement, "worker").key_ids == (case_key.key_id,)
    assert keyring.receive(other, statement, "worker").key_ids == ()
    assert other.key(case_key.key_id) is None
    assert case_key.secret not in statement


def test_an_envelope_opens_for_the_case_and_hides_its_text(team):
    lead, worker, _other = team
    case_key = keyring.make_key("case-1", 1, "worker")
    lead.add_key(case_key)
    data = seal(worker, case_key)
    assert b"Jansen" not in data
    body, signature = open_(lead, data, "worker", case_key)
    assert body == b"Jansen, vermoeden van mishandeling"
    assert verify_signature(worker.signing.public_key, OPERATION_CONTEXT, body, signature)


@pytest.mark.parametrize(("length", "size"), [(1, 512), (512, 512), (513, 2048),
                                              (9000, 32768), (200_000, 262144)])
def test_envelopes_are_padded_to_buckets(length, size):
    assert crypto.padded_size(length) == size


def test_two_bodies_of_different_length_in_one_bucket_give_one_size(team):
    _lead, worker, _other = team
    key = keyring.make_key("case-1", 1, "worker")
    assert len(seal(worker, key, b"a")) == len(seal(worker, key, b"a" * 150))


def _flip(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 1]) + data[at + 1:]


def test_wire_input_is_refused_for_its_reason(team):
    lead, worker, other = team
    key = keyring.make_key("case-1", 1, "worker")
    lead.add_key(key)
    good = seal(worker, key)
    cases = [
        (_flip(good, len(good) - 5), "worker", crypto.NOT_DECRYPTABLE),  # changed on the way
        (_flip(good, 3), "worker", crypto.NOT_DECRYPTABLE),  # its key id changed
        (good, "other", crypto.NOT_DECRYPTABLE),  # replayed on another device's subject
        (seal(other, key, device="worker"), "worker", crypto.BAD_SIGNATURE),  # forged
        # the worker's signature, but of a team statement, not an operation
        (seal(worker, key, context=TEAM_CONTEXT), "worker", crypto.BAD_SIGNATURE),
        (seal(Ring("stranger"), key), "stranger", crypto.UNKNOWN_DEVICE),
        (b"\x02\x01" + bytes(10), "worker", crypto.MALFORMED),
        (bytes([1]) + good[1:], "worker", crypto.MALFORMED),  # version 1 is no more
    ]
    for data, device, reason in cases:
        with pytest.raises(EnvelopeError) as refused:
            open_(lead, data, device, key)
        assert refused.value.reason == reason


def test_a_wrapped_key_opens_only_for_its_device(team):
    lead, worker, other = team
    wrapped = crypto.wrap_key(b"secret", worker.exchange.public_key, TEAM, b"k" * 16, "worker")
    assert crypto.unwrap_key(wrapped, worker.exchange, TEAM, b"k" * 16, "worker") == b"secret"
    for ring, device, key_id in ((other, "other", b"k" * 16), (worker, "worker", b"x" * 16),
                                 (worker, "other", b"k" * 16)):
        with pytest.raises(EnvelopeError):
            crypto.unwrap_key(wrapped, ring.exchange, TEAM, key_id, device)


def test_only_an_admin_changes_the_member_list(team):
    lead, worker, other = team
    stranger = Ring("stranger")
    forged = keyring.membership_statement(worker, 2, [worker.me, stranger.me],
                                          keyring.make_key("", 2, "worker"))
    with pytest.raises(EnvelopeError) as refused:
        keyring.receive(other, forged, "worker")
    assert refused.value.reason == crypto.UNKNOWN_DEVICE
    assert set(other.members()) == {"lead", "worker", "other"}


def test_a_later_case_key_only_from_its_first_giver_or_an_admin(team):
    lead, worker, other = team
    first = keyring.make_key("case-1", 1, "worker")
    keyring.receive(lead, keyring.keys_statement(worker, [(first, [lead.me])]), "worker")
    hijack = keyring.make_key("case-1", 2, "other")
    with pytest.raises(EnvelopeError) as refused:
        # another member may not replace the key of a case it did not start
        keyring.receive(lead, keyring.keys_statement(other, [(hijack, [lead.me])]), "other")
    assert refused.value.reason == crypto.NOT_OURS
    rotated = keyring.make_key("case-1", 2, "worker")
    keyring.receive(lead, keyring.keys_statement(worker, [(rotated, [lead.me])]), "worker")
    assert lead.current_key("case-1").secret == rotated.secret


@pytest.mark.parametrize(("typed", "expected"), [
    ("12345 67890 12345 67890 12345 67890 12345 67890",
     "12345 67890 12345 67890 12345 67890 12345 67890"),
    ("1234567890-1234567890 1234567890.1234567890",
     "12345 67890 12345 67890 12345 67890 12345 67890"),
    ("12345 67890", None),
    ("abcde 67890 12345 67890 12345 67890 12345 67890", None),
])
def test_a_fingerprint_read_aloud_is_recognised(typed, expected):
    assert crypto.normalise_device_fingerprint(typed) == expected


def test_the_fingerprint_covers_both_keys_and_who_the_device_says_it_is():
    ring = Ring("a")
    other = ExchangeKey.generate()[0]
    base = (ring.signing.public_key, ring.exchange.public_key, "a", "w")
    variants = [(ring.signing.public_key, other.public_key, "a", "w"),
                (ring.signing.public_key, ring.exchange.public_key, "b", "w"),
                (ring.signing.public_key, ring.exchange.public_key, "a", "colleague")]
    shown = crypto.device_fingerprint(*base)
    assert crypto.normalise_device_fingerprint(shown) == shown
    for variant in variants:
        assert crypto.device_fingerprint(*variant) != shown
