"""How the published archive holds up at a million pages: build a synthetic archive in the real
schema, make its public copy (as `archive publish` does, timed), serve that with `archive serve
--public`, and time full-text search and the faceted listing through Datasette and, for
comparison, the same SQL straight in sqlite3.

    .venv/bin/python bench/datasette_scale.py            # build /tmp/scale/archive.db, measure
    .venv/bin/python bench/datasette_scale.py --reuse    # measure the existing file again
    .venv/bin/python bench/datasette_scale.py --pages 20000 --db /tmp/scale/small.db

Prints the machine, the build's progress and time, the database's size, then one line per
figure: `NAME: p50=X ms, p95=Y ms (target T ms); sqlite3 p50=.., p95=..`, and what Datasette
did not deliver within its time limits (HTTP 400 "SQL query took too long", a count it gave up
on), because a fast answer without its rows or count is not the answer a researcher asked for.
A facet that timed out is missing from Datasette 0.65's JSON, and is counted as such. The server
keeps each search's newest matches, so words asked for once, after the rounds, are figures of
their own; the listings' SQL is also timed in sqlite3 (a search's calls the server's functions).
Last, the ranked search's recall at 20 against FTS5's exhaustive bm25, per query.
Not part of the test suite: building takes tens of minutes.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic_archive import build  # noqa: E402

from archive.publication.datasette.plugins.author_facet import pages_per_author_sql  # noqa: E402
from archive.publication.public import public_copy  # noqa: E402

REPO = Path(__file__).resolve().parent.parent

# The broadest words of the corpus, mid-frequency and rare terms, an implicit AND, a prefix and a
# phrase, as researchers type them into the search box (FTS5 syntax: the table's searchmode is
# raw).
QUERIES = (
    "zorg",
    "welzijn",
    "participatie",
    "armoede",
    "mantelzorg schulden",
    "straatadvocaat",
    "wijkteam*",
    '"sociale basis"',
)
# Asked for once each, after the rounds, on the warm server (new_word_figures).
NEW_WORDS = ("jeugd", "ouderen", "vrijwilligers", "eenzaamheid", "schuld*", "sociale wijkteams",
             '"eigen kracht"', "opbouwwerk")
SEARCH_TARGET_MS = 150
LISTING_TARGET_MS = 500
SQLITE_LIMIT_S = 10
TOP = 20  # recall of the ranked search is measured at this rank
EXHAUSTIVE_BM25 = "bm25(pages_fts, 10.0, 5.0, 1.0, 0.5)"  # the canned query's, over every match


def machine() -> str:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    cpu = platform.processor() or platform.machine()
    return (f"machine: {os.cpu_count()} cores ({cpu}), {memory:.0f} GB RAM, "
            f"SQLite {sqlite3.sqlite_version}, Python {platform.python_version()}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """`archive serve --public` on a free loopback port, stopped on exit."""

    def __init__(self, db: Path):
        self.port = free_port()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "archive", "serve", "--db", str(db), "--port", str(self.port),
             "--public"], cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            start_new_session=True)
        self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)
        self.base = "/archive"  # `archive serve` publishes any file under this name

    def __enter__(self) -> Server:
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("archive serve exited: " + self.process.stderr.read().decode())
            try:
                self.get("/-/versions.json")
                return self
            except OSError:
                self.connection.close()
                time.sleep(0.3)
        raise RuntimeError("archive serve did not answer within 600 s")

    def __exit__(self, *exc_info: object) -> None:
        self.connection.close()
        # `archive serve` runs Datasette as its child: stop the session this bench started.
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)

    def get(self, path: str) -> tuple[int, dict]:
        try:
            self.connection.request("GET", path)
            response = self.connection.getresponse()
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            # The server closes a keep-alive connection left idle (while sqlite3 was timed).
            self.connection.close()
            self.connection.request("GET", path)
            response = self.connection.getresponse()
        body = response.read()
        return response.status, json.loads(body) if body[:1] in (b"{", b"[") else {}


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[max(0, round(0.95 * len(ordered)) - 1)]


class Figure:
    """Latencies of one kind of request and what Datasette left out of its answers."""

    def __init__(self, name: str, target_ms: float, facets: set[str] = frozenset()):
        self.name, self.target_ms = name, target_ms
        self.facets = facets  # the facets Datasette should answer with
        self.http: list[float] = []
        self.sqlite: list[float] = []
        self.notes: dict[str, int] = {}

    def note(self, what: str) -> None:
        self.notes[what] = self.notes.get(what, 0) + 1

    def line(self) -> str:
        p50, p95 = percentiles(self.http)
        verdict = "ok" if p95 <= self.target_ms else "MISSED"
        line = (f"{self.name}: p50={p50:.0f} ms, p95={p95:.0f} ms (target {self.target_ms} ms, "
                f"{verdict}, n={len(self.http)})")
        if self.sqlite:
            s50, s95 = percentiles(self.sqlite)
            line += f"; sqlite3 p50={s50:.0f} ms, p95={s95:.0f} ms"
        if self.notes:
            line += "; " + ", ".join(f"{what}: {n}" for what, n in sorted(self.notes.items()))
        return line


def timed_http(server: Server, path: str, figure: Figure | None) -> dict:
    start = time.perf_counter()
    status, data = server.get(path)
    elapsed = (time.perf_counter() - start) * 1000
    if figure is not None:
        figure.http.append(elapsed)
        if status != 200:
            figure.note(f"HTTP {status}")
        if data.get("filtered_table_rows_count", 0) is None and "_nocount" not in path:
            figure.note("count gave up")
        if "facet_results" in data and "_nofacet" not in path:
            for facet in figure.facets - set(data["facet_results"]):
                figure.note(f"facet {facet} timed out")
    return data


def timed_sqlite(conn: sqlite3.Connection, statements: list[tuple[str, dict]],
                 figure: Figure | None) -> list[float]:
    """Run the statements one after the other; returns each one's time in ms. A statement still
    running after SQLITE_LIMIT_S is stopped and counted at that limit, so one runaway query
    cannot stall the bench for minutes."""
    times = []
    for sql, params in statements:
        start = time.perf_counter()
        deadline = start + SQLITE_LIMIT_S
        conn.set_progress_handler(lambda end=deadline: time.perf_counter() > end, 10_000)
        try:
            conn.execute(sql, params).fetchall()
        except sqlite3.OperationalError as error:
            if "interrupted" not in str(error):
                raise
            if figure is not None:
                figure.note(f"sqlite3 statement stopped at {SQLITE_LIMIT_S} s")
        times.append((time.perf_counter() - start) * 1000)
    conn.set_progress_handler(None, 0)
    if figure is not None:
        figure.sqlite.append(sum(times))
    return times


def facet_statements(inner: str, params: dict, facets: list) -> list[tuple[str, dict]]:
    """The SQL of each configured facet: Datasette 0.65's column facet (datasette/facets.py) and
    the archive's author facet."""
    statements = []
    for facet in facets:
        if isinstance(facet, str):
            sql = (f"select {facet} as value, count(*) as count from ({inner})"
                   f" where {facet} is not null group by {facet} order by count desc, value"
                   " limit 31")
        elif "authors" in facet:
            sql = pages_per_author_sql(inner, 31)
        else:
            raise ValueError(f"the bench does not know this facet: {facet}")
        statements.append((sql, params))
    return statements


def table_statements(source: str, where: str, params: dict, order: str,
                     facets: list) -> list[tuple[str, dict]]:
    """What Datasette runs for a table or view page: the rows, the count, the facets."""
    inner = f"select * from {source}{where}"
    return [(f"{inner}{order} limit 21", params),
            (f"select count(*) from {source}{where}", params)] + facet_statements(
        inner, params, facets)


class Setup:
    """The requests to time, read from the served metadata so the SQL matches what Datasette
    runs: the tables' default sort and facets, the canned search query."""

    def __init__(self, metadata: dict, base: str):
        database = metadata.get("databases", {}).get("archive", {})
        self.tables = database.get("tables", {})
        self.canned = (database.get("queries") or {}).get("search", {}).get("sql")
        self.base = base

    def sort(self, source: str) -> str:
        sort = self.tables.get(source, {}).get("sort_desc")
        return f" order by {sort} desc" if sort else ""

    def facets(self, source: str) -> list:
        return list(self.tables.get(source, {}).get("facets", []))

    def facet_names(self, source: str) -> set[str]:
        return {f if isinstance(f, str) else next(iter(f.values())) for f in self.facets(source)}

    def requests(self) -> list[tuple[Figure, str, list[tuple[str, dict]]]]:
        search = Figure("search pages.json?_search= (rows, count, facets)", SEARCH_TARGET_MS,
                        self.facet_names("pages"))
        rows_only = Figure("search pages.json?_search=&_nocount=1&_nofacet=1 (rows)",
                           SEARCH_TARGET_MS)
        ranked = Figure("search canned search.json?q= (ranked rows)", SEARCH_TARGET_MS)
        requests = []
        for query in QUERIES:
            q = urllib.parse.quote(query)
            # A search's SQL calls the server's own functions (plugins/bounded_search.py,
            # plugins/ranked_search.py), so sqlite3 cannot run it: only Datasette is timed.
            requests.append((search, f"{self.base}/pages.json?_search={q}&_size=20", []))
            requests.append((rows_only, f"{self.base}/pages.json?_search={q}&_size=20"
                             "&_nocount=1&_nofacet=1", []))
            if self.canned:
                requests.append((ranked, f"{self.base}/search.json?q={q}&_size=20", []))
        for source in ("page_overview", "pages"):
            # The listing as the HTML page asks for it: its default sort and facets.
            figure = Figure(f"faceted listing {source}.json", LISTING_TARGET_MS,
                            self.facet_names(source))
            statements = table_statements(source, "", {}, self.sort(source), self.facets(source))
            # As many as the searches, so every figure has the same number of samples.
            requests += [(figure, f"{self.base}/{source}.json?_size=20", statements)
                         ] * len(QUERIES)
        return requests


def measure(db: Path, rounds: int, sqlite_rounds: int) -> list[Figure]:
    conn = sqlite3.connect(f"file:{db}?immutable=1", uri=True)
    with Server(db) as server:
        setup = Setup(server.get("/-/metadata.json")[1], server.base)
        requests = setup.requests()
        distinct = list({path: (figure, path, sql) for figure, path, sql in requests}.values())
        print("first requests, the server just started: each distinct request once through"
              " Datasette (its status if not 200), then its SQL in sqlite3 where it can run"
              " there (ms per statement: rows, count, facets)", flush=True)
        for _, path, statements in distinct:
            start = time.perf_counter()
            status, _ = server.get(path)
            http_ms = (time.perf_counter() - start) * 1000
            times = " + ".join(f"{t:.0f}" for t in timed_sqlite(conn, statements, None))
            print(f"  Datasette {http_ms:7.0f} ms{'' if status == 200 else f' HTTP {status}'}"
                  f"{f', sqlite3 {times} ms' if times else ''}  {urllib.parse.unquote(path)}",
                  flush=True)
        per_request: dict[str, list[float]] = {}
        for _ in range(rounds):
            for figure, path, _ in requests:
                timed_http(server, path, figure)
                per_request.setdefault(path, []).append(figure.http[-1])
        new_words = new_word_figures(server, setup)
        recalls = ranked_recall(conn, server, setup.base) if setup.canned else {}
    for _ in range(sqlite_rounds):
        for figure, _, statements in distinct:
            if statements:
                timed_sqlite(conn, statements, figure)
    print("per request, Datasette p50 / p95:")
    for path, samples in per_request.items():
        p50, p95 = percentiles(samples)
        print(f"  {p50:7.0f} / {p95:7.0f} ms  {urllib.parse.unquote(path)}")
    if not setup.canned:
        print("note: no canned query `search` in the metadata, so it was not measured")
    for query, recall in recalls.items():
        print(f"  recall@{TOP} {recall:.2f}  {query}")
    if recalls:
        print(f"ranked search recall@{TOP} against exhaustive bm25:"
              f" min={min(recalls.values()):.2f}, mean={statistics.mean(recalls.values()):.2f}"
              f" (target 1.0, n={len(recalls)})")
    return list(dict.fromkeys(figure for figure, _, _ in requests)) + new_words


def new_word_figures(server: Server, setup: Setup) -> list[Figure]:
    """Words nobody asked the warm server for: the server keeps each search's newest matches
    (plugins/bounded_search.py), so the rounds above answer them from memory after the first
    time, and this is what a researcher's new word costs. The ranked search keeps nothing."""
    search = Figure("search pages.json?_search= (rows, count, facets), a new word each time",
                    SEARCH_TARGET_MS, setup.facet_names("pages"))
    ranked = Figure("search canned search.json?q= (ranked rows), a new word each time",
                    SEARCH_TARGET_MS)
    for word in NEW_WORDS:
        q = urllib.parse.quote(word)
        timed_http(server, f"{setup.base}/pages.json?_search={q}&_size=20", search)
        timed_http(server, f"{setup.base}/search.json?q={q}&_size=20", ranked)
        print(f"  new word: {search.http[-1]:5.0f} ms search page, {ranked.http[-1]:5.0f} ms"
              f" ranked  {word}")
    return [search, ranked] if setup.canned else [search]


def ranked_recall(conn: sqlite3.Connection, server: Server, base: str) -> dict[str, float]:
    """Per query, the share of FTS5's exhaustive best TOP pages that the canned query's best TOP
    are: a page counts if its exhaustive score is one of the best TOP (pages that tie count the
    same, in any order)."""
    recalls = {}
    for query in QUERIES:
        want = conn.execute(
            f"select p.id, {EXHAUSTIVE_BM25} as s from pages_fts join pages p"
            " on p.rowid = pages_fts.rowid where pages_fts match ? order by s limit ?",
            (query, TOP)).fetchall()
        if not want:
            continue
        _, rows = server.get(f"{base}/search.json?q={urllib.parse.quote(query)}"
                             f"&_shape=array&_size={TOP}")
        got = [row["id"] for row in rows if row.get("soort") == "pagina"][:TOP]
        marks = ", ".join("?" * len(got))
        scores = dict(conn.execute(
            f"select p.id, {EXHAUSTIVE_BM25} from pages_fts join pages p"
            f" on p.rowid = pages_fts.rowid where pages_fts match ? and p.id in ({marks})",
            (query, *got)).fetchall()) if got else {}
        worst = want[-1][1]
        hits = sum(1 for page in got if page in scores and scores[page] <= worst + 1e-12)
        recalls[query] = min(hits, len(want)) / len(want)
    return recalls


def describe(db: Path) -> None:
    size = db.stat().st_size
    conn = sqlite3.connect(f"file:{db}?immutable=1", uri=True)
    counts = {t: conn.execute(f"select count(*) from {t}").fetchone()[0]
              for t in ("pages", "authors", "page_authors", "reactions", "links")}
    print(f"database: {db}, {size / 2**30:.1f} GB; "
          + ", ".join(f"{table} {n:,}" for table, n in counts.items()))
    for query in QUERIES:
        hits = conn.execute("select count(*) from pages_fts where pages_fts match ?",
                            (query,)).fetchone()[0]
        print(f"  {query!r} matches {hits:,} pages")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, default=Path("/tmp/scale/archive.db"))
    parser.add_argument("--pages", type=int, default=1_000_000)
    parser.add_argument("--reuse", action="store_true", help="measure an existing file as it is")
    parser.add_argument("--fts", choices=("rebuild", "triggers"), default="rebuild",
                        help="fill the full-text index in bulk after the rows, or row by row")
    parser.add_argument("--rounds", type=int, default=20,
                        help="measured rounds over the fixed set of requests (after a warm-up);"
                        " each figure gets one request per query a round")
    parser.add_argument("--sqlite-rounds", type=int, default=5,
                        help="how many times each distinct request's SQL is timed in sqlite3")
    args = parser.parse_args(argv)
    print(machine(), flush=True)
    if args.reuse and args.db.exists():
        print(f"build: reusing {args.db}")
    else:
        timings = build(args.db, args.pages, fts=args.fts,
                        report=lambda line: print(line, flush=True))
        print("build: " + ", ".join(f"{phase} {seconds / 60:.1f} min"
                                    for phase, seconds in timings.items()), flush=True)
    describe(args.db)
    copy = public_copy(args.db, progress=lambda step: print(f"public copy: {step}", flush=True))
    made = "reused" if copy.reused else f"made in {copy.seconds / 60:.1f} min"
    print(f"public copy: {made}, {copy.path.stat().st_size / 1e9:.1f} GB, {copy.reactions:,}"
          f" reactions by {copy.commenters:,} readers under pseudonyms, {copy.captures_withheld:,}"
          " captures withheld", flush=True)
    for figure in measure(copy.path, args.rounds, args.sqlite_rounds):
        print(figure.line())


if __name__ == "__main__":
    main()
