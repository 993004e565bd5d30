"""Interface strings in the site's language: one gettext catalogue per language.

The messages are English in the code (templates use `_()` and `{% trans %}`, Python code a
`Messages` it is given, the pages' scripts the few messages handed to them as data). Each language
has one catalogue in the package, `site_gen/locale/<lang>.po`, made and kept current by
`python scripts/messages.py` (it extracts every message and updates every catalogue). A site may
override any single message in its own `locale/<lang>.po`: its messages win, the rest come from the
package's. Plural forms follow each language's rules (the catalogue's Plural-Forms header), never
`if n == 1`.

Adding a language is one file: copy `site_gen/locale/messages.pot` to `site_gen/locale/<lang>.po`,
translate every msgstr, and run `python scripts/messages.py --check`.
"""
from __future__ import annotations

import functools
import io
import itertools
from dataclasses import dataclass
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.support import NullTranslations, Translations

from site_gen.model import ContentError, Problem

PACKAGE_CATALOGUES = Path(__file__).resolve().parent / "locale"
SITE_CATALOGUES = "locale"  # in a site's folder


@dataclass(frozen=True)
class Messages:
    """The site's language's messages, for code that writes text (not templates: they get the same
    translations through Jinja's i18n extension)."""

    translations: NullTranslations
    language: str
    key: str = ""  # the catalogue files read and their versions: equal keys, equal messages

    def __call__(self, message: str, **values: object) -> str:
        text = self.translations.gettext(message)
        return text % values if values else text

    def plural(self, singular: str, plural: str, n: int, **values: object) -> str:
        """`singular` or `plural` as the language's plural rule chooses for `n`; `%(num)d` is n."""
        return self.translations.ngettext(singular, plural, n) % {"num": n, **values}

    def plural_forms(self, singular: str, plural: str) -> dict[str, str]:
        """The message's forms for a page's script, by CLDR plural category of the language
        ("one", "few", "many", "other" ...), placeholders left in: the script picks one with
        `Intl.PluralRules(<html lang>).select(n)` and fills it in. Each category gets the form the
        catalogue gives a number of that category (plural_samples), so the script and
        `plural` agree."""
        return {category: self.translations.ngettext(singular, plural, n)
                for category, n in plural_samples(self.language).items()}


_CLDR_ORDER = ("zero", "one", "two", "few", "many", "other")


@functools.lru_cache(maxsize=16)
def plural_samples(language: str) -> dict[str, int]:
    """A whole number of each CLDR plural category of `language` that whole numbers reach, in CLDR
    order: English {"one": 1, "other": 2}, French {"one": 1, "many": 1000000, "other": 2}. (A
    category only fractions reach, as Russian "other", is left out: a count never selects it.)"""
    rule = None
    for name in (language.replace("-", "_"), catalogue_names(language)[-1], "en"):
        try:
            rule = Locale.parse(name).plural_form
            break
        except (ValueError, UnknownLocaleError):
            continue
    assert rule is not None
    found: dict[str, int] = {}
    # 1 to 999 before 0: where CLDR's "one" covers 0 and 1 (French, Portuguese), 1 is the number the
    # catalogue's own rule surely puts in the singular (Portuguese gettext says n != 1).
    for n in itertools.chain(range(1, 1000), (0,), (10 ** k for k in range(3, 13))):
        found.setdefault(rule(n), n)
    return {category: found[category] for category in _CLDR_ORDER if category in found}


def catalogue_names(language: str) -> tuple[str, ...]:
    """The catalogue names to look for, most specific first: pt-BR -> pt_BR, pt."""
    parts = language.replace("-", "_").split("_")
    base = parts[0].lower()
    if len(parts) == 1:
        return (base,)
    region = parts[1].upper() if len(parts[1]) == 2 else parts[1].title()  # BR, Hant
    return (f"{base}_{region}", base)


def messages(language: str, site_root: Path | None = None) -> Messages:
    """The messages of `language`: the package's catalogue with the site's own over it."""
    base = _package_translations(language)
    own = _site_catalogue(site_root, language) if site_root is not None else None
    used = [path for path in (_package_catalogue(language), own) if path is not None]
    key = f"{language}:" + ";".join(f"{path}:{path.stat().st_mtime_ns}:{path.stat().st_size}" for path in used)
    if own is None:
        return Messages(base, language, key)
    merged = Translations(fp=io.BytesIO(_compiled(own, own.stat().st_mtime_ns, own.stat().st_size)))
    combined = Translations()
    if isinstance(base, Translations):
        combined.merge(base)
        combined.plural = base.plural
    combined.merge(merged)
    if merged.plural is not None:
        combined.plural = merged.plural
    return Messages(combined, language, key)


def catalogue_files(language: str, site_root: Path) -> tuple[Path, ...]:
    """The catalogue files `messages` reads for `language` (for the build's keys)."""
    names = catalogue_names(language)
    found = [PACKAGE_CATALOGUES / f"{name}.po" for name in names] + [site_root / SITE_CATALOGUES / f"{name}.po" for name in names]
    return tuple(path for path in found if path.is_file())


def has_catalogue(language: str) -> bool:
    return any((PACKAGE_CATALOGUES / f"{name}.po").is_file() for name in catalogue_names(language)) \
        or catalogue_names(language)[-1] == "en"


def _package_catalogue(language: str) -> Path | None:
    return next((path for name in catalogue_names(language) if (path := PACKAGE_CATALOGUES / f"{name}.po").is_file()),
                None)


@functools.lru_cache(maxsize=16)
def _package_translations(language: str) -> NullTranslations:
    path = _package_catalogue(language)
    if path is not None:
        return Translations(fp=io.BytesIO(_compiled(path, path.stat().st_mtime_ns, path.stat().st_size)))
    return NullTranslations()  # English: the messages as the code writes them


def _site_catalogue(site_root: Path, language: str) -> Path | None:
    for name in catalogue_names(language):
        path = site_root / SITE_CATALOGUES / f"{name}.po"
        if path.is_file():
            return path
    return None


@functools.lru_cache(maxsize=32)
def _compiled(path: Path, mtime_ns: int, size: int) -> bytes:
    """A .po file as .mo bytes (keyed on its time and size, so an edited catalogue is read again)."""
    # (Imported here: an English site reads no catalogue, and babel.messages takes 7 ms to import.)
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    try:
        with open(path, "rb") as handle:
            catalog = read_po(handle, abort_invalid=True)
    except Exception as err:  # babel raises its own PoFileError and others: say where
        line = getattr(err, "lineno", 1) or 1
        raise ContentError([Problem(_shown(path), line, 1, "", f"expected a gettext catalogue, got {err}")]) from None
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def _shown(path: Path) -> str:
    try:
        return path.relative_to(PACKAGE_CATALOGUES.parent).as_posix()
    except ValueError:
        return f"{SITE_CATALOGUES}/{path.name}"
