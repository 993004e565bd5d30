"""Command line: build | check | new | schema | serve | archive | links. Prints problems, never tracebacks; exit 1 on problems."""
from __future__ import annotations

import argparse
import errno
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from site_gen.model import ContentError, Problem, printable
from site_gen.report import counted, report

if TYPE_CHECKING:
    from site_gen.load.content import Content

EXIT_OK, EXIT_PROBLEMS, EXIT_INTERNAL = 0, 1, 3
# Failures of the machine, not of the generator: what to do about each.
ENVIRONMENT_ERRORS = {
    errno.ENOSPC: "the disk is full: free some space and run again",
    errno.EDQUOT: "the disk quota is used up: free some space and run again",
    errno.EFBIG: "a file would exceed the size this system allows: raise the limit (ulimit -f) or free space",
    errno.EROFS: "the folder is on a read-only file system: choose another folder",
    errno.EACCES: "permission denied: run as a user who may write there, or choose another folder",
    errno.EPERM: "operation not permitted: run as a user who may write there, or choose another folder",
    errno.EIO: "the disk reported an input/output error: check it, then run again",
    errno.EMFILE: "too many open files: raise the limit (ulimit -n) and run again",
    errno.ENFILE: "too many open files on this system: close some programs and run again",
}
# The modules of requirements.txt, imported by the commands as they need them -> the package.
REQUIRED_MODULES = {"jinja2": "Jinja2", "markupsafe": "MarkupSafe", "markdown_it": "markdown-it-py",
                    "mdit_py_plugins": "mdit-py-plugins", "yaml": "PyYAML", "watchfiles": "watchfiles",
                    "pagefind": "pagefind", "anyascii": "anyascii", "babel": "Babel"}


def main(argv: Sequence[str] | None = None, root: Path | None = None) -> int:
    """Run one command on the site in `root` (default: the current folder; `--site DIR` wins)."""
    args = _parser().parse_args(_with_default_command(list(sys.argv[1:] if argv is None else argv)))
    root = Path(args.site or root or Path.cwd()).resolve()
    run: Callable[[argparse.Namespace, Path], int] = args.run  # (each command's set_defaults(run=...))
    try:
        return run(args, root)
    except ContentError as err:
        report(err.problems)
        return EXIT_PROBLEMS
    except KeyboardInterrupt:
        print("interrupted; the previous output is unchanged", file=sys.stderr)
        return 130
    except OSError as err:
        if err.errno not in ENVIRONMENT_ERRORS:
            return _internal_error(err, args.debug)
        where = f"{printable(str(err.filename))}: " if err.filename else ""
        print(f"{where}{err.strerror}: {ENVIRONMENT_ERRORS[err.errno]}; the previous output is unchanged",
              file=sys.stderr)
        return EXIT_PROBLEMS
    except Exception as err:  # a bug in the generator: say so plainly, no traceback unless asked
        package = _missing_package(err)
        if package is not None and isinstance(err, ModuleNotFoundError):  # (the only error it names one for)
            # not a bug: the environment lacks what requirements.txt installs
            print(f"expected the Python package {package} to be installed, got none (no module named "
                  f"{err.name!r}): run pip install -r requirements.txt", file=sys.stderr)
            return EXIT_PROBLEMS
        return _internal_error(err, args.debug)


def run() -> None:
    """The `site-gen` console command: the site in the current folder, or `--site DIR`."""
    sys.exit(main())


COMMANDS = ("build", "check", "new", "init", "schema", "serve", "archive", "links")
GLOBAL_VALUES = ("--site",)  # global options that take a value


def _with_default_command(argv: list[str]) -> list[str]:
    """`build` is the default command, with its options too: `build.py --base-url URL` builds."""
    i = 0
    while i < len(argv) and argv[i].startswith("-") and argv[i] not in ("-h", "--help"):
        if argv[i] in GLOBAL_VALUES:
            i += 1
        elif not (argv[i] in ("--debug", "--version") or argv[i].startswith("--site=")):
            break  # an option of build's
        i += 1
    if i < len(argv) and (argv[i] in COMMANDS or argv[i] in ("-h", "--help")):
        return argv
    return argv[:i] + ["build"] + argv[i:]


def _internal_error(err: Exception, debug: bool) -> int:
    if debug:
        raise err
    print(f"internal error: {type(err).__name__}: {err}\n(this is a bug in the generator, not in your "
          "content; run again with --debug for details and report it)", file=sys.stderr)
    return EXIT_INTERNAL


def _missing_package(err: Exception) -> str | None:
    """The requirements.txt package whose module could not be imported, if that is the error."""
    if isinstance(err, ModuleNotFoundError) and err.name:
        return REQUIRED_MODULES.get(err.name.split(".")[0])
    return None


def _build(args: argparse.Namespace, root: Path) -> int:
    from site_gen.write.output import check_output, output_lock

    out = check_output(root, root / args.out)
    with output_lock(out):  # the cache and the output folder belong to this build until it ends
        return _build_into(args, root, out)


def _build_into(args: argparse.Namespace, root: Path, out: Path) -> int:
    from site_gen.build import build
    from site_gen.incremental import (
        LastBuild,
        input_fingerprint,
        last_build,
        load_cache,
        remember_build,
        save_cache,
    )

    started = time.perf_counter()
    options = dict(base_url=args.base_url, drafts=args.drafts, search=not args.no_search)
    if args.incremental:
        fingerprint = input_fingerprint(root, out, **options)
        last = last_build(root, fingerprint, out)
        if last is not None:  # nothing changed since the last build into this folder
            for line in last.warnings:
                print(line, file=sys.stderr)
            index = "" if args.no_search else ", search index unchanged"
            print(f"built {counted(last.claims, 'fact-check')} into {args.out}/ ({counted(last.files, 'file')}, {last.files} unchanged"
                  f"{index}, {time.perf_counter() - started:.2f} s)")
            return EXIT_OK
        remember_build(root, None)  # the output is about to change: the record no longer holds
    cache = load_cache(root) if args.incremental else None
    result = build(root, out, **options, cache=cache, jobs=args.jobs)
    if cache is not None:
        save_cache(root, cache)
        remember_build(root, LastBuild(fingerprint, result.claims, result.files, [str(w) for w in result.warnings]))
    report(result.warnings)
    reused = f", {result.reused} unchanged" if args.incremental else ""
    index = ("" if args.no_search else ", nothing to index yet" if not result.claims
             else ", search index " + ("rebuilt" if result.indexed else "unchanged"))
    print(f"built {counted(result.claims, 'fact-check')} into {args.out}/ ({counted(result.files, 'file')}{reused}{index}, "
          f"{time.perf_counter() - started:.2f} s)")
    return EXIT_OK


def _check(args: argparse.Namespace, root: Path) -> int:
    from site_gen.build import check

    if args.since is None:
        _, content = check(root)
        warnings = list(content.warnings)
    else:  # every problem at once: the content's own and the comparison's
        content, warnings = _check_since(args, root)
    report(warnings)
    print(f"ok: {counted(len(content.claims), 'fact-check')} and {counted(len(content.pages), 'page')} are valid"
          + (f" ({counted(len(warnings), 'warning')})" if warnings else ""))
    return EXIT_OK


def _check_since(args: argparse.Namespace, root: Path) -> tuple[Content, list[Problem]]:
    """check, plus the comparison with the revision --since names; writes what readers will see
    change. Raises ContentError with the problems of both."""
    from site_gen.build import check
    from site_gen.editorial.since import review
    from site_gen.editorial.since_summary import summary_markdown
    from site_gen.load.config import load_config

    problems: list[Problem] = []
    content = None
    try:
        _, content = check(root)
        problems += content.warnings
    except ContentError as err:
        problems += err.problems
        if any(p.path == "site.yaml" for p in err.problems):
            raise
    config = load_config(root, args.base_url)
    try:
        result = review(root, args.since, config, content.claims if content is not None else ())
    except ContentError as err:  # git could not compare (an unknown revision ...): with the rest
        raise ContentError(problems + err.problems) from None
    problems += result.problems
    errors = [p for p in problems if not p.warning]
    _write_summary(summary_markdown(result.changes, config, len(errors)))
    if errors or content is None:
        raise ContentError(problems)
    return content, [p for p in problems if p.warning]


def _write_summary(markdown: str) -> None:
    """To the run's summary page in GitHub Actions (appended: other steps write there too), else
    to the terminal."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if target:
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(markdown + "\n")
    else:
        print("\n".join(map(printable, markdown.split("\n"))))


def _new(args: argparse.Namespace, root: Path) -> int:
    from site_gen.editorial.scaffold import draft_verdict, new_claim
    from site_gen.load.config import load_config

    path = new_claim(root, args.claim, claimant=args.claimant, verdict=draft_verdict(load_config(root).verdicts))
    print(f"created {path.relative_to(root).as_posix()}: fill in the verdict, summary and sources, "
          "then run `python build.py check`")
    return EXIT_OK


def _init(args: argparse.Namespace, root: Path) -> int:
    from site_gen.init_site import NewSite, generator_requirement, init_site
    from site_gen.load.config import check_locale

    check_locale(args.locale, "--locale")
    target = Path(args.dir).expanduser().resolve()
    site = NewSite(args.title, args.language, args.locale, generator_requirement(args.generator))
    written = init_site(target, site)
    print(f"created a new site in {printable(str(target))} ({len(written.files)} files; the generator: {site.generator})")
    if written.starter_language != args.language.split("-")[0].lower():
        print(f"note: there are no starter texts in {args.language!r} yet: the pages, README and forms are in "
              "English; translate them", file=sys.stderr)
    print("next: write the pages in content/pages/ (every TODO), then `python build.py serve` in that folder")
    return EXIT_OK


def _schema(args: argparse.Namespace, root: Path) -> int:
    from site_gen.load.config import load_config
    from site_gen.load.jsonschema import SCHEMA_PATH, claim_json_schema, schema_text
    from site_gen.plugins import load_plugins
    from site_gen.write.output import check_output_file, write_file

    config = load_config(root)
    target = check_output_file(root, root / SCHEMA_PATH, SCHEMA_PATH)
    fields = load_plugins(root, config).fields  # (a plugin's fields are the front matter's too)
    schema = claim_json_schema(tuple(v.key for v in config.verdicts), tuple(p.name for p in config.team), fields)
    write_file(target, schema_text(schema).encode("utf-8"))
    print(f"wrote {SCHEMA_PATH}: the JSON Schema of a fact-check's front matter, for editors")
    return EXIT_OK


def _serve(args: argparse.Namespace, root: Path) -> int:
    from site_gen.serve import serve

    serve(root, host=args.host, port=args.port, drafts=not args.no_drafts)
    return EXIT_OK


def _archive(args: argparse.Namespace, root: Path) -> int:
    from site_gen import __version__
    from site_gen.editorial.archive import archive_sources
    from site_gen.editorial.archive_client import Wayback
    from site_gen.load.config import load_config

    config = load_config(root)
    agent = f"site_gen-archive/{__version__} (+{config.base_url}; archives the sources of {config.title})"
    wayback = Wayback.from_environment(agent, delay=args.delay, timeout=args.timeout)
    problems: list[Problem] = []
    summary = archive_sources(root, wayback, dry_run=args.dry_run, save=args.save, say=print, problems=problems)
    for problem in problems:
        print(problem, file=sys.stderr)
    print(summary)
    return EXIT_PROBLEMS if problems else EXIT_OK


def _links(args: argparse.Namespace, root: Path) -> int:
    from site_gen.build import check
    from site_gen.editorial.links import link_uses, links_text, where_markdown
    from site_gen.write.output import check_output_file, write_file

    out = check_output_file(root, root / args.out, "--out")
    where = check_output_file(root, root / args.where, "--where") if args.where else None
    _, content = check(root)  # drafts too: their links are in the repository all the same
    uses = list(link_uses(content.claims))
    write_file(out, links_text(uses).encode("utf-8"))
    if where is not None:
        write_file(where, where_markdown(uses).encode("utf-8"))
    print(f"wrote {args.out}: {len({u.url for u in uses})} addresses, used {len(uses)} times in "
          f"{counted(len(content.claims), 'fact-check')}" + (f"; where each is used: {args.where}" if args.where else ""))
    return EXIT_OK


def _seconds(text: str) -> float:
    value = float(text)
    if not value >= 0:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, 0 or more, got {text!r}")
    return value


def _parser() -> argparse.ArgumentParser:
    from site_gen import __version__

    parser = argparse.ArgumentParser(prog="build.py", description="Build the fact-check site.")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    parser.add_argument("--version", action="version", version=f"site-gen {__version__}")
    parser.add_argument("--site", metavar="DIR", help="the site's folder (default: this build.py's, or the current folder)")
    parser.set_defaults(run=_build, out="_site", base_url=None, drafts=False, no_search=False, incremental=False,
                        jobs=None, since=None)
    sub = parser.add_subparsers(title="commands", metavar="{" + ",".join(COMMANDS) + "}")
    # --debug is accepted after the command too; SUPPRESS keeps a flag given before it.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)

    p = sub.add_parser("build", parents=[common], help="validate and build the site (the default)")
    p.add_argument("--out", default="_site", help="output folder (default: _site)")
    p.add_argument("--base-url", help="absolute URL the site is served from, e.g. https://owner.github.io/repo/")
    p.add_argument("--drafts", action="store_true", help="include entries with draft: true")
    p.add_argument("--no-search", action="store_true", help="skip the Pagefind search index")
    p.add_argument("--incremental", action="store_true",
                   help="reuse what is unchanged since the last incremental build (cache in .cache/)")
    p.add_argument("--jobs", type=int, default=None, help="worker processes (default: one per core)")
    p.set_defaults(run=_build)

    p = sub.add_parser("check", parents=[common], help="validate site.yaml and every content file; write nothing")
    p.add_argument("--since", metavar="REF",
                   help="also compare the entries with their versions at git revision REF (e.g. origin/main): a "
                        "published verdict, figure or claim changes only with a correction, a published entry is "
                        "retracted, never deleted; prints what readers will see change")
    p.add_argument("--base-url", help="the site's URL for the links in that summary (default: site.yaml's base_url)")
    p.set_defaults(run=_check)

    p = sub.add_parser("new", parents=[common], help="create a new fact-check file from a claim's wording")
    p.add_argument("claim", help="the exact wording of the claim, in quotes")
    p.add_argument("--claimant", default="TODO: who made the claim", help="who made the claim")
    p.set_defaults(run=_new)

    p = sub.add_parser("init", parents=[common], help="write a complete new site into DIR (never overwrites a file)")
    p.add_argument("dir", metavar="DIR", help="the new site's folder")
    p.add_argument("--title", required=True, help="the site's title, e.g. \"Vérif'JO\"")
    p.add_argument("--language", required=True, help="the site's language (BCP 47), e.g. fr")
    p.add_argument("--locale", required=True, help="how figures and dates are written, e.g. fr-FR")
    p.add_argument("--generator", metavar="SPEC",
                   help="what the site's requirements.txt installs the generator from: a requirement or a local "
                        "folder (default: where this generator was installed from)")
    p.set_defaults(run=_init)

    p = sub.add_parser("schema", parents=[common], help="write schema/claim.schema.json (front matter JSON Schema for editors)")
    p.set_defaults(run=_schema)

    p = sub.add_parser("serve", parents=[common], help="build, serve on 127.0.0.1 and rebuild on every change")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--no-drafts", action="store_true", help="hide drafts in the preview")
    p.set_defaults(run=_serve)

    p = sub.add_parser("archive", parents=[common],
                       help="write archive: into sources that have none, from the Wayback Machine's closest snapshot")
    p.add_argument("--dry-run", action="store_true", help="list what would be written; write nothing")
    p.add_argument("--save", action="store_true",
                   help="ask Save Page Now to capture URLs that have no snapshot, then look again")
    p.add_argument("--delay", type=_seconds, default=3.0,
                   help="seconds between two requests to the Wayback Machine (default: 3)")
    p.add_argument("--timeout", type=_seconds, default=30.0,
                   help="seconds one request to the Wayback Machine may take in all (default: 30)")
    p.set_defaults(run=_archive)

    p = sub.add_parser("links", parents=[common],
                       help="list every source, archive and appearance URL, for the weekly link check")
    p.add_argument("--out", default="links.txt", help="the list, one URL per line (default: links.txt)")
    p.add_argument("--where", help="also write a Markdown list of where each URL is used to this file")
    p.set_defaults(run=_links)
    return parser
