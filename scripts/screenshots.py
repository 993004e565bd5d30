#!/usr/bin/env python3
"""Build the site and save PNG screenshots of every page type into docs/screenshots/.

    python scripts/screenshots.py                 # shipped content -> docs/screenshots/
    python scripts/screenshots.py --out /tmp/shots --only claim,home --width 375 --scheme dark

Each page type is taken at 375 px (a phone) and 1280 px (a laptop) wide, in the light and the dark
colour scheme, with Playwright driving the system Chromium (/usr/bin/chromium, or $CHROMIUM). The
site is built into a temporary folder and served on 127.0.0.1 under a sub-path, as GitHub Pages
serves a project site, so the pictures show exactly what a reader gets. The folder is regenerated
as a whole: never edit the PNGs by hand.

A full run also copies the share cards (every claim's, and the site's) into cards/, as the build drew
them: what a link preview shows.

Long pages are captured from the top down to at most MAX_HEIGHT CSS pixels, and, when Pillow is
installed, each PNG is reduced to a 256-colour palette: the folder stays around 4 MB.
"""
from __future__ import annotations

import argparse
import functools
import os
import shutil
import sys
import tempfile
import threading
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SUB = "factcheck"
WIDTHS = {375: ("mobile", 812), 1280: ("desktop", 900)}
SCHEMES = ("light", "dark")
MAX_HEIGHT = {375: 3200, 1280: 2400}  # CSS px; a full page is cut here

# name -> (site path, whether the whole page is worth showing rather than the first screen)
PAGES: dict[str, tuple[str, bool]] = {
    "home": ("", True),
    "claim": ("claims/deepseek-r1-six-million-training-cost/", True),
    "verdict": ("verdicts/misleading/", True),
    "tag": ("tags/gpus/", False),
    "claimant": ("claimants/semianalysis/", False),
    "costs": ("costs/", True),
    "search": ("search/?q=gpus", True),
    "about": ("about/", False),
    "methodology": ("methodology/", True),
    "contact": ("contact/", False),
    "corrections": ("corrections/", False),
    "404": ("no-such-page/", False),
}


class Handler(SimpleHTTPRequestHandler):
    """Static files; a miss gets the site's 404.html with status 404, as GitHub Pages does."""

    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".js": "text/javascript",
                      ".mjs": "text/javascript", ".wasm": "application/wasm", ".svg": "image/svg+xml"}
    not_found: Path

    def send_error(self, code, message=None, explain=None):
        if code == HTTPStatus.NOT_FOUND and self.not_found.is_file():
            body = self.not_found.read_bytes()
            self.send_response(code, message)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().send_error(code, message, explain)

    def log_message(self, format, *args):  # noqa: A002
        pass


def shrink(path: Path) -> None:
    """Re-encode a PNG losslessly with the best compression (Pillow, if installed)."""
    try:
        from PIL import Image
    except ImportError:
        return
    with Image.open(path) as image:
        image.load()
        # 256 colours are plenty for flat page designs and cut the size by two thirds
        image = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    image.save(path, optimize=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=PROJECT / "docs" / "screenshots")
    parser.add_argument("--project", type=Path, default=PROJECT, help="the site to build (default: this one)")
    parser.add_argument("--only", help="comma-separated page names: " + ",".join(PAGES))
    parser.add_argument("--width", type=int, choices=sorted(WIDTHS), action="append")
    parser.add_argument("--scheme", choices=SCHEMES, action="append")
    heights = ", ".join(f"{h} at {w} px" for w, h in MAX_HEIGHT.items())
    parser.add_argument("--max-height", type=int, help=f"cut full pages at this many CSS px (default: {heights})")
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    from site_gen.build import build

    names = args.only.split(",") if args.only else list(PAGES)
    unknown = [n for n in names if n not in PAGES]
    if unknown:
        parser.error(f"unknown page name(s): {', '.join(unknown)}")
    widths = args.width or sorted(WIDTHS)
    schemes = args.scheme or list(SCHEMES)
    if not CHROMIUM.is_file():
        print(f"no Chromium at {CHROMIUM} (apt-get install -y chromium, or set CHROMIUM)", file=sys.stderr)
        return 1

    with tempfile.TemporaryDirectory(prefix="screenshots-") as tmp:
        www = Path(tmp)
        handler = type("H", (Handler,), {"not_found": www / SUB / "404.html"})
        server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(www)))
        base_url = f"http://127.0.0.1:{server.server_address[1]}/{SUB}/"
        build(args.project, www / SUB, base_url=base_url)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        if not (args.only or args.width or args.scheme or args.max_height):
            shutil.rmtree(args.out, ignore_errors=True)  # a full run regenerates the folder
        args.out.mkdir(parents=True, exist_ok=True)
        if not args.only:  # every claim's share card, as a link preview shows it (cards/<slug>.png)
            cards = args.out / "cards"
            cards.mkdir(exist_ok=True)
            for card in sorted((www / SUB / "claims").glob("*/card.png")):
                shutil.copyfile(card, cards / f"{card.parent.name}.png")
            shutil.copyfile(www / SUB / "card.png", cards / "site.png")
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
                for width in widths:
                    label, height = WIDTHS[width]
                    for scheme in schemes:
                        context = browser.new_context(viewport={"width": width, "height": height},
                                                      color_scheme=scheme, device_scale_factor=1,
                                                      reduced_motion="reduce")
                        page = context.new_page()
                        for name in names:
                            path, full = PAGES[name]
                            page.goto(base_url + path, wait_until="networkidle")
                            if name == "search":
                                page.wait_for_selector("#search-result-list li", timeout=10_000)
                            target = args.out / f"{name}-{label}-{scheme}.png"
                            page_height = page.evaluate("document.documentElement.scrollHeight")
                            if full and page_height > height:
                                clip = {"x": 0, "y": 0, "width": width, "height": min(page_height, args.max_height or MAX_HEIGHT[width])}
                                page.screenshot(path=str(target), full_page=True, clip=clip)
                            else:
                                page.screenshot(path=str(target))
                            shrink(target)
                            print(f"{target.relative_to(args.out.parent) if args.out.parent in target.parents else target}")
                        context.close()
                browser.close()
        finally:
            server.shutdown()
            server.server_close()
    total = sum(p.stat().st_size for p in args.out.glob("*.png"))
    print(f"{len(list(args.out.glob('*.png')))} screenshots, {total / 1e6:.1f} MB in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
