"""The dependency-cycle rule on long chains (issue #20: it grew with the square of a chain's
length). Correctness only; speed is measured in bench/."""
from __future__ import annotations

from kg.check import engine as checking
from tests.check.helpers import ID, mem_ws


def _chain(n: int, loop: bool, tail: int = 0) -> str:
    # c0 ← c1 ← … ← c(n-1): each requires the one before; with ``loop`` c0 requires the last;
    # ``tail`` more initiatives hang after the loop (they wait on it but are not on it)
    out = [f"kgid:c{i} a kg:Initiative ; kg:dependsOn kgid:c{i - 1} ." for i in range(1, n)]
    out.append("kgid:c0 a kg:Initiative" + (f" ; kg:dependsOn kgid:c{n - 1}" if loop else "") + " .")
    out += [f"kgid:t{i} a kg:Initiative ; kg:dependsOn kgid:c0 ." for i in range(tail)]
    return "\n".join(out)


def test_long_loop_every_member_found_and_nothing_else():
    rs = checking.check(mem_ws(_chain(3000, loop=True, tail=5)), codes=["dependency-cycle"]).results
    assert {r.focus for r in rs} == {ID + f"c{i}" for i in range(3000)}
    assert {r.path for r in rs} == {"https://w3id.org/kommune-ki/ont#dependsOn"}


def test_long_chain_without_loop_is_clean():
    assert checking.check(mem_ws(_chain(3000, loop=False)), codes=["dependency-cycle"]).results == []


def test_same_results_as_pyshacl_on_a_small_loop():
    ws = mem_ws(_chain(12, loop=True, tail=2) + "\nkgid:s a kg:Initiative ; kg:dependsOn kgid:s .")
    fast = checking.check(ws, codes=["dependency-cycle"])
    ref = checking.check(ws, codes=["dependency-cycle"], engine="pyshacl")
    assert fast.keys() == ref.keys() and len(fast.results) == 13


def test_a_loop_through_a_node_that_is_not_an_initiative():
    # c0 → x → c0, x untyped; c1 → c1 a self-loop; d → c0 waits on the loop, not on it.
    # Only the nodes on a loop that are initiatives (the shape's targets) are reported:
    # c0 and c1, not x (on the loop, not a target) nor d (a target, not on a loop)
    ws = mem_ws("kgid:c0 a kg:Initiative ; kg:dependsOn kgid:x .\nkgid:x kg:dependsOn kgid:c0 .\n"
                "kgid:c1 a kg:Initiative ; kg:dependsOn kgid:c1 .\nkgid:d a kg:Initiative ; kg:dependsOn kgid:c0 .")
    fast = checking.check(ws, codes=["dependency-cycle"])
    assert {r.focus for r in fast.results} == {ID + "c0", ID + "c1"}
    assert fast.keys() == checking.check(ws, codes=["dependency-cycle"], engine="pyshacl").keys()
