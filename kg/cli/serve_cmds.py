"""`kg serve`: the roadmap in the browser (kg.web), on 127.0.0.1 unless told otherwise."""
from __future__ import annotations

import os

import click

from kg.cli import cli
from kg.errors import UsageError


@cli.command("serve", epilog="""\b
Examples:
  kg serve                                  # http://127.0.0.1:8000, reading open, no writes
  KG_SERVE_TOKEN=… kg serve                 # writes (import, snapshot, scenario) with the token
  kg serve --port 8080 --read-only
  KG_SERVE_TOKEN=… kg serve --host 0.0.0.0  # other machines: only with the token
  kg serve --no-sparql

The token comes from the environment only (KG_SERVE_TOKEN), never from an argument.""")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but loopback needs KG_SERVE_TOKEN.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option("--read-only", is_flag=True, help="No writes at all, token or not.")
@click.option("--no-sparql", is_flag=True, help="Turn the /sparql page and /api/sparql off.")
@click.pass_obj
def serve(obj, host, port, read_only, no_sparql):
    """Serve the workspace as a web application: overview, search, node pages, dependency
    explorer, timeline, board, gaps, what-if, import, downloads, SPARQL; every page has a
    JSON twin under /api/ (described at /api/openapi.json).
    """
    from kg.web.app import is_loopback
    from kg.store.workspace import Workspace
    token = os.environ.get("KG_SERVE_TOKEN") or None
    if not is_loopback(host) and not token:
        raise UsageError(
            f"--host {host} is reachable from other machines; set KG_SERVE_TOKEN in the environment.",
            f"--host {host} kan nås fra andre maskiner; sett KG_SERVE_TOKEN i miljøet.")
    # a clear message now if there is no workspace, not on the first page; the read-only
    # store handle opened here is the one the first requests reuse
    with Workspace.open(obj.data, reuse=True):
        pass
    import uvicorn

    from kg.web import create_app
    app = create_app(obj.data, read_only=read_only, sparql=not no_sparql, token=token, host=host,
                     default_lang=obj.lang)
    shown = f"[{host}]" if ":" in host else host
    click.echo(obj.t(f"kg serve: http://{shown}:{port}/ (Ctrl+C stopper)",
                     f"kg serve: http://{shown}:{port}/ (Ctrl+C stops)"), err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False, server_header=False)
