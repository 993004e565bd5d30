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
        print(f"{len(errors)} problem{'s'[:len(errors) != 1]} in {files} file{'s'[:files != 1]}; nothing was written",
              file=sys.stderr)
