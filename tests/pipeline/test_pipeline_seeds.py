"""The five seed pages, served by the mirror as their sites' HTML, extract to exactly what the
gold file (shared/gold/seeds.json, the single source of truth) says."""

from urllib.parse import urlsplit

import pytest

from mirror import seed_urls
from pipeline.html import parse
from tests.crawling import extract_page
from tests.gold import GOLD, gold_pages, mismatches

pytestmark = pytest.mark.skipif(not GOLD.is_file(), reason=f"gold file not found at {GOLD}")


@pytest.mark.parametrize("gold", gold_pages(), ids=lambda g: g["seed"])
def test_seed_page_is_in_the_mirror_under_its_real_url(mirror, gold):
    url = seed_urls()[gold["seed"]]
    if "url" in gold:
        assert url == gold["url"]
    parts = urlsplit(url)
    body, content_type = mirror.get(url)
    # Answered for the real host and path themselves, not through a redirect.
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    assert (parts.hostname, target, 200) in mirror.log
    assert content_type.startswith("text/html")
    title = parse(body, content_type).findtext(".//title")
    assert gold["expect"]["title"] in " ".join(title.split())


@pytest.mark.parametrize("gold", gold_pages(), ids=lambda g: g["seed"])
def test_seed_page_extracts_to_its_gold_record(mirror, gold):
    record = extract_page(mirror, seed_urls()[gold["seed"]])
    assert mismatches(record, gold) == []


def test_the_gold_checks_catch_a_wrong_record(mirror):
    gold = gold_pages()[0]
    record = extract_page(mirror, seed_urls()[gold["seed"]])
    record["title"] = "Iets anders"
    record["body_text"] = "Publicatiedatum " + record["body_text"]
    found = mismatches(record, gold)
    assert any(m.startswith("title:") for m in found)
    assert any(m.startswith("body starts") for m in found)
