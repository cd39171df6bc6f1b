"""`archive export --format wacz`: the archive's captures as one WACZ file (Web Archive
Collection Zipped, https://specs.webrecorder.net/wacz/1.1.1/), the package ReplayWeb.page opens
and `wacz validate` accepts.

py-wacz (the `wacz` package, Webrecorder's own) builds it: the WARC files stored as they are, a
CDXJ index over them, and a datapackage with every file's size and SHA-256. A WACZ is evidence,
so it carries whole WARC files (`warc_files.py`): every record of the captures, not only the
pages' responses. The pages list is the archive's own rather than py-wacz's guess from the HTML:
one entry per archived page, with the URL and time of the capture that holds its current version
in full and the title the extractor found, copied in as written (py-wacz's `--copy-pages`).

What may not be shown is left out (withheld.py): the pages the takedown register names and
`noarchive` pages, and with `public` also the pages that print readers' names in their HTML. A
WARC file holding any of their records goes in as a copy without them (warc_files.copy_without:
the other records byte for byte); the pages list leaves those pages out."""

from __future__ import annotations

import io
import json
import os
import tempfile
from contextlib import closing, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

from archive.publication.warc_files import archived_warc_files, copy_without, files_holding
from archive.publication.withheld import capture_urls, redirect_sources, withheld_page_ids
from archive.storage.files import captures_folder, check_archive, read_only
from pipeline.sites import all_rules

TITLE = "Sociaal Werk Archief"
PAGES_HEADER = {"format": "json-pages-1.0", "id": "pages", "title": "Pages"}
# Per page, the last capture that holds a body (a revisit holds none) under one of its URLs,
# its main URL first: what a replay opens as the page's current version.
PAGE_CAPTURES = """
WITH candidates AS (
    SELECT p.id, p.title, c.url, c.fetched_at,
           row_number() OVER (PARTITION BY p.id ORDER BY c.url = p.url DESC, c.id DESC) AS pick
    FROM pages p
    JOIN page_urls u ON u.page_id = p.id
    JOIN captures c ON c.url = u.url AND c.record_type = 'response' AND c.status = 200
    {where}
)
SELECT id, title, url, fetched_at FROM candidates WHERE pick = 1 ORDER BY url
"""


@dataclass(frozen=True)
class Packed:
    pages: int  # entries in the pages list
    without_capture: int  # archived pages with no stored capture of their own (left out)
    warc_files: int
    size: int  # bytes of the WACZ file
    pages_withheld: int = 0  # archived pages left out: taken down, noarchive (public: reactions)
    records_withheld: int = 0  # WARC records of their URLs left out
    warc_files_copied: int = 0  # WARC files packed as a copy without those records


def export_wacz(db_path: str | Path, out: str | Path, *, site: str | None = None,
                captures: str | None = None, public: bool = False) -> Packed:
    """Writes the WACZ of the archive (of one site's captures and pages, with `site`) to `out`,
    whole or not at all: it is built beside `out` and renamed when done. Without what the
    register and `noarchive` withhold; with `public`, without the pages that have or had
    readers' reactions too."""
    check_archive(db_path)
    out = Path(out)
    if out.is_dir():
        raise ValueError(f"{out} is a folder: give the WACZ file's path")
    if not out.parent.is_dir():
        raise ValueError(f"{out.parent} does not exist: the WACZ cannot be written there")
    folder = captures_folder(str(db_path), captures)
    with closing(read_only(db_path)) as conn:
        files = archived_warc_files(conn, folder, site)
        where, params = ("WHERE p.site = ?", (site,)) if site else ("", ())
        withheld = withheld_page_ids(conn, public=public)
        pages = [page for page in conn.execute(PAGE_CAPTURES.format(where=where), params)
                 if page[0] not in withheld]
        archived = [page for page, in conn.execute(f"SELECT id FROM pages p {where}", params)]
        urls = capture_urls(conn, withheld)
        urls |= redirect_sources(conn, folder, urls, site=site)
        held = files_holding(conn, folder, urls)
    pages_withheld = sum(page in withheld for page in archived)
    with tempfile.TemporaryDirectory(prefix="archive-wacz-") as workdir:
        copies = Path(workdir) / "warc"
        copies.mkdir()
        records_withheld, packed = 0, []
        for path in files:
            if path in held:
                records_withheld += copy_without(path, urls, copies / path.name)
                path = copies / path.name
            packed.append(path)
        pages_file = Path(workdir) / "pages.jsonl"
        with pages_file.open("w", encoding="utf-8") as stream:
            stream.write(json.dumps(PAGES_HEADER) + "\n")
            for page_id, title, url, fetched_at in pages:
                entry = {"id": page_id, "url": url, "ts": fetched_at, "title": title or url}
                stream.write(json.dumps(entry, ensure_ascii=False) + "\n")
        partial = out.with_name(f".{out.name}.partial")
        try:
            _create(partial, packed, pages_file, site)
            os.replace(partial, out)
        finally:
            partial.unlink(missing_ok=True)
    return Packed(len(pages), len(archived) - pages_withheld - len(pages), len(files),
                  out.stat().st_size, pages_withheld, records_withheld, len(held & set(files)))


def _create(path: Path, files: list[Path], pages_file: Path, site: str | None) -> None:
    """py-wacz's `wacz create`, in this process; its running commentary is kept back and only
    its last words shown if it fails."""
    from wacz.main import main as wacz_main  # its import costs a second (frictionless)

    name = next((rules.name for rules in all_rules() if rules.site == site), None)
    args = ["create", "--output", str(path), "--pages", str(pages_file), "--copy-pages",
            "--title", f"{TITLE}: {name}" if name else TITLE,
            "--desc", "Captures of Dutch social-work sites, as the crawler received them",
            *map(str, files)]
    said = io.StringIO()
    try:
        with redirect_stdout(said):
            status = wacz_main(args)
    except Exception as error:  # py-wacz and warcio raise many kinds on a file they cannot read
        raise ValueError(f"py-wacz could not pack the captures: {error}") from None
    if status != 0:
        last = said.getvalue().strip().splitlines()[-1:] or ["no reason given"]
        raise ValueError(f"py-wacz could not pack the captures: {last[0]}")
