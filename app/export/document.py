"""A neutral document model: what an export says, before it is a PDF or JSON.

Builders (handover, client copy, family safety plan) turn a case into a
``Document``; renderers (``app.export.pdf``) turn a document into a file.
Keeping the two apart means every export is tested on its content first and
every renderer knows nothing of cases.
"""

from __future__ import annotations

import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Paragraph:
    text: str
    emphasis: bool = False


@dataclass(frozen=True)
class Facts:
    """Label–value rows, e.g. a person's name, role and age."""

    rows: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    #: Relative column widths (summing to 1); equal columns when empty.
    widths: tuple[float, ...] = ()


@dataclass(frozen=True)
class Callout:
    """Text that must stand out (emergency numbers): large and framed."""

    lines: tuple[str, ...]


Block = Paragraph | Facts | Bullets | Table | Callout
#: Every block type, once: the PDF renderer (``app.export.pdf``) and the
#: preview (``app.ui.handover_dialog``) each render exactly these.
BLOCK_TYPES: tuple[type, ...] = typing.get_args(Block)


class UnknownBlock(TypeError):
    """A block no renderer knows: a programming error, never dropped silently."""


def renderer_for(renderers: Mapping[type, Callable[..., Any]], block: object
                 ) -> Callable[..., Any]:
    """The function of ``renderers`` for ``block``'s type; :class:`UnknownBlock`
    when there is none."""
    try:
        return renderers[type(block)]
    except KeyError:
        raise UnknownBlock(f"unknown block {type(block).__name__}") from None


def check_renderers(renderers: Mapping[type, Callable[..., Any]], where: str) -> None:
    """At import: a renderer handles every block type and no other."""
    if set(renderers) != set(BLOCK_TYPES):
        raise TypeError(f"{where} renders {sorted(t.__name__ for t in renderers)}, "
                        f"not {sorted(t.__name__ for t in BLOCK_TYPES)}")


@dataclass(frozen=True)
class Section:
    title: str
    blocks: tuple[Block, ...] = ()
    #: Kept visibly apart (e.g. "niet voor de familie"): framed and marked.
    restricted: bool = False
    #: Framed to stand out, e.g. a summary on the first page.
    framed: bool = False


@dataclass(frozen=True)
class Document:
    title: str
    subtitle: str = ""
    sections: tuple[Section, ...] = ()
    #: Printed on every page when set, e.g. "OEFENING — geen echte gegevens".
    watermark: str = ""
    #: Footer on every page (e.g. the case reference and the date of export).
    footer: str = ""
    #: Larger type throughout, for plain-language documents for families.
    large_print: bool = False
    metadata: dict[str, str] = field(default_factory=dict)

    def text(self) -> str:
        """Everything the document says, as plain text (for checks and previews)."""
        lines = [self.title, self.subtitle]
        for section in self.sections:
            lines.append(section.title)
            for block in section.blocks:
                if isinstance(block, Paragraph):
                    lines.append(block.text)
                elif isinstance(block, Facts):
                    lines += [f"{k}: {v}" for k, v in block.rows]
                elif isinstance(block, Bullets | Callout):
                    lines += list(block.items if isinstance(block, Bullets) else block.lines)
                elif isinstance(block, Table):
                    lines += [" | ".join(block.header)] + [" | ".join(r) for r in block.rows]
        return "\n".join(line for line in lines if line)
