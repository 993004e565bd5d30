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
from .parallel import map_chunks, worker_count
from .render import CONTENT_SECURITY_POLICY, Renderer, make_environment
from .search import index_site
from .site import make_site
from .urls import Urls
from .write import Previous, Stage, staging


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
          csp: str = CONTENT_SECURITY_POLICY) -> BuildResult:
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
    with staging(out, previous) as stage:
        _write_claim_pages(stage, renderer, len(site.claims), jobs)
        stage.run(renderer.other_jobs())
        stage.run_group(renderer.group_key("outputs"), lambda: output_files(site, urls))
        stage.write(asset_files(root / "static", assets))
        if search:
            index_site(stage.path)
        written, reused, keys = stage.count, stage.reused, stage.keys
    if cache is not None:
        cache.remember(out, keys)
    return BuildResult(written, len(site.claims), content.warnings, reused)


def _write_claim_pages(stage: Stage, renderer: Renderer, count: int, jobs: int | None) -> None:
    """Claim pages are most of the work and independent of each other: spread them over the cores."""
    workers = worker_count(count, jobs)
    if workers <= 1:
        stage.run(renderer.claim_jobs())
        return

    def task(start: int, end: int) -> tuple[dict[str, str], int, int]:
        stage.keys, stage.count, stage.reused = {}, 0, 0  # this worker's own tally
        stage.run(renderer.claim_jobs(start, end))
        return stage.keys, stage.count, stage.reused

    for keys, written, reused in map_chunks(task, count, workers):
        stage.merge(keys, written, reused)


def _base_key(root: Path, config: SiteConfig, assets: dict[str, str], csp: str) -> str:
    """What every page depends on besides content: generator, configuration, templates, assets."""
    digest = hashlib.sha256(f"{__version__}\0{config!r}\0{sorted(assets.items())!r}\0{csp}".encode())
    for template in sorted((root / "templates").rglob("*")):
        if template.is_file():
            digest.update(template.relative_to(root).as_posix().encode() + b"\0" + template.read_bytes())
    return digest.hexdigest()

