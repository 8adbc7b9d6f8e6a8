"""Keep the English catalogue in step with the code.

``python -m app.i18n.catalog update`` extracts every marked text from ``app/``
(``_``, ``N_``, ``ngettext``, ``pgettext``), merges it into the English ``.po``
file and compiles the ``.mo`` next to it. ``check`` reports what is missing,
untranslated, fuzzy or stale without writing; the test suite calls it.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from app.i18n import DOMAIN, translations_dir

KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}
TRANSLATED_LANGUAGES = ("en",)


def app_dir() -> Path:
    return Path(__file__).resolve().parent.parent


def extract() -> Catalog:
    template = Catalog(project="Veiligwijzer", locale="nl", domain=DOMAIN)
    method_map = [("**.py", "python")]
    for filename, lineno, message, comments, context in extract_from_dir(
        str(app_dir()), method_map=method_map, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",)
    ):
        template.add(message, None, [(f"app/{filename}", lineno)],
                     auto_comments=comments, context=context)
    return template


def po_path(language: str) -> Path:
    return translations_dir() / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def read(language: str) -> Catalog:
    path = po_path(language)
    if not path.exists():
        return Catalog(locale=language, domain=DOMAIN)
    with path.open("rb") as fh:
        return read_po(fh, locale=language, domain=DOMAIN)


def _mo_bytes(catalog: Catalog) -> bytes:
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    return buf.getvalue()


def _po_bytes(catalog: Catalog) -> bytes:
    buf = io.BytesIO()
    write_po(buf, catalog, width=100, omit_header=False, sort_output=True,
             include_lineno=False)
    return buf.getvalue()


def update() -> None:
    template = extract()
    for language in TRANSLATED_LANGUAGES:
        catalog = read(language)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        path = po_path(language)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(_po_bytes(catalog))
        path.with_suffix(".mo").write_bytes(_mo_bytes(read(language)))


def problems() -> list[str]:
    """Everything that keeps the catalogues from being complete and current."""
    found: list[str] = []
    template = extract()
    wanted = {(m.id if isinstance(m.id, str) else m.id[0], m.context) for m in template if m.id}
    for language in TRANSLATED_LANGUAGES:
        catalog = read(language)
        have = {}
        for m in catalog:
            if m.id:
                have[(m.id if isinstance(m.id, str) else m.id[0], m.context)] = m
        for key in sorted(wanted - have.keys(), key=str):
            found.append(f"{language}: not in catalogue: {key[0]!r}")
        for key in sorted(have.keys() - wanted, key=str):
            found.append(f"{language}: no longer in the code: {key[0]!r}")
        for key, m in have.items():
            strings = m.string if isinstance(m.string, tuple | list) else (m.string,)
            if not all(strings):
                found.append(f"{language}: untranslated: {key[0]!r}")
            if m.fuzzy:
                found.append(f"{language}: fuzzy: {key[0]!r}")
        mo = po_path(language).with_suffix(".mo")
        if not mo.exists() or mo.read_bytes() != _mo_bytes(catalog):
            found.append(f"{language}: compiled catalogue {mo.name} is out of date")
    return found


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args == ["update"]:
        update()
        return 0
    if args == ["check"]:
        issues = problems()
        print("\n".join(issues) or "catalogues complete")
        return 1 if issues else 0
    print("usage: python -m app.i18n.catalog update|check", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
