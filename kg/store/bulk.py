"""Loading a large RDF file with every usable core.

One call of Oxigraph's bulk loader keeps about one core busy here (measured: a 1M-triple
Turtle file takes it about 12 s of wall time and as much CPU time). Cut into pieces at statement boundaries and loaded by one bulk loader per core into
the same store, the same file loads in about half that, and with a smaller peak of memory
(each loader holds only its piece's batch).

A file is cut only where a cut is provably harmless:

- N-Triples and N-Quads: every line is a statement, so any line end is a boundary;
- Turtle: the file's directives (``@prefix``, ``@base``, ``PREFIX``, ``BASE``) all stand
  alone on their lines before its first statement (the header, which parsed alone gives no
  triple) and are repeated at the top of every piece; nothing further down reads like a
  directive, in any case or spacing, even inside a literal; the file holds no
  long literal (``\"\"\"`` or ``'''``, the only construct that lets a line end fall inside a
  term), and a piece ends at a line ending in `` .`` followed by a line that starts a new
  statement at the left margin;
- in no format when the file names a blank node (``_:x``): Oxigraph gives the blank nodes
  of each parse fresh identities, so one node named in two pieces would become two.

A cut in a wrong place cannot go unnoticed: a piece that starts at a statement boundary
and does not end at one fails to parse (it ends inside a statement). When any piece fails,
the file is read once more in one piece: the user then gets the parser's own message with
its true line, or, were a cut ever wrong for a valid file, the graph is emptied and loaded
in one piece.
"""
from __future__ import annotations

import mmap
import os
import re
from concurrent.futures import ThreadPoolExecutor

import pyoxigraph as ox

PIECE_BYTES = 12 << 20      # a piece's size: ~300k triples of Turtle; smaller pieces peak lower in memory
MIN_SPLIT_BYTES = 8 << 20   # below this a file is loaded in one piece (the pieces' fixed costs would outweigh)

# a whole directive alone on its line (a comment may follow): the only lines a header holds
# (Turtle's @prefix/@base are lower case; a wrong case fails the header's own parse below)
_IRI = rb"<[^<>\s]*>"
_HEADER_LINE = re.compile(
    rb"[ \t]*(?:@prefix[ \t]+[^\s:<>]*:[ \t]*" + _IRI + rb"[ \t]*\.|@base[ \t]+" + _IRI + rb"[ \t]*\."
    rb"|prefix[ \t]+[^\s:<>]*:[ \t]*" + _IRI + rb"|base[ \t]+" + _IRI + rb")[ \t]*(?:#[^\n]*)?\r?\n?",
    re.IGNORECASE)
# what may stand between a keyword's tokens: white space and comments
_GAP = rb"(?:\s|#[^\n]*(?:\n|$))*"
_AFTER_PREFIX = re.compile(_GAP + rb"[^\s:<>#]*:" + _GAP + rb"<")
_AFTER_BASE = re.compile(_GAP + rb"<")
_SCAN = 8 << 20   # the body is searched for directive words this many bytes at a time
_LINE_FORMATS = {ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS}


def cores() -> int:
    """The cores this process may run on (its CPU affinity, else the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):   # no affinity on this system
        return os.cpu_count() or 1


def _name_byte(b: int) -> bool:
    """Whether byte ``b`` can stand in a prefixed name just before a keyword (then the
    keyword is part of that name, e.g. ``ex:base``)."""
    return b >= 0x80 or chr(b).isalnum() or b in b"_:-"


def _directive_in(data, start: int) -> bool:
    """Whether a directive (``@prefix``, ``@base``, ``PREFIX p: <…>``, ``BASE <…>`` in any
    case, tokens apart by white space or comments) may stand anywhere from ``start`` on.
    Errs towards yes: a word in a literal that reads like one also counts."""
    n = len(data)
    for at in range(start, n, _SCAN):
        chunk = data[at:min(n, at + _SCAN + 16)].lower()   # the overlap finds a word cut in two
        for word, after in ((b"prefix", _AFTER_PREFIX), (b"base", _AFTER_BASE)):
            j = chunk.find(word)
            while j >= 0:
                k = at + j
                before = data[k - 1] if k > 0 else 0x0A
                if before == 0x40:   # '@'
                    return True
                if not _name_byte(before) and after.match(data, k + len(word)):
                    return True
                j = chunk.find(word, j + 1)
    return False


def _header_end(data) -> int | None:
    """Where the Turtle file's leading directives, blank lines and comments end; None when
    the header is not directives alone or a directive also stands further down (a piece
    could not repeat it in its place)."""
    pos, n = 0, len(data)
    while pos < n:
        nl = data.find(b"\n", pos)
        end = n if nl < 0 else nl + 1
        line = data[pos:end].strip()
        if line and not line.startswith(b"#") and not _HEADER_LINE.fullmatch(data, pos, end):
            break
        pos = end
    try:   # the header alone must be directives only: no triple, no error
        if any(True for _ in ox.parse(bytes(data[:pos]), format=ox.RdfFormat.TURTLE)):
            return None
    except SyntaxError:
        return None
    if _directive_in(data, pos):
        return None
    return pos


def _boundary(data, pos: int, line_format: bool) -> int | None:
    """The first statement boundary at or after ``pos`` (the offset just after a line end)."""
    n = len(data)
    while pos < n:
        nl = data.find(b"\n", pos)
        if nl < 0 or nl + 1 >= n:
            return None
        if line_format:
            return nl + 1
        if data[pos:nl].rstrip(b" \t\r").endswith(b".") and data[nl + 1:nl + 2] not in (b" ", b"\t", b"\r", b"\n", b"#"):
            return nl + 1
        pos = nl + 1
    return None


def pieces(data, fmt: ox.RdfFormat, ways: int, piece_bytes: int = PIECE_BYTES) -> tuple[bytes, list[tuple[int, int]]] | None:
    """The file cut at statement boundaries: (header to repeat, [(start, end), …]), or None
    when the file cannot be cut safely (see the module's text) or is one piece anyway."""
    line_format = fmt in _LINE_FORMATS
    if fmt != ox.RdfFormat.TURTLE and not line_format:
        return None
    if data.find(b"_:") >= 0:
        return None
    if line_format:
        head = 0
    else:
        if data.find(b'"""') >= 0 or data.find(b"'''") >= 0:
            return None
        head = _header_end(data)
        if head is None:
            return None
    body = len(data) - head
    count = max(ways, -(-body // piece_bytes))
    bounds, start = [], head
    for k in range(1, count):
        cut = _boundary(data, max(start, head + body * k // count), line_format)
        if cut is None:
            break
        if cut > start:
            bounds.append((start, cut))
            start = cut
    bounds.append((start, len(data)))
    if len(bounds) < 2:
        return None
    return bytes(data[:head]), bounds


class _Piece:
    """A file-like reader of the header and one piece of a mapped file (no copy of the piece)."""

    def __init__(self, header: bytes, view: memoryview):
        self._parts = [memoryview(header), view]

    def read(self, size: int = -1) -> bytes:
        while self._parts:
            part = self._parts[0]
            if len(part):
                take = len(part) if size is None or size < 0 else min(size, len(part))
                self._parts[0] = part[take:]
                return bytes(part[:take])
            self._parts.pop(0)
        return b""


def load_file(store: ox.Store, path: str | os.PathLike, fmt: ox.RdfFormat, graph: ox.NamedNode,
              *, fresh: bool = True, workers: int | None = None, piece_bytes: int | None = None,
              min_bytes: int | None = None) -> int:
    """Bulk-load the RDF file at ``path`` into ``graph`` of ``store``; returns how many pieces
    it was loaded in (1: the plain bulk loader).

    ``fresh``: the graph holds nothing yet (only then may a failed piece's partners be undone
    by emptying the graph, so only then is the file cut). ``piece_bytes`` and ``min_bytes``
    default to PIECE_BYTES and MIN_SPLIT_BYTES. Raises SyntaxError as ``Store.bulk_load``
    does, with the message and line of the whole file.
    """
    ways = workers or cores()
    size = os.path.getsize(path)
    if not fresh or ways < 2 or size < (MIN_SPLIT_BYTES if min_bytes is None else min_bytes):
        store.bulk_load(path=str(path), format=fmt, to_graph=graph)
        return 1
    with open(path, "rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
        cut = pieces(data, fmt, ways, piece_bytes or PIECE_BYTES)
        if cut is None:
            store.bulk_load(path=str(path), format=fmt, to_graph=graph)
            return 1
        header, bounds = cut
        view = memoryview(data)
        try:
            def load(bound: tuple[int, int]) -> None:
                store.bulk_load(_Piece(header, view[bound[0]:bound[1]]), format=fmt, to_graph=graph)

            with ThreadPoolExecutor(min(ways, len(bounds))) as pool:
                failed = [f.exception() for f in [pool.submit(load, b) for b in bounds]]
        finally:
            view.release()
    if not any(failed):
        return len(bounds)
    for e in failed:
        if e is not None and not isinstance(e, SyntaxError):
            raise e   # a disk or system error: nothing to learn from reading the file again
    # a piece failed: read the whole file in one piece for the parser's true message and line
    # (the caller's store is thrown away on that error), or, were the file valid after all,
    # load it again in one piece into the emptied graph
    for _ in ox.parse(path=str(path), format=fmt):
        pass
    store.clear_graph(graph)
    store.bulk_load(path=str(path), format=fmt, to_graph=graph)
    return 1

