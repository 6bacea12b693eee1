"""Results of an expensive read, shared for a short while by every user of one process.

For reads whose result is the same for everyone allowed to ask (the network's score charts):
the key must hold every input of the result; the caller checks the right before asking.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T")


class Recent(Generic[T]):
    """At most `size` results, each served for `seconds` after it was made (thread-safe)."""

    def __init__(self, seconds: float, size: int = 64, clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds, self.size, self._clock = seconds, size, clock
        self._items: OrderedDict[Hashable, tuple[float, T]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        """The result for `key`: a recent one, or `make()` (two callers missing at once both make it)."""
        now = self._clock()
        with self._lock:
            hit = self._items.get(key)
            if hit is not None and now - hit[0] < self.seconds:
                return hit[1]
        value = make()
        with self._lock:
            self._items[key] = (now, value)
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value
