"""The generator's layers, and the rule that holds them: a module imports from its own layer and the
layers below it, never from a layer above.

From the bottom up:

1. base      what every stage shares, knowing nothing of the stages: the model (`model`), every URL
             (`paths`), the interface's messages (`i18n`), per-entry work on every core (`parallel`),
             the package itself (version, generator key), and what both the loader and the pages
             need: figures as editors write them (`figures/`: numbers read exactly, units told
             apart), locale and language tags (`locales`), dates in the site's locale (`dates`),
             colours and their contrast in the two themes (`colours`), the anchors that join a
             body's citations to its source list (`citations`) and the contact routes as links
             (`contact`).
2. load      site.yaml and content/ -> the validated model (`load/`), and the site's plugins
             (`plugins`: the fields and Markdown rules they add are read with the entries).
3. site      all claims -> the Site: indexes, pagination, related checks (`site`, `related`).
4. present   the model -> what readers see: views, tables, charts, JSON-LD, share texts
             (`present/`), and the share cards drawn in Python (`cards/`).
5. write     output files as jobs with keys, and the atomic output folder (`write/`). Below the
             pages, not above them: the page catalogue hands its jobs to the writer (`write.jobs`),
             and the writer knows nothing of what a page is.
6. pages     every output file as a job: the page catalogue and its kinds (`pages`,
             `claim_pages`, `list_pages`, `sharing_jobs`), the templates (`render`, `theme`, `csp`), static files
             (`assets`), the site-wide files (`outputs/`), the editions of a multilingual site
             (`editions`) and what incremental builds remember of all that (`incremental`).
7. commands  what a user runs: the build recipe (`build`), the CLI (`cli`), the live preview
             (`serve`), the search index over the finished folder (`search`), `init` (`init_site`),
             the problems printed (`report`) and the editors' tools (`editorial/`).

`present` may import from `load` (it is above it: what readers see is made from what was read),
though today it needs nothing of it: what both need lives in base. `load` imports nothing from
`present`, `site` or anything above.

Every import counts: at the top of a module, inside a function (a lazy import is still a
dependency) and under `if TYPE_CHECKING:` (a type from above is a dependency on above). Every module
of the package must have a layer (a new one is added to LAYERS below, in the lowest layer whose
modules it needs); `site_gen/starter/` is left out: it holds files copied into new sites, not
modules of the generator.
"""
from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "site_gen"
NOT_MODULES = ("starter",)  # folders of site_gen/ that hold files for new sites, not the generator's code

# Lowest first. An entry names a module, or a package and every module in it.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("base", ("site_gen", "site_gen.model", "site_gen.paths", "site_gen.i18n", "site_gen.parallel",
              "site_gen.figures", "site_gen.locales", "site_gen.dates", "site_gen.colours", "site_gen.citations",
              "site_gen.contact")),
    ("load", ("site_gen.load", "site_gen.plugins")),
    ("site", ("site_gen.site", "site_gen.related")),
    ("present", ("site_gen.present", "site_gen.cards")),
    ("write", ("site_gen.write",)),
    ("pages", ("site_gen.pages", "site_gen.claim_pages", "site_gen.list_pages", "site_gen.sharing_jobs", "site_gen.render", "site_gen.theme",
               "site_gen.csp", "site_gen.assets", "site_gen.outputs", "site_gen.editions", "site_gen.incremental")),
    ("commands", ("site_gen.build", "site_gen.cli", "site_gen.serve", "site_gen.serve_http", "site_gen.search", "site_gen.init_site",
                  "site_gen.report", "site_gen.editorial")),
)
PACKAGES = {"site_gen", "site_gen.load", "site_gen.present", "site_gen.cards", "site_gen.write", "site_gen.outputs",
            "site_gen.editorial", "site_gen.figures"}  # entries that cover every module inside


def layer_of(module: str) -> tuple[int, str] | None:
    """(rank, name) of a module's layer: its own entry, else the nearest package entry above it."""
    for rank, (name, entries) in enumerate(LAYERS):
        if module in entries:
            return rank, name
    parts = module.split(".")
    for end in range(len(parts) - 1, 0, -1):
        package = ".".join(parts[:end])
        if package == "site_gen":
            break  # the package's own entry is its __init__ only: a top-level module needs its own
        for rank, (name, entries) in enumerate(LAYERS):
            if package in entries and package in PACKAGES:
                return rank, name
    return None


def package_modules() -> dict[str, Path]:
    """Every module of site_gen/ by its dotted name (a package by its own name)."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE.parent)
        if relative.parts[1] in NOT_MODULES:
            continue
        parts = list(relative.with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imports(source: str, module: str, is_package: bool, known: set[str]) -> list[tuple[int, str]]:
    """(line, module) of every site_gen module that `source` (the module `module`) imports, wherever
    the import statement is: top level, functions, `if TYPE_CHECKING:` blocks. `from X import name`
    imports the module X.name when there is one (`from site_gen import paths`), else X."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the module's package (its own, for a package's __init__)
                anchor = module.split(".") if is_package else module.split(".")[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join(anchor + ([node.module] if node.module else []))
            for alias in node.names:
                found.append((node.lineno, f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base))
    return [(line, name) for line, name in dict.fromkeys(found) if name == "site_gen" or name.startswith("site_gen.")]


def upward_imports(source: str, module: str, path: str, known: set[str], is_package: bool = False) -> list[str]:
    """One message per import of `source` from a layer above its module's."""
    own = layer_of(module)
    assert own is not None, f"{path}: {module} is in no layer: add it to LAYERS in tests/test_layers.py"
    problems = []
    for line, imported in imports(source, module, is_package, known):
        theirs = layer_of(imported)
        if theirs is None:
            problems.append(f"{path}:{line}: {module} imports {imported}, which is in no layer")
        elif theirs[0] > own[0]:
            problems.append(f"{path}:{line}: {module} (layer {own[1]}) imports {imported} "
                            f"(layer {theirs[1]}, above it)")
    return problems


# ---- The package holds to its layers ------------------------------------------------------------


def test_every_module_has_a_layer():
    unplaced = [module for module in package_modules() if layer_of(module) is None]
    assert not unplaced, f"modules in no layer (add them to LAYERS in tests/test_layers.py): {unplaced}"


def test_every_layer_entry_names_a_module_of_the_package():
    """The table is the layers' documentation: it names no module that is gone."""
    modules = package_modules()
    stale = [entry for _, entries in LAYERS for entry in entries if entry not in modules]
    assert not stale, f"LAYERS names modules that do not exist: {stale}"


def test_no_module_imports_from_a_layer_above_its_own():
    modules = package_modules()
    known = set(modules)
    problems = []
    for module, path in modules.items():
        problems += upward_imports(path.read_text(encoding="utf-8"), module,
                                   path.relative_to(PACKAGE.parent).as_posix(), known, path.name == "__init__.py")
    assert not problems, "imports from a higher layer:\n" + "\n".join(problems)


# ---- The check can fail -------------------------------------------------------------------------

KNOWN = {"site_gen", "site_gen.model", "site_gen.paths", "site_gen.load", "site_gen.load.content",
         "site_gen.load.reader", "site_gen.present", "site_gen.present.views", "site_gen.site", "site_gen.build"}


def test_an_import_from_a_higher_layer_is_reported_with_file_line_and_both_layers():
    source = textwrap.dedent("""\
        from site_gen.model import Claim
        from site_gen.present.views import claim_view
        """)
    assert upward_imports(source, "site_gen.load.content", "site_gen/load/content.py", KNOWN) == [
        "site_gen/load/content.py:2: site_gen.load.content (layer load) imports site_gen.present.views "
        "(layer present, above it)"]


@pytest.mark.parametrize("source, line", [
    ("import os\n\n\ndef late():\n    from site_gen.site import Site\n    return Site\n", 5),
    ("from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    from site_gen import site\n", 4),
    ("import site_gen.build\n", 1),
    ("from ..present import views\n", 1),
    ("from .. import site\n", 1),
], ids=["in a function", "type checking only", "plain import", "relative", "relative, a module by name"])
def test_every_kind_of_import_statement_counts(source: str, line: int):
    found = upward_imports(source, "site_gen.load.reader", "site_gen/load/reader.py", KNOWN)
    assert len(found) == 1 and found[0].startswith(f"site_gen/load/reader.py:{line}: site_gen.load.reader (layer load) ")


def test_imports_from_the_same_layer_and_below_are_not_reported():
    source = "from site_gen import paths\nfrom site_gen.load.reader import Reader\nfrom site_gen.model import Claim\n"
    assert upward_imports(source, "site_gen.load.content", "site_gen/load/content.py", KNOWN) == []


def test_a_module_in_no_layer_is_an_error():
    with pytest.raises(AssertionError, match="site_gen.newcomer is in no layer"):
        upward_imports("", "site_gen.newcomer", "site_gen/newcomer.py", KNOWN)
