"""``python -m tests.security.failing_cli K ARGS…``: the command line with the
K-th step of a key change failing (disk full), and cheap key slots."""

from __future__ import annotations

import sys

from app.cli import main
from app.store import keys
from tests.security.failing_ops import FailingOps

if __name__ == "__main__":
    keys.use_kdf_policy(keys.KdfPolicy(min_n=2**10, calibrate=False))
    keys.use_file_ops(FailingOps(int(sys.argv[1])))
    sys.exit(main(sys.argv[2:]))
