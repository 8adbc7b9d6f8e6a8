"""Runs /usr/bin/orca with its debug file written line by line, so the log is
complete when Orca is stopped (Orca 43 buffers it). Arguments go to Orca."""

import builtins
import sys

ORCA = "/usr/bin/orca"
_open = builtins.open


def _line_buffered(file, mode="r", *args, **kwargs):
    if mode == "w" and str(file).endswith(".log"):
        return _open(file, mode, buffering=1)
    return _open(file, mode, *args, **kwargs)


builtins.open = _line_buffered
sys.argv[0] = ORCA
with _open(ORCA, encoding="utf-8") as source:
    exec(compile(source.read(), ORCA, "exec"))  # noqa: S102 - Orca's own start script
