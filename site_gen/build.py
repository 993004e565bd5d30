"""The build, as one recipe: load -> validate everything -> derive -> render -> write -> index."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .assets import asset_files, plan_assets
from .config import load_config
from .content import Content, load_content
from .model import Problem, SiteConfig
from .outputs import output_files
from .render import make_environment, render_pages
from .search import index_site
from .site import make_site
from .urls import Urls
from .write import staging


@dataclass(frozen=True)
class BuildResult:
    files: int
    claims: int
    warnings: tuple[Problem, ...]


def check(root: Path, *, drafts: bool = True) -> tuple[SiteConfig, Content]:
    """Validate site.yaml and every content file; raises ContentError listing every problem."""
    config = load_config(root)
    return config, load_content(root, config, drafts=drafts)


def build(root: Path, out: Path, *, base_url: str | None = None, drafts: bool = False,
          search: bool = True) -> BuildResult:
    config = load_config(root, base_url)
    content = load_content(root, config, drafts=drafts)
    site = make_site(config, content)
    assets = plan_assets(root / "static")
    urls = Urls(config.base_url, config.base_path, assets)
    env = make_environment(root, urls)
    with staging(out) as stage:
        stage.write(render_pages(site, env))
        stage.write(output_files(site, urls))
        stage.write(asset_files(root / "static", assets))
        if search:
            index_site(stage.path)
        written = stage.count
    return BuildResult(written, len(site.claims), content.warnings)
