"""Key path -> line and column in a TOML file, from a tree-sitter parse of the text."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

KeyPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Span:
    """A range in the file. Lines and columns count from 1; columns count characters."""

    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(frozen=True)
class Entry:
    """Where a key path is written: the key (or table header) and its value."""

    key: Span
    value: Span


@functools.cache
def _parser() -> Any:
    import tree_sitter
    import tree_sitter_toml

    return tree_sitter.Parser(tree_sitter.Language(tree_sitter_toml.language()))


class SourceMap:
    """Positions of every key, table header and array element of one TOML text."""

    def __init__(self, text: str) -> None:
        self._lines = text.encode("utf-8").split(b"\n")
        # Nodes, not spans: a span (with its character columns) is worked out only for the
        # few paths a diagnostic asks about.
        self._entries: dict[KeyPath, tuple[Any, Any]] = {}
        self._arrays: dict[KeyPath, int] = {}
        # Tables whose keys are not indexed yet: a lookup reads only the tables on its path.
        self._pending: dict[KeyPath, Any] = {}
        self._build(text.encode("utf-8"))

    def lookup(self, path: KeyPath) -> tuple[Entry, bool]:
        """The entry for `path`, or for its nearest written ancestor; True when exact."""
        for cut in range(len(path) + 1):
            table = self._pending.pop(path[:cut], None)
            if table is not None:
                self._pairs(path[:cut], table)
        for cut in range(len(path), 0, -1):
            nodes = self._entries.get(path[:cut])
            if nodes is not None:
                return Entry(self._span(nodes[0]), self._span(nodes[1])), cut == len(path)
        first = Span(1, 1, 1, 1)
        return Entry(first, first), not path

    def comments(self) -> list[tuple[int, str]]:
        """(line, text) of every comment: only real comments, never `#` inside a string."""
        found = []
        pending = [self._tree.root_node]
        while pending:
            node = pending.pop()
            if node.type == "comment":
                found.append((node.start_point[0] + 1, node.text.decode("utf-8", "replace")))
            elif node.type not in ("string", "pair") or node.child_count:
                pending.extend(node.children)
        return sorted(found)

    def header_lines(self) -> list[int]:
        """The lines of the `[table]` and `[[table]]` headers, in order (a line in a
        multi-line string that starts with `[` is not one)."""
        return [
            node.start_point[0] + 1
            for node in self._tree.root_node.children
            if node.type in ("table", "table_array_element")
        ]

    def paths(self) -> Iterator[KeyPath]:
        while self._pending:
            self._pairs(*self._pending.popitem())
        return iter(self._entries)

    # -- building -------------------------------------------------------------------------

    def _span(self, node: Any) -> Span:
        (row, col), (end_row, end_col) = node.start_point, node.end_point
        return Span(row + 1, self._column(row, col), end_row + 1, self._column(end_row, end_col))

    def _column(self, row: int, byte_col: int) -> int:
        line = self._lines[row] if row < len(self._lines) else b""
        return len(line[:byte_col].decode("utf-8", "replace")) + 1

    def _build(self, source: bytes) -> None:
        tree = _parser().parse(source)
        self._tree = tree  # the nodes kept in _entries belong to it
        table: KeyPath = ()
        for node in tree.root_node.children:
            if node.type == "pair":
                self._pair(table, node)
            elif node.type in ("table", "table_array_element"):
                table = self._table(node)

    def _table(self, node: Any) -> KeyPath:
        key_node = next((c for c in node.children if c.type.endswith("key")), None)
        if key_node is None:
            return ()
        keys = _key_parts(key_node)
        path = (*self._resolve_prefix(keys[:-1]), keys[-1])
        if node.type == "table_array_element":
            count = self._arrays.get(path, 0)
            self._arrays[path] = count + 1
            self._entries.setdefault(path, (key_node, key_node))
            path = (*path, count)
        elif path in self._arrays:
            path = (*path, self._arrays[path] - 1)
        self._entries[path] = (key_node, key_node)
        self._pending[path] = node
        return path

    def _pairs(self, table: KeyPath, node: Any) -> None:
        for child in node.children:
            if child.type == "pair":
                self._pair(table, child)

    def _resolve_prefix(self, keys: list[str]) -> KeyPath:
        path: KeyPath = ()
        for key in keys:
            path = (*path, key)
            if path in self._arrays:
                path = (*path, self._arrays[path] - 1)
        return path

    def _pair(self, table: KeyPath, node: Any) -> None:
        key_node, value_node = node.children[0], node.children[-1]
        if value_node.type == "comment":
            value_node = next(c for c in reversed(node.children[:-1]) if c.type != "comment")
        keys = _key_parts(key_node)
        for cut in range(1, len(keys)):
            self._entries.setdefault((*table, *keys[:cut]), (key_node, key_node))
        self._value((*table, *keys), key_node, value_node)

    def _value(self, path: KeyPath, key_node: Any, node: Any) -> None:
        self._entries[path] = (key_node, node)
        if node.type == "array":
            elements = [c for c in node.children if c.type not in ("[", "]", ",", "comment")]
            for index, element in enumerate(elements):
                self._value((*path, index), element, element)
        elif node.type == "inline_table":
            for child in node.children:
                if child.type == "pair":
                    self._pair(path, child)


def _key_parts(node: Any) -> list[str]:
    if node.type == "dotted_key":
        parts: list[str] = []
        for child in node.children:
            if child.type != ".":
                parts.extend(_key_parts(child))
        return parts
    text: str = node.text.decode("utf-8", "replace")
    if node.type == "quoted_key":
        import tomllib

        try:
            return [next(iter(tomllib.loads(f"{text} = 0")))]
        except tomllib.TOMLDecodeError:
            return [text[1:-1]]
    return [text]
