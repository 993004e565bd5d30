"""Templates -> text: the one Jinja environment (autoescape, StrictUndefined) and template errors.

Pages get small precomputed contexts (site_gen/pages.py makes them); a template error becomes a
Problem naming the template file and line, never a traceback.
"""
from __future__ import annotations

import re
import sys
import traceback
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import Any, cast

import jinja2
from jinja2.ext import Extension
from markupsafe import Markup

from site_gen import paths
from site_gen.csp import CONTENT_SECURITY_POLICY
from site_gen.i18n import Messages, messages
from site_gen.model import ContentError, Problem
from site_gen.paths import Urls
from site_gen.theme import Layers

TEMPLATES_DIR = "templates"


def make_environment(look: Layers, urls: Urls, csp: str = CONTENT_SECURITY_POLICY,
                     reuse: jinja2.Environment | None = None, text: Messages | None = None,
                     filters: Mapping[str, Callable[..., Any]] | None = None,
                     extra_globals: Mapping[str, Any] | None = None, watching: bool = False) -> jinja2.Environment:
    """Templates from the site's templates/ first, then the theme's (theme.Layers). `reuse`: the
    environment of an earlier build of the same project (serve), whose compiled templates stay
    valid while their files are unchanged (Jinja checks their mtimes). Templates get `url`, `asset`
    and `absolute` (paths.Urls), `paths` (the URL scheme) and `csp`; the plugins' `filters` and
    `extra_globals` (plugins.Registry) besides."""
    text = text or messages("en")
    loader = jinja2.FileSystemLoader(list(look.templates))
    # (Compiled templates hold their constant messages already translated: same messages, or none.)
    if reuse is not None and getattr(reuse.loader, "searchpath", None) == loader.searchpath \
            and getattr(reuse, "site_gen_messages", None) == text.key and reuse.auto_reload == watching:
        env = reuse
    else:
        env = jinja2.Environment(
            loader=loader,
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            extensions=["jinja2.ext.i18n", TranslatedOnce],
            # Only serve (`watching`) edits templates between renders. A build compiles each once, and
            # Jinja's check of a template's mtime on every get_template and include was 5 % of its
            # page rendering at 10,000 entries (bench/README.md, "Every language").
            auto_reload=watching,
        )
        # (attributes of our own on Jinja's Environment, which declares none such: the messages its
        # compiled templates hold, for `reuse` above, and the gettext TranslatedOnce translates with)
        env.site_gen_messages = text.key  # type: ignore[attr-defined]
        env.site_gen_gettext = text.translations.gettext  # type: ignore[attr-defined]
    # `_()`, `ngettext()` and {% trans %} in the site's language (i18n.py); English without one.
    # (a method the jinja2.ext.i18n extension adds to the environment at run time)
    env.install_gettext_translations(text.translations, newstyle=True)  # type: ignore[attr-defined]
    gettext, ngettext = _newstyle(text)
    env.globals.update(_=gettext, gettext=gettext, ngettext=ngettext)
    env.globals.update(url=urls.url, asset=urls.asset, absolute=urls.absolute, shared=urls.shared, paths=paths, csp=csp)
    env.filters.update(filters or {})
    env.globals.update(extra_globals or {})
    return env


def absolute_url(env: jinja2.Environment) -> Callable[[str], str]:
    """The environment's `absolute`: a site path -> its absolute URL (paths.Urls.absolute)."""
    # (make_environment put Urls.absolute there; Jinja types its globals as object)
    return cast("Callable[[str], str]", env.globals["absolute"])


def _newstyle(text: Messages) -> tuple[Callable[..., Markup], Callable[..., Markup]]:
    """Jinja's newstyle gettext and ngettext (the translation as markup, `%` formatting with the
    values escaped, `num` for the count), without its two context calls per message and with each
    translation looked up once: a 1,000-entry build asks for tens of thousands of them."""
    translations = text.translations
    known: dict[str, Markup] = {}

    def gettext(__string: str, **variables: Any) -> Markup:
        found = known.get(__string)
        if found is None:
            found = known[__string] = Markup(translations.gettext(__string))
        return found % variables

    def ngettext(__singular: str, __plural: str, __num: int, **variables: Any) -> Markup:
        variables.setdefault("num", __num)
        return Markup(translations.ngettext(__singular, __plural, __num)) % variables

    return gettext, ngettext


class TranslatedOnce(Extension):
    """`{{ _("Search") }}`, a constant message on its own, translated once, when the template is
    compiled, instead of on every page (tens of thousands of calls in a 1,000-entry build: about a
    tenth of its time). The same text as `_()` gives at run time (newstyle gettext: the translation,
    unescaped, `%%` as `%`); a message with values, a plural or an escape in its literal is left to
    run time."""

    CONSTANT = re.compile(r"""\{\{ _\((?:"([^"\\]*)"|'([^'\\]*)')\) \}\}""")

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        gettext = self.environment.site_gen_gettext  # type: ignore[attr-defined]  # (make_environment's own)

        def translated(match: re.Match[str]) -> str:
            text: str = gettext(match.group(1) if match.group(1) is not None else match.group(2)) % {}
            return "{% raw %}" + text + "{% endraw %}" if "{" in text or "#" in text else text

        return self.CONSTANT.sub(translated, source)


def render(env: jinja2.Environment, template: str, **context: Any) -> str:
    try:
        return env.get_template(template).render(**context)
    except jinja2.TemplateSyntaxError as err:
        raise ContentError([Problem(f"{TEMPLATES_DIR}/{err.name or template}", err.lineno or 1, 1, "",
                                    f"template error: {err.message}")]) from None
    except jinja2.TemplateNotFound as err:
        raise ContentError([Problem(f"{TEMPLATES_DIR}/{template}", 1, 1, "",
                                    f"template error: expected a template named {err.name!r}, got none")]) from None
    except Exception as err:  # an error inside a template: point at the template line that raised it
        name, line = _template_frame(sys.exc_info()[2], template)
        raise ContentError([Problem(f"{TEMPLATES_DIR}/{name}", line, 1, "",
                                    f"template error: {type(err).__name__}: {err}")]) from None


def _template_frame(tb: TracebackType | None, default: str) -> tuple[str, int]:
    """The innermost traceback frame that belongs to a template file (Jinja rewrites them so)."""
    found = (default, 1)
    for frame, line in traceback.walk_tb(tb):
        filename = frame.f_code.co_filename
        if f"{TEMPLATES_DIR}/" in filename.replace("\\", "/") and filename.endswith((".html", ".xml", ".txt")):
            found = (filename.replace("\\", "/").split(f"{TEMPLATES_DIR}/", 1)[1], line)
    return found
