"""What the screens need of ``app.export`` to show a document before it is
written: its blocks (for the preview), the marker for restricted text, the
choice of je or u and the family plan's lead-in above formal texts. The
screens import them from here, never from ``app.export`` (DESIGN.md: the UI
talks to services only)."""

from __future__ import annotations

from app.export.address import Address as Address
from app.export.document import Bullets as Bullets
from app.export.document import Callout as Callout
from app.export.document import Document as Document
from app.export.document import Facts as Facts
from app.export.document import Paragraph as Paragraph
from app.export.document import Table as Table
from app.export.family_plan import FORMAL_LEAD_IN as FORMAL_LEAD_IN
from app.export.handover import RESTRICTED_MARKER as RESTRICTED_MARKER
