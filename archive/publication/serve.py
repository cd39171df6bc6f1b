"""`archive serve`: Datasette over the archive with the project's metadata, templates, plugins
and settings. Internal mode (the default) serves the archive itself, readers' names and all, on
loopback only; `--public` serves its public copy (archive/publication/public.py). The database
is always published under the name `archive`, whatever the file is called, so its URLs, canned
queries, dashboards and templates are the same everywhere."""

from __future__ import annotations

import ipaddress
import json
import socket
import sys
import tempfile
from contextlib import closing
from pathlib import Path

import yaml

from archive.publication.kept_searches import PLUGIN as SEARCH_PLUGIN
from archive.publication.public import PUBLICATION_ORDER, is_public_copy, persons, public_copy
from archive.publication.server_process import bindable_port, run_server
from archive.storage.files import captures_folder, check_archive, read_only

HERE = Path(__file__).with_name("datasette")
METADATA = HERE / "metadata.yml"
DATABASE_NAME = "archive"
# Cut off heavy SQL before it ties up a public server; the limits researchers meet in practice.
SETTINGS = {
    "sql_time_limit_ms": 1000,
    "max_returned_rows": 1000,
    "facet_time_limit_ms": 500,
    "truncate_cells_html": 160,
    "default_page_size": 50,
    # Suggesting facets runs a query per column on every page view: seconds on a large archive
    # (bench/datasette_scale.py), for hints researchers can get from the facet menu instead.
    "suggest_facets": "off",
}
# The metadata file blocks robots, which is also what a `datasette publish` of it does.
ROBOTS_ALLOWED = {"literal": "User-agent: *\nAllow: /"}
# The capture plugin's settings (plugins/captures.py): where the WARC files are read from.
CAPTURES_PLUGIN = "archive-captures"


def metadata(robots: str, captures: Path | None = None, *, public_copy: Path | None = None,
             exact_pages: int | None = None) -> dict:
    """The metadata file's settings, with the robots choice and the captures folder; without a
    folder the capture plugin looks in `captures/` beside the database, as a publish does.

    A public copy's pages sort by rowid, which there is their order of publication
    (archive/publication/public.py): the same order as `published` descending, but one SQLite
    reads a search's newest rows in without sorting the 10,000 it counts and facets."""
    settings = yaml.safe_load(METADATA.read_text(encoding="utf-8"))
    if public_copy is not None:
        pages = settings["databases"][DATABASE_NAME]["tables"]["pages"]
        pages["sort_desc"] = PUBLICATION_ORDER
        with closing(read_only(public_copy)) as conn:
            columns = [row[1] for row in conn.execute("PRAGMA table_info(pages)")]
        pages["sortable_columns"] = [*columns, PUBLICATION_ORDER]
    if robots == "allow":
        settings["plugins"]["datasette-block-robots"] = ROBOTS_ALLOWED
    if captures is not None:
        settings["plugins"][CAPTURES_PLUGIN] = {"folder": str(Path(captures).resolve())}
    if exact_pages is not None:
        settings["plugins"][SEARCH_PLUGIN] = {"exact_pages": exact_pages}
    return settings


def datasette_command(
    db_path: str, workdir: Path, *, host: str, port: int, public: bool, robots: str,
    captures: Path, exact_pages: int | None = None,
) -> list[str]:
    """The `datasette serve` command line, with the database linked into `workdir` under the
    name the metadata uses and the metadata written there, naming `captures` as the folder the
    WARC files are read from."""
    link = workdir / f"{DATABASE_NAME}.db"
    link.symlink_to(Path(db_path).resolve())
    metadata_file = workdir / "metadata.json"
    settings = metadata(robots, captures, public_copy=Path(db_path) if public else None,
                        exact_pages=exact_pages)
    metadata_file.write_text(json.dumps(settings), encoding="utf-8")
    command = [
        sys.executable, "-m", "datasette", "serve",
        *(["-i", str(link)] if public else [str(link)]),
        "--metadata", str(metadata_file),
        "--template-dir", str(HERE / "templates"),
        "--plugins-dir", str(HERE / "plugins"),
        "--static", f"assets:{HERE / 'static'}",
        "--host", host, "--port", str(port),
    ]
    for name, value in SETTINGS.items():
        command += ["--setting", name, str(value)]
    return command


def serve_datasette(db_path: str, *, host: str = "127.0.0.1", port: int = 8001,
                    public: bool = False, robots: str = "block",
                    captures: str | None = None, exact_pages: int | None = None) -> None:
    """Runs Datasette until it stops; raises OSError if it stopped on its own with an error
    (a port taken meanwhile, a crash), so that a service manager sees the failure."""
    check_archive(db_path)
    served = db_path
    if public and not is_public_copy(db_path):
        copy = public_copy(db_path, progress=lambda step: print(f"public copy: {step}",
                                                                file=sys.stderr))
        served = str(copy.path)
        print(f"public copy {'reused' if copy.reused else f'made in {copy.seconds} s'}:"
              f" {copy.path} ({copy.commenters} readers under pseudonyms,"
              f" {copy.pages_removed} pages and {persons(copy.people_removed)} withheld)",
              file=sys.stderr)
    elif not public and not is_public_copy(db_path) and not loopback(host):
        raise ValueError(f"the archive itself shows readers' names: serve it on a loopback"
                         f" address, or serve its public copy on {host} with --public")
    port = bindable_port(host, port)
    with tempfile.TemporaryDirectory(prefix="archive-serve-") as workdir:
        command = datasette_command(served, Path(workdir), host=host, port=port, public=public,
                                    robots=robots, captures=captures_folder(db_path, captures),
                                    exact_pages=exact_pages)
        mode = "public copy, immutable" if public else "internal, read-only"
        print(f"serving {served} ({mode}) on http://{host}:{port}/{DATABASE_NAME} "
              "(Ctrl-C to stop)", file=sys.stderr)
        run_server(command, "Datasette")


def loopback(host: str) -> bool:
    """Whether `host` is only reachable from this machine: the archivist's own."""
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except OSError:
        return False
    return bool(addresses) and all(ipaddress.ip_address(a.split("%")[0]).is_loopback
                                   for a in addresses)
