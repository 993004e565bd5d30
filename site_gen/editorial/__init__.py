"""The editors' tools around the build: `new`, `check --since` (against git), `archive`, `links`."""
