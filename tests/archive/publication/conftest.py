import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from archive.publication.public import public_copy
from tests.conftest import REPO
from tests.serving import served

sys.path.insert(0, str(REPO / "bench"))
from synthetic_archive import build  # noqa: E402


@dataclass
class SyntheticCopy:
    base: str  # the served site
    copy: Path  # the public copy it serves


@pytest.fixture(scope="session")
def synthetic(tmp_path_factory) -> SyntheticCopy:
    """A 20,000-page synthetic archive (bench/synthetic_archive.py), whose broadest words match
    most of its pages, served as `archive serve --public` serves it."""
    db = tmp_path_factory.mktemp("synthetic") / "archive.db"
    build(db, 20_000, report=lambda line: None)
    copy = public_copy(db).path
    with served(db, "--public") as base:
        yield SyntheticCopy(base, copy)
