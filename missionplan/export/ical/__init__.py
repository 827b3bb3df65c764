"""iCalendar output: content lines, time zones and events."""
