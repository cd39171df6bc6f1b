"""The `archive` command line (also `python -m archive`): crawl, extract, serve, export."""

from __future__ import annotations

import json
import logging
import sqlite3
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from archive.publication.export import FORMATS
from archive.quality.drift import DEFAULT_THRESHOLD
from archive.storage.files import DEFAULT_DB, captures_folder, check_archive
from archive.storage.store import OUTCOMES
from pipeline.sites import SITE_SLUGS


class Progress:
    """One status line for a long crawl: rewritten in place on a terminal, every tenth URL
    otherwise, so a scheduled run leaves a readable trace in its log."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stderr
        self.counts = dict.fromkeys(OUTCOMES, 0)
        self.documents = 0

    def count(self, outcome: str, **_) -> None:
        self.counts[outcome] += 1
        self._show()

    def count_document(self, **_) -> None:
        self.documents += 1
        self._show()

    def _show(self) -> None:
        seen = sum(self.counts.values()) + self.documents
        line = (f"crawl: {seen} URLs - " + ", ".join(f"{k} {v}" for k, v in self.counts.items())
                + f"; documents {self.documents}")
        if self.stream.isatty():
            self.stream.write("\r" + line)
            self.stream.flush()
        elif seen % 10 == 0:
            self.stream.write(line + "\n")

    def close(self) -> None:
        if self.stream.isatty():
            self.stream.write("\n")


@contextmanager
def _one_line_errors() -> Iterator[None]:
    """What the archive cannot do (a missing, locked, read-only or full database, a bad path)
    is one line starting with `Error:` and exit status 1, never a traceback."""
    try:
        yield
    except (OSError, ValueError, sqlite3.Error) as error:
        raise click.ClickException(str(error)) from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="sociaalwerk-archief")
def cli() -> None:
    """A web archive of Dutch social-work knowledge.

    \b
    Example:
        archive crawl --mirror           # crawl the bundled offline mirror
        archive serve                    # browse it in Datasette
    """


db_option = click.option(
    "--db", "db_path", default=DEFAULT_DB, show_default=True,
    type=click.Path(dir_okay=False), help="SQLite database file.",
)
captures_option = click.option(
    "--captures", type=click.Path(file_okay=False),
    help="Folder of the WARC files. Default: captures/ beside the database.",
)


@cli.command()
@click.option("--mirror", is_flag=True, help="Crawl the bundled offline mirror instead of the web.")
@click.option("--mirror-url", metavar="URL",
              help="Crawl a mirror already running at URL (python -m mirror) instead of the web.")
@click.option("--site", "sites", multiple=True, type=click.Choice(SITE_SLUGS),
              help="Only this site (repeatable). Default: all four.")
@db_option
@click.option("--captures", type=click.Path(file_okay=False),
              help="Folder for the WARC files. Default: captures/ beside the database.")
@click.option("--resume", is_flag=True,
              help="Continue the last crawl run, which was killed or failed, instead of a new"
                   " one.")
@click.option("--drift-threshold", type=click.FloatRange(0, 1), default=DEFAULT_THRESHOLD,
              show_default=True,
              help="Alarm when a field's share of pages found by site rules falls this much.")
@click.option("--keep-noarchive", is_flag=True,
              help="Archive pages that ask not to be (robots noarchive) all the same, marked"
                   " noarchive; without it they are recorded as noarchive failures only.")
@click.option("--all", "every_url", is_flag=True,
              help="Re-check every URL known from earlier runs, due or not, without a budget."
                   " Default: only those whose next check has passed (docs/operations.md).")
@click.option("--budget", type=click.IntRange(min=0), metavar="URLS",
              help="Re-check at most this many due URLs a site this run, the most overdue first;"
                   " new and announced pages come on top.  [default: 10000, or"
                   " ARCHIVE_REVISIT_BUDGET]")
@click.option("-v", "--verbose", is_flag=True, help="Show Scrapy's log.")
def crawl(mirror: bool, mirror_url: str | None, sites: tuple[str, ...], db_path: str,
          captures: str | None, resume: bool, drift_threshold: float, keep_noarchive: bool,
          every_url: bool, budget: int | None, verbose: bool) -> None:
    """Run the spiders and store what they find.

    Exit status: 0 when every site was crawled and all of it kept, 1 when a site failed or the
    archive could not keep a write (a full disk: the error line says how to resume), 3 when a
    site's extraction drifted (see docs/operations.md).

    \b
    Example:
        archive crawl --mirror --site canon --db /tmp/canon.db
        archive crawl --resume --db /tmp/canon.db
        archive crawl --all              # re-check every known URL, as a yearly full pass
    """
    from archive.crawl.process import run_crawl

    if resume and sites:
        raise click.UsageError("--resume continues the interrupted run's own sites; drop --site")
    if resume and (every_url or budget is not None):
        raise click.UsageError("--resume continues the interrupted run's own choice of URLs;"
                               " drop --all and --budget")
    with _one_line_errors():
        summary = run_crawl(list(sites or SITE_SLUGS), db_path, mirror=mirror, verbose=verbose,
                            progress=Progress(), mirror_url=mirror_url, resume=resume,
                            captures=captures, drift_threshold=drift_threshold,
                            keep_noarchive=keep_noarchive, every_url=every_url, budget=budget)
    click.echo(summary.report())
    again = " ".join(["archive crawl --resume", *(["--mirror"] if mirror else []),
                      *([f"--mirror-url {mirror_url}"] if mirror_url else []),
                      *([f"--captures {captures}"] if captures else []),
                      *(["--keep-noarchive"] if keep_noarchive else []), f"--db {db_path}"])
    if summary.error(again):
        click.echo(f"Error: {summary.error(again)}", err=True)
    if not summary.ok:
        sys.exit(1)
    if summary.alarms:
        sys.exit(3)


@cli.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--url", required=True, help="The page's real URL: it picks the site rules.")
@click.option("--explain", is_flag=True, help="Also print which layer gave each field.")
def extract(file: str, url: str, explain: bool) -> None:
    """Print the record for one saved HTML page as JSON.

    \b
    Example:
        archive extract page.html --url https://www.movisie.nl/artikel/x
    """
    from pipeline import extract_with_sources

    logging.basicConfig(level=logging.WARNING, format="warning: %(message)s")
    try:
        record, sources = extract_with_sources(Path(file).read_bytes(), url)
    except ValueError as error:
        raise click.ClickException(f"{file}: {error}") from None
    output = {"record": record, "sources": sources} if explain else record
    click.echo(json.dumps(output, ensure_ascii=False, indent=2))


@cli.command()
@db_option
@click.option("--site", type=click.Choice(SITE_SLUGS), help="Only this site's pages. Default: all.")
@captures_option
def reextract(db_path: str, site: str | None, captures: str | None) -> None:
    """Rebuild the records from the stored WARC captures with the current extractor, offline.

    \b
    Example:
        archive reextract --db data/archive.db --site movisie
    """
    from archive.reextract import reextract as run_reextract

    def progress(done: int, total: int) -> None:
        if done % 100 == 0 or done == total:
            click.echo(f"reextract: {done}/{total} captures", err=True)

    with _one_line_errors():
        check_archive(db_path)
        result = run_reextract(db_path, captures_folder(db_path, captures), site, progress)
    click.echo(result.report())
    if result.errors:
        sys.exit(1)


@cli.command()
@db_option
@click.option("--port", default=8001, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on; 0 picks a free one (and says which).")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--public", is_flag=True,
              help="Serve the public copy: readers under pseudonyms, takedowns and noarchive"
                   " pages withheld (made beside the archive, again when it changed).")
@click.option("--robots", type=click.Choice(["block", "allow"]), default="block",
              show_default=True, help="What /robots.txt tells search engines.")
@click.option("--captures", type=click.Path(file_okay=False),
              help="Folder of the WARC files the captures are shown from."
                   " Default: captures/ beside the database.")
@click.option("--exact-up-to", "exact_pages", type=click.IntRange(0), metavar="PAGES",
              help="In an archive of at most this many pages a search counts and facets every"
                   " match; in a larger one, above 10,000 matches, its newest 10,000 and says"
                   " \"meer dan 10.000\". Default: 100000.")
def serve(db_path: str, port: int, host: str, public: bool, robots: str,
          captures: str | None, exact_pages: int | None) -> None:
    """Publish the archive with Datasette (always read-only: SQL cannot write).

    Without --public it serves the archive itself, readers' names included: for the archivist,
    on a loopback address only.

    \b
    Example:
        archive serve --port 8001    # then open http://127.0.0.1:8001/archive
        archive serve --public --host 0.0.0.0
    """
    from archive.publication.serve import serve_datasette

    with _one_line_errors():
        serve_datasette(db_path, host=host, port=port, public=public, robots=robots,
                        captures=captures, exact_pages=exact_pages)


@cli.command()
@db_option
@click.option("--port", default=8080, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on; 0 picks a free one (and says which).")
@click.option("--host", default="127.0.0.1", show_default=True)
@captures_option
@click.option("--wayback", metavar="PATH",
              help="pywb's wayback program. Default: the one beside this Python, else on PATH.")
def replay(db_path: str, port: int, host: str, captures: str | None,
           wayback: str | None) -> None:
    """Replay the captures with pywb: every page as it was received, at each capture time.

    pywb lives in an environment of its own (`bash .ci/install-replay` makes .venv-replay).

    \b
    Example:
        archive replay --wayback .venv-replay/bin/wayback
        # then open http://127.0.0.1:8080/archive/*/https://www.movisie.nl/*
    """
    from archive.publication.replay import serve_replay

    with _one_line_errors():
        serve_replay(db_path, host=host, port=port, captures=captures, wayback=wayback)


@cli.command()
@db_option
@click.option("--out", required=True, type=click.Path(dir_okay=False),
              help="The public copy's file, e.g. publish/archive.db for `datasette publish`.")
def publish(db_path: str, out: str) -> None:
    """Write the archive's public copy: readers under pseudonyms, what the takedown register
    names and noarchive pages left out, the register and the pseudonyms' key not in it.

    \b
    Example:
        archive publish --db data/archive.db --out publish/archive.db
    """
    from archive.publication.public import build_public_copy, persons

    with _one_line_errors():
        copy = build_public_copy(db_path, out, progress=lambda step: click.echo(
            f"publish: {step}", err=True))
    click.echo(f"publish: {out} in {copy.seconds} s: {copy.reactions} reactions by"
               f" {copy.commenters} readers under pseudonyms; {copy.pages_removed} pages and"
               f" {persons(copy.people_removed)} withheld; {copy.captures_withheld} captures"
               " left out", err=True)


@cli.command("ranked-index")
@db_option
def ranked_index(db_path: str) -> None:
    """Build the ranked-search index beside a database again, from its pages.

    The public copy gets one when it is made; this makes it again (after it was deleted, or for
    the archive itself, where it holds until the next write: then the canned query `search`
    ranks with FTS5 alone again, exactly and slowly).

    \b
    Example:
        archive ranked-index --db data/archive.public.db
    """
    from archive.publication.ranked import build_index

    with _one_line_errors():
        check_archive(db_path)
        started = time.monotonic()
        out = build_index(db_path, progress=lambda step: click.echo(step, err=True))
    click.echo(f"ranked-index: {out} in {time.monotonic() - started:.1f} s", err=True)


@cli.command()
@db_option
@click.option("--format", "fmt", type=click.Choice([*FORMATS, "wacz"]), default="csv",
              show_default=True, help="wacz: the captures, their index and a pages list.")
@click.option("--table", default="pages", show_default=True,
              help="The table or view (csv, json, jsonl).")
@click.option("--out", type=click.Path(dir_okay=False),
              help="Output file. Default: stdout (not for wacz, which needs a file).")
@click.option("--site", type=click.Choice(SITE_SLUGS),
              help="wacz: only this site's captures and pages. Default: all.")
@click.option("--captures", type=click.Path(file_okay=False),
              help="wacz: folder of the WARC files. Default: captures/ beside the database.")
@click.option("--public", is_flag=True,
              help="From the public copy (readers under pseudonyms, takedowns withheld); for"
                   " wacz: also without the captures that print readers' names.")
@click.pass_context
def export(ctx: click.Context, db_path: str, fmt: str, table: str, out: str | None,
           site: str | None, captures: str | None, public: bool) -> None:
    """Write one table as CSV, JSON or JSON lines, or the captures as a WACZ file.

    \b
    Example:
        archive export --format jsonl --table authors --out authors.jsonl
        archive export --format wacz --site canon --out canon.wacz
    """
    if fmt != "wacz":
        if site or captures:
            raise click.UsageError("--site and --captures are for --format wacz")
        from archive.publication.export import export_table
        from archive.publication.public import is_public_copy, public_copy

        with _one_line_errors():
            check_archive(db_path)
            if public and not is_public_copy(db_path):
                db_path = str(public_copy(db_path).path)
            export_table(db_path, table, fmt, out or sys.stdout)
        return
    if ctx.get_parameter_source("table") is not click.core.ParameterSource.DEFAULT:
        raise click.UsageError("--table is not for --format wacz: a WACZ holds the captures")
    if not out:
        raise click.UsageError("--format wacz writes a zip file: give it with --out PATH")
    from archive.publication.wacz import export_wacz

    with _one_line_errors():
        packed = export_wacz(db_path, out, site=site, captures=captures, public=public)
    click.echo(f"wacz: {packed.pages} pages, {packed.warc_files} WARC files, "
               f"{packed.size:,} bytes in {out}", err=True)
    if packed.records_withheld:
        why = "takedowns, noarchive" + (", readers' names" if public else "")
        click.echo(f"wacz: {packed.pages_withheld} pages and {packed.records_withheld} WARC"
                   f" records withheld ({why}); {packed.warc_files_copied} WARC files packed"
                   " without them", err=True)
    if packed.without_capture:
        click.echo(f"wacz: {packed.without_capture} archived pages have no capture of their own"
                   " and are not in its pages list", err=True)


@cli.command()
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def report(db_path: str, as_json: bool) -> None:
    """Field coverage: per site and field, pages that have it and the layer that gave it.

    \b
    Example:
        archive report --db data/archive.db
    """
    from archive.quality.report import field_coverage, format_coverage

    with _one_line_errors():
        check_archive(db_path)
        coverage = field_coverage(db_path)
    click.echo(json.dumps(coverage, indent=2) if as_json else format_coverage(coverage))


@cli.command()
@db_option
@captures_option
@click.option("--record", is_flag=True,
              help="Record the SHA-256 of WARC files that have none (written before it was"
                   " recorded at close) once they check clean. Without it, nothing is written.")
def verify(db_path: str, captures: str | None, record: bool) -> None:
    """Fixity: re-hash every WARC file, read every record, and name what is missing, altered,
    truncated or unindexed. Changes nothing (unless --record).

    Exit status: 0 when everything is as recorded and indexed, 1 when anything is not.

    \b
    Example:
        archive verify --db data/archive.db
    """
    from archive.storage.fixity import verify as run_verify

    def progress(done: int, total: int, name: str) -> None:
        click.echo(f"verify: {done}/{total} WARC files" + (f", {name}" if name else ""), err=True)

    with _one_line_errors():
        check_archive(db_path)
        result = run_verify(db_path, captures_folder(db_path, captures), record=record,
                            progress=progress)
    click.echo(result.report())
    if not result.ok:
        sys.exit(1)


@cli.group()
def takedown() -> None:
    """The takedown register: what no public output may show, and why.

    A takedown names a page by URL, an author or a commenter (matched however the name is
    spelled or spaced). Nothing is deleted from the archive and no row of the register ever is:
    lifting a takedown keeps it, with who lifted it and why. Every public output (`archive serve
    --public`, `archive publish`, a WACZ, `archive replay`) is made with the register applied:
    restart or make them again after a change.

    \b
    Example:
        archive takedown add --commenter "Marja Jansen" --reason "AVG-verzoek, mail 2 dec"
        archive takedown list
        archive takedown lift 3 --reason "verzoek ingetrokken"
    """


APPLY = "restart `archive serve --public` and re-publish to apply"
by_option = click.option("--by", metavar="NAME",
                         help="Who registers it. Default: your user name on this machine.")


@contextmanager
def _register(db_path: str, *, write: bool) -> Iterator[sqlite3.Connection]:
    """The archive's connection for the register, with the usual one-line errors; writing
    waits for a crawl's write in progress rather than failing on it."""
    from archive.storage.files import read_only

    with _one_line_errors():
        check_archive(db_path)
        conn = sqlite3.connect(db_path, timeout=30) if write else read_only(db_path)
        try:
            yield conn
        finally:
            conn.close()


def _who(by: str | None) -> str:
    import getpass

    if by is not None:
        return by
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no user name in the environment nor the password database
        raise click.UsageError("cannot tell who you are on this machine: give --by NAME") from None


@takedown.command("add")
@db_option
@click.option("--url", help="A page's (or a document's) URL, in any spelling of it.")
@click.option("--author", metavar="NAME", help="An author the pages credit.")
@click.option("--commenter", metavar="NAME", help="A reader who reacted on pages.")
@click.option("--reason", required=True, help="Why, as the register keeps it (the request).")
@by_option
def takedown_add(db_path: str, url: str | None, author: str | None, commenter: str | None,
                 reason: str, by: str | None) -> None:
    """Register a takedown of one URL, author or commenter.

    \b
    Example:
        archive takedown add --url https://www.socialevraagstukken.nl/x/ --reason "verzoek"
    """
    from archive.publication.withheld import pages_withheld_by
    from archive.takedowns import add

    named = [(kind, value) for kind, value in
             (("url", url), ("author", author), ("commenter", commenter)) if value is not None]
    if len(named) != 1:
        raise click.UsageError("give one of --url, --author or --commenter")
    (kind, value), who = named[0], _who(by)
    with _register(db_path, write=True) as conn:
        added = add(conn, kind, value, reason, who)
        pages = len(pages_withheld_by(conn, [added]))
        captures = conn.execute("SELECT count(*) FROM captures WHERE url = ?",
                                (added.key,)).fetchone()[0] if kind == "url" else 0
    if not pages:
        whom = f"page with the URL {added.key}" if kind == "url" else f"{kind} {added.key}"
        later = (f"; its {captures} captures are withheld" if captures
                 else "; it applies once one is crawled")
        click.echo(f"warning: the archive has no {whom}{later}", err=True)
    click.echo(f"takedown {added.id} added: {kind} {added.value!r} (matched as {added.key}),"
               f" {pages} page{'s' * (pages != 1)} withheld; {APPLY}")


@takedown.command("list")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the register as JSON, for tools.")
def takedown_list(db_path: str, as_json: bool) -> None:
    """The register: takedowns in force first, then lifted ones, each in the order added.

    \b
    Example:
        archive takedown list --json
    """
    import dataclasses

    from archive.takedowns import register

    with _register(db_path, write=False) as conn:
        rows = register(conn)
    if as_json:
        click.echo(json.dumps([dataclasses.asdict(row) | {"active": row.active} for row in rows],
                              ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo("the takedown register is empty")
        return
    rows.sort(key=lambda row: (not row.active, row.id))

    def when(at: str) -> str:
        return at[:16].replace("T", " ")

    table = [("id", "status", "kind", "value", "added", "reason")] + [
        (str(row.id), "active" if row.active else "lifted", row.kind, row.value,
         f"{when(row.added_at)} by {row.added_by}", row.reason) for row in rows]
    widths = [max(len(line[column]) for line in table) for column in range(5)]
    for number, line in enumerate(table):
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(line[:5], widths,
                                                                      strict=True))
                   + "  " + line[5])
        lifted = rows[number - 1] if number else None
        if lifted and not lifted.active:
            click.echo(" " * (widths[0] + 2) + f"lifted {when(lifted.lifted_at)} by"
                       f" {lifted.lifted_by}: {lifted.lift_reason}")


@takedown.command("lift")
@click.argument("takedown_id", metavar="ID", type=int)
@db_option
@click.option("--reason", required=True, help="Why it no longer holds, as the register keeps it.")
@by_option
def takedown_lift(takedown_id: int, db_path: str, reason: str, by: str | None) -> None:
    """Lift a takedown in force; its row stays in the register.

    \b
    Example:
        archive takedown lift 3 --reason "verzoek ingetrokken, mail 9 dec"
    """
    from archive.takedowns import lift

    who = _who(by)
    with _register(db_path, write=True) as conn:
        lifted = lift(conn, takedown_id, reason, who)
    click.echo(f"takedown {lifted.id} lifted: {lifted.kind} {lifted.value!r}; {APPLY}")


def main() -> None:
    cli(prog_name="archive")
