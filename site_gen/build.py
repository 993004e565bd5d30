"""The build, as one recipe: load -> validate everything -> derive -> render -> write -> index."""
from __future__ import annotations

import functools
import gc
import hashlib
import itertools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

from site_gen import generator_key
from site_gen.assets import Generated, Source, asset_files, plan_assets
from site_gen.csp import CONTENT_SECURITY_POLICY
from site_gen.editions import SHARED_ROOT_FILES, Versions, edition_content, edition_urls, under
from site_gen.i18n import Messages, catalogue_files, messages
from site_gen.incremental import BuildCache
from site_gen.load.config import CONFIG_FILE, load_config
from site_gen.load.content import Content, load_content
from site_gen.load.inputs import input_problems
from site_gen.model import ContentError, Problem, SiteConfig
from site_gen.outputs.site_files import output_files
from site_gen.pages import CATALOGUE, Pages, plugin_kinds, sitemap_pages
from site_gen.parallel import worker_count
from site_gen.plugins import Registry, load_plugins
from site_gen.present.verdict_colours import STYLESHEET, stylesheet
from site_gen.render import make_environment
from site_gen.search import index_key, index_site, keep_index
from site_gen.sharing_jobs import site_card_group
from site_gen.site import make_site
from site_gen.theme import Layers, layers, static_files
from site_gen.write.jobs import GroupBatch, JobGroup, files_group
from site_gen.write.output import check_output, output_lock
from site_gen.write.stage import Previous, staging, updating_in_place

T = TypeVar("T")


@dataclass(frozen=True)
class BuildResult:
    files: int
    claims: int
    warnings: tuple[Problem, ...]
    reused: int = 0  # files taken unchanged from the previous build (incremental builds)
    indexed: bool = False  # whether Pagefind ran (not when the pages it reads are unchanged)
    search_key: str = ""  # search.index_key of this build's searched pages
    editions: tuple[str, ...] = ("",)  # the languages' prefixes: "" for the default, "fr/" ... (search.index_site)


def _fewer_collections(function: Callable[..., T]) -> Callable[..., T]:
    """Run with the cyclic garbage collector passing less often. A build allocates millions of
    short-lived objects (tokens, template output) that reference counting frees anyway, while what
    it keeps (entries, the site) only grows, so with the default thresholds the collector runs
    thousands of times, its full passes over everything kept. Measured at 10,000 entries: 7 %
    less wall time, the same peak memory (bench/README.md). Forked workers inherit the setting."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> T:
        before = gc.get_threshold()
        gc.set_threshold(50_000, 20, 100)
        try:
            return function(*args, **kwargs)
        finally:
            gc.set_threshold(*before)

    return wrapper


def check(root: Path, *, drafts: bool = True) -> tuple[SiteConfig, Content]:
    """Validate site.yaml and every content file; raises ContentError listing every problem."""
    config, content, _, _ = _load(root, None, drafts=drafts)
    return config, content


def _load(root: Path, base_url: str | None, **options: Any) -> tuple[SiteConfig, Content, Messages, Registry]:
    """site.yaml, its plugins, the interface's messages in the site's language and content/, with
    every problem at once; links that leave the inputs among them (a linked site.yaml is not even
    read). The plugins' after-load hooks have run on the claims."""
    links = input_problems(root)
    if any(p.path == CONFIG_FILE for p in links):
        raise ContentError(links)
    try:
        config = load_config(root, base_url)
        plugins = load_plugins(root, config)  # (their fields and markdown rules are the loader's too)
        text = messages(config.language, root)  # the interface's strings in the site's language
        content = load_content(root, config, msg=text, extensions=plugins.reading(), **options)
    except ContentError as err:
        raise ContentError(links + err.problems) from None
    if links:
        raise ContentError(links)
    for hook in plugins.hooks:
        content = replace(content, claims=tuple(hook(config, content.claims)))
    return config, content, text, plugins


@_fewer_collections
def build(root: Path, out: Path, *, base_url: str | None = None, drafts: bool = False, search: bool = True,
          cache: BuildCache | None = None, jobs: int | None = None) -> BuildResult:
    """Build the site into `out`: load and validate everything (every problem at once), derive the
    site, render its pages and files on every core, write them atomically, index the claim pages.

    With a `cache` (incremental.py), what is unchanged since the cached build is reused: entries
    are not parsed again, files are linked from the previous output instead of rendered, the search
    index is kept. `cache.serving` is `serve`'s way of building (in place, pages first)."""
    out = check_output(root, out)  # never the project, an input, a link, or a folder no build made
    with output_lock(out):  # one build at a time into a folder
        return _build(root, out, base_url=base_url, drafts=drafts, search=search, cache=cache, jobs=jobs)


def _build(root: Path, out: Path, *, base_url: str | None, drafts: bool, search: bool, cache: BuildCache | None,
           jobs: int | None) -> BuildResult:
    serving = cache.serving if cache is not None else None
    config, content, text, plugins = _load(root, base_url, drafts=drafts, cache=cache.entries if cache else None,
                                           jobs=jobs, changed=serving.changed if serving else None)
    catalogue = CATALOGUE + plugin_kinds(plugins)
    look = layers(root)  # the site's own templates and static files, then the theme's
    # The static files, and the verdict colours' stylesheet among them.
    sources: dict[str, Source] = {**static_files(look), STYLESHEET: Generated(STYLESHEET, stylesheet(config.verdicts))}
    assets = plan_assets(sources)
    csp = serving.csp if serving else CONTENT_SECURITY_POLICY
    # One edition per language (editions.py): the default at the site's URLs, each other under /<lang>/.
    sites = [make_site(config.edition(e), edition_content(content, config, e), serving.derived if serving and i == 0
                       else None) for i, e in enumerate(config.editions)]
    versions = Versions(config, {e.language: frozenset(path for path, _ in sitemap_pages(site, catalogue))
                                 for e, site in zip(config.editions, sites)}) if config.multilingual else None
    groups: list[JobGroup | GroupBatch] = []
    searched: list[JobGroup | GroupBatch] = []
    for i, (edition, site) in enumerate(zip(config.editions, sites)):
        default = i == 0  # (serve's in-memory state is the default edition's; the others are made afresh)
        urls = edition_urls(config, edition, assets)
        words = text if default else messages(edition.language, root)
        env = make_environment(look, urls, csp, reuse=serving.environment if serving and default else None, text=words,
                               filters=plugins.filters, extra_globals=plugins.globals, watching=serving is not None)
        if serving is not None and default:
            serving.derived, serving.environment = (content, site), env
        base_key = _base_key(look, sources, site.config, assets, csp, catalogue_files(edition.language, root),
                             versions.key if versions else "", plugins.key)
        if default:
            assets_key = base_key
        pages = Pages(site, env, base_key, content.digests, content.meta_digests,
                      serving.keys if serving and default else None, msg=words,
                      alternates=functools.partial(versions.alternates, edition.language) if versions else None)
        by_kind = pages.groups(catalogue)
        exports = serving.exports if serving and default else None
        # The site-wide files first: the largest jobs start first, so no worker is left with them at the end.
        mine = [pages.site_files(functools.partial(output_files, site, urls, words, exports, pages.alternates, catalogue)),
                *(g for _, kind_groups in by_kind for g in kind_groups), site_card_group(pages)]
        groups += under(edition.prefix, mine, keep=lambda out: out not in SHARED_ROOT_FILES)
        searched += under(edition.prefix, [g for kind, kind_groups in by_kind if kind.searched for g in kind_groups])
    groups.append(files_group("assets", assets_key, lambda: asset_files(sources, assets)))
    claims = sum(len(site.claims) for site in sites)
    # (Only when an index is made or kept: over 10,000 claim pages the key costs a few milliseconds.)
    needs_key = search or (serving is not None and not serving.pages_first)
    search_key = index_key(*searched) if needs_key else ""

    previous = Previous(out, cache.groups) if cache and cache.out == str(out.resolve()) else None
    # (In place, a build that changes nothing writes nothing anyway: no need to look twice.)
    if previous is not None and cache is not None and serving is None and cache.search == search \
            and _nothing_changed(previous, groups):  # (previous is None without a cache)
        files = sum(len(record.files) for record in previous.groups.values())
        return BuildResult(files, claims, content.warnings, files, search_key=search_key,
                           editions=tuple(e.prefix for e in config.editions))
    indexed = False
    with (updating_in_place(out, previous) if serving else staging(out, previous)) as stage:
        # Pages are independent of each other once the site is derived: render them on every core.
        stage.run(groups, worker_count(claims, jobs), defer_site_wide=bool(serving and serving.pages_first))
        if search and claims:  # (Pagefind refuses a folder with no page to index: an empty site has none)
            # Pagefind reads only the claim pages: while they are unchanged, so is the index.
            unchanged = previous is not None and cache is not None and cache.search and cache.search_key == search_key
            if not (unchanged and previous is not None and keep_index(previous.folder, stage.path)):
                index_site(stage.path, [e.prefix for e in config.editions])
                indexed = True
        written, reused, records = stage.count, stage.reused, stage.groups
    if cache is not None:
        cache.remember(out, records, search, search_key)
    return BuildResult(written, claims, content.warnings, reused, indexed, search_key,
                       tuple(e.prefix for e in config.editions))


def _nothing_changed(previous: Previous, groups: list[JobGroup | GroupBatch]) -> bool:
    """True when every group would come out as the previous build left it, so the output folder
    can stay exactly as it is (no copy, no swap)."""
    before = previous.groups
    names = 0
    for group in groups:
        pairs: Iterable[tuple[str, str]]
        if isinstance(group, GroupBatch):
            pairs = itertools.chain(((group.name, group.base),), zip(group.names, group.keys))
        else:
            pairs = ((group.name, group.key),)
        for name, key in pairs:
            old = before.get(name)
            if old is None or old.key != key:
                return False
            names += 1
    return previous.folder.is_dir() and names == len(before)


def _base_key(look: Layers, sources: Mapping[str, Source], config: SiteConfig, assets: dict[str, str], csp: str,
              catalogues: tuple[Path, ...], versions: str = "", plugins: str = "") -> str:
    """What every page depends on besides content: generator, configuration, templates, assets,
    the interface's messages, which pages each language has (the pages name their versions), and
    the plugins' code."""
    digest = hashlib.sha256(f"{generator_key()}\0{config!r}\0{sorted(assets.items())!r}\0{csp}\0{versions}\0{plugins}"
                            .encode())
    for path in catalogues:
        digest.update(f"catalogue:{path}\0".encode() + path.read_bytes())
    for layer, folder in enumerate(look.templates):  # every layer: the site's may hide some of the theme's
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                digest.update(f"{layer}:{path.relative_to(folder).as_posix()}\0".encode() + path.read_bytes())
    for name, source in sources.items():  # static too: a changed favicon keeps its name
        digest.update(f"static/{name}\0".encode() + source.read_bytes())
    return digest.hexdigest()
