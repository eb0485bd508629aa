"""kg: knowledge graph and roadmap planning for AI in the Norwegian municipal sector."""
__version__ = "0.1.0"
