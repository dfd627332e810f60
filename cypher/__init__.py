"""Cypher query files: the schema and every analysis, as package data (read with importlib.resources)."""
