"""The meldcode steps are on screen when a case is opened from the list: the
stepper gets its steps while the case screen is still hidden (the list is
shown), and must still be as tall as its tabs once the case screen shows."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QStackedWidget

from app.ui.widgets.stepper import Stepper, StepView

STEPS = [StepView(n, f"Stap {n}", "open", "open") for n in range(1, 6)]


def test_steps_given_while_hidden_show_at_full_height(qtbot):
    stack = QStackedWidget()
    qtbot.addWidget(stack)
    stack.addWidget(QLabel("De casussen"))
    stepper = Stepper()
    stack.addWidget(stepper)
    stack.resize(900, 300)
    stack.show()
    qtbot.waitExposed(stack)

    stepper.set_steps(STEPS, 1, "Kindcheck: nog niet gedaan")  # while the list shows
    stack.setCurrentWidget(stepper)
    qtbot.waitUntil(lambda: stepper.tabs.height() > 0, timeout=1000)
    assert stepper.tabs.height() >= stepper.tabs.sizeHint().height()
    assert stepper.tabs.count() == 5
    assert stepper.extra.geometry().top() >= stepper.tabs.geometry().bottom()
