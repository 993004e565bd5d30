"""The one place a site path becomes a URL, so every link honours the base path (GitHub Pages
project sites live under /<repo>/, and 404.html is served at arbitrary nested URLs)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping


@dataclass(frozen=True)
class Urls:
    base_url: str  # absolute, ends with "/"
    base_path: str  # "/" or "/repo/"
    assets: Mapping[str, str]  # "style.css" -> "static/style.1a2b3c4d.css"

    def url(self, path: str = "") -> str:
        """Site path ("claims/x/", "" for home) -> root-absolute href ("/repo/claims/x/")."""
        return self.base_path + path.lstrip("/")

    def absolute(self, path: str = "") -> str:
        """Site path -> absolute URL, for canonical links, feeds and the sitemap."""
        return self.base_url + path.lstrip("/")

    def asset(self, name: str) -> str:
        """A static file by its source name -> href of its (content-hashed) output name."""
        if name not in self.assets:
            raise LookupError(f"asset({name!r}): expected a file static/{name}, got none")
        return self.url(self.assets[name])
