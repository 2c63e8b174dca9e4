"""The command line as a user runs it: a fresh `python -m chiptalent.cli` process with its
own data directory, its output captured."""

from __future__ import annotations

import os
import subprocess
import sys


def chiptalent(*args, data_dir, timeout: int = 300) -> subprocess.CompletedProcess:
    """Run `chiptalent ARGS...` with CHIPTALENT_DATA_DIR=`data_dir`."""
    env = dict(os.environ, CHIPTALENT_DATA_DIR=str(data_dir))
    return subprocess.run([sys.executable, "-m", "chiptalent.cli", *args], env=env,
                          capture_output=True, text=True, timeout=timeout)
