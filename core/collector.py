"""Python's cyclic garbage collector, paused where a computation builds many objects at once.

The collector runs every few hundred new container objects and, now and then, walks every
object the process holds. A computation that builds a hundred thousand results while half a
million inputs are alive (a call's ranking) pays for those walks again and again, so its time
grows faster than its input. Where such a block creates no reference cycles, pausing the
collector for it costs no memory: plain reference counting frees everything it drops.
"""

import gc
from contextlib import contextmanager


@contextmanager
def collector_paused():
    """No cyclic collection inside the block (a decorator too). Only for code that creates no
    reference cycles. Leaves the collector as it found it: a block inside another, or in a
    process that turned it off, changes nothing."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
