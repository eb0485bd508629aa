"""The cyclic garbage collector paused while a command makes many small objects that hold
no cycles (an import's rows, a report's roadmap records): reference counting still frees
them, and the collector does not walk them again and again while they are made."""
from __future__ import annotations

from contextlib import contextmanager


@contextmanager
def paused_gc(*, freeze: bool = False):
    """The cyclic garbage collector off for a while (reference counting still frees
    everything that is not in a cycle). A large sheet makes hundreds of thousands of
    small objects, none of them in a cycle: the collector would walk all of them again
    and again while they are made (a tenth of an import's time).

    Turned on again, it walks once more every object made meanwhile, at the next
    allocation. ``freeze`` (for a command that ends soon after, ``kg import``) moves them
    out of its sight first (:func:`gc.freeze`): they are still freed when unused, and
    neither that walk nor the one at the interpreter's exit looks at them."""
    import gc
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            if freeze:
                gc.freeze()
            gc.enable()
