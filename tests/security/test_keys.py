"""Passphrase change and recovery key on real stores: the store key never
changes, so every record survives; old secrets stop working; typos in a
recovery key are caught before anything is tried."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.errors import ValidationError
from app.services import keys as key_service
from app.services import meldcode
from app.services.keys import (
    CROCKFORD,
    MistypedRecoveryKey,
    WrongRecoveryKey,
    change_passphrase,
    create_recovery_key,
    normalise_recovery_key,
    open_with_recovery_key,
    reset_passphrase_with_recovery_key,
)
from app.store import keys
from app.store.audit import AuditAction
from app.store.errors import WrongPassphrase
from app.store.store import Store
from tests.conftest import PASSPHRASE
from tests.security.helpers import add_family, assert_clean_error, run_cli, store_key

NEW = "een heel ander wachtwoord nu"
THIRD = "derde wachtwoord met vier woorden"


def _contents(store: Store) -> tuple:
    cases = sorted((c.reference, c.household_name) for c in store.cases.summaries())
    signals = sorted(h.current.facts for c in store.cases.summaries()
                     for h in meldcode.load_records(store, c.id).signals)
    return cases, signals


@pytest.fixture
def filled(store_path: Path) -> Path:
    with Store.create(store_path, PASSPHRASE) as store:
        for n in range(3):
            add_family(store, f"Familie Sleutel {n}", f"Kind Sleutel {n}", f"Feit nummer {n}.")
    return store_path


def test_passphrase_change_keeps_every_record_and_the_old_one_fails(filled: Path):
    with Store.open(filled, PASSPHRASE) as store:
        before = _contents(store)
    key_before = store_key(filled, PASSPHRASE)
    data_before = filled.read_bytes()

    change_passphrase(filled, PASSPHRASE, NEW, NEW)

    with pytest.raises(WrongPassphrase):
        Store.open(filled, PASSPHRASE)
    with Store.open(filled, NEW) as store:
        assert _contents(store) == before
        assert store.verify().ok
        changes = [e.detail for e in store.audit.entries() if e.action == AuditAction.CHANGE
                   and e.object_type == "store"]
    assert [c["key"] for c in changes] == ["passphrase_changed"]
    assert set(changes[0]) == {"key", "key_change"}
    assert store_key(filled, NEW) == key_before, "the store key itself never changes"
    assert filled.read_bytes()[:16] == data_before[:16], "same SQLCipher salt: no rekey"
    assert not keys.key_file_path(filled).with_name(filled.name + ".keys.tmp").exists()


def test_passphrase_change_with_the_open_store_of_the_app(filled: Path):
    with Store.open(filled, PASSPHRASE) as store:
        change_passphrase(store.path, PASSPHRASE, NEW, NEW, store=store)
        assert store.verify().ok
    with Store.open(filled, NEW) as store:
        assert store.cases.count() == 3


@pytest.mark.parametrize(("old", "new", "repeated", "error"), [
    ("fout wachtwoord hier", NEW, NEW, WrongPassphrase),
    (PASSPHRASE, NEW, NEW + "x", ValidationError),
    (PASSPHRASE, "kort", "kort", ValidationError),
    (PASSPHRASE, PASSPHRASE, PASSPHRASE, ValidationError),
])
def test_a_refused_change_changes_nothing(filled: Path, old, new, repeated, error):
    key_file = keys.key_file_path(filled).read_bytes()
    with pytest.raises(error):
        change_passphrase(filled, old, new, repeated)
    assert keys.key_file_path(filled).read_bytes() == key_file
    Store.open(filled, PASSPHRASE).close()


def test_recovery_key_opens_the_store_and_resets_the_passphrase(filled: Path):
    recovery = create_recovery_key(filled, PASSPHRASE)
    groups = recovery.split("-")
    assert len(groups) == 7 and all(len(g) == 4 and set(g) <= set(CROCKFORD) for g in groups)
    with Store.open(filled, PASSPHRASE) as store:
        before = _contents(store)

    # Opening: Store.open with the normalised key and the recovery slot, or the service.
    with Store.open(filled, normalise_recovery_key(recovery), slot=keys.RECOVERY_SLOT) as store:
        assert _contents(store) == before
    typed = " " + recovery.lower().replace("-", " ").replace("0", "o").replace("1", "l") + " "
    with open_with_recovery_key(filled, typed) as store:
        assert _contents(store) == before

    # The passphrase is forgotten: a new one with the recovery key.
    reset_passphrase_with_recovery_key(filled, recovery, THIRD, THIRD)
    with pytest.raises(WrongPassphrase):
        Store.open(filled, PASSPHRASE)
    with Store.open(filled, THIRD) as store:
        assert _contents(store) == before
        assert store.verify().ok
        codes = [e.detail.get("key") for e in store.audit.entries()
                 if e.object_type == "store" and e.detail.get("key")]
    assert codes == ["recovery_key_created", "recovery_key",
                     "passphrase_reset_with_recovery_key"]
    # The key in the safe still works after the reset.
    open_with_recovery_key(filled, recovery).close()


def test_a_new_recovery_key_replaces_the_old_one(filled: Path):
    first = create_recovery_key(filled, PASSPHRASE)
    second = create_recovery_key(filled, PASSPHRASE)
    assert first != second
    with pytest.raises(WrongRecoveryKey) as caught:
        open_with_recovery_key(filled, first)
    assert "herstelsleutel" in caught.value.message
    open_with_recovery_key(filled, second).close()


def test_a_store_without_recovery_key_refuses_one(filled: Path):
    with pytest.raises(WrongPassphrase):  # KeyFileProblem or WrongRecoveryKey: never opens
        try:
            open_with_recovery_key(filled, key_service.format_recovery_key(
                key_service.new_recovery_key()))
        except keys.KeyFileProblem as exc:
            raise WrongPassphrase() from exc


def _mistypes(compact: str):
    for i, char in enumerate(compact):  # every single wrong character
        yield compact[:i] + CROCKFORD[(CROCKFORD.index(char) + 7) % 32] + compact[i + 1:]
    for i in range(len(compact) - 1):  # every swap of two neighbours
        if compact[i] != compact[i + 1]:
            yield compact[:i] + compact[i + 1] + compact[i] + compact[i + 2:]


def test_a_mistyped_recovery_key_is_recognised_as_mistyped(filled: Path):
    recovery = create_recovery_key(filled, PASSPHRASE)
    compact = normalise_recovery_key(recovery)
    for typo in _mistypes(compact):
        with pytest.raises(MistypedRecoveryKey) as caught:
            normalise_recovery_key(key_service.format_recovery_key(typo))
        assert "overgetypt" in caught.value.message
    with pytest.raises(MistypedRecoveryKey, match="28 tekens"):
        normalise_recovery_key(recovery[:-1])
    with pytest.raises(MistypedRecoveryKey, match="U"):
        normalise_recovery_key("U" + recovery[1:])
    # The service says "mistyped" before it tries the key (no scrypt, no audit).
    with pytest.raises(MistypedRecoveryKey):
        open_with_recovery_key(filled, recovery[:5] + "0000" + recovery[9:]
                               if recovery[5:9] != "0000" else recovery[:5] + "1111"
                               + recovery[9:])
    with pytest.raises(MistypedRecoveryKey):
        reset_passphrase_with_recovery_key(filled, recovery[:-2], THIRD, THIRD)


def test_many_fresh_keys_pass_their_own_check():
    for _i in range(500):
        compact = key_service.new_recovery_key()
        assert normalise_recovery_key(key_service.format_recovery_key(compact)) == compact


def test_cli_changes_the_passphrase_from_the_environment(filled: Path):
    result = run_cli("passphrase", "--store", str(filled), passphrase=PASSPHRASE,
                     env={"VEILIGWIJZER_NEW_PASSPHRASE": NEW})
    assert result.returncode == 0, result.stderr
    assert_clean_error(run_cli("cases", "--store", str(filled), passphrase=PASSPHRASE))
    listed = run_cli("cases", "--store", str(filled), passphrase=NEW)
    assert listed.returncode == 0 and len(listed.stdout.splitlines()) == 3


def test_cli_passphrase_errors_are_one_clean_line(filled: Path):
    assert "wachtwoord klopt niet" in assert_clean_error(run_cli(
        "passphrase", "--store", str(filled), passphrase="fout fout fout",
        env={"VEILIGWIJZER_NEW_PASSPHRASE": NEW}))
    assert "VEILIGWIJZER_NEW_PASSPHRASE" in assert_clean_error(run_cli(
        "passphrase", "--store", str(filled), passphrase=PASSPHRASE))
    assert_clean_error(run_cli("passphrase", "--store", str(filled), passphrase=PASSPHRASE,
                               env={"VEILIGWIJZER_NEW_PASSPHRASE": "kort"}))
    Store.open(filled, PASSPHRASE).close()
