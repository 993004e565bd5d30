"""The build, as one recipe: load -> validate everything -> derive -> render -> write -> index."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from . import __version__
from .assets import asset_files, plan_assets
from .cache import BuildCache
from .config import load_config
from .content import Content, load_content
from .model import Problem, SiteConfig
from .outputs import output_files
from .parallel import worker_count
from .render import CONTENT_SECURITY_POLICY, Renderer, make_environment
from .search import index_site
from .site import make_site
from .urls import Urls
from .write import ASSET_KEY, Previous, staging, updating_in_place


@dataclass(frozen=True)
class BuildResult:
    files: int
    claims: int
    warnings: tuple[Problem, ...]
    reused: int = 0  # pages linked unchanged from the previous build (incremental builds)


def check(root: Path, *, drafts: bool = True) -> tuple[SiteConfig, Content]:
    """Validate site.yaml and every content file; raises ContentError listing every problem."""
    config = load_config(root)
    return config, load_content(root, config, drafts=drafts)


def build(root: Path, out: Path, *, base_url: str | None = None, drafts: bool = False, search: bool = True,
          cache: BuildCache | None = None, jobs: int | None = None,
          csp: str = CONTENT_SECURITY_POLICY, in_place: bool = False) -> BuildResult:
    """Build the site into `out`. With a cache (see cache.py), unchanged entries are not parsed
    again and unchanged pages are linked from the previous output instead of rendered."""
    config = load_config(root, base_url)
    content = load_content(root, config, drafts=drafts, cache=cache.entries if cache else None, jobs=jobs)
    site = make_site(config, content)
    assets = plan_assets(root / "static")
    urls = Urls(config.base_url, config.base_path, assets)
    env = make_environment(root, urls, csp)
    renderer = Renderer(site, env, _base_key(root, config, assets, csp), content.digests)
    previous = Previous(out, dict(cache.pages)) if cache and cache.out == str(out.resolve()) else None
    jobs_list = [*renderer.claim_jobs(), *renderer.other_jobs(), *renderer.download_jobs()]
    outputs_key = renderer.group_key("outputs")
    if cache is not None and previous is not None and cache.search == search \
            and _nothing_changed(previous, jobs_list, outputs_key):
        return BuildResult(len(previous.keys), len(site.claims), content.warnings, len(previous.keys))
    with (updating_in_place(out, previous) if in_place else staging(out, previous)) as stage:
        # Pages are independent of each other once the site is derived: render them on every core.
        stage.run(jobs_list, worker_count(len(site.claims), jobs))
        stage.run_group(outputs_key, lambda: output_files(site, urls))
        stage.write(asset_files(root / "static", assets))
        if search:
            index_site(stage.path)
        written, reused, keys = stage.count, stage.reused, stage.keys
    if cache is not None:
        cache.remember(out, keys, search)
    return BuildResult(written, len(site.claims), content.warnings, reused)


def _nothing_changed(previous: Previous, jobs: list, outputs_key: str) -> bool:
    """True when every page and output would come out as the previous build left them, so the
    output folder can stay exactly as it is (no copy, no swap)."""
    if not previous.folder.is_dir():
        return False
    keys = previous.keys
    outputs = sum(1 for key in keys.values() if key == outputs_key)
    assets = sum(1 for key in keys.values() if key == ASSET_KEY)  # covered by the base key
    return outputs > 0 and len(keys) == len(jobs) + outputs + assets and all(keys.get(j.out) == j.key for j in jobs)


def _base_key(root: Path, config: SiteConfig, assets: dict[str, str], csp: str) -> str:
    """What every page depends on besides content: generator, configuration, templates, assets."""
    digest = hashlib.sha256(f"{__version__}\0{config!r}\0{sorted(assets.items())!r}\0{csp}".encode())
    for folder in ("templates", "static"):  # static too: a changed favicon keeps its name
        for path in sorted((root / folder).rglob("*")):
            if path.is_file():
                digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()

