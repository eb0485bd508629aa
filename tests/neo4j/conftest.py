"""A real Neo4j 5 server for these tests, built from Maven Central and started once per
session (tests/neo4j/server). Under CI=true a missing java/mvn or a server that will not
start fails the tests; elsewhere a missing java/mvn skips them with what to install."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from _support import need_tools, one_worker

_spec = importlib.util.spec_from_file_location("kg_test_launcher", Path(__file__).parent / "server" / "launcher.py")
launcher = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(launcher)


def _need_java():
    need_tools(launcher.missing_tools(),
               "install a JDK 17+ and Maven (apt-get install openjdk-17-jdk-headless maven) to run the Neo4j tests")


@pytest.fixture(scope="session")
@one_worker("neo4j")   # one server per run; the kill-and-restart tests beside it
def neo4j_server(tmp_path_factory):
    """A running Neo4j (launcher.Server: .url, .password, .home, .kill(), .stop())."""
    _need_java()
    srv = launcher.start_neo4j(tmp_path_factory.mktemp("neo4j-home"))
    yield srv
    srv.stop()


@pytest.fixture
def neo4j_env(neo4j_server):
    """Environment for the CLI: NEO4J_URI and NEO4J_PASSWORD of the test server."""
    return {"NEO4J_URI": neo4j_server.url, "NEO4J_PASSWORD": neo4j_server.password, "NEO4J_USER": "neo4j"}


@pytest.fixture
def neo4j_conn(neo4j_server):
    """A connection to an emptied test database."""
    from kg.neo4j.connection import connect
    conn = connect(neo4j_server.url, "neo4j", neo4j_server.password)
    conn.run_auto("MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS")
    yield conn
    conn.close()


@pytest.fixture
@one_worker("neo4j")
def neo4j_launcher():
    """The launcher module, for tests that start (and kill) their own server."""
    _need_java()
    return launcher
