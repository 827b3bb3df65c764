"""Exports of a resolved Mission: calendars and printed briefings."""
