"""Side by side on the five seed pages: our extractor against trafilatura (bare_extraction with
metadata and comments), each scored field by field against the gold file, so we can show where
the site rules beat the generic extractor and where they do not. The same again on the
redesigned copies of the seed pages (tests/fixtures/drift/), and on the seed pages in every
markup their site's real platform prints (mirror/platforms/), with the layer that gave each of
our fields, to show what survives markup we did not write and why.

    .venv/bin/python bench/compare_trafilatura.py [--gold ../shared/gold/seeds.json] [--quiet]

Prints one line per page and check (unless --quiet), then the agreement per field for both, per
markup family and over all of them."""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

import trafilatura

from mirror import MirrorServer, seed_urls
from mirror.platforms import markups, rendered
from pipeline import extract_with_sources
from pipeline.dates import parse_date
from pipeline.names import split_names

REPO = Path(__file__).resolve().parent.parent
DEFAULT_GOLD = REPO.parent / "shared" / "gold" / "seeds.json"
DRIFT = REPO / "tests" / "fixtures" / "drift"


def trafilatura_record(html: bytes, url: str) -> dict:
    """Trafilatura's answer in our record's terms, as generously as its output allows."""
    found = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=True)
    doc = found.as_dict() if found is not None else {}
    comments = [c for c in (doc.get("comments") or "").split("\n") if c.strip()]
    return {
        "title": doc.get("title") or "",
        "subtitle": doc.get("description"),
        "canon_year": None,
        "published": parse_date(doc.get("date") or ""),
        "modified": None,
        "authors": [{"name": n, "role": "author"} for n in split_names(doc.get("author") or "")],
        "body_text": "\n\n".join(p.strip() for p in (doc.get("text") or "").split("\n")
                                 if p.strip()),
        "view_count": None,
        "reading_time_minutes": None,
        "reactions": [{"position": i, "author": None, "text": t}
                      for i, t in enumerate(comments, 1)],
        "links": [],
    }


def checks(record: dict, gold: dict) -> dict[str, bool]:
    """Check name -> agrees with the gold, one entry per gold fact."""
    result = {}
    for field, expected in gold["expect"].items():
        got = record.get(field)
        if field == "authors":
            got = [{"name": a["name"], "role": a["role"]} for a in got or []]
        result[field] = got == expected
    body = record["body_text"]
    result["body_starts"] = body.startswith(gold["body_starts"])
    result["body_ends"] = body.endswith(gold["body_ends"])
    for snippet in gold.get("body_contains", []):
        result[f"body_contains {snippet[:25]!r}"] = snippet in body
    for snippet in gold.get("body_excludes", []):
        result[f"body_excludes {snippet[:25]!r}"] = snippet not in body
    for kind, count in gold.get("links_by_kind", {}).items():
        result[f"links {kind}"] = sum(1 for lk in record["links"] if lk["kind"] == kind) == count
    if "reactions" in gold:
        got = record["reactions"]
        result["reactions count"] = len(got) == len(gold["reactions"])
        for want in gold["reactions"]:
            match = next((r for r in got if r["position"] == want["position"]), None)
            result[f"reactions {want['position']} text"] = bool(
                match and match["text"].startswith(want["text_starts"]))
    return result


def group(check: str) -> str:
    return check.split(" ")[0] if check.startswith(("body_", "links", "reactions")) else check


def _field_of(check: str) -> str:
    if check.startswith("body_"):
        return "body_text"
    return {"links": "links", "reactions": "reactions"}.get(check.split(" ")[0], check)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--quiet", action="store_true", help="only the agreement tables")
    args = parser.parse_args(argv)
    if not args.gold.is_file():
        print(f"error: no gold file at {args.gold}", file=sys.stderr)
        return 2
    gold_pages = json.loads(args.gold.read_text(encoding="utf-8"))["pages"]
    urls = seed_urls()
    pages = []
    with MirrorServer() as mirror:
        for gold in gold_pages:
            url = urls[gold["seed"]]
            pages.append(("seed", gold, url, *mirror.get(url)))
    for gold in gold_pages:
        redesigned = DRIFT / gold["seed"].replace(".txt", ".html")
        if redesigned.is_file():
            pages.append(("redesign", gold, urls[gold["seed"]], redesigned.read_bytes(), None))
    for gold in gold_pages:
        for markup in markups(gold["site"]):
            page = rendered(gold["site"], markup, urls[gold["seed"]])
            pages.append((markup, gold, urls[gold["seed"]], page.encoded(),
                          f"text/html; charset={page.charset}"))
    versions = list(dict.fromkeys(version for version, *_ in pages))

    totals: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    if not args.quiet:
        print(f"{'page':<18} {'seed':<26} {'check':<40} {'ours':>5} {'traf.':>5}  our layer")
    for version, gold, url, html, content_type in pages:
        record, sources = extract_with_sources(html, url, content_type)
        ours = checks(record, gold)
        theirs = checks(trafilatura_record(html, url), gold)
        for check, ok in ours.items():
            layer = sources.get(check if check in record else _field_of(check), "-")
            if not args.quiet:
                print(f"{version:<18} {gold['seed']:<26} {check:<40} {'yes' if ok else 'NO':>5} "
                      f"{'yes' if theirs[check] else 'NO':>5}  {layer}")
            for key in ((version, group(check)), ("all markups", group(check))):
                row = totals[key]
                row[0] += ok
                row[1] += theirs[check]
                row[2] += 1
    for version in (*versions, "all markups"):
        print_agreement(version, {g: r for (v, g), r in totals.items() if v == version})
    return 0


def print_agreement(version: str, rows: dict[str, list[int]]) -> None:
    """Per field: the checks ours and trafilatura's pass, of how many."""
    print(f"\n{version + ' pages':<22} {'ours':>9} {'trafilatura':>12}")
    for field, (ours_ok, theirs_ok, n) in rows.items():
        print(f"{field:<22} {ours_ok:>4}/{n:<4} {theirs_ok:>7}/{n:<4}")
    print(f"{'all checks':<22} {sum(r[0] for r in rows.values()):>4}/"
          f"{sum(r[2] for r in rows.values()):<4} {sum(r[1] for r in rows.values()):>7}/"
          f"{sum(r[2] for r in rows.values()):<4}")


if __name__ == "__main__":
    sys.exit(main())
