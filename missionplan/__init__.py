"""missionplan: plan multi-country expert missions as TOML, check them, export calendars and briefings."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("missionplan")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0"
