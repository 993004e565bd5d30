"""`init DIR`: a complete new site, in its own language, ready for its first pull request.

What it writes comes from the package's starter folders (site_gen/starter/): `common/` for every
site (build.py, requirements.txt, .gitignore, the workflows), then the site's language folder
(site.yaml with a verdict scale, the standards pages, an example draft, issue forms, a pull
request template, a README for editors); English where a language has no folder yet. A name
starting `dot-` is written with a `.` (package data keeps no hidden files); `*.jinja` files are
rendered with the site's title, language, locale and the generator requirement, the others copied.
It never overwrites a file: if any is there, nothing is written.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote, urlparse

import jinja2

from site_gen import __version__
from site_gen.model import ContentError, Problem
from site_gen.write.output import write_new_file

STARTER = Path(__file__).resolve().parent / "starter"
FALLBACK_LANGUAGE = "en"
DISTRIBUTION = "site-gen"  # pyproject.toml's project name


@dataclass(frozen=True)
class NewSite:
    title: str
    language: str  # BCP 47, e.g. "fr"
    locale: str  # e.g. "fr-FR"
    generator: str  # the requirements.txt line that installs the generator
    base_url: str = "https://example.org/"


@dataclass(frozen=True)
class Written:
    files: tuple[str, ...]  # relative to the new site's folder
    starter_language: str  # the language the starter texts were written in


def init_site(target: Path, site: NewSite) -> Written:
    """Write the new site into `target` (made if need be). Raises ContentError, naming every file
    that is already there, before writing anything."""
    language = site.language.split("-")[0].lower()
    starter_language = language if (STARTER / language).is_dir() else FALLBACK_LANGUAGE
    plan = {**_files(STARTER / "common"), **_files(STARTER / starter_language)}
    present = sorted(name for name in plan if (target / name).exists() or (target / name).is_symlink())
    if present:
        raise ContentError([Problem(str(target / name), 1, 1, "", "expected a folder without this file (init never "
                                    "overwrites anything), got one: nothing was written") for name in present])
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=True, autoescape=False)
    env.filters["yaml"] = lambda text: json.dumps(str(text), ensure_ascii=False)  # a YAML double-quoted scalar
    context = {"title": site.title, "language": site.language, "locale": site.locale, "generator": site.generator,
               "base_url": site.base_url, "version": __version__}
    for name, source in plan.items():
        data = source.read_bytes()
        if source.name.endswith(".jinja"):
            data = env.from_string(data.decode("utf-8")).render(context).encode("utf-8")
        if not write_new_file(target / name, data):  # made meanwhile by someone else: still never overwritten
            raise ContentError([Problem(str(target / name), 1, 1, "", "expected no such file, got one (written "
                                        "meanwhile); the files before it were written")])
    return Written(tuple(plan), starter_language)


def generator_requirement(spec: str | None = None) -> str:
    """The requirements.txt line of the generator: `spec` (a requirement, or a local folder or
    archive), else what this generator was installed from (pip records a git or file URL, PEP 610),
    else this version from the package index."""
    if spec:
        path = Path(spec).expanduser()
        return f"{DISTRIBUTION} @ {path.resolve().as_uri()}" if path.exists() else spec
    try:
        direct = json.loads(metadata.distribution(DISTRIBUTION).read_text("direct_url.json") or "null")
    except (metadata.PackageNotFoundError, ValueError):
        direct = None
    if isinstance(direct, dict) and isinstance(direct.get("url"), str):
        url, vcs = direct["url"], direct.get("vcs_info")
        if isinstance(vcs, dict) and vcs.get("commit_id"):
            return f"{DISTRIBUTION} @ {vcs.get('vcs', 'git')}+{url}@{vcs['commit_id']}"
        if url.startswith("file://") and not Path(unquote(urlparse(url).path)).exists():
            return f"{DISTRIBUTION}=={__version__}"
        return f"{DISTRIBUTION} @ {url}"
    return f"{DISTRIBUTION}=={__version__}"


def _files(folder: Path) -> dict[str, Path]:
    """Output name -> starter file, for every file below `folder`."""
    found = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        parts = [part.replace("dot-", ".", 1) if part.startswith("dot-") else part
                 for part in path.relative_to(folder).parts]
        parts[-1] = parts[-1].removesuffix(".jinja")
        found["/".join(parts)] = path
    return found
