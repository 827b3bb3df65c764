"""A mission file's text as read, with its source map (key path -> position) built on demand."""

from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass, field
from typing import Literal

from missionplan.source.sourcemap import KeyPath, SourceMap, Span


@dataclass(frozen=True)
class Source:
    """The text of one mission file as read, named as the user named it."""

    name: str
    text: str
    _cache: dict[str, SourceMap] = field(default_factory=dict, compare=False, repr=False)

    @property
    def source_map(self) -> SourceMap:
        # Built on first use only: clean files never pay for positions.
        if "map" not in self._cache:
            self._cache["map"] = SourceMap(self.text)
        return self._cache["map"]

    def __reduce__(self) -> tuple[type[Source], tuple[str, str]]:
        # For `build -j`: the cached map holds parser nodes, which do not pickle; it is rebuilt.
        return (Source, (self.name, self.text))

    def span(self, path: KeyPath, on: Literal["key", "value"] = "value") -> Span:
        entry, exact = self.source_map.lookup(path)
        return entry.value if exact and on == "value" else entry.key

    def line_text(self, line: int) -> str:
        return _lines(self.text)[line - 1] if 1 <= line <= len(_lines(self.text)) else ""

    def header_line(self, line: int) -> int | None:
        """The line of the `[table]` or `[[table]]` header above (or at) `line`, if any."""
        headers = self.source_map.header_lines()
        index = bisect.bisect_right(headers, line)
        return headers[index - 1] if index else None


@functools.lru_cache(maxsize=64)
def _lines(text: str) -> list[str]:
    return split_lines(text)


def split_lines(text: str) -> list[str]:
    """Lines as TOML counts them: split at LF only (str.splitlines also splits at NEL, U+2028)."""
    return [line.removesuffix("\r") for line in text.split("\n")]
