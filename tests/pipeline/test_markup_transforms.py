"""The extractor against markup it has never met: every archived page of the mirror (all four
sites, every URL in mirror/sites/*/expected.json), rewritten by every transformation of
tests/markup_transforms.py and by every pair of them, must give the record of the page as archived
in every field whose evidence the rewrite keeps: `extract(rewritten, url)` equals
`extract(original, url)` field by field, body_text exactly, authors, reactions and links as lists.

55 pages x (14 transformations + 91 pairs) = 5,775 variants, each with its own seed
(`variant_seed`), the same on every run. A failing variant names the page, the chain and its seed,
each kept field that differs and how, and the command that writes the rewritten page to a file.
Nothing is marked as expected to fail or left out.

The harness itself is held to its premise first: each transformation keeps the lines a reader
sees, in order, and the page's word to machines (meta, JSON-LD, <title>, links, <time datetime>)
unless it declares that evidence removed; and a variant is rebuilt from its seed.
"""

from __future__ import annotations

import copy
import multiprocessing
import random
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from itertools import repeat

import pytest

from tests.markup_transforms import (
    TRANSFORMS,
    all_chains,
    archived_pages,
    chain_name,
    check_variant,
    kept_fields,
    main,
    parse,
    serialize,
    sidebars,
    transformed,
    variant_seed,
    visible_lines,
)

SEED = 0  # the base of every variant's seed
WORKERS = 2
PAGES = archived_pages()
CHAINS = all_chains()


@pytest.fixture(scope="module")
def workers():
    """Two processes share the variants: the extractor is the cost and CI has two cores. Spawned,
    not forked: the session may run the mirror's server thread."""
    with ProcessPoolExecutor(WORKERS, mp_context=multiprocessing.get_context("spawn")) as pool:
        yield pool


@pytest.mark.parametrize("chain", CHAINS, ids=chain_name)
def test_every_page_rewritten_gives_the_original_record_in_every_kept_field(chain, workers):
    """One test per chain over all 55 pages: a test per variant would spend as long in pytest's
    reporting as in the extractor."""
    name = chain_name(chain)
    seeds = [variant_seed(SEED, page.url, chain) for page in PAGES]
    outcomes = workers.map(check_variant, [p.url for p in PAGES], repeat(name), seeds,
                           chunksize=14)
    failures = [outcome for outcome in outcomes if outcome]
    if failures:
        fields = Counter(field for differing, _ in failures for field in differing)
        counts = ", ".join(f"{field} {n}" for field, n in fields.most_common())
        pytest.fail(f"{len(failures)} of {len(PAGES)} pages rewritten by {name} differ in kept "
                    f"fields ({counts}):\n\n" + "\n\n".join(text for _, text in failures),
                    pytrace=False)


# The harness's premise


def _rewrite_marked(page, transform, seed: int):
    """(original, rewritten) trees, the original's sidebars marked in both so that the check can
    set aside the one text a rewrite may move."""
    original = parse(page.body)
    for sidebar in sidebars(original):
        sidebar.set("data-sidebar", "")
    rewritten = copy.deepcopy(original)
    transform.rewrite(rewritten, random.Random(seed))
    return original, parse(serialize(rewritten))


def _lines_beside_sidebars(root) -> list[str]:
    for sidebar in root.xpath("//*[@data-sidebar]"):
        sidebar.getparent().remove(sidebar)
    return visible_lines(root)


def _said_to_machines(root) -> dict[str, Counter]:
    """What the page tells machines, by kind of evidence (in-page #links are no link)."""
    return {
        "meta": Counter(root.xpath("//meta/@content")),
        "title": Counter(root.xpath("//title/text()")),
        "json-ld": Counter(root.xpath("//script[contains(@type, 'ld+json')]/text()")),
        "lang": Counter(root.xpath("/html/@lang")),
        "links": Counter(h for h in root.xpath("//a/@href") if not h.startswith("#")),
        "datetime": Counter(root.xpath("//time/@datetime")),
    }


@pytest.mark.parametrize("transform", TRANSFORMS, ids=lambda t: t.name)
def test_every_transformation_keeps_what_a_reader_sees_and_what_machines_are_told(transform):
    """The lines a reader sees, in order (a sidebar may move), and meta, JSON-LD, <title>, <html
    lang>, link targets and <time datetime>, unless the transformation declares it removes it."""
    for page in PAGES:
        seed = variant_seed(SEED, page.url, (transform,))
        original, rewritten = _rewrite_marked(page, transform, seed)
        before, after = _said_to_machines(original), _said_to_machines(rewritten)
        for evidence in before:
            if evidence in transform.removes:
                assert not after[evidence], (page.url, evidence)
            else:
                assert after[evidence] == before[evidence], (page.url, evidence)
        assert _lines_beside_sidebars(rewritten) == _lines_beside_sidebars(original), page.url


def test_a_field_resting_only_on_removed_evidence_is_not_compared():
    # The reactions' timestamps stand only in <time datetime>, which HTML4 has not.
    page = next(p for p in PAGES if p.url.endswith("/armoede-is-meer-dan-geldgebrek/"))
    html4 = next(t for t in TRANSFORMS if t.name == "html5_to_html4")
    assert "reactions" not in kept_fields((html4,), page)
    assert {"published", "modified", "body_text"} <= kept_fields((html4,), page)
    assert all(len(kept_fields((t,), page)) == 15 for t in TRANSFORMS if not t.removes)


def test_a_variant_is_rebuilt_from_its_seed(tmp_path):
    page, chain = PAGES[0], CHAINS[-1]
    assert transformed(page, chain, 7) == transformed(page, chain, 7)
    assert transformed(page, chain, 7) != transformed(page, chain, 8)
    out = tmp_path / "variant.html"
    main([page.url, chain_name(chain), "7", "--out", str(out)])
    assert out.read_bytes() == transformed(page, chain, 7)


def test_there_are_at_least_two_thousand_variants():
    assert len(PAGES) == 55 and {p.site for p in PAGES} == {
        "canon", "movisie", "socialevraagstukken", "zorgwelzijn"}
    assert len(PAGES) * len(CHAINS) >= 2000
