"""The `archive` command line as users call it: useful output, clear errors, no tracebacks, and
every command and option documented."""

import csv
import io
import itertools
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
from contextlib import contextmanager

import pytest

from archive.cli import cli
from archive.storage.lock import CrawlLock
from tests.conftest import REPO, run_archive
from tests.serving import answering, datasette_pid, free_port

SEED_FILE = REPO / "mirror" / "sites" / "zorgwelzijn" / "files" / (
    "hernieuwde-aandacht-voor-samenlevingsopbouw/index.html")
SEED_URL = "https://www.zorgwelzijn.nl/hernieuwde-aandacht-voor-samenlevingsopbouw/"


def assert_clean_error(done: subprocess.CompletedProcess) -> None:
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().startswith(("Error", "Usage")), done.stderr


def test_help_lists_every_command():
    done = run_archive("--help")
    assert done.returncode == 0
    commands = done.stdout.split("\nCommands:\n", 1)[1]
    # Each command opens a line of the list; a wrapped description would be indented deeper.
    assert sorted(re.findall(r"^  (\S+)(?: |$)", commands, re.M)) == sorted(cli.commands)


def passages(markdown: str) -> list[str]:
    """What the docs say of one thing at a time: paragraphs, list items, table rows and the lines
    of code blocks. An option is documented for a command where one of them names both."""
    found, paragraph, in_code = [], [], False
    for line in markdown.splitlines():
        fence = line.startswith("```")
        alone = in_code or fence or line.startswith("|")
        if alone or not line.strip() or re.match(r"\s*(?:[-*]|\d+\.) ", line):
            found.append(" ".join(paragraph))
            paragraph = []
        if fence:
            in_code = not in_code
        elif alone:
            found.append(line)
        elif line.strip():
            paragraph.append(line)
    found.append(" ".join(paragraph))
    return [passage for passage in found if passage]


DOC_PASSAGES = [passage for doc in (REPO / "README.md", *sorted((REPO / "docs").glob("*.md")))
                for passage in passages(doc.read_text(encoding="utf-8"))]
# Long names: "--verbose", not "-v". Click adds --help itself, outside a command's params.
OPTIONS = [(name, option) for name, command in sorted(cli.commands.items())
           for param in command.params for option in param.opts if option.startswith("--")]


def naming(command: str) -> list[str]:
    return [passage for passage in DOC_PASSAGES if re.search(rf"\barchive {command}\b", passage)]


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_is_documented(command):
    assert naming(command), f"`archive {command}` is in neither README.md nor docs/"


@pytest.mark.parametrize(("command", "option"), OPTIONS)
def test_every_option_is_documented_with_its_command(command, option):
    spelled = re.compile(rf"(?<![\w-]){re.escape(option)}(?![\w-])")
    assert any(spelled.search(passage) for passage in naming(command)), (
        f"no passage of README.md or docs/ names `archive {command}` and `{option}`")


def test_extract_prints_the_record_as_json():
    done = run_archive("extract", str(SEED_FILE), "--url", SEED_URL)
    assert done.returncode == 0, done.stderr
    record = json.loads(done.stdout)
    assert record["url"] == SEED_URL and record["site"] == "zorgwelzijn"
    assert record["title"] == "Hernieuwde aandacht voor samenlevingsopbouw"


def test_extract_explain_names_the_layer_of_each_field():
    done = run_archive("extract", str(SEED_FILE), "--url", SEED_URL, "--explain")
    sources = json.loads(done.stdout)["sources"]
    assert sources["title"] == "rule"
    assert set(sources.values()) <= {"rule", "metadata", "fallback"}


def test_extract_of_an_empty_file_is_a_clear_error(tmp_path):
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    assert_clean_error(run_archive("extract", str(empty), "--url", SEED_URL))


def test_extract_of_a_missing_file_is_a_clear_error(tmp_path):
    assert_clean_error(run_archive("extract", str(tmp_path / "nope.html"), "--url", SEED_URL))


def test_crawl_of_an_unknown_site_is_refused_before_anything_runs(tmp_path):
    db = tmp_path / "x.db"
    assert_clean_error(run_archive("crawl", "--site", "nosuchsite", "--db", str(db)))
    assert not db.exists()


def test_crawl_into_an_unwritable_path_is_a_clear_error_and_writes_nothing(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert_clean_error(run_archive("crawl", "--mirror", "--db", str(blocker / "archive.db")))
    assert [p.name for p in tmp_path.iterdir()] == ["file"]


def test_crawl_into_a_file_that_is_not_an_archive_is_refused_untouched(tmp_path):
    bogus = tmp_path / "bogus.db"
    bogus.write_bytes(b"this is not sqlite" * 100)
    done = run_archive("crawl", "--mirror", "--db", str(bogus))
    assert_clean_error(done)
    assert "not a SQLite archive database" in done.stderr
    assert bogus.read_bytes() == b"this is not sqlite" * 100
    assert [p.name for p in tmp_path.iterdir()] == ["bogus.db"]


def test_serve_of_a_missing_database_is_a_clear_error(tmp_path):
    done = run_archive("serve", "--db", str(tmp_path / "missing.db"))
    assert_clean_error(done)
    assert not (tmp_path / "missing.db").exists()


def test_serve_of_a_file_that_is_not_an_archive_is_a_clear_error(tmp_path):
    bogus = tmp_path / "bogus.db"
    bogus.write_bytes(b"this is not sqlite" * 100)
    assert_clean_error(run_archive("serve", "--db", str(bogus)))
    assert bogus.read_bytes() == b"this is not sqlite" * 100
    assert [p.name for p in tmp_path.iterdir()] == ["bogus.db"]


def test_serve_of_a_truncated_archive_is_a_clear_error(crawled, tmp_path):
    cut = tmp_path / "cut.db"
    cut.write_bytes(crawled.db_path.read_bytes()[:50_000])
    before = cut.read_bytes()
    assert_clean_error(run_archive("serve", "--db", str(cut)))
    assert cut.read_bytes() == before


def test_extract_of_random_bytes_is_a_clear_error(tmp_path):
    noise = tmp_path / "noise.html"
    noise.write_bytes(bytes(range(256)) * 40)
    assert_clean_error(run_archive("extract", str(noise), "--url", SEED_URL))
    assert [p.name for p in tmp_path.iterdir()] == ["noise.html"]


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl"])
def test_export_writes_every_page(crawled, tmp_path, fmt):
    out = tmp_path / f"pages.{fmt}"
    done = run_archive("export", "--db", str(crawled.db_path), "--format", fmt, "--out", str(out))
    assert done.returncode == 0, done.stderr
    text = out.read_text(encoding="utf-8")
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(text)))
    elif fmt == "json":
        rows = json.loads(text)
    else:
        rows = [json.loads(line) for line in text.splitlines()]
    with sqlite3.connect(crawled.db_path) as conn:
        expected = conn.execute("select count(*) from pages").fetchone()[0]
    assert len(rows) == expected
    assert {"url", "title", "body_text"} <= set(rows[0])


def test_export_to_stdout(crawled):
    done = run_archive("export", "--db", str(crawled.db_path), "--table", "authors",
                       "--format", "jsonl")
    assert done.returncode == 0
    assert all(json.loads(line)["name"] for line in done.stdout.splitlines())


def test_export_of_an_unknown_table_is_a_clear_error(crawled):
    assert_clean_error(run_archive("export", "--db", str(crawled.db_path), "--table", "nope"))


def test_scrapy_lists_the_four_spiders_from_the_repository_root():
    done = subprocess.run([sys.executable, "-m", "scrapy", "list"], cwd=REPO,
                          capture_output=True, text=True, timeout=120)
    assert done.stdout.split() == ["canon", "movisie", "socialevraagstukken", "zorgwelzijn"]


def test_crawl_exits_non_zero_when_a_site_cannot_be_reached(tmp_path):
    with socket.socket() as sock:  # a loopback port nobody listens on once this closes
        sock.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{sock.getsockname()[1]}"
    db = tmp_path / "x.db"
    done = subprocess.run(
        [sys.executable, "-m", "archive", "crawl", "--site", "movisie", "--db", str(db)],
        cwd=REPO, capture_output=True, text=True, timeout=300,
        env={**os.environ, "ARCHIVE_MIRROR_URL": dead},
    )
    assert done.returncode == 1
    assert "movisie" in done.stdout and "FAILED" in done.stdout
    with sqlite3.connect(db) as conn:
        assert conn.execute("select status from crawl_runs").fetchone() == ("failed",)
        assert conn.execute("select count(*) from fetch_failures").fetchone()[0] >= 1


def test_scrapy_crawl_from_the_repository_root_archives_into_archive_db(mirror, tmp_path):
    db = tmp_path / "canon.db"
    done = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "canon", "-s", f"MIRROR_URL={mirror.url}",
         "-s", f"ARCHIVE_DB={db}", "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_START_DELAY=0"],
        cwd=REPO, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    with sqlite3.connect(db) as conn:
        sites = conn.execute("select distinct site from pages").fetchall()
        runs = conn.execute("select spiders, status, pages_new, bytes_downloaded"
                            " from crawl_runs").fetchall()
    assert sites == [("canon",)]
    assert runs[0][:2] == ('["canon"]', "finished") and runs[0][2] > 0
    # As scrapyd runs it: captured beside the database, and the lock released at the end.
    assert runs[0][3] > 0 and list((tmp_path / "captures").glob("run00001-canon-*.warc.gz"))
    with CrawlLock(db):
        pass


def test_report_shows_per_site_and_field_which_layer_gave_it(crawled):
    done = run_archive("report", "--db", str(crawled.db_path), "--json")
    assert done.returncode == 0, done.stderr
    coverage = json.loads(done.stdout)
    with sqlite3.connect(crawled.db_path) as conn:
        per_site = dict(conn.execute("select site, count(*) from pages group by site"))
    assert {site: data["pages"] for site, data in coverage.items()} == per_site
    for site, data in coverage.items():
        assert data["fields"]["title"] == {"rule": per_site[site]}, site
        assert sum(data["fields"]["language"].values()) == per_site[site]
    table = run_archive("report", "--db", str(crawled.db_path)).stdout
    assert "socialevraagstukken" in table and "view_count" in table


def test_export_writes_a_view_too(crawled, tmp_path):
    out = tmp_path / "overview.csv"
    done = run_archive("export", "--db", str(crawled.db_path), "--table", "page_overview",
                       "--out", str(out))
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(crawled.db_path) as conn:
        expected = conn.execute("select count(*) from pages").fetchone()[0]
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert len(rows) == expected and "reaction_count" in rows[0]


@contextmanager
def read_only(path):
    """The file as a read-only archive is to SQLite: root ignores permissions, so it is made
    immutable (chattr) there."""
    if os.geteuid() == 0:
        if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode != 0:
            pytest.skip("cannot make a file immutable here (chattr +i)")
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(path)], check=True)
    else:
        path.chmod(0o444)
        yield


@pytest.mark.parametrize("command", ["crawl", "reextract"])
def test_a_read_only_archive_is_a_one_line_error(crawled, mirror, tmp_path, command):
    db = tmp_path / "archive.db"
    shutil.copy(crawled.db_path, db)
    before = db.read_bytes()
    with read_only(db):
        done = run_archive(command, "--db", str(db),
                           *(["--mirror-url", mirror.url] if command == "crawl" else []))
    assert_clean_error(done)
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert "readonly database" in done.stderr
    assert db.read_bytes() == before


def test_a_site_named_twice_is_crawled_once(mirror, tmp_path):
    db = tmp_path / "archive.db"
    done = run_archive("crawl", "--mirror-url", mirror.url, "--site", "canon", "--site", "canon",
                       "--db", str(db))
    assert done.returncode == 0, done.stdout + done.stderr
    site_lines = itertools.takewhile(lambda line: not line.lstrip().startswith("total"),
                                     done.stdout.splitlines()[1:])
    assert [line.split()[0] for line in site_lines] == ["canon"]
    with sqlite3.connect(db) as conn:
        assert conn.execute("select spiders from crawl_runs").fetchall() == [('["canon"]',)]
        assert conn.execute("select count(*) from fetch_failures where reason = 'network'"
                            ).fetchone() == (0,)


def test_resuming_where_there_is_no_archive_is_refused_and_creates_nothing(tmp_path):
    done = run_archive("crawl", "--resume", "--mirror", "--db", str(tmp_path / "archive.db"))
    assert_clean_error(done)
    assert "nothing to resume" in done.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("port", ["70000", "-1"])
def test_serve_refuses_a_port_that_does_not_exist(crawled, port):
    done = run_archive("serve", "--db", str(crawled.db_path), "--port", port)
    assert done.returncode == 2 and "--port" in done.stderr and "serving" not in done.stderr


def test_serve_on_a_port_in_use_fails_in_one_line(crawled):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        done = run_archive("serve", "--db", str(crawled.db_path), "--port",
                           str(taken.getsockname()[1]), timeout=60)
    assert_clean_error(done)
    assert len(done.stderr.strip().splitlines()) == 1 and "in use" in done.stderr


def test_serve_on_port_0_says_which_port_it_took_and_serves_there(crawled):
    server = subprocess.Popen([sys.executable, "-m", "archive", "serve", "--db",
                               str(crawled.db_path), "--port", "0"], cwd=REPO,
                              stderr=subprocess.PIPE, text=True)
    try:
        said = server.stderr.readline()
        url = re.search(r"on (http://127\.0\.0\.1:(\d+))/archive", said)
        assert url and url.group(2) != "0", said
        assert answering(url.group(1), server)
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_serve_exits_non_zero_when_its_datasette_dies(crawled):
    """So that a service manager's Restart=on-failure restarts it."""
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "archive", "serve", "--db",
                               str(crawled.db_path), "--port", str(port)], cwd=REPO,
                              stderr=subprocess.PIPE, text=True)
    try:
        assert answering(f"http://127.0.0.1:{port}", server)
        os.kill(datasette_pid(f"http://127.0.0.1:{port}"), signal.SIGKILL)
        assert server.wait(timeout=30) == 1
        assert server.stderr.read().strip().splitlines()[-1].startswith("Error: Datasette stopped")
    finally:
        server.kill()
        server.wait()
