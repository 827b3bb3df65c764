"""Render a briefing document: PDF through typst, HTML and Markdown through Jinja2 templates.

Data reaches every template as data, never as markup: typst reads the document as JSON from
`sys.inputs`, Jinja2 escapes every value for HTML (autoescape) or for Markdown (`finalize`).
A title such as `<script>` or `#set [x] $y$` therefore prints literally in all three.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from missionplan.errors import MissionplanError
from missionplan.printable import printable_path

FORMATS = ("pdf", "html", "md")
TEMPLATES = Path(__file__).resolve().parent / "templates"
DEFAULT_TEMPLATES = {"pdf": "briefing.typ", "html": "briefing.html", "md": "briefing.md"}


class TemplateError(MissionplanError):
    """A custom template that is missing or does not compile."""


def render(
    document: dict[str, Any],
    output_format: str,
    *,
    template: Path | None = None,
    timestamp: int | None = None,
) -> bytes:
    """The document as a file's bytes. `timestamp` is the PDF's creation date (UNIX seconds)."""
    if template is not None:
        check_template(template)
    if output_format == "pdf":
        return _pdf(document, template, timestamp)
    if output_format in ("html", "md"):
        return _jinja(document, output_format, template).encode("utf-8")
    raise ValueError(f"unknown briefing format {output_format!r}")


def check_template(template: Path) -> None:
    """Raise TemplateError unless `template` is a file whose folder keeps to itself (checked
    before any work is done): a shared template must not reach files outside its folder through
    symbolic links (typst's root and Jinja2's loader would follow them)."""
    name = printable_path(template)
    try:
        if not template.is_file():
            what = "is not a file" if template.exists() else "no such template file"
            raise TemplateError(f"{name}: {what}")
        folder = Path(os.path.realpath(template.parent))
        for link in _links_out_of(folder):
            raise TemplateError(
                f"{name}: {printable_path(link)} is a symbolic link out of the template's"
                " folder; a template may only use files inside its folder"
            )
    except OSError as error:
        raise TemplateError(f"{name}: cannot read: {error.strerror or error}") from None


#: How many entries of a template's folder are looked at before it is refused as too large.
MAX_TEMPLATE_ENTRIES = 10_000


def _links_out_of(folder: Path) -> list[Path]:
    """Symbolic links under `folder` whose target is outside it (the walk does not follow links)."""
    found: list[Path] = []
    pending = [folder]
    seen = 0
    while pending:
        with os.scandir(pending.pop()) as entries:
            for entry in entries:
                seen += 1
                if seen > MAX_TEMPLATE_ENTRIES:
                    raise TemplateError(
                        f"{printable_path(folder)}: more than {MAX_TEMPLATE_ENTRIES:,} files;"
                        " put the template in a folder of its own"
                    )
                if entry.is_symlink():
                    target = Path(os.path.realpath(entry.path))
                    if target != folder and folder not in target.parents:
                        found.append(Path(entry.path))
                elif entry.is_dir(follow_symlinks=False):
                    pending.append(Path(entry.path))
    return found


def _pdf(document: dict[str, Any], template: Path | None, timestamp: int | None) -> bytes:
    import typst

    path = template.resolve() if template is not None else TEMPLATES / DEFAULT_TEMPLATES["pdf"]
    # A letterhead kit may bring its own fonts in a fonts/ folder beside the template.
    fonts = [str(path.parent / "fonts")] if (path.parent / "fonts").is_dir() else []
    try:
        pdf, _warnings = typst.Compiler(
            str(path),
            root=str(path.parent),  # so a letterhead's logo beside the template is found
            font_paths=fonts + font_folders(),
            # the same fonts on every machine: what missionplan installs, never the system's
            ignore_system_fonts=True,
            sys_inputs={"briefing": json.dumps(document, ensure_ascii=False)},
        ).compile_with_warnings(format="pdf", timestamp=timestamp)
    except typst.TypstError as error:
        if template is None:
            raise  # the built-in template failing is a bug: let the CLI say so
        raise TemplateError(f"{template}: typst: {_one_line(error.message)}") from None
    except RuntimeError as error:  # older typst releases raise plain RuntimeError
        if template is None:
            raise
        raise TemplateError(f"{template}: typst: {_one_line(str(error))}") from None
    assert isinstance(pdf, bytes)
    return pdf


def font_folders() -> list[str]:
    """The Noto fonts installed with missionplan (from PyPI): Arabic script, Devanagari,
    Bengali, Ethiopic, Chinese, Japanese and Korean, which typst's own fonts lack."""
    import manimgx_fonts
    import manimgx_fonts_cjk

    return [
        str(Path(module.__file__ or "").parent) for module in (manimgx_fonts, manimgx_fonts_cjk)
    ]


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _jinja(document: dict[str, Any], output_format: str, template: Path | None) -> str:
    import jinja2
    import jinja2.sandbox

    folder = template.resolve().parent if template is not None else TEMPLATES
    name = template.name if template is not None else DEFAULT_TEMPLATES[output_format]
    # Sandboxed: a template shared between offices is code from elsewhere, and must not reach
    # Python internals (`{{ ''.__class__.__mro__ }}` and the like) to run commands.
    environment = jinja2.sandbox.ImmutableSandboxedEnvironment(
        loader=jinja2.FileSystemLoader(folder),
        # HTML: every value escaped. Markdown: every value through markdown_escape.
        autoescape=output_format == "html",
        finalize=markdown_escape if output_format == "md" else None,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["css_string"] = css_string
    try:
        return environment.get_template(name).render(**document)
    except jinja2.exceptions.SecurityError as error:
        raise TemplateError(
            f"{template}: not allowed in a template: {_one_line(str(error))}"
        ) from None
    except jinja2.TemplateSyntaxError as error:
        if template is None:
            raise
        raise TemplateError(
            f"{template}:{error.lineno}: {_one_line(error.message or '')}"
        ) from None
    except jinja2.TemplateError as error:
        if template is None:
            raise
        raise TemplateError(f"{template}: {_one_line(str(error))}") from None
    except UnicodeDecodeError:
        if template is None:
            raise
        raise TemplateError(f"{template}: not a UTF-8 text file") from None
    except OSError as error:
        if template is None:
            raise
        raise TemplateError(f"{template}: cannot read: {error.strerror or error}") from None


def css_string(value: Any) -> Any:
    """A value inside a CSS string (`content: "{{ x | css_string }}"` in a <style>): every
    character but letters and digits as a CSS escape, so a quote, a backslash or a `</style>`
    can neither end the string nor the style sheet (HTML entities do not work there). Spaces
    too: CSS swallows a space that follows an escape.
    """
    import markupsafe

    text = " ".join(str(value).split())
    return markupsafe.Markup("".join(c if c.isalnum() else f"\\{ord(c):06x}" for c in text))


# Only what would turn into markup where it stands, so that the text also reads as plain text
# in a mail client: `\+998` or `Addis\_Ababa` would not. Always: backslash, backtick, asterisk,
# brackets and angle brackets (links, HTML, emphasis), `|` (tables). Underscore and tilde at a
# word's edge, when there are two (inside a word CommonMark leaves them alone, and emphasis needs
# an opener and a closer); `$` only in pairs (GitHub's math).
_MARKDOWN_ALWAYS = re.compile(r"([\\`*\[\]<>|])")
_MARKDOWN_EDGE = re.compile(r"(?<![^\W_])[_~]|[_~](?![^\W_])")
_MARKDOWN_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_MARKDOWN_LINE_START = re.compile(r"^(\d+)([.)])(?=\s|$)|^([-+=#])(?=[\s#=-]|$)")


def markdown_escape(value: Any) -> str:
    """Text that Markdown shows as it is, and that still reads as plain text: lines joined."""
    text = " ".join(str(value).split())
    text = _MARKDOWN_ALWAYS.sub(r"\\\1", text)
    if len(_MARKDOWN_EDGE.findall(text)) > 1:  # emphasis needs an opener and a closer
        text = _MARKDOWN_EDGE.sub(lambda m: "\\" + m.group(0), text)
    if text.count("$") > 1:
        text = text.replace("$", "\\$")
    text = _MARKDOWN_ENTITY.sub(r"\\&", text)
    # A value that begins a line must not become a list item, a heading or a setext underline.
    return _MARKDOWN_LINE_START.sub(
        lambda m: f"{m.group(1)}\\{m.group(2)}" if m.group(1) else f"\\{m.group(3)}", text
    )
