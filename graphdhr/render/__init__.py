"""Renderers: findings and reports as text, Markdown, JSON, CSV and HTML. The last stage: nothing imports them."""
