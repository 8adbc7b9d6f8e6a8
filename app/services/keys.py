"""Passphrase change and the recovery key (herstelsleutel).

Both work on the key file only (see ``app.store.keys``): the random store key
that encrypts the data never changes, so no record is rewritten and nothing
can be lost halfway. A change rewrites one slot and replaces the key file
atomically; the old passphrase no longer opens the store afterwards.

The recovery key is a second slot, for the worker to print or write down
and keep in a safe: it opens the store and can set a new passphrase when the
passphrase is forgotten. It is shown once and never stored in the clear.

Recovery key format: 130 random bits from ``secrets`` as 26 characters of
Crockford base32 (digits and capitals without I, L, O, U, so nothing reads
as something else), then 2 check characters: the number modulo 1021 (a
prime), which catches every single wrong character and every swap of two
neighbours, and 1020 of 1021 other typing errors. Shown in groups of four:
``XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX``. Reading it back forgives case, spaces,
dashes, and O/I/L typed for 0/1/1.

Every change is all or nothing (``app.store.keychange``): the new slot is
written as a pending slot, the CHANGE entry on "store" (with a code and the
change's id) is the moment it takes effect, then the slot is put in force. A
failure before that entry raises ``KeyChangeFailed`` saying that the old
secret still opens the store; a failure after it leaves the change made, and
the next open finishes the key file.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from app.errors import ValidationError
from app.i18n import _, ngettext
from app.security.passphrase import assess
from app.store import keychange, keys
from app.store.audit import AuditAction
from app.store.errors import KeyFileProblem, WrongPassphrase
from app.store.store import Store

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
DATA_CHARS = 26  # 130 bits
CHECK_CHARS = 2
CHECK_MODULUS = 1021
GROUP = 4
_LENGTH = DATA_CHARS + CHECK_CHARS
_READ_AS = {"O": "0", "I": "1", "L": "1"}


class MistypedRecoveryKey(ValidationError):
    """The typed text cannot be a recovery key: a typo, caught before any try."""

    def __init__(self, message: str) -> None:
        super().__init__(message, field="recovery_key")


class WrongRecoveryKey(WrongPassphrase):
    """A well-formed recovery key that does not belong to this store."""

    def __init__(self) -> None:
        super().__init__()
        self.message = _("Deze herstelsleutel hoort niet bij deze kluis, of er is een nieuwe "
                         "herstelsleutel gemaakt.")
        self.args = (self.message,)


# -- the recovery key's text ---------------------------------------------------


def _encode(number: int, length: int) -> str:
    chars = []
    for _i in range(length):
        number, digit = divmod(number, 32)
        chars.append(CROCKFORD[digit])
    return "".join(reversed(chars))


def _decode(text: str) -> int:
    number = 0
    for char in text:
        number = number * 32 + CROCKFORD.index(char)
    return number


def format_recovery_key(compact: str) -> str:
    """``ABCD1234…`` as ``ABCD-1234-…``, for the screen and for paper."""
    return "-".join(compact[i:i + GROUP] for i in range(0, len(compact), GROUP))


def new_recovery_key() -> str:
    """A fresh key in compact form (28 characters, check included)."""
    number = secrets.randbits(DATA_CHARS * 5)
    return _encode(number, DATA_CHARS) + _encode(number % CHECK_MODULUS, CHECK_CHARS)


def normalise_recovery_key(typed: str) -> str:
    """The compact form of a typed key, or ``MistypedRecoveryKey`` saying what is wrong."""
    cleaned = "".join(typed.split()).replace("-", "").upper()
    cleaned = "".join(_READ_AS.get(c, c) for c in cleaned)
    wrong = sorted({c for c in cleaned if c not in CROCKFORD})
    if wrong:
        raise MistypedRecoveryKey(_(
            "Deze tekens komen niet voor in een herstelsleutel: {chars}. Kijk de sleutel "
            "teken voor teken na.").format(chars=" ".join(wrong)))
    if len(cleaned) != _LENGTH:
        raise MistypedRecoveryKey(ngettext(
            "Een herstelsleutel heeft {want} teken (zonder streepjes); je typte er {n}.",
            "Een herstelsleutel heeft {want} tekens (zonder streepjes); je typte er {n}.",
            _LENGTH).format(want=_LENGTH, n=len(cleaned)))
    data, check = cleaned[:DATA_CHARS], cleaned[DATA_CHARS:]
    if _decode(data) % CHECK_MODULUS != _decode(check):
        raise MistypedRecoveryKey(_(
            "Deze herstelsleutel is niet goed overgetypt: er staat ergens een verkeerd teken. "
            "Kijk de sleutel teken voor teken na."))
    return cleaned


# -- helpers -------------------------------------------------------------------


def _check_new(new: str, repeated: str) -> None:
    if new != repeated:
        raise ValidationError(_("De twee wachtwoorden zijn niet gelijk."), field="repeated")
    assessment = assess(new)
    if not assessment.acceptable:
        raise ValidationError(assessment.strength.hint, field="passphrase")


@contextmanager
def _opened(path: Path, secret: str, slot: str, store: Store | None) -> Iterator[Store]:
    """The caller's open store, or the store opened (and closed again) with ``secret``."""
    if store is not None:
        yield store
        return
    opened = Store.open(path, secret, slot)
    try:
        yield opened
    finally:
        opened.close()


def _rewrap(path: Path, secret: str, slot: str, new_secret: str, new_slot: str,
            store: Store | None, code: str) -> keychange.Applied:
    """Unwrap the store key with (secret, slot), wrap it as new_slot with new_secret,
    and put that slot in force together with an audit entry, all or nothing."""
    key_path = keys.key_file_path(path)
    with _opened(path, secret, slot, store) as opened:
        key_file = keys.read_key_file(key_path)
        if key_file.store_id != opened.store_id:
            raise KeyFileProblem(_("Het sleutelbestand hoort niet bij deze kluis."))
        store_key = keys.unwrap(key_file, secret, slot)
        try:
            new_slot_value = keys.wrap(store_key, new_secret, key_file.store_id, new_slot)
        finally:
            for i in range(len(store_key)):
                store_key[i] = 0
        return keychange.apply(opened, new_slot_value, code)


# -- use cases -----------------------------------------------------------------


def change_passphrase(path: Path, old: str, new: str, repeated: str, *,
                      store: Store | None = None) -> None:
    """Replace the passphrase; ``WrongPassphrase`` when ``old`` does not fit.

    Pass the open ``store`` when there is one (the app's settings screen), so
    that the audit entry goes through the same connection.
    """
    path = Path(store.path if store is not None else path)
    _check_new(new, repeated)
    if new == old:
        raise ValidationError(_("Het nieuwe wachtwoord is hetzelfde als het oude."),
                              field="passphrase")
    _rewrap(path, old, keys.PASSPHRASE_SLOT, new, keys.PASSPHRASE_SLOT, store,
            "passphrase_changed")


def has_recovery_key(path: Path) -> bool:
    return keys.read_key_file(keys.key_file_path(Path(path))).slot(keys.RECOVERY_SLOT) is not None


def create_recovery_key(path: Path, passphrase: str, *, store: Store | None = None) -> str:
    """Make a recovery key (replacing an earlier one) and return it, formatted.

    Show it once; it is not kept anywhere in the clear.
    """
    path = Path(store.path if store is not None else path)
    code = "recovery_key_replaced" if has_recovery_key(path) else "recovery_key_created"
    compact = new_recovery_key()
    _rewrap(path, passphrase, keys.PASSPHRASE_SLOT, compact, keys.RECOVERY_SLOT, store, code)
    return format_recovery_key(compact)


def open_with_recovery_key(path: Path, typed: str) -> Store:
    """Unlock with the recovery key; the unlock is logged as such."""
    compact = normalise_recovery_key(typed)
    try:
        store = Store.open(Path(path), compact, keys.RECOVERY_SLOT)
    except WrongPassphrase:
        raise WrongRecoveryKey() from None
    with store.transaction():
        store.audit.append(AuditAction.UNLOCK, "store", store.store_id, key="recovery_key")
    return store


def reset_passphrase_with_recovery_key(path: Path, typed: str, new: str, repeated: str) -> None:
    """Set a new passphrase with the recovery key (the passphrase was forgotten).

    The recovery key stays valid: it is still the one in the safe.
    """
    compact = normalise_recovery_key(typed)
    _check_new(new, repeated)
    try:
        _rewrap(Path(path), compact, keys.RECOVERY_SLOT, new, keys.PASSPHRASE_SLOT, None,
                "passphrase_reset_with_recovery_key")
    except WrongPassphrase:
        raise WrongRecoveryKey() from None
