"""The `missionplan` command line: Click only, no domain logic."""
