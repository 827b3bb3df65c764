"""The resolved plan: places with zones, items as instants, and where each person is."""
