"""`archive replay`: pywb, the standard replay engine, over the archive's WARC files, so a page
can be seen as the crawler received it, links and all, at any of its capture times.

pywb runs as a program of its own (`wayback`), from an environment of its own: its pins
(cryptography < 48, pyOpenSSL < 26.2, Werkzeug, gevent, brotlipy, which Scrapy finds as an old
`brotli`) would change the crawler's own packages (docs/publishing.md, "Replay with pywb").
This module only lays out a pywb collection and starts `wayback` on it: a temporary folder with
`config.yaml` and `collections/archive/indexes/index.cdxj`, a CDXJ index built with cdxj-indexer
(pywb's own format) over the files in `captures/`, which pywb reads in place.

What the takedown register and `noarchive` withhold (withheld.py) is excluded by pywb's own access
control: an ACL file (`acl_paths`) with an exact-match `exclude` rule per withheld URL, which pywb
answers as if it held no capture of it (404), rewritten or as received (`id_`). Made
from the register each time `archive replay` starts, as the index is."""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import surt
import yaml

from archive.publication.server_process import bindable_port, run_server
from archive.publication.warc_files import archived_warc_files
from archive.publication.withheld import redirect_sources, withheld_urls
from archive.storage.files import captures_folder, check_archive, read_only

COLLECTION = "archive"
WAYBACK = "wayback"
# pywb's suffix of a rule for one URL alone; without it a rule covers every URL its key begins.
EXACT = "###"


@dataclass(frozen=True)
class Collection:
    warc_files: int  # indexed
    withheld: int  # URLs excluded


def wayback_program(configured: str | None = None) -> str:
    """The `wayback` to run: the one given, else the one beside this Python (pywb installed with
    the project, `.[replay]`), else the first on PATH. Raises ValueError when there is none."""
    if configured:
        if not (os.path.isfile(configured) and os.access(configured, os.X_OK)):
            raise ValueError(f"{configured} is not pywb's wayback program")
        return configured
    beside = Path(sys.executable).with_name(WAYBACK)
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    found = shutil.which(WAYBACK)
    if found:
        return found
    raise ValueError("pywb's `wayback` was not found: run `bash .ci/install-replay` and give "
                     "--wayback .venv-replay/bin/wayback")


def build_collection(db_path: str, root: Path, captures: str | None = None) -> Collection:
    """Lays out a pywb root in `root` over the archive's WARC files, with what is withheld
    excluded."""
    from cdxj_indexer.main import write_cdx_index

    folder = captures_folder(db_path, captures).resolve()
    with closing(read_only(db_path)) as conn:
        files = archived_warc_files(conn, folder)
        withheld = withheld_urls(conn, public=False)
        withheld |= redirect_sources(conn, folder, withheld)
    collection = root / "collections" / COLLECTION
    indexes, acl = collection / "indexes", collection / "acl" / "withheld.aclj"
    indexes.mkdir(parents=True)
    acl.parent.mkdir()
    index = indexes / "index.cdxj"
    with index.open("w", encoding="utf-8") as out:
        write_cdx_index(out, [str(path) for path in files], {"sort": True})
    acl.write_bytes(b"".join(exclusions(withheld)))
    config = {"collections": {COLLECTION: {"index": str(index),
                                            "archive_paths": f"{folder}{os.sep}",
                                            "acl_paths": [str(acl)]}}}
    (root / "config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return Collection(len(files), len(withheld))


def exclusions(urls: Iterable[str]) -> list[bytes]:
    """pywb's ACL lines excluding each of `urls` alone: `SURT### - {"access": "exclude", "url":
    ...}`, keyed as pywb keys its index (the surt package it uses) and in the reverse order its
    binary search reads them in."""
    lines = {f"{surt.surt(url)}{EXACT} - ".encode() + json.dumps(
        {"access": "exclude", "url": url}).encode() + b"\n" for url in urls}
    return sorted(lines, reverse=True)


def wayback_command(program: str, root: Path, host: str, port: int) -> list[str]:
    return [program, "--directory", str(root), "--bind", host, "--port", str(port)]


def serve_replay(db_path: str, *, host: str = "127.0.0.1", port: int = 8080,
                 captures: str | None = None, wayback: str | None = None) -> None:
    """Runs pywb until it stops; raises OSError if it stopped on its own with an error, so that
    a service manager sees the failure."""
    check_archive(db_path)
    program = wayback_program(wayback)
    port = bindable_port(host, port)
    with tempfile.TemporaryDirectory(prefix="archive-replay-") as workdir:
        root = Path(workdir)
        built = build_collection(db_path, root, captures)
        print(f"replaying {built.warc_files} WARC files of {db_path} with pywb on "
              f"http://{host}:{port}/{COLLECTION}/, {built.withheld} URLs withheld"
              " (Ctrl-C to stop)", file=sys.stderr)
        run_server(wayback_command(program, root, host, port), "pywb")
