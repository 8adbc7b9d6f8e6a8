"""``veiligwijzer export`` and ``verify-package`` as a script runs them: real
processes on a demo store, real packages."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.export.handover_case import JE_WORDS, U_WORDS, pdf_text, squash

PASS = "beheerder script wachtwoord"
EXPORT = "export voor veilig thuis"


def run(*args: str, export_passphrase: str | None = EXPORT):
    env = dict(os.environ)
    env["VEILIGWIJZER_PASSPHRASE"] = PASS
    env.pop("VEILIGWIJZER_EXPORT_PASSPHRASE", None)
    if export_passphrase is not None:
        env["VEILIGWIJZER_EXPORT_PASSPHRASE"] = export_passphrase
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True,
                          env=env, input="", timeout=120)


def assert_clean_error(result) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("veiligwijzer: ")


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> tuple[Path, str]:
    path = tmp_path_factory.mktemp("cli") / "demo.db"
    assert run("demo", "--store", str(path)).returncode == 0
    cases = run("cases", "--store", str(path)).stdout.splitlines()
    ref = next(line.split("\t")[0] for line in cases if "Коваленко" in line)
    return path, ref


def test_export_writes_an_encrypted_package_that_verifies(demo, tmp_path: Path):
    store, ref = demo
    out = tmp_path / "pkg"
    result = run("export", "--store", str(store), "--case", ref, "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["manifest.json", "overdracht.json.enc",
                                                     "overdracht.pdf"]
    data = (out / "overdracht.pdf").read_bytes()
    assert b"/Encrypt" in data
    assert squash("Олена Коваленко") in pdf_text(data, EXPORT)
    checked = run("verify-package", str(out))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "in orde" in checked.stdout


def test_verify_package_exits_non_zero_on_tampering(demo, tmp_path: Path):
    store, ref = demo
    out = tmp_path / "pkg"
    assert run("export", "--store", str(store), "--case", ref, "--out", str(out)).returncode == 0
    pdf = out / "overdracht.pdf"
    data = bytearray(pdf.read_bytes())
    data[100] ^= 0xFF
    pdf.write_bytes(bytes(data))
    result = run("verify-package", str(out))
    assert result.returncode != 0
    assert "Bestand is veranderd: overdracht.pdf" in result.stdout
    assert "Traceback" not in result.stderr
    (out / "manifest.json").write_text("{}")
    assert_clean_error(run("verify-package", str(out)))
    assert_clean_error(run("verify-package", str(tmp_path / "nothing")))


def test_unencrypted_needs_the_explicit_flag(demo, tmp_path: Path):
    store, ref = demo
    refused = run("export", "--store", str(store), "--case", ref, "--out", str(tmp_path / "a"),
                  export_passphrase=None)
    assert_clean_error(refused)
    assert "--unencrypted" in refused.stderr
    assert not (tmp_path / "a").exists()
    result = run("export", "--store", str(store), "--case", ref, "--out", str(tmp_path / "b"),
                 "--unencrypted", export_passphrase=None)
    assert result.returncode == 0, result.stderr
    assert "NIET versleuteld" in result.stderr
    assert not PdfReader(tmp_path / "b" / "overdracht.pdf").is_encrypted
    assert (tmp_path / "b" / "overdracht.json").is_file()
    assert run("verify-package", str(tmp_path / "b")).returncode == 0


def test_client_copy_by_name(demo, tmp_path: Path):
    store, ref = demo
    out = tmp_path / "inzage"
    result = run("export", "--store", str(store), "--case", ref, "--out", str(out),
                 "--kind", "client", "--person", "олена коваленко")
    assert result.returncode == 0, result.stderr
    text = pdf_text((out / "inzage.pdf").read_bytes(), EXPORT)
    assert squash("Voor Олена Коваленко") in text
    assert "Niet voor het gezin" not in text
    assert "niet thuiskomt" not in text, "the demo's not-for-the-family text"
    assert run("verify-package", str(out)).returncode == 0


@pytest.mark.parametrize("args", [
    ("--case", "VW-0000-XXXX"),
    ("--kind", "client"),
    ("--kind", "client", "--person", "Niemand"),
    ("--person", "Олена Коваленко"),
])
def test_wrong_input_is_one_clean_line(demo, tmp_path: Path, args):
    store, ref = demo
    base = ["export", "--store", str(store), "--case", ref, "--out", str(tmp_path / "x")]
    if args[0] == "--case":
        base[base.index("--case") + 1] = args[1]
        args = ()
    assert_clean_error(run(*base, *args))
    assert not (tmp_path / "x").exists()


def test_existing_folder_is_refused_and_kept(demo, tmp_path: Path):
    store, ref = demo
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "keep.txt").write_text("blijft")
    assert_clean_error(run("export", "--store", str(store), "--case", ref, "--out",
                           str(tmp_path / "full")))
    assert [p.name for p in (tmp_path / "full").iterdir()] == ["keep.txt"]


def test_weak_export_passphrase_is_refused(demo, tmp_path: Path):
    store, ref = demo
    assert_clean_error(run("export", "--store", str(store), "--case", ref, "--out",
                           str(tmp_path / "w"), export_passphrase="kort"))


def test_family_plan_is_written_and_refused_without_a_plan(demo, tmp_path: Path):
    import io

    from pypdf import PdfReader

    store, ref = demo
    listing = run("cases", "--store", str(store)).stdout.splitlines()
    with_plan = next(line.split("\t")[0] for line in listing if "Yılmaz" in line)
    without = next(line.split("\t")[0] for line in listing if "Nguyễn" in line)
    result = run("export", "--store", str(store), "--case", with_plan, "--out",
                 str(tmp_path / "f"), "--kind", "family-plan")
    assert result.returncode == 0, result.stderr
    # The family plan is a signed package too, in its own folder inside --out.
    [package] = (tmp_path / "f").iterdir()
    assert sorted(p.name for p in package.iterdir()) == ["manifest.json", "veiligheidsplan.pdf"]
    checked = run("verify-package", str(package))
    assert checked.returncode == 0 and "family_plan" in checked.stdout, checked.stdout
    pdf = package / "veiligheidsplan.pdf"
    reader = PdfReader(io.BytesIO(pdf.read_bytes()))
    assert reader.is_encrypted
    reader.decrypt(EXPORT)
    text = "".join(page.extract_text() for page in reader.pages)
    assert "112" in text and "0800-2000" in text and "Şükran" in text
    assert_clean_error(run("export", "--store", str(store), "--case", without, "--out",
                           str(tmp_path / "g"), "--kind", "family-plan"))


def _withheld_ids(stdout: str) -> list[str]:
    lines = stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Achtergehouden"))
    return [line.split("\t")[0].strip() for line in lines[start + 1:] if "\t" in line]


def test_client_copy_withholds_what_concerns_others_and_releases_by_id(demo, tmp_path: Path):
    store, ref = demo
    base = ["export", "--store", str(store), "--case", ref, "--kind", "client",
            "--person", "Олена Коваленко"]
    first = run(*base, "--out", str(tmp_path / "a"))
    assert first.returncode == 0, first.stderr
    withheld = _withheld_ids(first.stdout)
    assert withheld, "the household's risks concern everyone"
    assert "Коваленко" not in first.stdout.split("Achtergehouden")[1], "ids, never names"
    text = pdf_text((tmp_path / "a" / "inzage.pdf").read_bytes(), EXPORT)
    assert squash("informatie vastgelegd die over andere mensen gaat") in text
    second = run(*base, "--out", str(tmp_path / "b"), "--release",
                 f"{withheld[0]}:nothing_sensitive")
    assert second.returncode == 0, second.stderr
    assert withheld[0] not in second.stdout
    assert_clean_error(run(*base, "--out", str(tmp_path / "c"), "--release",
                           f"{withheld[0]}:omdat het moet"))
    assert_clean_error(run(*base, "--out", str(tmp_path / "d"), "--release",
                           "geen-onderdeel:consent"))
    assert not (tmp_path / "c").exists()
    assert_clean_error(run("export", "--store", str(store), "--case", ref, "--out",
                           str(tmp_path / "e"), "--release", f"{withheld[0]}:consent"))


def test_address_u_for_the_family_documents_only(demo, tmp_path: Path):
    store, ref = demo
    listing = run("cases", "--store", str(store)).stdout.splitlines()
    with_plan = next(line.split("\t")[0] for line in listing if "Yılmaz" in line)
    plan = run("export", "--store", str(store), "--case", with_plan, "--out",
               str(tmp_path / "plan"), "--kind", "family-plan", "--address", "u")
    assert plan.returncode == 0, plan.stderr
    text = pdf_text(next((tmp_path / "plan").glob("*/*.pdf")).read_bytes(), EXPORT)
    assert "U kunt dag en nacht bellen." in text and not JE_WORDS.search(text)
    base = ["export", "--store", str(store), "--case", ref, "--kind", "client",
            "--person", "Олена Коваленко"]
    formal = run(*base, "--out", str(tmp_path / "u"), "--address", "u")
    assert formal.returncode == 0, formal.stderr
    text = pdf_text((tmp_path / "u" / "inzage.pdf").read_bytes(), EXPORT)
    assert "Wat er over u is vastgelegd" in text and not JE_WORDS.search(text)
    informal = run(*base, "--out", str(tmp_path / "je"))
    assert informal.returncode == 0, informal.stderr
    text = pdf_text((tmp_path / "je" / "inzage.pdf").read_bytes(), EXPORT)
    assert "Wat er over jou is vastgelegd" in text and not U_WORDS.search(text)
    refused = run("export", "--store", str(store), "--case", ref, "--out",
                  str(tmp_path / "h"), "--address", "u")
    assert_clean_error(refused)
    assert "--address" in refused.stderr and not (tmp_path / "h").exists()
    wrong = run(*base, "--out", str(tmp_path / "x"), "--address", "jij")
    assert wrong.returncode == 2 and "invalid choice" in wrong.stderr
    assert not (tmp_path / "x").exists()


def test_export_names_the_regions_form_variant(demo, tmp_path: Path):
    store, ref = demo
    out = tmp_path / "pkg"
    result = run("export", "--store", str(store), "--case", ref, "--out", str(out),
                 "--variant", "voorbeeld-regio.json", "--unencrypted")
    assert result.returncode == 0, result.stderr
    document = json.loads((out / "overdracht.json").read_text("utf-8"))
    assert document["form_variant"]["name"] == "Voorbeeld: wijkteams regio Midden"
    assert document["form_variant"]["veilig_thuis_region"] == "Veilig Thuis Midden (voorbeeld)"
    assert squash("Veilig Thuis Midden (voorbeeld)") in pdf_text(
        (out / "overdracht.pdf").read_bytes())
    assert_clean_error(run("export", "--store", str(store), "--case", ref, "--out",
                           str(tmp_path / "b"), "--variant", "bestaat-niet"))
    refused = run("export", "--store", str(store), "--case", ref, "--out", str(tmp_path / "c"),
                  "--kind", "family-plan", "--variant", "voorbeeld-regio.json")
    assert_clean_error(refused)
    assert "--variant" in refused.stderr
