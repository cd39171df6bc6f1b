"""A full disk on demand, without root: `archive` run in a child process whose database cannot
grow past a number of pages (SQLite's `max_page_count`, set on every connection the archive
opens), or whose every file is capped at a number of bytes (RLIMIT_FSIZE: a write past it fails
with EFBIG, as a full disk's fails with ENOSPC).

    python -m tests.full_disk PAGES -- crawl --mirror-url URL --db PATH
"""

from __future__ import annotations

import resource
import signal
import subprocess
import sys

from tests.conftest import REPO


def run_capped(*args: str, max_pages: int = 0, max_file_bytes: int = 0,
               timeout: int = 300) -> subprocess.CompletedProcess:
    """`archive ARGS` with the database capped at `max_pages` pages and every file the process
    writes at `max_file_bytes` bytes (0: no cap)."""

    def cap_files() -> None:
        if max_file_bytes:
            # Without this, the kernel ends the process with SIGXFSZ instead of failing the write.
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (max_file_bytes, max_file_bytes))

    return subprocess.run([sys.executable, "-m", "tests.full_disk", str(max_pages), "--", *args],
                          cwd=REPO, capture_output=True, text=True, timeout=timeout,
                          preexec_fn=cap_files)


def main() -> None:
    max_pages = int(sys.argv[1])
    args = sys.argv[sys.argv.index("--") + 1:]
    if max_pages:
        import archive.storage.store
        from archive.storage.schema import connect

        def capped(path: str):
            db = connect(path)
            db.conn.execute(f"PRAGMA max_page_count = {max_pages}")
            return db

        archive.storage.store.connect = capped
    from archive.cli import cli

    cli(args, prog_name="archive")


if __name__ == "__main__":
    main()
