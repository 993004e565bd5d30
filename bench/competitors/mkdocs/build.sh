#!/bin/sh
# Build the generated MkDocs project: build.sh PROJECT OUT  (mkdocs on PATH)
set -e
exec mkdocs build --quiet --config-file "$1/mkdocs.yml" --site-dir "$2"
