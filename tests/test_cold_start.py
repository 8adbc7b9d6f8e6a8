"""Cold start (issue 17): the window up to the unlock screen loads no PDF
library; reportlab and the PDF export load when a document is first written."""

import os
import subprocess
import sys

LATE = ("reportlab", "PIL", "app.export.pdf")


def _loaded_after(statement: str) -> list[str]:
    probe = f"import sys; {statement}; print(' '.join(n for n in {LATE!r} if n in sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True, timeout=60,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    return out.stdout.split()


def test_the_unlock_screen_does_not_load_the_pdf_library():
    assert _loaded_after("import app.ui.shell") == []


def test_writing_a_pdf_loads_it():
    assert "reportlab" in _loaded_after("from app.services import handover; import app.export.pdf")
