"""`kg serve`: the roadmap in the browser.

A FastAPI application whose pages are rendered on the server (Jinja2), with htmx for
partial updates and Cytoscape.js for the dependency explorer; both ship inside the package
(``static/vendor``, fetched from the npm registry by ``scripts/vendor-js.sh``), so the
pages work offline. Every page has a JSON twin under ``/api/`` with the result types of
the CLI's ``--format json``, described at ``/api/openapi.json``.

Like ``kg.cli`` this is a front door: it parses a request, calls the same library
functions as the commands (``kg.queries``, ``kg.check.engine``, ``kg.facade`` …), and renders
the result; it never calls the CLI's code.

    from kg.web import create_app
    app = create_app("kg-data", read_only=True)
"""
from __future__ import annotations

from kg.web.app import Settings, create_app
