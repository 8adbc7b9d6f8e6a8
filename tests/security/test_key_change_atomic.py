"""A passphrase change, a reset with the recovery key and a new recovery key
are all or nothing (issue 16): a failure is injected at every write, fsync,
rename and folder fsync of the change, and at its COMMIT (before and after);
after each, exactly one of the two secrets opens the store, the audit entry
exists exactly when the new one does, and the error says which one works."""

from __future__ import annotations

import errno
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from app.services import keys as key_service
from app.store import keychange, keys
from app.store.audit import AuditAction
from app.store.errors import WrongPassphrase
from app.store.store import Store
from tests.conftest import PASSPHRASE
from tests.security.failing_ops import FailingOps

NEW = "een heel ander wachtwoord nu"


def _opens(path: Path, secret: str, slot: str = keys.PASSPHRASE_SLOT) -> bool:
    try:
        Store.open(path, secret, slot).close()
    except WrongPassphrase:
        return False
    return True


def _changes(path: Path, secret: str, slot: str, code: str) -> int:
    with Store.open(path, secret, slot) as store:
        return sum(1 for e in store.audit.entries()
                   if e.action == AuditAction.CHANGE and e.detail.get("key") == code)


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> tuple[Path, str]:
    """One store with a recovery key, copied for every injected failure."""
    path = tmp_path_factory.mktemp("atomic") / "store.db"
    Store.create(path, PASSPHRASE).close()
    recovery = key_service.create_recovery_key(path, PASSPHRASE)
    return path, key_service.normalise_recovery_key(recovery)


def _copy(template: Path, folder: Path) -> Path:
    folder.mkdir()
    for suffix in ("", ".keys"):
        shutil.copy2(f"{template}{suffix}", folder / f"store.db{suffix}")
    return folder / "store.db"


# (name, run the change, the secret before, the secret after, slot of those two, audit code)
Case = tuple[str, Callable[[Path, str], None], str, str, str, str]


def _cases(recovery: str) -> list[Case]:
    fresh_recovery: list[str] = []

    def new_recovery(path: Path, _recovery: str) -> None:
        fresh_recovery.append(key_service.normalise_recovery_key(
            key_service.create_recovery_key(path, PASSPHRASE)))

    return [
        ("change", lambda p, r: key_service.change_passphrase(p, PASSPHRASE, NEW, NEW),
         PASSPHRASE, NEW, keys.PASSPHRASE_SLOT, "passphrase_changed"),
        ("reset", lambda p, r: key_service.reset_passphrase_with_recovery_key(p, r, NEW, NEW),
         PASSPHRASE, NEW, keys.PASSPHRASE_SLOT, "passphrase_reset_with_recovery_key"),
        ("recovery", new_recovery, recovery, "", keys.RECOVERY_SLOT, "recovery_key_replaced"),
    ], fresh_recovery  # type: ignore[return-value]


def _steps_of(template_path: Path, folder: Path, run, recovery: str) -> list[str]:
    path = _copy(template_path, folder)
    ops = FailingOps()
    previous = keys.use_file_ops(ops)
    try:
        run(path, recovery)
    finally:
        keys.use_file_ops(previous)
    return ops.steps


@pytest.mark.parametrize("persistent", [False, True], ids=["once", "disk-stays-full"])
@pytest.mark.parametrize("which", ["change", "reset", "recovery"])
def test_a_failure_at_any_step_leaves_exactly_one_secret(template, tmp_path, monkeypatch,
                                                          which, persistent):
    template_path, recovery = template
    # The new recovery key is known beforehand, so that it can be tried even
    # when the change failed before handing it out.
    known = key_service.new_recovery_key()
    monkeypatch.setattr(key_service, "new_recovery_key", lambda: known)
    cases, fresh = _cases(recovery)
    name, run, before, after, slot, code = next(c for c in cases if c[0] == which)
    steps = _steps_of(template_path, tmp_path / "count", run, recovery)
    # Two key-file writes of four steps each, the COMMIT before and after,
    # and the head written at close.
    assert steps[:10] == ["write", "fsync", "rename", "fsync_dir", "before_commit",
                          "after_commit", "write", "fsync", "rename", "fsync_dir"]
    base_changes = _changes(template_path, PASSPHRASE, keys.PASSPHRASE_SLOT, code)
    for k in range(len(steps)):
        path = _copy(template_path, tmp_path / f"{k}")
        previous = keys.use_file_ops(FailingOps(k, persistent))
        fresh.clear()
        try:
            run(path, recovery)
            reported = "applied"
        except keychange.KeyChangeFailed as exc:
            assert exc.outcome == keychange.Outcome.NOT_APPLIED, (k, steps[k])
            reported = "not applied"
            if slot == keys.RECOVERY_SLOT:
                assert "De herstelsleutel van vóór deze poging" in exc.message
            else:
                assert "Het wachtwoord van vóór deze poging opent de kluis nog" in exc.message
        finally:
            keys.use_file_ops(previous)
        new_secret = after or known
        if fresh:
            assert fresh == [known]
        # Try the new secret first for half the steps, the old first for the
        # other half: the first open settles a pending slot, whichever it is.
        order = [before, new_secret] if k % 2 else [new_secret, before]
        opened = {secret: _opens(path, secret, slot) for secret in order}
        assert sum(opened.values()) == 1, (which, k, steps[k], opened)
        applied = opened[new_secret]
        assert reported == ("applied" if applied else "not applied"), (k, steps[k])
        secret_now = PASSPHRASE if slot == keys.RECOVERY_SLOT else new_secret if applied \
            else before
        changes = _changes(path, secret_now, keys.PASSPHRASE_SLOT, code)
        assert changes == base_changes + (1 if applied else 0), (k, steps[k])
        # The change is decided once the COMMIT has happened, and only then.
        assert applied == (k >= steps.index("after_commit")), (k, steps[k])
        key_file = keys.read_key_file(keys.key_file_path(path))
        assert key_file.pending is None
        assert not keys.key_file_path(path).with_name("store.db.keys.tmp").exists()
        if slot == keys.PASSPHRASE_SLOT:
            assert _opens(path, recovery, keys.RECOVERY_SLOT), "the recovery key stays valid"
        assert Store.open(path, secret_now, keys.PASSPHRASE_SLOT).verify().ok


def test_a_pending_slot_left_behind_is_settled_by_the_audit_log(template, tmp_path):
    """The key file still holds the pending slot (its last write failed and so
    did every cleanup); the store's audit entry decides, at the first open."""
    template_path, _recovery = template
    for committed in (False, True):
        path = _copy(template_path, tmp_path / str(committed))
        previous = keys.use_file_ops(FailingOps(6 if committed else 4, persistent=True))
        try:
            with Store.open(path, PASSPHRASE) as store:
                store._keeps_head = False
                try:
                    key_service.change_passphrase(path, PASSPHRASE, NEW, NEW, store=store)
                except keychange.KeyChangeFailed:
                    assert not committed
        finally:
            keys.use_file_ops(previous)
        assert keys.read_key_file(keys.key_file_path(path)).pending is not None
        if committed:
            with pytest.raises(keychange.SecretReplaced, match="nieuwe wachtwoord"):
                Store.open(path, PASSPHRASE)
            assert _opens(path, NEW)
        else:
            assert not _opens(path, NEW)
            assert _opens(path, PASSPHRASE)
        assert keys.read_key_file(keys.key_file_path(path)).pending is None


def _cli(path: Path, fail_at: int):
    import os
    import subprocess
    import sys

    from tests.security.helpers import ROOT

    env = dict(os.environ, VEILIGWIJZER_PASSPHRASE=PASSPHRASE, VEILIGWIJZER_NEW_PASSPHRASE=NEW)
    return subprocess.run(
        [sys.executable, "-m", "tests.security.failing_cli", str(fail_at), "passphrase",
         "--store", str(path)], capture_output=True, text=True, env=env, cwd=ROOT,
        stdin=subprocess.DEVNULL, timeout=120)


@pytest.mark.parametrize(("fail_at", "applied"), [(2, False), (4, False), (5, True), (8, True)],
                         ids=["rename-of-pending", "before-commit", "after-commit",
                              "rename-of-final"])
def test_the_command_says_which_passphrase_opens_the_store(template, tmp_path, fail_at, applied):
    from tests.security.helpers import assert_clean_error

    path = _copy(template[0], tmp_path / "s")
    result = _cli(path, fail_at)
    if applied:
        assert result.returncode == 0, result.stderr
        assert "Het wachtwoord is veranderd. Het oude wachtwoord opent de kluis niet meer." \
            in result.stdout
    else:
        line = assert_clean_error(result)
        assert "Het wachtwoord is niet veranderd" in line
        assert "Het wachtwoord van vóór deze poging opent de kluis nog." in line
    assert _opens(path, NEW) is applied
    assert _opens(path, PASSPHRASE) is not applied


def test_when_the_store_cannot_be_asked_the_message_says_so(template, tmp_path, monkeypatch):
    """The change failed and the store itself cannot say whether the entry
    was committed: the message says to open it again, and that open settles."""
    path = _copy(template[0], tmp_path / "s")

    def cannot_tell(conn, change):
        raise OSError(errno.EIO, "I/O error")

    monkeypatch.setattr(keychange, "took_effect", cannot_tell)
    previous = keys.use_file_ops(FailingOps(4))
    try:
        with pytest.raises(keychange.KeyChangeFailed) as caught:
            key_service.change_passphrase(path, PASSPHRASE, NEW, NEW)
    finally:
        keys.use_file_ops(previous)
    monkeypatch.undo()
    assert caught.value.outcome == keychange.Outcome.UNKNOWN
    assert "er werkt er precies één" in caught.value.message
    assert [_opens(path, NEW), _opens(path, PASSPHRASE)] == [False, True]
