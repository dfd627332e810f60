"""Graph engines: the embedded networkx engine (default) and the Neo4j server engine."""
