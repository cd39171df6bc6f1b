"""The `archive` command line (also `python -m archive`): crawl, extract, serve, export."""

from __future__ import annotations

import json
import logging
import sqlite3
import sys
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
@click.option("-v", "--verbose", is_flag=True, help="Show Scrapy's log.")
def crawl(mirror: bool, mirror_url: str | None, sites: tuple[str, ...], db_path: str,
          captures: str | None, resume: bool, drift_threshold: float, verbose: bool) -> None:
    """Run the spiders and store what they find.

    Exit status: 0 when every site was crawled and all of it kept, 1 when a site failed or the
    archive could not keep a write (a full disk: the error line says how to resume), 3 when a
    site's extraction drifted (see docs/operations.md).

    \b
    Example:
        archive crawl --mirror --site canon --db /tmp/canon.db
        archive crawl --resume --db /tmp/canon.db
    """
    from archive.crawl.process import run_crawl

    if resume and sites:
        raise click.UsageError("--resume continues the interrupted run's own sites; drop --site")
    with _one_line_errors():
        summary = run_crawl(list(sites or SITE_SLUGS), db_path, mirror=mirror, verbose=verbose,
                            progress=Progress(), mirror_url=mirror_url, resume=resume,
                            captures=captures, drift_threshold=drift_threshold)
    click.echo(summary.report())
    again = " ".join(["archive crawl --resume", *(["--mirror"] if mirror else []),
                      *([f"--mirror-url {mirror_url}"] if mirror_url else []),
                      *([f"--captures {captures}"] if captures else []), f"--db {db_path}"])
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
              help="Serve the file immutable, as a published copy that no crawl writes to.")
@click.option("--robots", type=click.Choice(["block", "allow"]), default="block",
              show_default=True, help="What /robots.txt tells search engines.")
@click.option("--captures", type=click.Path(file_okay=False),
              help="Folder of the WARC files the captures are shown from."
                   " Default: captures/ beside the database.")
def serve(db_path: str, port: int, host: str, public: bool, robots: str,
          captures: str | None) -> None:
    """Publish the archive with Datasette (always read-only: SQL cannot write).

    \b
    Example:
        archive serve --port 8001    # then open http://127.0.0.1:8001/archive
    """
    from archive.publication.serve import serve_datasette

    with _one_line_errors():
        serve_datasette(db_path, host=host, port=port, public=public, robots=robots,
                        captures=captures)


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
@click.pass_context
def export(ctx: click.Context, db_path: str, fmt: str, table: str, out: str | None,
           site: str | None, captures: str | None) -> None:
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

        with _one_line_errors():
            export_table(db_path, table, fmt, out or sys.stdout)
        return
    if ctx.get_parameter_source("table") is not click.core.ParameterSource.DEFAULT:
        raise click.UsageError("--table is not for --format wacz: a WACZ holds the captures")
    if not out:
        raise click.UsageError("--format wacz writes a zip file: give it with --out PATH")
    from archive.publication.wacz import export_wacz

    with _one_line_errors():
        packed = export_wacz(db_path, out, site=site, captures=captures)
    click.echo(f"wacz: {packed.pages} pages, {packed.warc_files} WARC files, "
               f"{packed.size:,} bytes in {out}", err=True)
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


def main() -> None:
    cli(prog_name="archive")
