#!/bin/sh
# Build the generated Hugo project: build.sh PROJECT OUT  (HUGO_BIN: the hugo binary; default: hugo on PATH)
set -e
exec "${HUGO_BIN:-hugo}" --source "$1" --destination "$2" --quiet --noBuildLock
