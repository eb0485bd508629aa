"""A real Apache Jena Fuseki (SPARQL 1.1 Query, Update, Graph Store protocol) for these
tests, built from Maven Central (tests/stores/fuseki) and started once per session."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from _support import need_tools, one_worker

_spec = importlib.util.spec_from_file_location(
    "kg_test_launcher_stores", Path(__file__).parent.parent / "neo4j" / "server" / "launcher.py")
launcher = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(launcher)


@pytest.fixture(scope="session")
@one_worker("fuseki")
def fuseki():
    need_tools(launcher.missing_tools(), "install a JDK 17+ and Maven to run the Fuseki tests")
    srv = launcher.start_fuseki()
    yield srv
    srv.stop()
