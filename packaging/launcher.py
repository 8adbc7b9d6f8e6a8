"""Entry script for the frozen app: the same ``main`` as the ``veiligwijzer`` command."""

import sys

from app.cli import main

if __name__ == "__main__":
    sys.exit(main())
