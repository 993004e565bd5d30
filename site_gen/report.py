"""Problems -> the editor's terminal: one line each (path:line:col: field: message), a count, and
with GITHUB_ACTIONS=true the same problems as workflow commands, so they show on the pull request."""
from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from site_gen.model import Problem, workflow_commands


def report(problems: Sequence[Problem]) -> None:
    errors = [p for p in problems if not p.warning]
    for problem in problems:
        print(problem, file=sys.stderr)
    if os.environ.get("GITHUB_ACTIONS") == "true":
        for command in workflow_commands(problems):
            print(command)
    if errors:
        files = len({p.path for p in errors})
        print(f"{counted(len(errors), 'problem')} in {counted(files, 'file')}; nothing was written", file=sys.stderr)


def counted(n: int, noun: str) -> str:
    """`n` and the noun in the terminal's English: 1 fact-check, 2 fact-checks (a plural in -s)."""
    return f"{n} {noun}" + ("" if n == 1 else "s")
