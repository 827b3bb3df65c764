"""Findings become Diagnostics here, in one place: positions, then what silences them.

Checks say what is wrong and where by key path; this module looks the key up in the file's
source map, then marks as suppressed what the file silences (`[settings] ignore`, a
`# missionplan: ignore[...]` comment) and what the command line leaves out (--select/--ignore).
Suppressed diagnostics are kept, marked, so that `--verbose` can show them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from missionplan.checks.finding import Diagnostic, Finding, put_quotes
from missionplan.source.sourcemap import KeyPath
from missionplan.source.text import Source


def position(
    finding: Finding,
    source: Source,
    *,
    items: Mapping[KeyPath, str] | None = None,
    sources: Mapping[str, Source] | None = None,
) -> Diagnostic:
    """The finding at its place in `source`.

    `items` (an item's key path -> its id) names the item whose table holds the finding;
    `sources` (file name -> text) positions what a finding quotes of another file.
    """
    span = finding.span or source.span(finding.key, finding.on)
    message = put_quotes(
        finding.message,
        [
            f"{name}:{sources[name].span(key).line}" if sources and name in sources else name
            for name, key in finding.see
        ],
    )
    item = items.get(finding.key[:2]) if items is not None else None
    return Diagnostic(
        path=source.name,
        line=span.line,
        column=span.column,
        rule=finding.rule,
        message=message,
        hint=finding.hint,
        end_line=span.end_line,
        end_column=span.end_column,
        item=item,
    )


def matches(code: str, prefixes: Iterable[str]) -> bool:
    """True when `code` starts with one of `prefixes` (flake8's select/ignore semantics)."""
    return any(code.startswith(prefix.strip().upper()) for prefix in prefixes if prefix.strip())


def silenced_in_file(
    source: Source, ignore: Sequence[str], diagnostics: Iterable[Diagnostic]
) -> list[Diagnostic]:
    """The diagnostics with those the file silences marked: its `[settings] ignore` (given as
    `ignore`) and its `# missionplan: ignore[...]` comments."""
    inline = _inline_suppressions(source)
    marked = []
    for found in diagnostics:
        silenced = matches(found.code, ignore) or _inline_match(found, inline, source)
        marked.append(found.suppress() if silenced else found)
    return marked


_INLINE = re.compile(r"#.*\bmissionplan:\s*ignore(?:\[([A-Z0-9,\s]*)\])?", re.IGNORECASE)


def _inline_suppressions(source: Source) -> dict[int, list[str]]:
    """Line number -> code prefixes named in a `# missionplan: ignore[...]` comment there.

    Comments are read from the parse tree: the same words inside a (multi-line) string are
    data, and must not silence a real finding.
    """
    if "missionplan:" not in source.text:
        return {}
    found = {}
    for number, comment in source.source_map.comments():
        match = _INLINE.search(comment)
        if match:
            codes = match.group(1)
            found[number] = [c.strip() for c in codes.split(",")] if codes else ["MP"]
    return found


def _inline_match(found: Diagnostic, inline: dict[int, list[str]], source: Source) -> bool:
    """A comment on the diagnostic's line, or on the header line of the item that holds it."""
    if not inline:
        return False
    if matches(found.code, inline.get(found.line, [])):
        return True
    header = source.header_line(found.line)
    return header is not None and matches(found.code, inline.get(header, []))


def mark_unselected(
    diagnostics: Iterable[Diagnostic],
    *,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
) -> list[Diagnostic]:
    """Mark as suppressed what `ignore` names or `select` leaves out; keep everything, sorted.

    The longer matching prefix wins, so `--select MP3 --ignore MP302` keeps MP300 and drops
    MP302, and `--ignore MP3 --select MP302` keeps only MP302 of the MP3 family.
    """
    kept: list[Diagnostic] = []
    for diagnostic in diagnostics:
        chosen = diagnostic.suppressed or _selected(diagnostic.code, select, ignore)
        kept.append(diagnostic if chosen else diagnostic.suppress())
    return sorted(kept)


def _selected(code: str, select: Sequence[str], ignore: Sequence[str]) -> bool:
    best_select = max((len(p) for p in select if code.startswith(p.upper())), default=-1)
    best_ignore = max((len(p) for p in ignore if code.startswith(p.upper())), default=-1)
    if select and best_select < 0:
        return False
    return best_ignore < best_select or best_ignore < 0
