"""Writing the output: what a file's job made is freed once the file is written."""
from __future__ import annotations

import functools
import gc
import weakref
from collections.abc import Iterator

from site_gen.write.jobs import JobGroup, PageJob
from site_gen.write.stage import Stage


class View:
    """Stands for what a claim's page and its embed card share (claim_pages._jobs' context)."""


def test_what_a_page_and_its_embed_shared_is_freed_once_both_are_written(tmp_path):
    made: list[weakref.ref[View]] = []

    def jobs(n: int) -> Iterator[PageJob]:
        @functools.cache
        def context() -> View:
            view = View()
            made.append(weakref.ref(view))
            return view

        def page() -> bytes:
            gc.collect()
            alive = [i for i, ref in enumerate(made) if ref() is not None and i != n]
            assert alive == [], f"entry {n}: the views of entries {alive} are still held"
            return repr(context()).encode()

        yield PageJob(f"claims/{n}/index.html", "key", page)
        yield PageJob(f"claims/{n}/embed/index.html", "key", lambda: repr(context()).encode())

    groups = [JobGroup(f"claim-{n}", "key", functools.partial(jobs, n)) for n in range(5)]
    Stage(tmp_path / "out").run(groups, workers=1)
    assert len(made) == 5 and (tmp_path / "out/claims/4/embed/index.html").is_file()
