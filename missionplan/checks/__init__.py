"""The rules: each declared once beside its check, yielding findings."""
