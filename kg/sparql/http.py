"""HTTP to a SPARQL 1.1 store (Graph Store HTTP Protocol, Query): shared by the SPARQL
store exporter and importer. Standard library only; credentials never appear in messages."""
from __future__ import annotations

import base64
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

from kg.errors import InputError, KgError

TIMEOUT = 60.0


@dataclass
class StorePushReport:
    graphs: dict[str, int] = field(default_factory=dict)   # graph IRI -> triples
    seconds: float = 0.0


class StoreError(KgError):
    """The SPARQL store cannot be reached or refused a request."""


def check_url(url: str) -> str:
    p = urllib.parse.urlsplit(url)
    if p.scheme not in ("http", "https") or not p.hostname:
        raise InputError(f"'{url}' is not an http(s) URL of a SPARQL store.",
                         f"«{url}» er ikke en http(s)-URL til et SPARQL-lager.")
    return url


def request(method: str, url: str, *, data=None, headers: dict | None = None,
            auth: tuple[str, str] | None = None, timeout: float = TIMEOUT) -> bytes:
    """One HTTP request (``data``: bytes, or a file read as the body); failures become a
    StoreError in nb and en (no credentials shown)."""
    h = dict(headers or {})
    if auth:
        h["Authorization"] = "Basic " + base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode()
    req = urllib.request.Request(url, data=data, method=method, headers=h)
    shown = url.split("?", 1)[0]
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.read()
    except urllib.error.HTTPError as e:
        body = e.read()[:300].decode("utf-8", "replace").strip()
        if e.code in (401, 403):
            raise StoreError(f"The SPARQL store at {shown} refused access (HTTP {e.code}).",
                             f"SPARQL-lageret på {shown} nektet tilgang (HTTP {e.code}).",
                             hint_en="Check SPARQL_USER and SPARQL_PASSWORD.",
                             hint_nb="Sjekk SPARQL_USER og SPARQL_PASSWORD.") from None
        raise StoreError(f"The SPARQL store at {shown} answered HTTP {e.code} to {method}: {body}",
                         f"SPARQL-lageret på {shown} svarte HTTP {e.code} på {method}: {body}") from None
    except (urllib.error.URLError, OSError) as e:
        reason = getattr(e, "reason", e)
        raise StoreError(f"Cannot reach the SPARQL store at {shown}: {reason}",
                         f"Får ikke kontakt med SPARQL-lageret på {shown}: {reason}",
                         hint_en="Is the server running, and is the URL its Graph Store endpoint?",
                         hint_nb="Kjører tjeneren, og er URL-en dens Graph Store-endepunkt?") from None


def graph_url(store: str, graph: str | None) -> str:
    sep = "&" if "?" in store else "?"
    return store + sep + (urllib.parse.urlencode({"graph": graph}) if graph else "default")




def select(query_url: str, sparql: str, *, auth=None) -> list[dict]:
    """A SELECT over the SPARQL protocol (POST, form-encoded); rows as {var: value}."""
    import json
    data = urllib.parse.urlencode({"query": sparql}).encode()
    body = request("POST", query_url, data=data, auth=auth, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"})
    try:
        res = json.loads(body)
        return [{k: v["value"] for k, v in b.items()} for b in res["results"]["bindings"]]
    except (ValueError, KeyError, TypeError):
        raise StoreError(f"The SPARQL endpoint at {query_url} did not answer with SPARQL JSON results.",
                         f"SPARQL-endepunktet på {query_url} svarte ikke med SPARQL JSON-resultater.") from None
