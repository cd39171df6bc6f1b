"""Garbage in, no traceback out: `archive extract` gives a record of what it could find, or one
clear error on stderr and a non-zero exit."""

import json
import os

import pytest

from tests.conftest import run_archive

URL = "https://www.movisie.nl/artikel/x"
CANON_URL = "https://www.canonsociaalwerk.eu/nl/details.php?canon_id=1"


def extract_file(tmp_path, content: bytes, url: str = URL):
    page = tmp_path / "page.html"
    page.write_bytes(content)
    return run_archive("extract", str(page), "--url", url)


def assert_clean_error(done, message: str) -> None:
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert message in done.stderr


@pytest.mark.parametrize("content", [b"", b"   \n\t  "], ids=["empty", "blank"])
def test_an_empty_file_is_a_clear_error(tmp_path, content):
    assert_clean_error(extract_file(tmp_path, content), "empty document")


def test_binary_content_is_a_clear_error(tmp_path):
    assert_clean_error(extract_file(tmp_path, os.urandom(50_000)), "binary content")


def test_a_page_with_no_text_at_all_is_a_clear_error(tmp_path):
    done = extract_file(tmp_path, b"<html><body><div><span></span></div></body></html>")
    assert_clean_error(done, "no title and no text")


def test_five_megabytes_of_nested_divs_give_what_could_be_read_and_a_warning(tmp_path):
    depth = 350_000  # about 5 MB of markup
    html = ("<html><head><title>Diep genest</title></head><body><h1>Diep genest</h1>"
            + "<div>" * depth + "onbereikbaar" + "</div>" * depth + "</body></html>")
    done = extract_file(tmp_path, html.encode())
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["title"] == "Diep genest"
    assert "warning: page nests deeper" in done.stderr


@pytest.mark.parametrize("encoding", ["windows-1252", "iso-8859-15", "utf-16"])
def test_a_page_in_another_encoding_reads_as_text(tmp_path, encoding):
    meta = "" if encoding == "utf-16" else f'<meta charset="{encoding}">'
    html = (f"<html><head>{meta}<title>Ideeën</title></head><body><h1>Ideeën voor de wijk</h1>"
            "<p>Één alinea over coöperaties.</p></body></html>")
    done = extract_file(tmp_path, html.encode(encoding))
    assert done.returncode == 0, done.stderr
    record = json.loads(done.stdout)
    assert record["title"] == "Ideeën voor de wijk"
    assert record["body_text"].endswith("Één alinea over coöperaties.")


def test_an_impossible_date_gives_null_and_a_warning_not_the_crawl_time(tmp_path):
    html = ("<html><body><div id='content'><h1 class='titel'>2011 Burgerkracht</h1>"
            "<div id='venstertekst'><p>Tekst.</p></div>"
            "<p>Publicatiedatum: 31-02-2019</p></div></body></html>")
    done = extract_file(tmp_path, html.encode(), CANON_URL)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["published"] is None
    assert "31-02-2019" in done.stderr
