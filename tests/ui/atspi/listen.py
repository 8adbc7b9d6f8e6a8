"""Writes every AT-SPI event a screen reader would get, one per line, until
stopped. Runs under the system Python (pyatspi from the python3-pyatspi
package), not the project's: tests/ui/test_atspi.py starts it."""

import sys

import pyatspi
from gi.repository import GLib

KINDS = ("object:text-changed", "object:announcement", "object:property-change",
         "object:state-changed:focused", "focus:", "window:activate")


def main(out_path: str, seconds: int) -> None:
    out = open(out_path, "w", buffering=1, encoding="utf-8")  # noqa: SIM115 - lives as long as the loop

    def seen(event) -> None:
        try:
            name, role = event.source.name, event.source.getRoleName()
        except Exception:  # noqa: BLE001 - the source may be gone already
            name, role = "", ""
        out.write(f"{event.type}\t{role}\t{name}\t{event.any_data!r}\n")

    for kind in KINDS:
        pyatspi.Registry.registerEventListener(seen, kind)
    GLib.timeout_add_seconds(seconds, pyatspi.Registry.stop)
    out.write("ready\n")
    pyatspi.Registry.start()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
