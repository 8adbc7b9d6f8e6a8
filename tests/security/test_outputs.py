"""Every file written for the user goes through ``app.output``: never over an
existing file, a link, a device or a pipe unless forced, nothing left behind
on failure, errors in Dutch with the path. First the helper itself, then each
command that writes (report, export of every kind, backup) run in-process so
that a failure can be injected mid-write."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from app import cli, output
from app.output import (
    OutputError,
    OutputExists,
    OutputIsFile,
    OutputIsFolder,
    OutputNotRegular,
    describe_os_error,
    shown,
    write_file,
)

PASS = "uitvoer wachtwoord voor de test"
EXPORT = "export wachtwoord voor de test"
DEV_NULL = Path(os.devnull)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


# -- the helper ---------------------------------------------------------------------


def test_a_new_file_is_written_private_and_whole(tmp_path: Path):
    target = tmp_path / "cijfers.csv"
    assert write_file(target, b"abc") == target
    assert target.read_bytes() == b"abc"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert leftovers(tmp_path) == []


def test_an_existing_file_is_never_overwritten_unless_forced(tmp_path: Path):
    target = tmp_path / "plan.pdf"
    target.write_bytes(b"encrypted original")
    with pytest.raises(OutputExists) as raised:
        write_file(target, b"new")
    assert "plan.pdf" in raised.value.message and "--force" in raised.value.message
    assert target.read_bytes() == b"encrypted original"
    write_file(target, b"new", force=True)
    assert target.read_bytes() == b"new"
    assert leftovers(tmp_path) == []


def test_a_symlink_is_not_followed_unless_forced(tmp_path: Path):
    victim = tmp_path / "elsewhere.txt"
    victim.write_bytes(b"keep me")
    link = tmp_path / "out.csv"
    link.symlink_to(victim)
    with pytest.raises(OutputNotRegular) as raised:
        write_file(link, b"x")
    assert "snelkoppeling" in raised.value.message
    assert victim.read_bytes() == b"keep me" and link.is_symlink()
    # Forced, the link is followed: the file it names is replaced, the link stays.
    assert write_file(link, b"forced", force=True) == victim
    assert link.is_symlink() and victim.read_bytes() == b"forced"
    assert leftovers(tmp_path) == []


def test_a_dangling_symlink_is_refused(tmp_path: Path):
    link = tmp_path / "out.csv"
    link.symlink_to(tmp_path / "not-there")
    with pytest.raises(OutputNotRegular):
        write_file(link, b"x")
    assert not (tmp_path / "not-there").exists()


@pytest.mark.skipif(not DEV_NULL.is_char_device(), reason="needs a device node")
def test_a_device_is_refused_and_forced_is_written_as_is(tmp_path: Path):
    with pytest.raises(OutputNotRegular) as raised:
        write_file(DEV_NULL, b"x")
    assert "apparaat" in raised.value.message
    write_file(DEV_NULL, b"x", force=True)
    assert DEV_NULL.is_char_device()  # written to, never renamed over


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_fifo_is_refused_without_opening_it(tmp_path: Path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(OutputNotRegular) as raised:  # opening it would block: it must not
        write_file(fifo, b"x")
    assert "fifo" in raised.value.message
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_a_folder_as_file_and_a_file_as_folder_are_named_as_such(tmp_path: Path):
    with pytest.raises(OutputIsFolder) as raised:
        write_file(tmp_path, b"x")
    assert "is een map" in raised.value.message
    a_file = tmp_path / "f"
    a_file.write_bytes(b"")
    with pytest.raises(OutputIsFile) as raised:
        output.prepare_folder(a_file)
    assert "is een bestand, geen map" in raised.value.message
    assert "bestaat al" not in raised.value.message


@pytest.mark.parametrize("failing", ["fsync", "link"])
def test_a_full_disk_mid_write_leaves_nothing_and_says_so(tmp_path: Path, monkeypatch,
                                                          failing: str):
    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(output.os, failing, full)
    with pytest.raises(OutputError) as raised:
        write_file(tmp_path / "r.csv", b"x" * 10_000)
    assert raised.value.message == f"Er is geen ruimte meer op {tmp_path}."
    assert list(tmp_path.iterdir()) == []


def test_an_interrupt_mid_write_leaves_nothing(tmp_path: Path):
    with pytest.raises(KeyboardInterrupt), output.NewFile(tmp_path / "r.csv") as out:
        out.write(b"half")
        raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []


def test_a_file_that_appears_while_writing_is_kept(tmp_path: Path):
    target = tmp_path / "r.csv"
    with pytest.raises(OutputExists), output.NewFile(target) as out:
        out.write(b"mine")
        target.write_bytes(b"someone else's")
    assert target.read_bytes() == b"someone else's"
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize(("code", "expected"), [
    (errno.EROFS, "De map /media/stick is alleen-lezen."),
    (errno.ENOSPC, "Er is geen ruimte meer op /media/stick."),
    (errno.EACCES, "Je hebt geen toestemming om te schrijven in /media/stick."),
    (errno.ENOENT, "De map /media/stick bestaat niet."),
    (errno.EIO, "Het apparaat gaf een fout bij het schrijven van /media/stick/r.csv."),
    (errno.ENXIO, "/media/stick/r.csv kan niet worden geschreven (foutcode ENXIO)."),
])
def test_os_errors_are_dutch_and_name_the_path(code: int, expected: str):
    assert describe_os_error(OSError(code, os.strerror(code)), Path("/media/stick/r.csv")) \
        == expected


def test_echoed_input_is_cut_and_control_characters_escaped():
    assert shown("a\x1b[31mb\nc\u202ed\td") == "a\\x1b[31mb\\nc\\u202ed\\td"
    assert shown("Zoë Şükran Yılmaz") == "Zoë Şükran Yılmaz"
    long = shown("x" * 5000)
    assert len(long) == output.SHOWN_LIMIT and long.endswith("…")


# -- every command that writes a file ------------------------------------------------


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> tuple[Path, str, str]:
    """A demo store, a case reference, and the reference of a case with a safety plan."""
    from app.services import safety
    from app.services.demo import create_demo_store

    path = tmp_path_factory.mktemp("outputs") / "demo.db"
    with create_demo_store(path, PASS) as store:
        rows = store.cases.summaries()
        with_plan = next(r.reference for r in rows if safety.load_plan(store, r.id).started)
        return path, rows[0].reference, with_plan


def run(monkeypatch, capsys, *args: str) -> tuple[int, str]:
    """``veiligwijzer ARGS`` in this process; (exit code, stderr)."""
    monkeypatch.setattr(cli, "harden_process", lambda: None)
    monkeypatch.setenv("VEILIGWIJZER_PASSPHRASE", PASS)
    monkeypatch.setenv("VEILIGWIJZER_EXPORT_PASSPHRASE", EXPORT)
    capsys.readouterr()
    code = cli.main(list(args))
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err


def test_report_refuses_an_existing_file_a_link_a_device_and_a_fifo(demo, tmp_path: Path,
                                                                     monkeypatch, capsys):
    store, _ref, _planned = demo
    report = ("report", "--store", str(store), "--from", "2026-01-01", "--to", "2026-12-31")
    existing = tmp_path / "r.csv"
    existing.write_text("earlier figures")
    link = tmp_path / "link.csv"
    link.symlink_to(existing)
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    for target, words in ((existing, "Er staat al een bestand"), (link, "snelkoppeling"),
                          (DEV_NULL, "apparaat"), (fifo, "fifo"), (tmp_path, "is een map")):
        code, err = run(monkeypatch, capsys, *report, "--out", str(target))
        assert code == 1 and words in err, err
    assert existing.read_text() == "earlier figures"
    assert DEV_NULL.is_char_device()
    code, err = run(monkeypatch, capsys, *report, "--out", str(existing), "--force")
    assert code == 0, err
    assert existing.read_text("utf-8-sig").startswith("periode_van;")
    assert leftovers(tmp_path) == []


def test_a_report_that_fails_mid_write_leaves_nothing(demo, tmp_path: Path, monkeypatch,
                                                      capsys):
    store, _ref, _planned = demo

    def full(*_args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(output.os, "fsync", full)
    code, err = run(monkeypatch, capsys, "report", "--store", str(store), "--from",
                    "2026-01-01", "--to", "2026-12-31", "--out", str(tmp_path / "r.csv"))
    assert code == 1
    assert err.strip() == f"veiligwijzer: Er is geen ruimte meer op {tmp_path}."
    assert list(tmp_path.iterdir()) == []


def test_family_plan_never_replaces_an_encrypted_plan(demo, tmp_path: Path, monkeypatch,
                                                      capsys):
    """The issue's case: an unencrypted export after an encrypted one in the same
    folder. The family plan is a package in a folder of its own, so the second
    export is a second package and the encrypted one stays as it was."""
    store, _ref, planned = demo
    export = ("export", "--store", str(store), "--case", planned, "--kind", "family-plan",
              "--out", str(tmp_path))
    code, err = run(monkeypatch, capsys, *export)
    assert code == 0, err
    [first] = list(tmp_path.iterdir())
    pdf = first / "veiligheidsplan.pdf"
    encrypted = pdf.read_bytes()
    for extra in ((), ("--force",)):
        code, err = run(monkeypatch, capsys, *export, "--unencrypted", *extra)
        assert code == 0, err
        assert pdf.read_bytes() == encrypted
    packages = sorted(tmp_path.iterdir())
    assert len(packages) == 3 and all((p / "manifest.json").is_file() for p in packages)
    assert leftovers(tmp_path) == []


def test_export_out_naming_a_file_says_so(demo, tmp_path: Path, monkeypatch, capsys):
    store, ref, _planned = demo
    a_file = tmp_path / "pakket"
    a_file.write_bytes(b"not a folder")
    for kind in ("handover", "family-plan"):
        code, err = run(monkeypatch, capsys, "export", "--store", str(store), "--case", ref,
                        "--kind", kind, "--out", str(a_file))
        assert code == 1
        assert "is een bestand, geen map" in err and "bestaat al" not in err, err
    assert a_file.read_bytes() == b"not a folder"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pakket"]


def test_export_into_a_linked_folder_only_when_forced(demo, tmp_path: Path, monkeypatch,
                                                      capsys):
    store, ref, _planned = demo
    real = tmp_path / "real"
    real.mkdir()
    link = tmp_path / "pkg"
    link.symlink_to(real, target_is_directory=True)
    base = ("export", "--store", str(store), "--case", ref, "--out", str(link))
    code, err = run(monkeypatch, capsys, *base)
    assert code == 1 and "snelkoppeling" in err
    assert list(real.iterdir()) == [] and link.is_symlink()
    code, err = run(monkeypatch, capsys, *base, "--force")
    assert code == 0, err
    assert link.is_symlink() and (real / "manifest.json").is_file()


def test_a_package_that_fails_mid_write_leaves_nothing(demo, tmp_path: Path, monkeypatch,
                                                       capsys):
    store, ref, _planned = demo
    real_fsync, calls = os.fsync, []

    def full_on_the_third(fd):
        calls.append(fd)
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(output.os, "fsync", full_on_the_third)
    code, err = run(monkeypatch, capsys, "export", "--store", str(store), "--case", ref,
                    "--out", str(tmp_path / "pkg"))
    assert code == 1 and "Er is geen ruimte meer op" in err, err
    assert list(tmp_path.iterdir()) == []


def test_backup_out_naming_a_file_or_link_and_a_failed_backup(demo, tmp_path: Path,
                                                              monkeypatch, capsys):
    store, _ref, _planned = demo
    a_file = tmp_path / "bk"
    a_file.write_bytes(b"x")
    code, err = run(monkeypatch, capsys, "backup", "--store", str(store), "--out", str(a_file))
    assert code == 1 and "is een bestand, geen map" in err
    folder = tmp_path / "folder"
    folder.mkdir()
    link = tmp_path / "link"
    link.symlink_to(folder, target_is_directory=True)
    code, err = run(monkeypatch, capsys, "backup", "--store", str(store), "--out", str(link))
    assert code == 1 and "snelkoppeling" in err
    assert list(folder.iterdir()) == []

    def broken_link(*_args):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(output.os, "link", broken_link)
    code, err = run(monkeypatch, capsys, "backup", "--store", str(store), "--out",
                    str(folder))
    assert code == 1 and "Het apparaat gaf een fout" in err, err
    assert list(folder.iterdir()) == []
