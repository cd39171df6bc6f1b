"""A site redesign must not silently break the archive: for every site, one seed page rebuilt
as a redesign would rebuild it (other class names and nesting, a cookie banner, a sidebar full
of links, comments in other markup, dates only in JSON-LD or only in visible text) still
extracts to the gold record, through whichever layer still finds each field."""

from pathlib import Path

import pytest

from mirror import seed_urls
from pipeline import extract_with_sources
from tests.gold import GOLD, gold_pages, mismatches

DRIFT = Path(__file__).parent / "fixtures" / "drift"
pytestmark = pytest.mark.skipif(not GOLD.is_file(), reason=f"gold file not found at {GOLD}")


def redesigned() -> list[dict]:
    return [g for g in gold_pages() if (DRIFT / g["seed"].replace(".txt", ".html")).is_file()]


def extract_redesigned(gold: dict) -> tuple[dict, dict]:
    html = (DRIFT / gold["seed"].replace(".txt", ".html")).read_bytes()
    return extract_with_sources(html, seed_urls()[gold["seed"]])


def test_every_site_has_a_redesigned_seed_page():
    assert {g["site"] for g in redesigned()} == {g["site"] for g in gold_pages()}


@pytest.mark.parametrize("gold", redesigned(), ids=lambda g: g["seed"])
def test_redesigned_seed_page_still_extracts_to_its_gold_record(gold):
    record, _ = extract_redesigned(gold)
    assert mismatches(record, gold) == []


@pytest.mark.parametrize("gold", redesigned(), ids=lambda g: g["seed"])
def test_redesigned_page_is_not_the_mirror_page_again(mirror, gold):
    original, _ = mirror.get(seed_urls()[gold["seed"]])
    html = (DRIFT / gold["seed"].replace(".txt", ".html")).read_bytes()
    assert html != original
