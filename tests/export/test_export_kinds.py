"""One list of export kinds (app/export/kinds.py) that the command line, the
package checker, the manifest schema and the audit all read; and one list of
block types that the PDF and the preview both render."""

from __future__ import annotations

import ast
import io
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from pypdf import PdfReader

from app.commands import export as export_command
from app.export import kinds, package, pdf
from app.export.document import (
    BLOCK_TYPES,
    Bullets,
    Callout,
    Document,
    Facts,
    Paragraph,
    Section,
    Table,
    UnknownBlock,
)
from app.export.schemas import load_schema
from app.services.handover import default_package_name

APP = Path(__file__).resolve().parents[2] / "app"


def test_every_kind_has_one_code_one_cli_name_and_a_builder():
    codes = [k.code for k in kinds.EXPORT_KINDS]
    names = [k.cli_name for k in kinds.EXPORT_KINDS if k.cli_name]
    assert len(set(codes)) == len(codes) and len(set(names)) == len(names)
    for kind in kinds.EXPORT_KINDS:
        assert callable(kind.builder()), kind.code
        assert kind.audit_name == kind.code
        assert kind.parts and all(p.name for p in kind.parts)


def test_the_cli_the_checker_and_the_manifest_schema_read_the_list():
    assert export_command.KINDS == ("handover", "client", "family-plan")  # the contract
    assert set(export_command.KINDS) == set(kinds.BY_CLI_NAME)
    assert set(export_command._RUNNERS) == {kinds.BY_CLI_NAME[n].code
                                            for n in export_command.KINDS}
    assert package.KINDS == tuple(k.code for k in kinds.PACKAGE_KINDS)
    assert package.JSON_SCHEMAS == kinds.json_schemas()
    newest = load_schema(kinds.MANIFEST_SCHEMAS[max(kinds.MANIFEST_SCHEMAS)])
    assert newest["properties"]["kind"]["enum"] == list(package.KINDS)
    # every kind that a person receives is a signed package, the family plan too
    assert {k.code for k in kinds.PACKAGE_KINDS} == {"handover", "client_copy", "family_plan"}


def test_package_folders_are_named_from_the_list():
    case = SimpleNamespace(reference="VW-2611-K7QD")
    moment = datetime(2026, 3, 10, 13, 5, tzinfo=UTC)
    for kind in kinds.PACKAGE_KINDS:
        name = default_package_name(case, kind.code, moment)
        assert name.startswith(f"{kind.folder_prefix}-VW-2611-K7QD-2026031"), name


def _export_audit_calls(root: Path) -> list[tuple[str, ast.Call]]:
    found = []
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if (isinstance(node, ast.Call) and node.args
                    and isinstance(node.args[0], ast.Attribute)
                    and node.args[0].attr == "EXPORT"):
                found.append((str(path.relative_to(root)), node))
    return found


def check_export_audit(calls: list[tuple[str, ast.Call]]) -> None:
    for where, call in calls:
        keywords = {k.arg: k.value for k in call.keywords}
        assert "export" in keywords and "kind" not in keywords, where
        value = keywords["export"]
        if where == "services/exchange.py":
            # The operations exchange file (issue 19) is not a case document.
            assert isinstance(value, ast.Constant) and value.value == "operations", where
            continue
        assert isinstance(value, ast.Attribute) and value.attr == "audit_name", (
            f"{where}: the audit name comes from app.export.kinds")


def test_every_export_is_audited_under_one_name():
    """``export=<the kind's audit name>``, never ``kind=``: one name to search for."""
    calls = _export_audit_calls(APP)
    assert {where for where, _call in calls} >= {
        "services/handover.py", "services/safety.py", "services/report.py"}
    assert len(calls) >= 4  # handover, client copy, family plan, monitoring
    check_export_audit(calls)


@pytest.mark.parametrize("planted", [
    "kind='family_plan'", "export='family_plan'", "kind=FAMILY_PLAN.audit_name"])
def test_the_audit_check_catches_a_planted_name(tmp_path: Path, planted):
    (tmp_path / "x.py").write_text(
        f"store.audit.append(AuditAction.EXPORT, 'case', 'c', {planted})\n")
    with pytest.raises(AssertionError, match="x.py"):
        check_export_audit(_export_audit_calls(tmp_path))


# -- block types ----------------------------------------------------------------------

ONE_OF_EACH = {
    Paragraph: Paragraph("Een alinea met tekst"),
    Facts: Facts((("Sleutel", "Waarde van het feit"),)),
    Bullets: Bullets(("Eerste punt van de lijst",)),
    Table: Table(("Kolom",), (("Cel in de tabel",),)),
    Callout: Callout(("Bel 0800-2000",)),
}
TEXTS = ("Een alinea met tekst", "Waarde van het feit", "Eerste punt van de lijst",
         "Cel in de tabel", "Bel 0800-2000")


@dataclass(frozen=True)
class Drawing:
    """A block type that no renderer knows."""

    text: str = "Een tekening"


def _document(*blocks) -> Document:
    return Document("Titel", sections=(Section("Deel", tuple(blocks)),))


def test_one_of_each_block_type_is_tested():
    assert set(ONE_OF_EACH) == set(BLOCK_TYPES)


def test_every_block_type_reaches_the_pdf(tmp_path: Path):
    data = pdf.write_pdf(_document(*ONE_OF_EACH.values()), tmp_path / "a.pdf", None)
    text = " ".join((page.extract_text() or "") for page in PdfReader(io.BytesIO(data)).pages)
    text = " ".join(text.split())
    for expected in TEXTS:
        assert expected in text, expected


def test_every_block_type_reaches_the_preview(qapp):
    from app.ui.handover_dialog import document_html

    html = document_html(_document(*ONE_OF_EACH.values()))
    for expected in TEXTS:
        assert expected in html, expected


def test_an_unknown_block_raises_in_both(qapp, tmp_path: Path):
    from app.ui.handover_dialog import document_html

    with pytest.raises(UnknownBlock, match="Drawing"):
        pdf.write_pdf(_document(Drawing()), tmp_path / "b.pdf", None)
    assert not (tmp_path / "b.pdf").exists()
    with pytest.raises(UnknownBlock, match="Drawing"):
        document_html(_document(Drawing()))
