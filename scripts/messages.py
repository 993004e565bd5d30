#!/usr/bin/env python3
"""Keep the interface's gettext catalogues current: `python scripts/messages.py`.

Extracts every message of the generator (the theme's templates: `_()`, `ngettext()`,
`{% trans %}`; its Python code: `msg("…")`, `msg.plural("…", "…", n)` and `msg.plural_forms("…", "…")`
(the plural forms handed to the pages' scripts) on a `Messages`) into
site_gen/locale/messages.pot, then updates each site_gen/locale/<lang>.po: new messages are added
untranslated, gone ones dropped. `--check` writes nothing and exits 1 when a catalogue is out of
date, has an untranslated or fuzzy message, or a translation whose placeholders differ from the
original's (tests/test_messages.py runs it).
"""
from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "site_gen" / "locale"
TEMPLATE = LOCALE / "messages.pot"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "msg": None, "plural": (1, 2), "plural_forms": (1, 2)}
JINJA_OPTIONS = {"extensions": "jinja2.ext.i18n", "trimmed": "true"}


def extract() -> Catalog:
    catalog = Catalog(project="site-gen", msgid_bugs_address="", copyright_holder="", charset="utf-8",
                      fuzzy=False)
    sources = ((ROOT / "templates", [("**.html", "jinja2"), ("**.xml", "jinja2"), ("**.txt", "jinja2")]),
               (ROOT / "site_gen", [("**/starter/**", "ignore"), ("**.py", "python")]))
    for folder, method_map in sources:
        for filename, lineno, message, comments, context in extract_from_dir(
                str(folder), method_map, options_map={"**.html": JINJA_OPTIONS, "**.xml": JINJA_OPTIONS,
                                                      "**.txt": JINJA_OPTIONS},
                keywords=KEYWORDS, comment_tags=("Translators:",), strip_comment_tags=True):
            where = (Path(folder.name) / filename).as_posix()
            catalog.add(message, None, [(where, lineno)], auto_comments=comments, context=context)
    return catalog


def po_text(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, sort_output=False, omit_header=False, include_lineno=False)
    return buffer.getvalue()


def updated(path: Path, template: Catalog) -> Catalog:
    with open(path, "rb") as handle:
        catalog = read_po(handle, locale=path.stem)
    catalog.update(template, no_fuzzy_matching=True, update_header_comment=False, update_creation_date=False)
    catalog.obsolete.clear()
    return catalog


def problems(path: Path, catalog: Catalog, before: bytes) -> list[str]:
    found = []
    if po_text(catalog) != before:
        found.append(f"{path.relative_to(ROOT)}: out of date: run python scripts/messages.py")
    for message in catalog:
        if not message.id:
            continue
        if message.fuzzy:
            found.append(f"{path.relative_to(ROOT)}: fuzzy: {message.id!r}")
        elif not message.string or (isinstance(message.string, tuple) and not all(message.string)):
            found.append(f"{path.relative_to(ROOT)}: untranslated: {message.id!r}")
        for error in message.check(catalog):
            found.append(f"{path.relative_to(ROOT)}: {message.id!r}: {error}")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 on any problem")
    args = parser.parse_args(argv)
    template = extract()
    found = []
    pot = po_text(template)
    if args.check:
        # (the header's creation date differs on every run: compare the messages alone)
        if not TEMPLATE.is_file() or _messages(TEMPLATE.read_bytes()) != _messages(pot):
            found.append(f"{TEMPLATE.relative_to(ROOT)}: out of date: run python scripts/messages.py")
    else:
        if not TEMPLATE.is_file() or _messages(TEMPLATE.read_bytes()) != _messages(pot):
            TEMPLATE.write_bytes(pot)
    for path in sorted(LOCALE.glob("*.po")):
        before = path.read_bytes()
        catalog = updated(path, template)
        if args.check:
            found += problems(path, catalog, before)
        elif po_text(catalog) != before:
            path.write_bytes(po_text(catalog))
            print(f"updated {path.relative_to(ROOT)}")
    for line in found:
        print(line, file=sys.stderr)
    return 1 if found else 0


def _messages(pot: bytes) -> bytes:
    """The catalogue without its header (whose creation date changes on every run)."""
    return pot.split(b'\n\n', 1)[-1]


if __name__ == "__main__":
    sys.exit(main())
