"""Markup the extractor has never met, at scale: the mirror's archived pages rewritten by the
transformations of tests/markup_transforms.py, alone or two in a row in either order, and the
share of variants whose field equals the record of the untransformed page, among the variants
whose rewrite keeps that field's evidence. A figure below 100% is a way real markup can differ
from the markup this project wrote that today's extractor does not survive.

    .venv/bin/python bench/transform_agreement.py [--variants 20000] [--seed 0]

Variant i of seed S is rebuilt from (S, i) alone: a page, a chain, the chain's own seed; the
examples at the end print the command that writes one rewritten page to a file. Prints progress
every 1000 variants, the agreement per transformation (alone, then in a pair with any other), per
site and overall, the most common disagreements, and a final line of figures. Not a timed test.
"""

from __future__ import annotations

import argparse
import logging
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

# tests/ is no installed package: the harness is imported from the repository root.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline import extract  # noqa: E402
from pipeline.record import FIELDS  # noqa: E402
from tests.markup_transforms import (  # noqa: E402
    TRANSFORMS,
    ArchivedPage,
    Chain,
    archived_pages,
    chain_name,
    describe,
    kept_fields,
    transformed,
)

# Column heads: the fields the URL gives (url, site, kind) are left to the last line.
COLUMNS = {"title": "title", "subtitle": "subtl", "canon_year": "year", "published": "publ",
           "modified": "modif", "authors": "auth", "body_text": "body", "reactions": "react",
           "view_count": "views", "reading_time_minutes": "read", "links": "links",
           "language": "lang"}
FROM_URL = ("url", "site", "kind")


@dataclass(frozen=True)
class Variant:
    page: ArchivedPage
    chain: Chain
    seed: int

    @property
    def command(self) -> str:
        return (f".venv/bin/python -m tests.markup_transforms '{self.page.url}' "
                f"{chain_name(self.chain)} {self.seed}")


def make_variant(seed: int, index: int, pages: tuple[ArchivedPage, ...]) -> Variant:
    rng = random.Random(f"{seed}:{index}")
    page = rng.choice(pages)
    chain = tuple(rng.sample(TRANSFORMS, rng.choice((1, 2))))
    return Variant(page, chain, rng.randrange(2**32))


def outcome(variant: Variant) -> tuple[dict[str, bool], bool, dict]:
    """(kept field -> whether it agrees, whether the page was refused, the rewritten record)."""
    expected = variant.page.record()
    kept = kept_fields(variant.chain, variant.page)
    try:
        got = extract(transformed(variant.page, variant.chain, variant.seed), variant.page.url,
                      variant.page.content_type)
    except ValueError as error:
        return {name: False for name in kept}, True, {"refused": str(error)}
    return {name: expected[name] == got[name] for name in kept}, False, got


class Tally:
    """Agreement counts per group (a transformation, a site, everything) and field."""

    def __init__(self) -> None:
        self.agree: Counter[tuple[str, str]] = Counter()
        self.kept: Counter[tuple[str, str]] = Counter()
        self.variants: Counter[str] = Counter()
        self.whole: Counter[str] = Counter()  # variants agreeing in every kept field

    def add(self, group: str, agreement: dict[str, bool]) -> None:
        self.variants[group] += 1
        self.whole[group] += all(agreement.values())
        for name, agrees in agreement.items():
            self.kept[group, name] += 1
            self.agree[group, name] += agrees

    def share(self, group: str, name: str) -> str:
        kept = self.kept[group, name]
        return f"{100 * self.agree[group, name] / kept:.1f}" if kept else "-"

    def row(self, group: str, label: str) -> str:
        cells = "".join(f"{self.share(group, name):>7}" for name in COLUMNS)
        whole = 100 * self.whole[group] / self.variants[group] if self.variants[group] else 0
        return f"{label:<34}{self.variants[group]:>7}{cells}{whole:>8.1f}"


def header(title: str) -> str:
    return f"{title:<34}{'n':>7}" + "".join(f"{c:>7}" for c in COLUMNS.values()) + f"{'all':>8}"


def print_tables(tally: Tally) -> None:
    print("\nagreement, % of the variants whose evidence for the field is kept ('all': every"
          " kept field agrees)")
    print(header("transformation alone"))
    for t in TRANSFORMS:
        print(tally.row(f"alone {t.name}", t.name))
    print(header("transformation in a pair"))
    for t in TRANSFORMS:
        print(tally.row(f"pair {t.name}", t.name))
    print(header("site"))
    for site in sorted({p.site for p in archived_pages()}):
        print(tally.row(f"site {site}", site))
    print(header("overall"))
    print(tally.row("all", "all variants"))
    kept_reactions, variants = tally.kept["all", "reactions"], tally.variants["all"]
    print(f"reactions' evidence kept in {kept_reactions} of {variants} variants (html5_to_html4 "
          "takes away the timestamps' only evidence, <time datetime>); every other field's in "
          "all")
    print("fields from the URL: " + ", ".join(
        f"{name} {tally.share('all', name)}" for name in FROM_URL))


def print_disagreements(found: Counter, examples: dict, limit: int = 25) -> None:
    print(f"\nmost common disagreements, by chain and field (of {len(found)} kinds):")
    for (name, field), n in found.most_common(limit):
        variant, expected, got = examples[name, field]
        difference = describe(field, expected, got, lines=4).replace("\n", "\n         ")
        print(f"{n:>6} x {name} / {field}: e.g. {variant.page.url} seed {variant.seed}\n"
              f"         {difference}\n         {variant.command}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--variants", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    logging.disable(logging.WARNING)  # impossible dates on rewritten pages are no news here
    pages = archived_pages()
    for page in pages:
        page.record()
    tally, refused = Tally(), 0
    found: Counter[tuple[str, str]] = Counter()
    examples: dict[tuple[str, str], tuple] = {}
    started = time.perf_counter()
    for index in range(args.variants):
        variant = make_variant(args.seed, index, pages)
        agreement, was_refused, got = outcome(variant)
        refused += was_refused
        role = "alone" if len(variant.chain) == 1 else "pair"
        for group in {f"{role} {t.name}" for t in variant.chain} | {
                f"site {variant.page.site}", "all"}:
            tally.add(group, agreement)
        for name in (n for n, agrees in agreement.items() if not agrees):
            key = (chain_name(variant.chain), name)
            found[key] += 1
            examples.setdefault(key, (variant, variant.page.record()[name],
                                      got.get(name, got.get("refused"))))
        if (index + 1) % 1000 == 0:
            print(f"{index + 1} variants: {tally.whole['all']} agree in every kept field, "
                  f"{refused} refused", flush=True)
    seconds = time.perf_counter() - started
    print_tables(tally)
    print_disagreements(found, examples)
    fields = [name for name in FIELDS if tally.kept["all", name]]
    agree = sum(tally.agree["all", name] for name in fields)
    kept = sum(tally.kept["all", name] for name in fields)
    print(f"\nvariants {args.variants}, pages {len(pages)}, transformations {len(TRANSFORMS)}, "
          f"agreeing in every kept field {tally.whole['all']} "
          f"({100 * tally.whole['all'] / max(1, args.variants):.2f}%), kept fields agreeing "
          f"{agree} of {kept} ({100 * agree / max(1, kept):.3f}%), refused {refused}, "
          f"seconds {seconds:.1f}, variants per second {args.variants / seconds:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
