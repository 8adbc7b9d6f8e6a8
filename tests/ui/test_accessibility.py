"""Every screen can be used with a screen reader and with the keyboard alone.

For each main screen (setup, unlock, the case list with demo data, a case with
its five meldcode steps and its safety-plan tabs, the overview) and the
dialogs (every record form, settings, new case, person):

* every interactive control that is shown and enabled has a name a screen
  reader can read: its accessibleName, its own text (buttons, check boxes),
  or a visible label whose buddy it is (the same fallbacks Qt's accessibility
  bridge uses); a combo box is named by its question through a label beside
  it, and every field that hides what is typed is a secret field;
* pressing Tab from the first control visits every control that takes Tab
  focus and comes back to the start, and no control keeps the focus (a focus
  trap: a text box that types a tab, a view that moves between its cells).
  An exclusive button group is one Tab stop, as a group of radio buttons
  is: Tab reaches its checked button and the arrow keys reach the others.

And the app works at 200 % text scale and in a dark or high-contrast palette:
screen titles stay larger than the body text at a large application font, and
every semantic text colour (error, warning, …) has a WCAG contrast of at
least 4.5:1 with the window it is shown on, in a light and a dark palette.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QColor, QFont, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSlider,
    QTabBar,
    QTextEdit,
    QWidget,
)

from app.config import Settings
from app.services import cases as case_service
from app.store.store import Store
from app.ui import style
from app.ui.accessibility import is_secret
from app.ui.shell import DEMO_PASSPHRASE, Shell
from tests.conftest import PASSPHRASE

INTERACTIVE = (QAbstractButton, QLineEdit, QPlainTextEdit, QTextEdit, QComboBox,
               QAbstractSpinBox, QAbstractItemView, QSlider, QTabBar)
#: Controls made of controls: their inner parts (a spin box's line edit, a
#: view's header, a line edit's clear button) are named through the outer one.
COMPOUND = (QAbstractSpinBox, QComboBox, QAbstractItemView, QLineEdit, QTabBar)
#: A control may keep the focus for a few Tabs (a date edit steps through its
#: day, month and year); more than this is a trap.
MAX_TABS_IN_ONE_CONTROL = 4


# -- what the checks look at ---------------------------------------------------------


def _inside_compound(widget: QWidget, root: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        if isinstance(parent, COMPOUND):
            return True
        parent = parent.parentWidget()
    return False


def _takes_tab(widget: QWidget) -> bool:
    return bool(widget.focusPolicy().value & Qt.FocusPolicy.TabFocus.value)


def controls(root: QWidget) -> list[QWidget]:
    """The interactive controls a person can reach: shown and enabled. Custom
    widgets that take Tab focus (a chart you can press) count too."""
    found = []
    for widget in root.findChildren(QWidget):
        if not (widget.isVisible() and widget.isEnabled()):
            continue
        if _inside_compound(widget, root):
            continue
        interactive = isinstance(widget, INTERACTIVE)
        custom = (type(widget).__module__.startswith("app.") and _takes_tab(widget)
                  and type(widget).__mro__[1] is QWidget and widget.focusProxy() is None)
        if interactive or custom:
            found.append(widget)
    return found


def _clean(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").strip()


def buddy_labels(window: QWidget) -> dict[int, QLabel]:
    """id(control) → the visible label whose buddy it is (each label asked once)."""
    found = {}
    for label in window.findChildren(QLabel):
        buddy = label.buddy()
        if buddy is not None and label.isVisible() and _clean(label.text()):
            found[id(buddy)] = label
    return found


def name_of(widget: QWidget, buddies: dict[int, QLabel]) -> str:
    """What a screen reader says for ``widget``: as Qt's bridge works it out."""
    if widget.accessibleName().strip():
        return widget.accessibleName().strip()
    if isinstance(widget, QAbstractButton) and _clean(widget.text()):
        return _clean(widget.text())
    if isinstance(widget, QTabBar):  # each tab is read by its own text
        return ", ".join(_clean(widget.tabText(i)) for i in range(widget.count())
                         if _clean(widget.tabText(i)))
    label = buddies.get(id(widget))
    return _clean(label.text()) if label is not None else ""


def describe(widget: QWidget) -> str:
    names = []
    w: QWidget | None = widget
    while w is not None and len(names) < 4:
        names.append(w.objectName() or type(w).__name__)
        w = w.parentWidget()
    return " < ".join(names)


def unnamed(window: QWidget, root: QWidget | None = None) -> list[str]:
    buddies = buddy_labels(window)
    return [describe(w) for w in controls(root or window) if not name_of(w, buddies)]


def _exclusive_group(widget: QWidget):
    checkable = isinstance(widget, QAbstractButton) and widget.isCheckable()
    group = widget.group() if checkable else None
    return group if group is not None and group.exclusive() else None


def _owner(widget: QWidget | None, wanted: set[int]) -> QWidget | None:
    """The control in ``wanted`` that ``widget`` (the focus widget) belongs to."""
    while widget is not None and id(widget) not in wanted:
        widget = widget.parentWidget()
    return widget


def tab_problems(qtbot, window: QWidget, root: QWidget | None = None) -> list[str]:
    """Press Tab round the window from its first control; say what was missed
    or where the focus got stuck."""
    expected = [w for w in controls(root or window) if _takes_tab(w)]
    if not expected:
        return []
    every = [w for w in controls(window) if _takes_tab(w)]  # the chain crosses the window
    wanted = {id(w) for w in every}
    start = next(w for w in expected if _exclusive_group(w) is None)
    start.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: _owner(QApplication.focusWidget(), wanted) is start, timeout=2000)
    reached = {id(start)}
    previous, stay = start, 0
    for _ in range(4 * len(every) + 10):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        now = _owner(QApplication.focusWidget(), wanted)
        if now is None:
            focus = QApplication.focusWidget()
            return [f"Tab left the controls for {describe(focus) if focus else 'nothing'}"]
        if now is previous:
            stay += 1
            if stay > MAX_TABS_IN_ONE_CONTROL:
                return [f"focus trap: Tab stays in {describe(now)}"]
            continue
        previous, stay = now, 0
        if now is start:
            break
        reached.add(id(now))
        group = _exclusive_group(now)
        if group is not None:
            problems = _arrow_problems(qtbot, now, group)
            if problems:
                return problems
            reached.update(id(b) for b in group.buttons())
    else:
        return [f"Tab never comes back to {describe(start)}: stuck in a loop"]
    return [f"not reachable with Tab: {describe(w)}" for w in expected if id(w) not in reached]


def _arrow_problems(qtbot, first: QAbstractButton, group) -> list[str]:
    """The arrow keys walk an exclusive group's buttons (Right along a row, Down
    along a column); Tab then leaves from the checked one, so the walk ends
    where it started."""
    shown = [b for b in group.buttons() if b.isVisible() and b.isEnabled()]
    checked = group.checkedButton()
    stacked = len({b.mapToGlobal(b.rect().topLeft()).x() for b in shown}) == 1 < len(shown)
    key = Qt.Key.Key_Down if stacked else Qt.Key.Key_Right
    seen = {id(first)}
    for _ in range(len(shown)):
        qtbot.keyClick(QApplication.focusWidget(), key)
        seen.add(id(QApplication.focusWidget()))
    missed = [describe(b) for b in shown if id(b) not in seen]
    if checked is not None:
        checked.click()  # back to what was chosen: the arrows choose as they go
    first.setFocus(Qt.FocusReason.TabFocusReason)
    return [f"not reachable with the arrow keys: {m}" for m in missed]


def combo_problems(root: QWidget) -> list[str]:
    """A combo box is named by its question, not by its current value. On
    Linux, Qt's bridge makes a combo box's own name its current text (the
    AT-SPI custom); a screen reader takes the question from the "labelled by"
    relation to the label whose buddy it is (Orca 43: "Is het kind veilig?
    combo box. Niet ingevuld."). So: a label Qt relates to it, with a text
    other than the current value."""
    found = []
    for combo in (w for w in controls(root) if isinstance(w, QComboBox)):
        interface = QAccessible.queryAccessibleInterface(combo)
        labels = [_clean(other.text(QAccessible.Text.Name))
                  for other, _relation in interface.relations(QAccessible.RelationFlag.Label)]
        if not any(label and label != combo.currentText() for label in labels):
            found.append(f"combo box named only by its value {combo.currentText()!r}: "
                         f"{describe(combo)}")
    return found


def secret_problems(root: QWidget) -> list[str]:
    """Every field that hides what is typed is a secret field for assistive
    technology too (app.ui.accessibility)."""
    return [f"password field not secret: {describe(edit)}"
            for edit in root.findChildren(QLineEdit)
            if edit.echoMode() != QLineEdit.EchoMode.Normal and not is_secret(edit)]


def check(qtbot, window: QWidget, root: QWidget | None = None, what: str = "") -> list[str]:
    return ([f"{what}: no name: {d}" for d in unnamed(window, root)]
            + [f"{what}: {p}" for p in combo_problems(root or window)]
            + [f"{what}: {p}" for p in secret_problems(root or window)]
            + [f"{what}: {p}" for p in tab_problems(qtbot, window, root)])


# -- the app in its states -----------------------------------------------------------


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory) -> Path:
    from app.services.demo import create_demo_store

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    create_demo_store(path, DEMO_PASSPHRASE).close()
    return path


def show(qtbot, window: QWidget) -> QWidget:
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    return window


def new_shell(qtbot, folder: Path, demo_path: Path) -> Shell:
    shell = Shell(folder / "store.db", demo_path, Settings(),
                  settings_path=folder / "settings.json")
    qtbot.addWidget(shell)
    return show(qtbot, shell)


@pytest.fixture
def demo_shell(qtbot, tmp_path: Path, demo_path: Path):
    shell = new_shell(qtbot, tmp_path, demo_path)
    qtbot.mouseClick(shell.setup.demo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shell.store is not None, timeout=15000)
    yield shell
    shell.close()


def richest_case(shell: Shell):
    """The demo case furthest along: most steps done and a safety plan."""
    rows = case_service.list_cases(shell.store)
    return max(rows, key=lambda r: (r.safety_phase or 0, r.current_step))


# -- the checks ----------------------------------------------------------------------


def test_setup_screen(qtbot, tmp_path: Path, demo_path: Path):
    shell = new_shell(qtbot, tmp_path, demo_path)
    assert shell.stack.currentWidget() is shell.setup
    assert check(qtbot, shell, what="setup") == []


def test_unlock_screen(qtbot, tmp_path: Path, demo_path: Path):
    Store.create(tmp_path / "store.db", PASSPHRASE).close()
    shell = new_shell(qtbot, tmp_path, demo_path)
    assert shell.stack.currentWidget() is shell.unlock
    assert check(qtbot, shell, what="unlock") == []


def test_case_list(qtbot, demo_shell: Shell):
    assert demo_shell.stack.currentWidget() is demo_shell.cases
    assert demo_shell.cases.model.rowCount() > 0
    assert check(qtbot, demo_shell, what="case list") == []


def test_case_meldcode_steps(qtbot, demo_shell: Shell):
    demo_shell.open_case(richest_case(demo_shell).id)
    view = demo_shell.case_view
    view.workspace.setCurrentWidget(view.meldcode)
    problems = []
    for step in range(1, 6):
        view.meldcode.select_step(step)
        problems += check(qtbot, demo_shell, what=f"case, meldcode step {step}")
    assert problems == []


def test_case_safety_plan_tabs(qtbot, demo_shell: Shell):
    demo_shell.open_case(richest_case(demo_shell).id)
    view = demo_shell.case_view
    view.workspace.setCurrentWidget(view.safety)
    problems = []
    for index in range(view.safety.tabs.count()):
        view.safety.tabs.setCurrentIndex(index)
        problems += check(qtbot, demo_shell,
                          what=f"case, safety plan tab {view.safety.tabs.tabText(index)}")
    assert problems == []


def test_overview(qtbot, demo_shell: Shell):
    demo_shell.show_overview()
    assert demo_shell.stack.currentWidget() is demo_shell.dashboard
    assert check(qtbot, demo_shell, what="overview") == []


def _dialog_problems(qtbot, dialog: QDialog, what: str) -> list[str]:
    qtbot.addWidget(dialog)
    show(qtbot, dialog)
    try:
        return check(qtbot, dialog, what=what)
    finally:
        dialog.hide()


@pytest.mark.parametrize("kind", sorted(__import__("app.forms.meldcode", fromlist=["x"])
                                        .MELDCODE_FORMS))
def test_record_dialog(qtbot, demo_shell: Shell, kind: str):
    from app.forms.meldcode import MELDCODE_FORMS
    from app.ui.case_controller import person_context
    from app.ui.record_dialog import RecordDialog

    case = case_service.find_case(demo_shell.store, richest_case(demo_shell).id)
    dialog = RecordDialog(MELDCODE_FORMS[kind], person_context(case), lambda v: v,
                          lambda r: None, on_draft=lambda v: None, parent=demo_shell)
    assert _dialog_problems(qtbot, dialog, f"record dialog {kind}") == []


def test_settings_dialog(qtbot, tmp_path: Path):
    from app.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(lambda _code: None, settings=Settings(),
                            settings_path=tmp_path / "settings.json")
    assert _dialog_problems(qtbot, dialog, "settings") == []


def test_new_case_and_person_dialogs(qtbot):
    from app.ui.new_case_dialog import NewCaseDialog
    from app.ui.person_dialog import PersonDialog

    assert _dialog_problems(qtbot, NewCaseDialog(), "new case") == []
    assert _dialog_problems(qtbot, PersonDialog(), "person") == []


def test_close_case_dialog(qtbot):
    from app.ui.close_case_dialog import CloseCaseDialog

    assert _dialog_problems(qtbot, CloseCaseDialog("youth"), "close case") == []


def test_the_checks_catch_an_unnamed_control_and_a_focus_trap(qtbot):
    """The checker itself: a field without a label and a text box that types tabs."""
    from PySide6.QtWidgets import QPushButton, QVBoxLayout

    window = QWidget()
    layout = QVBoxLayout(window)
    named, nameless, trap = QPushButton("Opslaan"), QLineEdit(), QPlainTextEdit()
    for widget in (named, nameless, trap):
        layout.addWidget(widget)
    qtbot.addWidget(window)
    show(qtbot, window)
    assert unnamed(window) == [describe(nameless), describe(trap)]
    assert tab_problems(qtbot, window) == [f"focus trap: Tab stays in {describe(trap)}"]
    trap.setTabChangesFocus(True)
    assert tab_problems(qtbot, window) == []


def test_the_checks_catch_a_combo_named_by_its_value_and_a_plain_password_field(qtbot):
    from PySide6.QtWidgets import QFormLayout

    from app.ui.accessibility import mark_secret

    window = QWidget()
    form = QFormLayout(window)
    bare, labelled = QComboBox(), QComboBox()
    for combo in (bare, labelled):
        combo.addItems(["Niet ingevuld", "Ja"])
    label = QLabel("&Is het kind veilig?")
    label.setBuddy(labelled)
    password = QLineEdit()
    password.setEchoMode(QLineEdit.EchoMode.Password)
    form.addRow(bare)
    form.addRow(label, labelled)
    form.addRow("Wachtwoord", password)
    qtbot.addWidget(window)
    show(qtbot, window)
    assert combo_problems(window) == [
        f"combo box named only by its value 'Niet ingevuld': {describe(bare)}"]
    assert secret_problems(window) == [f"password field not secret: {describe(password)}"]
    mark_secret(password)
    assert secret_problems(window) == []


# -- text scale and palette ----------------------------------------------------------

#: WCAG 2 AA for normal text.
MIN_CONTRAST = 4.5


def _luminance(colour: QColor) -> float:
    """WCAG 2 relative luminance, worked out here rather than trusted to the app."""
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return (0.2126 * linear(colour.redF()) + 0.7152 * linear(colour.greenF())
            + 0.0722 * linear(colour.blueF()))


def contrast(a: QColor, b: QColor) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_is_worked_out_as_wcag_says():
    assert contrast(QColor("#000000"), QColor("#ffffff")) == pytest.approx(21.0)
    assert contrast(QColor("#777777"), QColor("#ffffff")) == pytest.approx(4.48, abs=0.01)


def palette_of(window: str, base: str, text: str) -> QPalette:
    palette = QPalette(QColor(window), QColor(window))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text,
                 QPalette.ColorRole.ButtonText):
        palette.setColor(role, QColor(text))
    palette.setColor(QPalette.ColorRole.Base, QColor(base))
    palette.setColor(QPalette.ColorRole.Window, QColor(window))
    return palette


#: name -> (window, base, text); "light" is the application's own palette.
PALETTES = {
    "light": None,
    "dark": ("#2b2b2b", "#1e1e1e", "#f0f0f0"),
    "high contrast black": ("#000000", "#000000", "#ffffff"),
    "high contrast white": ("#ffffff", "#ffffff", "#000000"),
}


@pytest.fixture
def app_look():
    """The application, given its font, palette, style sheet and training tint
    back afterwards, so later tests see the app as it was."""
    app = QApplication.instance()
    font, palette, sheet = QFont(app.font()), QPalette(app.palette()), app.styleSheet()
    training = style.is_training()
    style.mark_training(False)
    yield app
    app.setFont(font)
    app.setPalette(palette)
    app.processEvents()  # the font and palette events, before the sheet is put back
    style.mark_training(training)
    app.setStyleSheet(sheet)


def _set_font_size(app: QApplication, points: float) -> None:
    font = QFont(app.font())
    font.setPointSizeF(points)
    app.setFont(font)


def test_screen_titles_stay_larger_than_the_text_at_a_large_font(
        qtbot, app_look, tmp_path: Path, demo_path: Path):
    _set_font_size(app_look, 20)
    setup = new_shell(qtbot, tmp_path / "new", demo_path)
    Store.create(tmp_path / "store.db", PASSPHRASE).close()
    unlock = new_shell(qtbot, tmp_path, demo_path)
    assert setup.stack.currentWidget() is setup.setup
    assert unlock.stack.currentWidget() is unlock.unlock
    for title, body in ((setup.setup.title, setup.setup.intro),
                        (unlock.unlock.title, unlock.unlock.label)):
        assert title.objectName() == "screenTitle"
        assert body.font().pointSizeF() == pytest.approx(20)
        assert title.font().pointSizeF() > body.font().pointSizeF()
        assert title.fontMetrics().height() > body.fontMetrics().height()

    # The system font grows while the app runs: the titles grow with it.
    _set_font_size(app_look, 30)
    screen = unlock.unlock
    qtbot.waitUntil(lambda: screen.label.font().pointSizeF() == pytest.approx(30)
                    and screen.title.font().pointSizeF() > 30, timeout=3000)


@pytest.mark.parametrize("name", sorted(PALETTES))
def test_semantic_colours_are_readable_in_every_palette(qtbot, app_look, name: str):
    if PALETTES[name] is not None:
        app_look.setPalette(palette_of(*PALETTES[name]))
    palette = app_look.palette()
    window = palette.color(QPalette.ColorRole.Window)
    base = palette.color(QPalette.ColorRole.Base)
    low = [(tone.name, on, round(contrast(QColor(style.text_colour(tone, colour)), colour), 2))
           for tone in style.Tone
           for on, colour in (("window", window), ("base", base))
           if contrast(QColor(style.text_colour(tone, colour)), colour) < MIN_CONTRAST]
    assert low == []
    for tone in style.Tone:  # by default: on a window of the current palette
        assert contrast(QColor(style.text_colour(tone)), window) >= MIN_CONTRAST, tone.name


@pytest.mark.parametrize("name", ["dark", "high contrast black"])
def test_text_on_the_training_tint_stays_dark(qtbot, app_look, name: str):
    app_look.setPalette(palette_of(*PALETTES[name]))
    style.mark_training(True)
    tint = QColor(style.TRAINING_TINT)
    for tone in style.Tone:
        assert contrast(QColor(style.text_colour(tone)), tint) >= MIN_CONTRAST, tone.name
    assert contrast(QColor(style.TINT_TEXT), tint) >= MIN_CONTRAST


def _text_colour(label: QLabel) -> QColor:
    return label.palette().color(QPalette.ColorRole.WindowText)


def test_a_screen_follows_a_palette_change(qtbot, app_look):
    """The error and warning texts of the setup screen (one from the style
    sheet, one from the widget) are recoloured when the palette turns dark."""
    from app.ui.setup_screen import SetupScreen

    screen = SetupScreen()
    qtbot.addWidget(screen)
    show(qtbot, screen)
    screen.show_error("De wachtwoorden zijn niet gelijk.")
    light = app_look.palette().color(QPalette.ColorRole.Window)
    for label in (screen.error, screen.warning):
        assert contrast(_text_colour(label), light) >= MIN_CONTRAST

    app_look.setPalette(palette_of(*PALETTES["dark"]))
    dark = QColor(PALETTES["dark"][0])

    def readable() -> bool:
        return all(contrast(_text_colour(label), dark) >= MIN_CONTRAST
                   for label in (screen.error, screen.warning))

    qtbot.waitUntil(readable, timeout=3000)


@pytest.mark.parametrize(("points", "columns"), [(9, 3), (20, 1)])
def test_the_overview_fits_a_laptop_screen_at_any_text_size(qtbot, app_look, tmp_path,
                                                             points, columns):
    """Three columns of figures at normal text; one under the other at large
    text, with the charts stacked, rather than a window wider than the screen."""
    from app.reporting.overview import FIGURES
    from app.services.demo import create_demo_store
    from app.services.overview import team_overview
    from app.ui.dashboard import DashboardView

    rows = -(-len(FIGURES) // columns)
    _set_font_size(app_look, points)
    with create_demo_store(tmp_path / "d.db", PASSPHRASE) as store:
        overview = team_overview(store)
    view = DashboardView()
    qtbot.addWidget(view)
    view.show_overview(overview)
    view.resize(1366, 700)
    view.show()
    qtbot.waitExposed(view)
    qtbot.waitUntil(lambda: len({b.y() for b in view.buttons.values()}) == rows)
    viewport = view._scroll.viewport().width()
    assert max(b.geometry().right() for b in view.buttons.values()) <= viewport
    assert max(view.phases_box.geometry().right(), view.steps_box.geometry().right()) <= viewport
