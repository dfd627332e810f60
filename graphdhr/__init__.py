"""graphdhr: a graph-based information-sharing analyser for Domestic Homicide Reviews.

The package is a library with a thin CLI. Data flows one way:
loaders (case files) -> model (a validated Case) -> graph schema -> engines
(networkx embedded, Neo4j server) -> analyses -> findings -> render.
Nothing here imports a heavy dependency at import time, so `graphdhr --help` stays fast.
"""

__version__ = "0.3.0"
