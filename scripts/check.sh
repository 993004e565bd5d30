#!/usr/bin/env bash
# The checks, in the order CI runs them (the README's command 2; .ci/run runs exactly this): ruff
# (lint), mypy (strict types of site_gen/), then the test suite. It stops at the first that fails.
# Arguments go to pytest: `bash scripts/check.sh -m "not slow and not browser"` is the inner loop.
set -uo pipefail
cd "$(dirname "$0")/.."

ruff check || exit
mypy || exit

# pytest exits 5 when it collected no tests: a failure here.
python -m pytest "$@"
status=$?
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests: failing" >&2
  exit 1
fi
exit "$status"
