"""The connection to a Neo4j server (a single instance, a cluster or Aura).

The password never comes from a command-line argument: the CLI reads it from
``NEO4J_PASSWORD`` or asks for it, and this module never puts it into a message. Every
failure the user can meet (server down, login refused, connection dropped mid-way, an
unknown database) becomes a KgError in nb and en within about ten seconds, because the
driver is configured with short connect and retry timeouts.
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from kg.errors import InputError, KgError

DEFAULT_URI = "bolt://localhost:7687"
CONNECT_TIMEOUT = 4.0      # seconds to open a TCP connection
RETRY_TIME = 2.0           # seconds the driver may retry a transaction on transient errors
ACQUIRE_TIMEOUT = 6.0      # seconds to get a connection from the pool
SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


class Neo4jError(KgError):
    """Neo4j cannot be reached, refused the login, or failed a statement."""


def safe_uri(uri: str) -> str:
    """The URI without any user info, for messages."""
    try:
        p = urlsplit(uri)
        if p.username or p.password:
            host = p.hostname or ""
            if p.port:
                host += f":{p.port}"
            return urlunsplit((p.scheme, host, p.path, "", ""))
    except ValueError:
        return "<invalid URI>"
    return uri


@dataclass
class Target:
    uri: str = DEFAULT_URI
    user: str = "neo4j"
    database: str | None = None

    def where(self) -> str:
        return safe_uri(self.uri) + (f" (database {self.database})" if self.database else "")


def check_uri(uri: str) -> str:
    p = urlsplit(uri)
    if p.scheme not in SCHEMES or not p.hostname:
        raise InputError(
            f"'{safe_uri(uri)}' is not a Neo4j URI (expected e.g. bolt://localhost:7687, neo4j+s://xxxx.databases.neo4j.io).",
            f"«{safe_uri(uri)}» er ikke en Neo4j-URI (forventet f.eks. bolt://localhost:7687, neo4j+s://xxxx.databases.neo4j.io).")
    return uri


def _translate(e: BaseException, target: Target, doing_en: str = "", doing_nb: str = "") -> KgError:
    """A driver exception as a clear message, without the password."""
    import neo4j.exceptions as ne
    where = target.where()
    if isinstance(e, ne.AuthError):
        return Neo4jError(
            f"Neo4j at {where} refused the login for user '{target.user}'.",
            f"Neo4j på {where} avviste innloggingen for brukeren «{target.user}».",
            hint_en="Check the user (--user) and the password in NEO4J_PASSWORD.",
            hint_nb="Sjekk brukeren (--user) og passordet i NEO4J_PASSWORD.")
    if isinstance(e, (ne.ServiceUnavailable, ne.SessionExpired, ConnectionError, OSError,
                      ne.IncompleteCommit)) or type(e).__name__ in ("BoltError", "SocketDeadlineExceededError"):
        if doing_en:
            return Neo4jError(
                f"The connection to Neo4j at {where} was lost {doing_en}.",
                f"Forbindelsen til Neo4j på {where} ble brutt {doing_nb}.",
                hint_en="Start the server again and re-run the same command: it picks up where it stopped, "
                        "and nothing is duplicated.",
                hint_nb="Start tjeneren igjen og kjør samme kommando på nytt: den fortsetter der den stoppet, "
                        "og ingenting blir duplisert.")
        return Neo4jError(
            f"Cannot reach Neo4j at {where}.",
            f"Får ikke kontakt med Neo4j på {where}.",
            hint_en="Is the server running, and are --uri (or NEO4J_URI) and the port right?",
            hint_nb="Kjører tjeneren, og er --uri (eller NEO4J_URI) og porten riktige?")
    if isinstance(e, ne.ClientError):
        code = getattr(e, "code", "") or ""
        msg = getattr(e, "message", None) or str(e)
        if "DatabaseNotFound" in code:
            return Neo4jError(f"Neo4j at {safe_uri(target.uri)} has no database '{target.database}'.",
                              f"Neo4j på {safe_uri(target.uri)} har ingen database «{target.database}».",
                              hint_en="Leave out --database for the default one.",
                              hint_nb="Utelat --database for å bruke standarddatabasen.")
        if "Syntax" in code or "Statement" in code or "Procedure" in code:
            return InputError(f"Neo4j rejected the Cypher: {msg}", f"Neo4j avviste Cypher-spørringen: {msg}")
        if "Forbidden" in code or "Security" in code:
            return Neo4jError(f"Neo4j at {where} refused: {msg}", f"Neo4j på {where} nektet: {msg}")
        return Neo4jError(f"Neo4j at {where} reported an error: {msg}", f"Neo4j på {where} meldte en feil: {msg}")
    if isinstance(e, ne.Neo4jError):
        msg = getattr(e, "message", None) or str(e)
        return Neo4jError(f"Neo4j at {where} reported an error: {msg}", f"Neo4j på {where} meldte en feil: {msg}")
    if isinstance(e, (ne.ConfigurationError, ValueError)):
        return InputError(f"Cannot use the Neo4j settings: {e}", f"Kan ikke bruke Neo4j-innstillingene: {e}")
    if isinstance(e, ne.DriverError):
        return Neo4jError(f"Neo4j at {where}: {type(e).__name__}: {e}", f"Neo4j på {where}: {type(e).__name__}: {e}")
    raise e




class Connection:
    """An open, verified connection. Use as a context manager."""

    def __init__(self, target: Target, password: str):
        import neo4j
        self.target = target
        check_uri(target.uri)
        try:
            self.driver = neo4j.GraphDatabase.driver(
                target.uri, auth=(target.user, password),
                connection_timeout=CONNECT_TIMEOUT, max_transaction_retry_time=RETRY_TIME,
                connection_acquisition_timeout=ACQUIRE_TIMEOUT, max_connection_pool_size=4,
                user_agent="kg-kommune-ki", notifications_min_severity="OFF")
        except Exception as e:  # bad URI or settings
            raise _translate(e, target) from None
        del password
        try:
            self.driver.verify_connectivity()
            with self.session() as s:
                s.run("RETURN 1").consume()
        except Exception as e:
            self.driver.close()
            raise _translate(e, target) from None

    @property
    def dynamic_names(self) -> bool:
        """True when the server takes labels and types as parameters (Neo4j 5.26+)."""
        import re as _re
        try:
            agent = self.driver.get_server_info().agent or ""
        except Exception:
            return False
        m = _re.search(r"(\d+)\.(\d+)", agent)
        return bool(m) and (int(m.group(1)), int(m.group(2))) >= (5, 26)

    def session(self, **kw):
        return self.driver.session(database=self.target.database, **kw)

    def read(self, cypher: str, **params) -> list[dict]:
        """A read query's rows as dicts (values as the driver gives them)."""
        try:
            with self.session(default_access_mode="READ") as s:
                return s.execute_read(lambda tx: [r.data() for r in tx.run(cypher, params)])
        except Exception as e:
            raise _translate(e, self.target) from None

    def stream(self, cypher: str, **params):
        """Rows of a (large) read query one by one, as tuples."""
        try:
            with self.session(default_access_mode="READ") as s:
                res = s.run(cypher, params)
                for rec in res:
                    yield tuple(rec.values())
        except Exception as e:
            raise _translate(e, self.target, "while reading", "under lesing") from None

    def write(self, work, doing_en: str = "", doing_nb: str = ""):
        """Run ``work(tx)`` in one write transaction (retried briefly on transient errors)."""
        try:
            with self.session() as s:
                return s.execute_write(work)
        except Exception as e:
            raise _translate(e, self.target, doing_en, doing_nb) from None

    def run_auto(self, cypher: str, doing_en: str = "", doing_nb: str = "", **params):
        """An auto-commit statement (needed for CALL … IN TRANSACTIONS)."""
        try:
            with self.session() as s:
                return s.run(cypher, params).consume()
        except Exception as e:
            raise _translate(e, self.target, doing_en, doing_nb) from None

    def query_type(self, cypher: str, **params) -> str:
        """'r', 'rw', 'w' or 's' from EXPLAIN, without running the query."""
        try:
            with self.session(default_access_mode="READ") as s:
                summary = s.run("EXPLAIN " + cypher, params).consume()
                return str(summary.query_type or "")
        except Exception as e:
            raise _translate(e, self.target) from None

    def close(self) -> None:
        self.driver.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def connect(uri: str | None = None, user: str | None = None, password: str | None = None,
            database: str | None = None) -> Connection:
    """Open and verify a connection. ``password`` must come from the environment or a
    prompt (the CLI's job), never from a command-line argument."""
    if password is None:
        raise Neo4jError("No Neo4j password: set NEO4J_PASSWORD.", "Mangler passord til Neo4j: sett NEO4J_PASSWORD.")
    return Connection(Target(uri or DEFAULT_URI, user or "neo4j", database or None), password)


