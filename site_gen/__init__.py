"""A static fact-check microsite generator: Markdown + YAML front matter in, a static site out."""
from __future__ import annotations

import functools
import hashlib
from pathlib import Path

__version__ = "0.5.0"


@functools.lru_cache(maxsize=1)  # the code does not change while it runs
def generator_key() -> str:
    """The version and a digest of the generator's own code: pages keyed, and caches written, by
    other code are not reused, even when nobody bumped the version."""
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(Path(__file__).parent.rglob("*.py")):
        digest.update(path.relative_to(Path(__file__).parent).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()
