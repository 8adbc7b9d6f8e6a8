"""The PyInstaller bundle: build it from packaging/veiligwijzer.spec, then run it
as an IT department would: ``--version``, the GUI up to its first screen
(offscreen), a demo store, ``verify``, ``cases`` in both languages, and an
encrypted export that is read back.

The bundle tests are slow (about 40 s on two cores, most of it PyInstaller's
analysis); they are part of ``make test``. Skip them locally with
``-m "not slow"``. The checks of the desktop file, the AppStream metadata and the
icons are quick.
"""

from __future__ import annotations

import configparser
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from app import __version__

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "veiligwijzer.spec"
DEMO_PASSPHRASE = "demo"
EXPORT_PASSPHRASE = "export wachtwoord voor de test"
APP_ID = "nl.veiligwijzer.Veiligwijzer"
LINUX = ROOT / "packaging" / "linux"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


# -- metadata (quick) ---------------------------------------------------------------


def test_desktop_file_names_the_app_in_dutch_and_english_without_a_store():
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(LINUX / f"{APP_ID}.desktop", encoding="utf-8")
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application"
    for key in ("Name", "Comment"):
        assert entry[f"{key}[nl]"] and entry[f"{key}[en]"]
    assert entry["Categories"] == "Office;"
    assert entry["Icon"] == APP_ID
    assert entry["Exec"].split()[0] == "veiligwijzer"
    # Nothing about a store in the launcher: the store lives in the user's data folder.
    text = (LINUX / f"{APP_ID}.desktop").read_text("utf-8")
    assert "--store" not in text and ".db" not in text


def test_metainfo_matches_the_app_version_and_id():
    root = ET.parse(LINUX / f"{APP_ID}.metainfo.xml").getroot()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("project_license") == "EUPL-1.2"
    summaries = {s.get(XML_LANG, "en"): s.text for s in root.findall("summary")}
    assert set(summaries) == {"en", "nl"}
    assert root.find("content_rating") is not None
    versions = [r.get("version") for r in root.find("releases").findall("release")]
    assert versions[0] == __version__  # the newest release first
    assert root.find("launchable").text == f"{APP_ID}.desktop"


def test_icons_are_rendered_in_every_size():
    from PySide6.QtGui import QImage

    assert (ROOT / "resources" / "icons" / f"{APP_ID}.svg").is_file()
    icons = ROOT / "resources" / "icons" / "hicolor"
    for size in ICON_SIZES:
        png = icons / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        image = QImage(str(png))
        assert not image.isNull(), png
        assert (image.width(), image.height()) == (size, size)
        assert image.hasAlphaChannel()


# -- the bundle (slow) -----------------------------------------------------------------


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    """The one-folder app, built once for this module into a temporary folder."""
    work = tmp_path_factory.mktemp("pyinstaller")
    env = dict(os.environ)
    env["PYINSTALLER_CONFIG_DIR"] = str(work / "cache")  # no cache shared with other builds
    result = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
         "--distpath", str(work / "dist"), "--workpath", str(work / "build"), str(SPEC)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-5000:]
    exe = work / "dist" / "veiligwijzer" / "veiligwijzer"
    assert exe.is_file(), "no executable in the bundle"
    return exe


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("bundle-home")


def run(exe: Path, home: Path, *args: str, language: str = "nl", smoke: bool = False,
        **extra: str) -> subprocess.CompletedProcess:
    """Run the bundle with a scratch home, no screen, and nothing of the test's Python."""
    config = home / f"config-{language}"
    (config / "veiligwijzer").mkdir(parents=True, exist_ok=True)
    (config / "veiligwijzer" / "settings.json").write_text(
        f'{{"language": "{language}"}}', "utf-8")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8",
           "XDG_CONFIG_HOME": str(config), "XDG_DATA_HOME": str(home / "data"),
           "XDG_CACHE_HOME": str(home / "cache"), "XDG_STATE_HOME": str(home / "state"),
           "XDG_RUNTIME_DIR": str(home / "runtime"), "QT_QPA_PLATFORM": "offscreen", **extra}
    (home / "runtime").mkdir(mode=0o700, exist_ok=True)
    if smoke:
        env["VEILIGWIJZER_SMOKE"] = "1"
    return subprocess.run([str(exe), *args], env=env, capture_output=True, text=True,
                          timeout=60, stdin=subprocess.DEVNULL)


def smoke_line(result: subprocess.CompletedProcess) -> dict[str, str]:
    assert result.returncode == 0, result.stderr
    line = next((ln for ln in result.stdout.splitlines()
                 if ln.startswith("veiligwijzer-smoke ")), None)
    assert line is not None, result.stdout + result.stderr
    return dict(re.findall(r"(\w+)=(.*?)(?= \w+=|$)", line))


@pytest.mark.slow
def test_version_comes_from_the_package(bundle, home):
    result = run(bundle, home, "--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"veiligwijzer {__version__}"


@pytest.mark.slow
def test_gui_starts_on_the_setup_screen_with_qt_translations_and_icon(bundle, home):
    shown = smoke_line(run(bundle, home, "--store", str(home / "fresh" / "store.db"),
                           smoke=True))
    assert shown["screen"] == "setup"
    assert shown["visible"] == "True"
    assert shown["title"] == "Welkom bij Veiligwijzer"
    assert shown["qt_cancel"] == "Annuleren"  # qtbase_nl.qm is in the bundle
    assert int(shown["icon_sizes"]) >= 8  # resources/icons, 16 to 512


@pytest.mark.slow
def test_gui_in_english_uses_the_bundled_catalogue(bundle, home):
    shown = smoke_line(run(bundle, home, "--store", str(home / "fresh" / "store.db"),
                           language="en", smoke=True))
    assert shown["title"] == "Welcome to Veiligwijzer"
    assert shown["qt_cancel"] == "Cancel"


@pytest.mark.slow
def test_demo_verify_cases_and_export_from_the_bundle(bundle, home):
    store = home / "stores" / "demo.db"
    store.parent.mkdir(parents=True, exist_ok=True)
    key = {"VEILIGWIJZER_PASSPHRASE": DEMO_PASSPHRASE}

    made = run(bundle, home, "demo", "--store", str(store), **key)
    assert made.returncode == 0, made.stderr  # SQLCipher and the migrations are in
    assert store.is_file()
    assert not store.read_bytes()[:16].startswith(b"SQLite format 3")

    verified = run(bundle, home, "verify", "--store", str(store), **key)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "Alles in orde." in verified.stdout

    cases_nl = run(bundle, home, "cases", "--store", str(store), **key)
    assert cases_nl.returncode == 0, cases_nl.stderr
    reference = cases_nl.stdout.splitlines()[0].split("\t")[0]
    assert "Beslissen" in cases_nl.stdout or "Signalen in kaart" in cases_nl.stdout
    cases_en = run(bundle, home, "cases", "--store", str(store), language="en", **key)
    assert cases_en.returncode == 0, cases_en.stderr
    assert re.search(r"\d\d/\d\d/\d{4}", cases_en.stdout)  # babel's en_GB data is in

    # The handover: fonts, JSON schemas, reportlab, pypdf's AES all bundled.
    out = home / "package"
    exported = run(bundle, home, "export", "--store", str(store), "--case", reference,
                   "--out", str(out), VEILIGWIJZER_EXPORT_PASSPHRASE=EXPORT_PASSPHRASE, **key)
    assert exported.returncode == 0, exported.stderr
    checked = run(bundle, home, "verify-package", str(out))
    assert checked.returncode == 0, checked.stdout + checked.stderr

    from pypdf import PdfReader

    pdfs = sorted(out.glob("*.pdf"))
    assert pdfs
    reader = PdfReader(pdfs[0])
    assert reader.is_encrypted
    assert reader.decrypt(EXPORT_PASSPHRASE)
    fonts = {str(font.get_object()["/BaseFont"]) for page in reader.pages
             for font in (page["/Resources"].get("/Font") or {}).values()}
    assert any("DejaVuSans" in font for font in fonts), fonts
    assert reference in reader.pages[0].extract_text()


@pytest.mark.slow
def test_unlock_screen_for_an_existing_store(bundle, home):
    store = home / "stores" / "demo.db"
    if not store.exists():
        store.parent.mkdir(parents=True, exist_ok=True)
        made = run(bundle, home, "demo", "--store", str(store),
                   VEILIGWIJZER_PASSPHRASE=DEMO_PASSPHRASE)
        assert made.returncode == 0, made.stderr
    shown = smoke_line(run(bundle, home, "--store", str(store), smoke=True))
    assert shown["screen"] == "unlock"
