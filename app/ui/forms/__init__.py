"""The one generic renderer for ``app.forms`` definitions."""

from __future__ import annotations

from app.ui.forms.form_widget import FormWidget

__all__ = ["FormWidget"]
