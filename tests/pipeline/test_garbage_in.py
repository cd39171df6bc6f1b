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


def test_nesting_after_the_end_of_the_page_is_read_as_far_as_the_parser_reads():
    """libxml2 hangs what follows </html> beside the body, where the cut at 256 levels does not
    reach; the walk stopped only at Python's recursion limit (found by bench/fuzz_extract.py)."""
    from pipeline import extract

    html = ("<html><head><title>Diep genest</title></head><body><h1>Diep genest</h1>"
            "<p>De tekst.</p></body></html>" + "<div>" * 1500 + "diep" + "</div>" * 1500)
    assert extract(html.encode(), CANON_URL)["title"] == "Diep genest"


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


SV_ARTICLE = ("socialevraagstukken/files/overheid-moet-zich-bezinnen-op-eigen-kracht/index.html",
              "https://www.socialevraagstukken.nl/overheid-moet-zich-bezinnen-op-eigen-kracht/")
MOVISIE_ARTICLE = ("movisie/files/artikel/zonder-burgerkracht-geen-wijkteams",
                   "https://www.movisie.nl/artikel/zonder-burgerkracht-geen-wijkteams")


def test_a_text_node_over_ten_megabytes_keeps_the_page_whole(caplog):
    """libxml2 stops a text node at 10 MB unless told otherwise (a page can be 20 MB); it left
    body_text empty, the reactions out, and a warning about nesting that was not there."""
    from mirror.server import SITES_DIR
    from pipeline import extract

    path, url = SV_ARTICLE
    html = (SITES_DIR / path).read_text(encoding="utf-8")
    anchor = "<p>Hoe kan dat?"
    huge = "woord " * 2_000_000  # 12 MB in one text node
    assert anchor in html
    whole = extract(html, url)
    record = extract(html.replace(anchor, f"<p>{huge}</p>\n{anchor}", 1), url)
    assert huge.strip() in record["body_text"]
    assert record["body_text"].replace(huge.strip() + "\n\n", "") == whole["body_text"]
    assert record["reactions"] == whole["reactions"] and len(whole["reactions"]) > 1
    assert "nests deeper" not in caplog.text


@pytest.mark.parametrize("href", [
    "javascript:alert(1)", " JavaScript:alert(1)", "\tjava\nscript:alert(1)", "JAVASCRIPT:x",
    "data:text/html,<script>alert(1)</script>", " DATA:text/plain,x", "vbscript:msgbox(1)",
    "\x01javascript:alert(1)",
])
def test_a_link_that_is_no_web_address_is_not_recorded(href):
    """Browsers read these hrefs as script or inline documents, whatever their case and leading
    spaces; the archive recorded and exported them as links."""
    from mirror.server import SITES_DIR
    from pipeline import extract

    path, url = MOVISIE_ARTICLE
    html = (SITES_DIR / path).read_text(encoding="utf-8")
    anchor = '<div class="field__items">'
    planted = f'{anchor}<div class="field__item"><a href="{href}">Bijlage</a></div>'
    record = extract(html.replace(anchor, planted, 1), url)
    assert [link["url"] for link in record["links"]] == [
        link["url"] for link in extract(html, url)["links"]]
    assert all(link["url"].startswith("https://") for link in record["links"])
