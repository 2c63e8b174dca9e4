"""Where chiptalent keeps things: the knowledge base it reads and the data it writes.

Both are configurable through the environment, so tests, CI and an adviser's server
can point them elsewhere:
- CHIPTALENT_KB: the knowledge-base directory (default: the bundled `kb/data`);
- CHIPTALENT_DATA_DIR: caches and the search index (default: the user's data directory).
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parent.parent


def kb_dir(override: str | os.PathLike | None = None) -> Path:
    if override:
        return Path(override)
    env = os.environ.get("CHIPTALENT_KB")
    if env:
        return Path(env)
    from chiptalent.kb.loader import BUNDLED_KB
    return BUNDLED_KB


# The data directories made by this process: every request asks for its directory,
# and a mkdir (a system call) each time was a measurable part of a search.
_made: set[Path] = set()


def data_dir(override: str | os.PathLike | None = None) -> Path:
    if override:
        path = Path(override)
    elif os.environ.get("CHIPTALENT_DATA_DIR"):
        path = Path(os.environ["CHIPTALENT_DATA_DIR"])
    else:
        import platformdirs
        path = Path(platformdirs.user_data_dir("chiptalent", appauthor=False))
    if path not in _made or not path.is_dir():
        path.mkdir(parents=True, exist_ok=True)
        _made.add(path)
    return path
