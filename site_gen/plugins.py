"""Plugins: what a site adds to the generator without forking it.

site.yaml names them, `plugins: [months]`; each is a Python module, looked up in the site's own
`plugins/` folder first (`plugins/months.py`), then among the installed modules. A plugin has a
`register(site)` function that receives a `Registry` and says what it adds:

    def register(site):
        site.field("region", "text", help="where the claim circulated")   # front matter, validated
        site.markdown(footnote_like_plugin, option=1)                     # a markdown-it-py plugin
        site.filter("initials", lambda name: ...)                          # Jinja filters and globals
        site.global_value("launch_year", 2025)
        site.page("months/", "months.html", title="By month", description="…",
                  context=lambda claims: {"months": ...})                 # a page of its own
        site.after_load(lambda config, claims: claims)                    # before anything is derived

What it may not do, by construction: write files outside the output, or see a claim's body on its
own pages (a plugin page is keyed by every claim's front matter, the templates, the configuration
and the plugins' code, so it is right after every incremental build; a body is not in that key).
The plugins' source files are part of every cache key (`Registry.key`): editing a plugin rebuilds
what it could have changed.
"""
from __future__ import annotations

import hashlib
import importlib.util
import sys
import traceback
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from site_gen.load.content import Extensions
from site_gen.load.reader import Bool, Date, Field, Key, ListOf, Number, Text, Type, Url
from site_gen.load.schema import BUILT_IN_FIELDS
from site_gen.model import Claim, ContentError, Problem, SiteConfig

PLUGINS_DIR = "plugins"

# The front-matter types a plugin field may take, by name (the reader's own types: the same checks,
# messages and JSON Schema as the built-in fields).
FIELD_TYPES: Mapping[str, Callable[[], Type]] = {
    "text": lambda: Text(1000),
    "short text": lambda: Text(120),
    "url": Url,
    "date": Date,
    "number": Number,
    "yes/no": Bool,
    "keys": lambda: ListOf(Key(), max_items=50),
    "texts": lambda: ListOf(Text(200), max_items=50),
}


@dataclass(frozen=True)
class PluginPage:
    """A page a plugin adds: at `path` (a site path, "months/"), rendered from `template` (in the
    site's templates/) with what `context(claims)` returns (the published claims, newest first)."""

    plugin: str
    path: str
    template: str
    title: str
    description: str
    context: Callable[[Sequence[Claim]], Mapping[str, Any]]


@dataclass
class Registry:
    """What the site's plugins add, filled by their `register(site)` functions."""

    fields: dict[str, Field] = field(default_factory=dict)
    markdown_plugins: list[tuple[Callable[..., None], dict[str, Any]]] = field(default_factory=list)
    filters: dict[str, Callable[..., Any]] = field(default_factory=dict)
    globals: dict[str, Any] = field(default_factory=dict)
    pages: list[PluginPage] = field(default_factory=list)
    hooks: list[Callable[[SiteConfig, tuple[Claim, ...]], tuple[Claim, ...]]] = field(default_factory=list)
    key: str = ""  # a digest of the plugins' source files: part of every cache key
    _current: str = ""

    def reading(self) -> Extensions:
        """What the loader needs of the plugins (load/content.py)."""
        return Extensions(dict(self.fields), tuple(self.markdown_plugins), self.key)

    # ---- what a plugin calls -----------------------------------------------------------------------

    def field(self, name: str, kind: str, *, required: bool = False, help: str = "") -> None:  # noqa: A002
        """A front-matter field of fact-checks; its value is `claim.extra[name]` (None when absent)."""
        if kind not in FIELD_TYPES:
            raise ValueError(f"field {name!r}: expected a type among {', '.join(FIELD_TYPES)}, got {kind!r}")
        if not name.isidentifier() or name.startswith("_"):
            raise ValueError(f"field {name!r}: expected a name of letters, digits and _")
        if name in BUILT_IN_FIELDS:
            raise ValueError(f"field {name!r}: expected a name the front matter does not have yet, got a built-in one")
        self.fields[name] = Field(FIELD_TYPES[kind](), required=required, help=help)

    def markdown(self, plugin: Callable[..., None], **options: Any) -> None:
        """A markdown-it-py plugin, used on every body (`md.use(plugin, **options)`)."""
        self.markdown_plugins.append((plugin, options))

    def filter(self, name: str, function: Callable[..., Any]) -> None:
        self.filters[name] = function

    def global_value(self, name: str, value: Any) -> None:
        self.globals[name] = value

    def page(self, path: str, template: str, *, title: str, description: str,
             context: Callable[[Sequence[Claim]], Mapping[str, Any]]) -> None:
        if path.startswith("/") or not path.endswith("/") or ".." in path.split("/"):
            raise ValueError(f"page {path!r}: expected a site path such as \"months/\"")
        self.pages.append(PluginPage(self._current, path, template, title, description, context))

    def after_load(self, hook: Callable[[SiteConfig, tuple[Claim, ...]], tuple[Claim, ...]]) -> None:
        """Called with the configuration and every claim once all are read and valid, before
        anything is derived; returns the claims (the same, or changed: a field filled in)."""
        self.hooks.append(hook)


def load_plugins(root: Path, config: SiteConfig) -> Registry:
    """The registry of the plugins site.yaml names; every problem (a module not found, a register()
    that fails) as a located error on its site.yaml line."""
    registry, problems = Registry(), []
    where = _lines(root, config.plugins)
    digest = hashlib.sha256()
    for i, name in enumerate(config.plugins):
        line, col = where.get(name, (1, 1))
        try:
            module = _module(root, name)
        except Exception as err:  # noqa: BLE001 - any failure to import is the site's to fix
            problems.append(Problem("site.yaml", line, col, f"plugins[{i}]", f"expected a Python module in "
                                    f"{PLUGINS_DIR}/ or installed, got {name!r}, which {_failure(err)}"))
            continue
        register = getattr(module, "register", None)
        if not callable(register):
            problems.append(Problem("site.yaml", line, col, f"plugins[{i}]",
                                    f"expected a module with a register(site) function, got {name!r} without one"))
            continue
        registry._current = name
        try:
            register(registry)
        except Exception as err:  # noqa: BLE001
            problems.append(Problem("site.yaml", line, col, f"plugins[{i}]", f"expected {name}.register(site) to "
                                    f"succeed, got {_failure(err)}"))
        source = getattr(module, "__file__", None)
        digest.update(name.encode() + b"\0" + (Path(source).read_bytes() if source else b""))
    if problems:
        raise ContentError(problems)
    registry.key = digest.hexdigest() if config.plugins else ""
    return registry


def _lines(root: Path, names: Sequence[str]) -> dict[str, tuple[int, int]]:
    """Where site.yaml names each plugin (line, column), for its errors."""
    if not names:
        return {}
    found: dict[str, tuple[int, int]] = {}
    lines = (root / "site.yaml").read_text(encoding="utf-8").split("\n")
    start = next((n for n, text in enumerate(lines) if text.startswith("plugins:")), 0)
    for name in names:
        for n in range(start, len(lines)):
            col = lines[n].find(name, len("plugins:") if n == start else 0)
            if col >= 0:
                found[name] = (n + 1, col + 1)
                break
    return found


def plugin_files(root: Path) -> list[Path]:
    """The site's own plugin sources (the no-change check watches them like the other inputs)."""
    folder = root / PLUGINS_DIR
    return sorted(folder.rglob("*.py")) if folder.is_dir() else []


def _module(root: Path, name: str) -> ModuleType:
    """`plugins/<name>.py` of this site (under a name of its own, so two sites' plugins never mix),
    else the installed module `name`."""
    own = root / PLUGINS_DIR / f"{name}.py"
    if own.is_file():
        key = f"site_gen_plugin_{hashlib.sha256(str(own.resolve()).encode()).hexdigest()[:12]}_{name}"
        spec = importlib.util.spec_from_file_location(key, own)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)  # (again in each build: an edited plugin takes effect in serve)
        sys.modules[key] = module
        return module
    return importlib.import_module(name)


def _failure(err: BaseException) -> str:
    """What went wrong, in one line, with where in the plugin it happened."""
    frames = traceback.extract_tb(err.__traceback__)
    at = next((f"{Path(f.filename).name}:{f.lineno}" for f in reversed(frames)), "")
    return f"raised {type(err).__name__}: {err}" + (f" (at {at})" if at else "")
