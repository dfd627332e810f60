"""JSON Schema files for the case format (package data)."""
