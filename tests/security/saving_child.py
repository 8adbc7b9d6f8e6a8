"""Run by test_sigkill in its own process: record cases and signals in a loop
on a real store, printing each case's reference once its transaction has
committed, until the test kills this process."""

from __future__ import annotations

import sys
from pathlib import Path

from app.store.store import Store
from tests.security.helpers import add_family


def main() -> None:
    path, passphrase = Path(sys.argv[1]), sys.argv[2]
    store = Store.open(path, passphrase)
    n = 0
    while True:
        n += 1
        case, _child = add_family(store, f"Familie Kill {n}", f"Kind Kill {n}",
                                  f"Signaal nummer {n}, " + "tekst " * 200)
        # add_family returns after its last commit: the case and its signal are saved.
        print(case.reference, flush=True)


if __name__ == "__main__":
    main()
