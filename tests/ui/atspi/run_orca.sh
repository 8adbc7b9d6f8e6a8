#!/usr/bin/env bash
# Orca on a virtual screen, speaking into a log: docs/screen-reader-check.md.
# usage: tests/ui/atspi/run_orca.sh OUT.log [COMMAND...]
# Without COMMAND: the walkthrough of the real app (orca_walkthrough.py), its
# steps in OUT-run/steps.txt. What Orca said goes to OUT.said.txt.
set -euo pipefail
log=$(realpath -m "$1"); shift
mkdir -p "$(dirname "$log")"
here=$(dirname "$(realpath "$0")")
root=$(realpath "$here/../../..")
[ $# -gt 0 ] || set -- "$root/.venv/bin/python" "$here/orca_walkthrough.py" "${log%.log}-run"
if [ -z "${IN_ORCA_RUN:-}" ]; then
    tmp=$(mktemp -d)
    Xvfb -displayfd 5 -screen 0 1366x768x24 5>"$tmp/display" >/dev/null 2>&1 & xvfb=$!
    until [ -s "$tmp/display" ]; do sleep 0.2; done
    IN_ORCA_RUN=1 XDG_RUNTIME_DIR=$tmp DISPLAY=":$(cat "$tmp/display")" \
        dbus-run-session -- "$0" "$log" "$@" || true
    kill "$xvfb"
    grep -h "SPEECH OUTPUT" "$log" | sed "s/ - SPEECH OUTPUT: / /; s/{'established': False}//" \
        > "${log%.log}.said.txt"
    echo "What Orca said: ${log%.log}.said.txt"
    exit 0
fi
export PYTHONPATH=$root QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1 QT_QPA_PLATFORM=xcb
openbox >/dev/null 2>&1 & wm=$!
/usr/libexec/at-spi-bus-launcher --launch-immediately & bus=$!
sleep 1
/usr/bin/python3 "$here/orca_line_buffered.py" --replace -d braille --debug-file="$log" \
    >/dev/null 2>&1 & orca=$!
sleep 5
"$@"
sleep 2
kill "$orca" "$bus" "$wm" 2>/dev/null || true
