import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlite_utils

from mirror import MirrorServer

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"
# The seeds, gold data and record schema this project is held to (shared/README.md).
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def mirror():
    """The bundled mirror on a free loopback port for the whole test session."""
    with MirrorServer() as server:
        yield server


@pytest.fixture
def fresh_mirror():
    """A mirror of its own, for tests that read its request log."""
    with MirrorServer() as server:
        yield server


def query(db: Path, sql: str, *params) -> list[tuple]:
    """Rows of an archive database, read on a connection of their own."""
    with closing(sqlite3.connect(db)) as conn:
        return conn.execute(sql, params).fetchall()


def run_archive(*args: str, timeout: int = 600,
                env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """The `archive` command as a user runs it, in a child process; `env` adds to its
    environment."""
    return subprocess.run([sys.executable, "-m", "archive", *args], cwd=REPO,
                          capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **env} if env else None)


@dataclass
class CrawledArchive:
    db_path: Path
    first: subprocess.CompletedProcess
    second: subprocess.CompletedProcess
    counts_after_first: dict[str, int]
    counts_after_second: dict[str, int]


def table_counts(db_path: Path) -> dict[str, int]:
    db = sqlite_utils.Database(db_path)
    return {name: db[name].count for name in db.table_names()}


@pytest.fixture(scope="session")
def crawled(tmp_path_factory) -> CrawledArchive:
    """The whole mirror crawled into a fresh archive twice, as `archive crawl --mirror` does, the
    second time re-checking every URL (`--all`), so that every page has two captures."""
    db_path = tmp_path_factory.mktemp("archive") / "archive.db"
    first = run_archive("crawl", "--mirror", "--db", str(db_path))
    after_first = table_counts(db_path)
    second = run_archive("crawl", "--mirror", "--all", "--db", str(db_path))
    return CrawledArchive(db_path, first, second, after_first, table_counts(db_path))
