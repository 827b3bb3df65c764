"""`python -m missionplan`: the same as the `missionplan` command."""

from missionplan.cli.main import main

if __name__ == "__main__":
    main()
