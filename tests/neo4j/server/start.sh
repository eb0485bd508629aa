#!/usr/bin/env bash
# make neo4j-up / make neo4j-down: the test Neo4j (embedded 5.x community, from Maven
# Central) in the background on 127.0.0.1, its data in .neo4j/data.
#   up    build if needed, start, print the URI (password: see launcher.py TEST_PASSWORD)
#   down  stop it
set -euo pipefail
cd "$(dirname "$0")/../../.."
PY=${PY:-.venv/bin/python}
DIR=.neo4j
case "${1:-up}" in
  up)
    mkdir -p "$DIR"
    if [ -f "$DIR/pid" ] && kill -0 "$(cat "$DIR/pid")" 2>/dev/null; then
      echo "already running: $(cat "$DIR/url")"; exit 0
    fi
    rm -f "$DIR/url"
    nohup "$PY" tests/neo4j/server/launcher.py neo4j "$DIR/data" --url-file "$DIR/url" \
      </dev/null >"$DIR/log" 2>&1 &
    echo $! >"$DIR/pid"
    for _ in $(seq 1 600); do
      [ -s "$DIR/url" ] && break
      kill -0 "$(cat "$DIR/pid")" 2>/dev/null || { cat "$DIR/log"; exit 1; }
      sleep 1
    done
    echo "Neo4j: $(cat "$DIR/url")  user neo4j  password kg-test-Passw0rd"
    echo "export NEO4J_URI=$(cat "$DIR/url") NEO4J_PASSWORD=kg-test-Passw0rd"
    ;;
  down)
    if [ -f "$DIR/pid" ]; then
      kill "$(cat "$DIR/pid")" 2>/dev/null || true
      rm -f "$DIR/pid" "$DIR/url"
      echo "stopped"
    fi
    ;;
  *) echo "usage: $0 up|down" >&2; exit 2 ;;
esac
