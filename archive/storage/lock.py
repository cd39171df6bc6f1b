"""One crawl at a time per archive database. Two crawls writing one archive would interleave
their runs' counts and crawl state; a lock file beside the database, held with flock, keeps the
second out. The kernel drops the lock when its process ends, however it ends (SIGKILL too), so a
crashed crawl never leaves a stale lock behind. The lock file lies beside the database file itself:
a crawl through a symbolic link to the database takes the same lock as one through its own path.
(A hard link is not recognised: nothing tells it from a copy.)"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path


class CrawlLocked(OSError):
    """Another process is crawling into this database."""


class CrawlLock:
    def __init__(self, db_path: str | Path):
        self.path = Path(f"{Path(db_path).resolve()}.lock")
        self._fd: int | None = None

    def acquire(self) -> CrawlLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 64).decode(errors="replace").strip() or "unknown"
            os.close(fd)
            raise CrawlLocked(
                f"another crawl (pid {holder}) is writing to {self.path.with_suffix('')};"
                " wait for it to finish, it holds " + str(self.path)) from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor drops the flock
            self._fd = None

    def __enter__(self) -> CrawlLock:
        return self.acquire()

    def __exit__(self, *exc_info: object) -> None:
        self.release()
