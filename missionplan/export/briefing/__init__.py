"""Briefing sheets for printing and reading: a Mission as PDF, HTML or Markdown."""

from __future__ import annotations

from missionplan.export.briefing.document import DOCUMENT_VERSION, Document, build
from missionplan.export.briefing.render import FORMATS, render

__all__ = ["DOCUMENT_VERSION", "FORMATS", "Document", "build", "render"]
