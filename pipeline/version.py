"""Which extractor made a record. Re-extraction months later must be able to tell records made
by today's rules from older ones, without anyone remembering to bump a number: the version is the
package's plus a digest of the pipeline's own source files."""

from __future__ import annotations

import hashlib
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

PACKAGE = "sociaalwerk-archief"


@cache
def extractor_version() -> str:
    digest = hashlib.sha256()
    root = Path(__file__).parent
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    try:
        release = version(PACKAGE)
    except PackageNotFoundError:
        release = "0"
    return f"{release}+{digest.hexdigest()[:12]}"
