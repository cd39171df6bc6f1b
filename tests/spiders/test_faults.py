"""The hostile web on loopback: the mirror misbehaves on purpose (mirror/faults.py) and the
crawler must retry what is worth retrying, refuse what is dangerous, give up on what never ends,
record every fault with its URL, and still end with the archive a calm crawl makes."""

from __future__ import annotations

from pathlib import Path

import pytest

from mirror import MirrorServer
from mirror.faults import KINDS, RECOVERABLE, REDIRECT_TARGETS, Faults
from tests.archive.test_operations import content
from tests.conftest import query, run_archive

PAGE = "/akkoord-over-cao-sociaal-werk/"
URL = "https://www.zorgwelzijn.nl" + PAGE
# A page with letters beyond ASCII (ë, ’, …), for the charset fault.
ACCENTED = "/hernieuwde-aandacht-voor-samenlevingsopbouw/"
TIMEOUT = "2"  # seconds; the live default is 60


@pytest.fixture(autouse=True)
def short_timeouts(monkeypatch):
    monkeypatch.setenv("ARCHIVE_DOWNLOAD_TIMEOUT", TIMEOUT)


def crawl_with(faults: Faults, db: Path, *sites: str):
    with MirrorServer(faults=faults) as mirror:
        done = run_archive("crawl", "--mirror-url", mirror.url, "--db", str(db),
                           *[arg for site in sites for arg in ("--site", site)])
    return done, mirror


@pytest.fixture(scope="module")
def calm(tmp_path_factory):
    """Zorg+Welzijn crawled without faults: what every faulty crawl should come close to."""
    db = tmp_path_factory.mktemp("calm") / "archive.db"
    done, _ = crawl_with(Faults(), db, "zorgwelzijn")
    assert done.returncode == 0, done.stdout + done.stderr
    return db


@pytest.mark.parametrize("kind", ["error-500", "burst-503", "burst-503-retry-after", "reset",
                                  "timeout", "truncated"])
def test_a_transient_fault_is_retried_and_the_page_archived(kind, tmp_path, calm):
    db = tmp_path / "archive.db"
    done, mirror = crawl_with(Faults(by_path={PAGE: kind}), db, "zorgwelzijn")
    assert done.returncode == 0, done.stdout + done.stderr
    assert [(path, k) for _, path, k in mirror.faults.log] == [(PAGE, kind)] * KINDS[kind].attempts
    retries = query(db, "SELECT url, attempt, reason, delay_seconds FROM fetch_retries")
    assert [(url, attempt) for url, attempt, _, _ in retries] == [
        (URL, n) for n in range(1, KINDS[kind].attempts + 1)]
    if kind == "burst-503-retry-after":
        assert {delay for *_, delay in retries} == {1.0}  # as the server asked
    assert query(db, "SELECT url FROM fetch_failures WHERE url = ?", URL) == []
    assert content(db) == content(calm)


@pytest.mark.parametrize("kind", ["wrong-type", "mislabelled-charset"])
def test_a_mislabelled_page_is_read_as_what_it_is(kind, tmp_path, calm):
    db = tmp_path / "archive.db"
    done, mirror = crawl_with(Faults(by_path={ACCENTED: kind}), db, "zorgwelzijn")
    assert done.returncode == 0, done.stdout + done.stderr
    assert mirror.faults.log
    expected = {"wrong-type": "sent as application/octet-stream, read as the HTML it is",
                "mislabelled-charset": "declared UTF-8, but the bytes are not"}[kind]
    assert expected in done.stderr
    # Every letter windows-1252 has comes back; those it lacks were lost by the server.
    assert content(db) == content(calm)


@pytest.mark.parametrize(("kind", "reason"), [
    ("trickle", "network"),
    ("huge", "too-large"),
    ("gzip-bomb", "too-large"),
    ("redirect-loop", "redirect-loop"),
    ("redirect-loopback", "refused"),
    ("redirect-metadata", "refused"),
    ("redirect-private", "refused"),
])
def test_a_page_that_cannot_be_had_safely_is_given_up_recorded_and_the_crawl_goes_on(
        kind, reason, tmp_path, calm):
    db = tmp_path / "archive.db"
    done, mirror = crawl_with(Faults(by_path={PAGE: kind}), db, "zorgwelzijn")
    assert done.returncode == 0, done.stdout + done.stderr
    assert mirror.faults.log
    failed = set(query(db, "SELECT url, reason FROM fetch_failures"))
    expected = REDIRECT_TARGETS.get(kind, URL + ("?loop=1" if kind == "redirect-loop" else ""))
    assert failed - set(query(calm, "SELECT url, reason FROM fetch_failures")) == {
        (expected, reason)}
    pages = {url for (url,) in query(db, "SELECT url FROM pages")}
    assert pages == {url for (url,) in query(calm, "SELECT url FROM pages")} - {URL}


def test_a_redirect_to_a_private_address_is_refused_before_any_request_and_logged(tmp_path):
    db = tmp_path / "archive.db"
    done, mirror = crawl_with(Faults(by_path={PAGE: "redirect-metadata"}), db, "zorgwelzijn")
    assert "refused http://169.254.169.254/latest/meta-data/" in done.stderr
    # Nothing but the sites' own names reached the network (here: the mirror).
    assert {host for host, _, _ in mirror.log} <= {"www.zorgwelzijn.nl", "zorgwelzijn.nl"}
    assert query(db, "SELECT url, reason FROM fetch_failures WHERE reason = 'refused'") == [
        ("http://169.254.169.254/latest/meta-data/", "refused")]


def test_a_crawl_with_a_fifth_of_its_urls_faulty_then_a_calm_one_loses_nothing(
        tmp_path, crawled):
    db = tmp_path / "archive.db"
    # Drawn per URL at 35%: some draws (a distorted page body) cannot apply to a redirect or a
    # 404, and robots.txt is spared, so about a fifth of the URLs answer with a fault.
    faults = Faults(rate=0.35, seed=11, kinds=RECOVERABLE)
    stormy, mirror = crawl_with(faults, db)
    calm_done, _ = crawl_with(Faults(), db)
    assert calm_done.returncode == 0, calm_done.stdout + calm_done.stderr

    faulty = {f"https://{host}{path}" for host, path, _ in faults.log}
    retried = {url for (url,) in query(db, "SELECT url FROM fetch_retries WHERE run_id = 1")}
    failed = {url for (url,) in query(db, "SELECT url FROM fetch_failures WHERE run_id = 1")}
    logged = "\n".join([stormy.stderr, stormy.stdout])
    archived = {url for (url,) in query(db, "SELECT url FROM page_urls")}
    with MirrorServer() as calm_mirror:
        # A mislabelled listing, or a mislabelled page of plain ASCII, changes nothing anyone
        # reads: there is nothing to log. Every other fault must be in the run's records or log.
        harmless = {f"https://{host}{path}" for host, path, kind in faults.log
                    if kind in ("wrong-type", "mislabelled-charset")
                    and (f"https://{host}{path}" not in archived or kind == "mislabelled-charset"
                         and calm_mirror.get(f"https://{host}{path}")[0].isascii())}
    unlisted = {url for url in faulty - retried - failed - harmless
                if url.split("://", 1)[1] not in logged}
    reference = content(crawled.db_path)
    final = content(db)
    lost = {row[1] for row in reference["pages"]} - {row[1] for row in final["pages"]}
    requested = {(host, path) for host, path, _ in mirror.log}
    print(f"\nfaults injected {len(faults.log)} on {len(faulty)} of {len(requested)} URLs"
          f" ({len(faulty) / len(requested):.0%})"
          f" ({', '.join(sorted({kind for _, _, kind in faults.log}))});"
          f" retried {len(retried)} URLs, recovered in the faulty crawl"
          f" {len(faulty - failed)}, recovered by the calm crawl {len(faulty & failed)},"
          f" lost {len(lost)}; without effect (mislabelled listings or ASCII pages)"
          f" {len(harmless)}")
    assert len(faulty) >= 0.2 * len(requested)
    assert not unlisted, unlisted
    assert not lost
    assert final == reference
