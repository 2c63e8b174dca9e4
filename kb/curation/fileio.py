"""Durable file writes and locks shared by threads and processes.

- `atomic_write(path, data)`: a temporary file in the same folder, written and fsynced,
  renamed over the target with `os.replace`, then the folder fsynced, so a reader sees
  the old file or the new one, never half of one, and a crash (even SIGKILL) at any
  moment leaves the previous file intact.
- `FileLock(path)`: an exclusive `fcntl.flock` on a lock file. flock locks belong to the
  open file description, so two threads that each open the lock file exclude each other
  exactly as two processes do; the kernel drops the lock when a process dies, so a
  killed writer never leaves a source locked.

Lock files are separate from the files they guard: `os.replace` gives the guarded file
a new inode, and a lock held on the old inode would guard nothing.
"""

from __future__ import annotations

import errno
import fcntl
import os
import time
import uuid
from pathlib import Path
from typing import Callable

# Test hook: called with (temporary path, final path) after the temporary file is
# durable and before the rename. The crash test sets it in a child process to pause
# there and be killed; production code never sets it.
BEFORE_REPLACE: Callable[[Path, Path], None] | None = None

TMP_SUFFIX = ".tmp"


def temp_name(path: Path) -> Path:
    """A unique hidden temporary name beside `path` (never ending in .yaml: the loader
    reads `*.yaml` only, so a leftover temp file is not mistaken for knowledge)."""
    return path.with_name(f".{path.name}.{uuid.uuid4().hex[:12]}{TMP_SUFFIX}")


def fsync_dir(folder: Path) -> None:
    """Make a rename in `folder` durable (a no-op where directories cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError as exc:      # some file systems refuse fsync on a directory
        if exc.errno not in (errno.EINVAL, errno.EBADF):
            raise
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes, *, mode: int | None = None) -> None:
    """Replace `path` by `data` atomically and durably.

    `mode`: permission bits of the new file; by default those of the file it replaces,
    else 0o644 (less the umask).
    """
    path = Path(path)
    if mode is None:
        try:
            mode = path.stat().st_mode & 0o777
        except FileNotFoundError:
            mode = 0o644
    tmp = temp_name(path)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        try:
            os.fchmod(fd, mode)        # explicit: the umask must not widen or narrow it
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        if BEFORE_REPLACE is not None:
            BEFORE_REPLACE(tmp, path)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def sweep_temps(path: Path) -> None:
    """Remove temporary files a killed writer of `path` left behind.

    Call it only while holding the lock that guards `path`: then no live writer of
    `path` can own one of them.
    """
    for leftover in path.parent.glob(f".{path.name}.*{TMP_SUFFIX}"):
        leftover.unlink(missing_ok=True)


class LockTimeout(Exception):
    """The lock stayed taken for longer than the timeout."""


class FileLock:
    """An exclusive flock on `path`, waited for at most `timeout` seconds."""

    def __init__(self, path: Path, timeout: float = 30.0):
        self.path = Path(path)
        self.timeout = timeout
        self._fd: int | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + self.timeout
        delay = 0.001
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(fd)
                    raise LockTimeout(str(self.path)) from None
                # Short sleeps at first: most holders finish in milliseconds.
                time.sleep(delay)
                delay = min(delay * 2, 0.025)
            except BaseException:
                os.close(fd)
                raise
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            try:
                fcntl.flock(self._fd, fcntl.LOCK_UN)
            finally:
                os.close(self._fd)
                self._fd = None

    def __enter__(self) -> "FileLock":
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()
