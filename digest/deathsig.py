"""A child process that ends with its parent: the kernel's parent-death signal (Linux)."""

from __future__ import annotations

import signal
import sys

#: prctl's option that sets the signal a process gets when its parent ends.
PR_SET_PDEATHSIG = 1


def die_with_parent() -> bool:
    """Ask the kernel to SIGKILL this process when its parent ends (Linux); False where it cannot."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes  # here: only children need it

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        arg = ctypes.c_ulong  # prctl is variadic: pass full-width arguments
        return libc.prctl(ctypes.c_int(PR_SET_PDEATHSIG), arg(signal.SIGKILL), arg(0), arg(0), arg(0)) == 0
    except (OSError, AttributeError):
        return False
