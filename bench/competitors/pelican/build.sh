#!/bin/sh
# Build the generated Pelican project: build.sh PROJECT OUT  (pelican on PATH)
set -e
cd "$1"
exec pelican content -s pelicanconf.py -o "$2" --quiet
