"""Side by side on the five seed pages: our extractor against trafilatura (bare_extraction with
metadata and comments), each scored field by field against the gold file, so we can show where
the site rules beat the generic extractor and where they do not.

    .venv/bin/python bench/compare_trafilatura.py [--gold ../shared/gold/seeds.json]

Prints one line per seed and check, then the agreement per field for both."""

from __future__ import annotations

import argparse
import json
import sys
import urllib.request
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

import trafilatura

from mirror import SITES_DIR, MirrorServer
from pipeline import extract
from pipeline.dates import parse_date
from pipeline.names import split_names

REPO = Path(__file__).resolve().parent.parent
DEFAULT_GOLD = REPO.parent / "shared" / "gold" / "seeds.json"


def seed_urls() -> dict[str, str]:
    urls = {}
    for site_json in SITES_DIR.glob("*/site.json"):
        urls.update(json.loads(site_json.read_text(encoding="utf-8")).get("seeds", {}))
    return urls


def fetch(mirror: MirrorServer, url: str) -> tuple[bytes, str]:
    parts = urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    request = urllib.request.Request(mirror.url + target, headers={"Host": parts.netloc})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read(), response.headers.get("Content-Type", "")


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    args = parser.parse_args(argv)
    if not args.gold.is_file():
        print(f"error: no gold file at {args.gold}", file=sys.stderr)
        return 2
    gold_pages = json.loads(args.gold.read_text(encoding="utf-8"))["pages"]
    urls = seed_urls()
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # ours, trafilatura, checks
    print(f"{'seed':<26} {'check':<40} {'ours':>5} {'traf.':>5}")
    with MirrorServer() as mirror:
        for gold in gold_pages:
            url = urls[gold["seed"]]
            html, content_type = fetch(mirror, url)
            ours = checks(extract(html, url, content_type), gold)
            theirs = checks(trafilatura_record(html, url), gold)
            for check, ok in ours.items():
                print(f"{gold['seed']:<26} {check:<40} {'yes' if ok else 'NO':>5} "
                      f"{'yes' if theirs[check] else 'NO':>5}")
                row = totals[group(check)]
                row[0] += ok
                row[1] += theirs[check]
                row[2] += 1
    print(f"\n{'field':<22} {'ours':>9} {'trafilatura':>12}")
    for field, (ours_ok, theirs_ok, n) in totals.items():
        print(f"{field:<22} {ours_ok:>4}/{n:<4} {theirs_ok:>7}/{n:<4}")
    ours_all = sum(r[0] for r in totals.values())
    theirs_all = sum(r[1] for r in totals.values())
    n_all = sum(r[2] for r in totals.values())
    print(f"{'all checks':<22} {ours_all:>4}/{n_all:<4} {theirs_all:>7}/{n_all:<4}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
