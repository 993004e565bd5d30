#!/usr/bin/env python3
"""Build this fact-check site: `python build.py [build|check|new|serve] --help`."""
import sys
from pathlib import Path

from site_gen.cli import main

if __name__ == "__main__":
    sys.exit(main(root=Path(__file__).resolve().parent))
