"""Build and start the real servers the tests (and the benchmark) use: an embedded Neo4j 5
community DBMS (tests/neo4j/server) and Apache Jena Fuseki (tests/stores/fuseki), both from
Maven Central, both on 127.0.0.1 only.

The Maven build runs once (cached in ~/.m2 and each project's target/); a server is a Java
child process that prints ``READY <url>`` when it serves and stops when its standard
input closes, so it never outlives the process that started it.

    python tests/neo4j/server/launcher.py neo4j [HOME_DIR]   # manual use: prints the URI, Ctrl-C stops
    make neo4j-up / make neo4j-down                          # the same in the background
"""
from __future__ import annotations

import fcntl
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
NEO4J_PROJECT = HERE
FUSEKI_PROJECT = HERE.parent.parent / "stores" / "fuseki"
TEST_PASSWORD = "kg-test-Passw0rd"


class LaunchError(RuntimeError):
    pass


def missing_tools() -> list[str]:
    return [t for t in ("java", "mvn") if not shutil.which(t)]


def build(project: Path, timeout: float = 900) -> str:
    """``mvn package`` the launcher project if needed; returns its Java classpath.

    One build at a time on this machine (a file lock): two test workers, or a test run and
    the benchmark, would otherwise build the same target/ and fill ~/.m2 at once."""
    with open(Path(tempfile.gettempdir()) / "kg-test-mvn.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return _build(project, timeout)


def _build(project: Path, timeout: float) -> str:
    cp_file = project / "target" / "classpath.txt"
    classes = project / "target" / "classes"
    sources = [project / "pom.xml", *(project / "src").rglob("*.java")]
    fresh = cp_file.exists() and classes.exists() and all(
        cp_file.stat().st_mtime >= s.stat().st_mtime for s in sources)
    if fresh:
        jars = cp_file.read_text().strip().split(os.pathsep)
        fresh = all(Path(j).exists() for j in jars if j)
    if not fresh:
        r = subprocess.run(["mvn", "-q", "-B", "package", "-DskipTests"], cwd=project,
                           capture_output=True, text=True, timeout=timeout)
        if r.returncode != 0:
            raise LaunchError(f"mvn package failed in {project}:\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}")
        os.utime(cp_file)
    return f"{classes}{os.pathsep}{cp_file.read_text().strip()}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A running Java server process. ``stop()`` closes its stdin and waits; ``kill()``
    ends it at once (SIGKILL), as a crash would."""

    def __init__(self, proc: subprocess.Popen, url: str, log: Path, home: Path | None = None):
        self.proc, self.url, self.log, self.home = proc, url, log, home
        self.password = TEST_PASSWORD

    def alive(self) -> bool:
        return self.proc.poll() is None

    def stop(self, timeout: float = 30) -> None:
        if self.proc.poll() is None:
            try:
                self.proc.stdin.close()
            except OSError:
                pass
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def _start(cmd: list[str], env: dict, log: Path, timeout: float) -> tuple[subprocess.Popen, str]:
    out = open(log, "w")
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=out,
                            text=True, env=env)
    found: list[str] = []

    def reader():
        for line in proc.stdout:
            out.write(line)
            out.flush()
            if line.startswith("READY ") and not found:
                found.append(line.split()[1])
    t = threading.Thread(target=reader, daemon=True)
    t.start()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not found and proc.poll() is None:
        time.sleep(0.2)
    if not found:
        proc.kill()
        proc.wait()
        raise LaunchError(f"server did not start (see {log}):\n{log.read_text()[-3000:]}")
    return proc, found[0]


def start_neo4j(home: str | Path | None = None, port: int | None = None, heap: str = "1g",
                timeout: float = 180) -> Server:
    """Start Neo4j with its data in ``home`` (a new temp dir if None; reuse it to restart
    on the same data). The password of user ``neo4j`` is TEST_PASSWORD."""
    cp = build(NEO4J_PROJECT)
    home = Path(home or tempfile.mkdtemp(prefix="kg-neo4j-"))
    home.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, NEO4J_TEST_PASSWORD=TEST_PASSWORD)
    # a free port is only free until someone binds it (another test worker may): without a
    # port given, a server that could not bind tries another one
    for attempt in range(1 if port else 3):
        cmd = ["java", f"-Xmx{heap}", "-XX:+UseParallelGC", "-cp", cp, "kgtest.Neo4jServer", str(home),
               str(port or free_port())]
        try:
            proc, url = _start(cmd, env, home / "launcher.log", timeout)
            break
        except LaunchError as e:
            if port or attempt == 2 or "address already in use" not in str(e).lower():
                raise
    return Server(proc, url, home / "launcher.log", home)


def start_fuseki(port: int = 0, timeout: float = 120) -> Server:
    cp = build(FUSEKI_PROJECT)
    log = Path(tempfile.mkdtemp(prefix="kg-fuseki-")) / "launcher.log"
    cmd = ["java", "-Xmx512m", "-cp", cp, "kgtest.FusekiLauncher", str(port)]
    proc, url = _start(cmd, dict(os.environ), log, timeout)
    return Server(proc, url, log)


def main(argv: list[str]) -> None:
    """python launcher.py neo4j|fuseki [HOME] [--url-file F]: start, print the URL, and
    stop on end of input or on SIGTERM/SIGINT."""
    import signal
    args = [a for a in argv if not a.startswith("--")]
    url_file = None
    if "--url-file" in argv:
        url_file = argv[argv.index("--url-file") + 1]
        args = [a for a in args if a != url_file]
    kind = args[0] if args else "neo4j"
    srv = start_neo4j(args[1] if len(args) > 1 else None) if kind == "neo4j" else start_fuseki()
    print(srv.url, flush=True)
    if kind == "neo4j":
        print(f"user neo4j, password {TEST_PASSWORD}", flush=True)
    if url_file:
        Path(url_file).write_text(srv.url + "\n")
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *a: stop.set())
    signal.signal(signal.SIGINT, lambda *a: stop.set())
    if sys.stdin.isatty():
        threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
    try:
        while not stop.is_set() and srv.alive():
            stop.wait(0.5)
    finally:
        srv.stop()


if __name__ == "__main__":
    main(sys.argv[1:])
