"""Keep the English catalogue in step with the code.

``python -m app.i18n.catalog update`` extracts every marked text from ``app/``
(``_``, ``N_``, ``ngettext``, ``pgettext``) and merges it into the English
``.po`` file. ``check`` reports what is missing, untranslated, fuzzy, stale or
broken without writing; the test suite calls it. The app compiles the ``.po``
in memory when it switches language (``app.i18n.compile_catalogue``), so no
compiled file is kept that a babel release could make stale.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from app.i18n import DOMAIN, catalogue_path, compile_catalogue

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
    return catalogue_path(language)


def read(language: str) -> Catalog:
    path = po_path(language)
    if not path.exists():
        return Catalog(locale=language, domain=DOMAIN)
    with path.open("rb") as fh:
        return read_po(fh, locale=language, domain=DOMAIN)


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
        found.extend(_compile_problems(language, have))
    return found


def _compile_problems(language: str, messages: dict) -> list[str]:
    """What the app would get from the ``.po``: every entry, as written there."""
    try:
        compiled = compile_catalogue(po_path(language))
    except Exception as error:  # noqa: BLE001 - any failure is the finding
        return [f"{language}: the catalogue does not compile: {error}"]
    found = []
    for (msgid, context), m in messages.items():
        if m.fuzzy or isinstance(m.id, tuple | list):
            continue
        got = compiled.pgettext(context, msgid) if context else compiled.gettext(msgid)
        if got != m.string:
            found.append(f"{language}: compiles to another text: {msgid!r}")
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
