"""One malloc heap for the whole process (glibc), so a long ingest's memory stays flat.

glibc gives a thread that allocates while another holds the main heap an arena of its own.
The ingest's writer thread (see :class:`whimbrel.pipeline._WriteBehind`) allocates the
column lists of each batch and DuckDB's results there, the main thread frees many of them,
and that arena's free space fragments: measured, resident memory grew by about 5 MB per 1,000
articles written. With one arena (``M_ARENA_MAX`` = 1, what ``MALLOC_ARENA_MAX=1`` does)
the growth is gone and speed is unchanged (see benchmarks/README.md). Elsewhere than glibc
this does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools

M_ARENA_MAX = -8  # glibc's mallopt parameter number


@functools.cache
def one_heap() -> bool:
    """Ask glibc to keep to one heap from now on; True if it agreed. Done once per process."""
    name = ctypes.util.find_library("c")
    if not name:
        return False
    try:
        libc = ctypes.CDLL(name)
        return bool(libc.mallopt(M_ARENA_MAX, 1))
    except (OSError, AttributeError):
        return False
