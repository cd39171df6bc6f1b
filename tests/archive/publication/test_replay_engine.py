"""`archive replay`: pywb on loopback over the mirror crawl's WARC files answers a seed page as it
was captured, and stops with the command. pywb comes from its own environment, made by
`.ci/install-replay` (CI must have it; elsewhere the test says how to get it)."""

import os
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import closing, contextmanager
from pathlib import Path

import pytest

from archive.storage.warc import read_response
from tests.archive.publication.test_withheld import captures_of, copy_archive
from tests.conftest import REPO, run_archive
from tests.serving import free_port

WAYBACK = REPO / ".venv-replay" / "bin" / "wayback"
SEED_URL = "https://www.zorgwelzijn.nl/hernieuwde-aandacht-voor-samenlevingsopbouw/"


@pytest.fixture(scope="module")
def wayback():
    if not os.access(WAYBACK, os.X_OK):
        message = f"no pywb at {WAYBACK}: run `bash .ci/install-replay`"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return WAYBACK


def wayback_pids(port: int) -> list[int]:
    """The pywb processes listening on `port`, found by their command line."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            command = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if any(part.endswith(b"wayback") for part in command) and str(port).encode() in command:
            found.append(int(proc.name))
    return found


@contextmanager
def replaying(db_path: Path, wayback: Path, *options: str):
    """`archive replay` (with `options`) on a free loopback port; yields its base URL and makes
    sure that it and its pywb are gone afterwards."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "archive", "replay", "--db", str(db_path), "--port",
             str(port), "--wayback", str(wayback), *options], cwd=REPO, stdout=log,
            stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    urllib.request.urlopen(base + "/", timeout=2)
                    break
                except OSError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        log.seek(0)
                        pytest.fail(log.read().decode(errors="replace")[-3000:])
                    time.sleep(0.2)
            yield base, port
        finally:
            server.terminate()
            server.wait(timeout=20)


def first_capture(db_path: Path, url: str = SEED_URL) -> tuple[str, bytes, str]:
    """A page's (the seed's) first capture: its time as pywb spells it, body and Content-Type."""
    with closing(sqlite3.connect(db_path)) as conn:
        warc_file, offset = conn.execute(
            "SELECT warc_file, warc_offset FROM captures WHERE url = ? AND status = 200"
            " AND record_type = 'response' ORDER BY id LIMIT 1", (url,)).fetchone()
    stored = read_response(db_path.parent / "captures" / warc_file, offset, decode=False)
    stamp = "".join(ch for ch in stored.fetched_at if ch.isdigit())
    return stamp, stored.body, dict(stored.headers)["Content-Type"]


def test_pywb_replays_a_seed_page_as_captured_and_stops_with_the_command(crawled, wayback):
    stamp, body, content_type = first_capture(crawled.db_path)
    with replaying(crawled.db_path, wayback) as (base, port):
        assert wayback_pids(port), "archive replay did not start pywb's wayback"
        # id_: the capture as received, not rewritten for replay.
        with urllib.request.urlopen(f"{base}/archive/{stamp}id_/{SEED_URL}", timeout=20) as got:
            assert got.status == 200
            assert got.headers["Content-Type"] == content_type
            assert got.read() == body
        # Replay mode: the same page rewritten to stay within the archive.
        with urllib.request.urlopen(f"{base}/archive/{stamp}mp_/{SEED_URL}", timeout=20) as got:
            assert f"/archive/{stamp}mp_/".encode() in got.read()
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(f"{base}/archive/{stamp}id_/https://example.org/", timeout=20)
        assert missing.value.code == 404
    deadline = time.monotonic() + 10
    while wayback_pids(port) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not wayback_pids(port), "pywb outlived archive replay"


def test_pywb_answers_a_taken_down_page_as_not_archived_and_replays_the_others(crawled, wayback,
                                                                            tmp_path):
    """The seed page, and a canon window under three URLs (so that pywb searches rules of
    several URLs, in the order it reads them in)."""
    other = "https://www.zorgwelzijn.nl/movisie/"
    window = "https://www.canonsociaalwerk.eu/nl_jz/details.php?canon_id=205"
    stamp, _, _ = first_capture(crawled.db_path)
    window_stamp, _, _ = first_capture(crawled.db_path, window)
    other_stamp, other_body, _ = first_capture(crawled.db_path, other)
    db, captures = copy_archive(crawled, tmp_path), captures_of(crawled)
    for url in (SEED_URL, "https://www.canonsociaalwerk.eu/nl/details.php?canon_id=22"):
        added = run_archive("takedown", "add", "--url", url, "--reason", "verzoek", "--db",
                            str(db))
        assert added.returncode == 0, added.stderr
    with replaying(db, wayback, "--captures", str(captures)) as (base, _):
        for mode in ("id_", "mp_"):
            for at, url in ((stamp, SEED_URL), (window_stamp, window)):
                with pytest.raises(urllib.error.HTTPError) as excluded:
                    urllib.request.urlopen(f"{base}/archive/{at}{mode}/{url}", timeout=20)
                assert excluded.value.code == 404
        with urllib.request.urlopen(f"{base}/archive/{other_stamp}id_/{other}",
                                    timeout=20) as got:
            assert got.status == 200
            assert got.read() == other_body
