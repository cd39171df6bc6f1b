"""A site redesign must not silently break the archive: for every site, one seed page rebuilt
as a redesign would rebuild it (other class names and nesting, a cookie banner, a sidebar full
of links, comments in other markup, dates only in JSON-LD or only in visible text) still
extracts to the gold record, through whichever layer still finds each field."""


import pytest

from mirror import seed_urls
from pipeline import extract_with_sources
from pipeline.html import parse
from pipeline.text import PageText
from tests.conftest import FIXTURES
from tests.gold import GOLD, gold_pages, mismatches

DRIFT = FIXTURES / "drift"
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


def markup_of_opening_line(html: bytes, gold: dict, content_type: str | None = None) -> list[str]:
    """The elements, from the root down, around the visible line that opens the page's text,
    each as its name and classes."""
    text = PageText(parse(html, content_type))
    owner = next(owner for block, owner in zip(text.blocks, text.owners, strict=True)
                 if block.startswith(gold["body_starts"]))
    return [" ".join((element.tag, *sorted((element.get("class") or "").split())))
            for element in reversed([owner, *owner.iterancestors()])]


@pytest.mark.parametrize("gold", redesigned(), ids=lambda g: g["seed"])
def test_redesigned_page_is_not_the_mirror_page_again(mirror, gold):
    # The same text for a reader, in other elements and classes: a redesign, not a copy.
    original, content_type = mirror.get(seed_urls()[gold["seed"]])
    html = (DRIFT / gold["seed"].replace(".txt", ".html")).read_bytes()
    assert markup_of_opening_line(html, gold) != markup_of_opening_line(original, gold,
                                                                        content_type)
