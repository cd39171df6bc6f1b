"""The five seed pages, served by the mirror as their sites' HTML, extract to what the gold
file (shared/gold/seeds.json, the single source of truth) says."""

import json
from pathlib import Path

import pytest

from mirror.server import SITES_DIR
from pipeline.record import problems
from tests.crawling import extract_page

GOLD = Path(__file__).resolve().parents[2] / "shared" / "gold" / "seeds.json"
pytestmark = pytest.mark.skipif(not GOLD.is_file(), reason=f"gold file not found at {GOLD}")


def seed_urls() -> dict[str, str]:
    urls = {}
    for site_json in SITES_DIR.glob("*/site.json"):
        urls.update(json.loads(site_json.read_text(encoding="utf-8")).get("seeds", {}))
    return urls


def gold_pages() -> list[dict]:
    return json.loads(GOLD.read_text(encoding="utf-8"))["pages"] if GOLD.is_file() else []


@pytest.fixture(scope="module")
def records(mirror):
    urls = seed_urls()
    found = {}
    for page in gold_pages():
        found[page["seed"]] = extract_page(mirror, urls[page["seed"]])
    return found


@pytest.mark.parametrize("gold", gold_pages(), ids=lambda g: g["seed"])
def test_seed_page_is_in_the_mirror_under_its_real_url(gold):
    url = seed_urls()[gold["seed"]]
    assert url.startswith("https://")
    if "url" in gold:
        assert url == gold["url"]


@pytest.mark.parametrize("gold", gold_pages(), ids=lambda g: g["seed"])
def test_seed_record_matches_the_schema(records, gold):
    record = records[gold["seed"]]
    assert problems(record) == []
    assert (record["site"], record["kind"]) == (gold["site"], gold["kind"])


@pytest.mark.parametrize("gold", gold_pages(), ids=lambda g: g["seed"])
def test_seed_record_has_the_gold_fields(records, gold):
    record = records[gold["seed"]]
    for field, expected in gold["expect"].items():
        if field == "authors":
            got = [{"name": a["name"], "role": a["role"]} for a in record["authors"]]
            assert got == expected
        else:
            assert record[field] == expected, field


@pytest.mark.parametrize("gold", gold_pages(), ids=lambda g: g["seed"])
def test_seed_body_is_the_article_text_only(records, gold):
    body = records[gold["seed"]]["body_text"]
    assert body.startswith(gold["body_starts"])
    assert body.endswith(gold["body_ends"])
    for snippet in gold.get("body_contains", []):
        assert snippet in body
    for snippet in gold.get("body_excludes", []):
        assert snippet not in body


@pytest.mark.parametrize("gold", [g for g in gold_pages() if "links_by_kind" in g],
                         ids=lambda g: g["seed"])
def test_seed_links_are_counted_by_kind(records, gold):
    links = records[gold["seed"]]["links"]
    for kind, count in gold["links_by_kind"].items():
        assert sum(1 for link in links if link["kind"] == kind) == count, kind


@pytest.mark.parametrize("gold", [g for g in gold_pages() if "reactions" in g],
                         ids=lambda g: g["seed"])
def test_seed_reactions_are_in_page_order(records, gold):
    reactions = records[gold["seed"]]["reactions"]
    assert len(reactions) == len(gold["reactions"])
    for got, expected in zip(reactions, gold["reactions"], strict=True):
        assert got["position"] == expected["position"]
        if "author" in expected:
            assert got["author"] == expected["author"]
        assert got["text"].startswith(expected["text_starts"])
        for snippet in expected.get("text_contains", []):
            assert snippet in got["text"]
