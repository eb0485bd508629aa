"""kg: knowledge graph and roadmap planning for AI in the Norwegian municipal sector.

For Python users (docs/api.md)::

    import kg
    ws = kg.open("kg-data")
    ws.query("deps", "ki-plattform", direction="up")
"""
__version__ = "0.1.0"

from kg.api import Diagram, Workspace, init, open  # noqa: E402,F401,A004 (the Python front door)
from kg.i18n import Text  # noqa: E402,F401

__all__ = ["Diagram", "Text", "Workspace", "init", "open", "__version__"]
