"""Memory: the peak RSS of `archive crawl` and of `archive reextract` at two archive sizes, to see
that neither grows with the number of pages, and the re-extraction's throughput beside the
extractor alone.

Each size gets a synthetic Zorg+Welzijn (bench/synthetic_mirror.py) served by the mirror in this
process, and a fresh database. The unchanged command line runs as a child, with the settings it
has (`--mirror-url` zeroes the delays; concurrency and AutoThrottle are the product's):
`archive crawl --mirror-url URL --site zorgwelzijn --db DB`, then `archive reextract --db DB`.
A command's peak RSS is that of its process and the worker processes it starts, together (the
re-extraction extracts in a pool), sampled from /proc; its own process's peak is printed beside
it. "Extraction alone" is `pipeline.extract_with_sources` over the same article files in one
more child, in one process.

    .venv/bin/python bench/memory.py                        # 1,000 and 5,000 pages: minutes
    .venv/bin/python bench/memory.py --pages 10000 50000    # the real sizes: about 40 minutes
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import PYTHON, Child, figure, machine, run_child  # noqa: E402
from synthetic_mirror import SITE, build  # noqa: E402

from mirror.server import MirrorServer  # noqa: E402

ARCHIVE = str(Path(PYTHON).parent / "archive")
TARGET_MB = 400


def extract_child(sites: Path) -> None:
    from pipeline import extract_with_sources

    files = sorted(p for p in (sites / "zorgwelzijn" / "files").glob("*/index.html")
                   if p.parent.name not in ("nieuws-zorg-welzijn", "movisie"))
    start = time.perf_counter()
    for path in files:
        extract_with_sources(path.read_bytes(), f"{SITE}/{path.parent.name}/")
    seconds = time.perf_counter() - start
    print("RESULT " + json.dumps({"pages": len(files), "seconds": seconds}), flush=True)


def measure(pages: int, work: Path) -> dict[str, float]:
    folder = work / str(pages)
    shutil.rmtree(folder, ignore_errors=True)
    start = time.perf_counter()
    build(folder / "sites", pages)
    print(f"{pages} pages: synthetic mirror built in {time.perf_counter() - start:.0f} s",
          flush=True)
    db = folder / "archive.db"
    with MirrorServer(sites_dir=folder / "sites") as server:
        crawl = run_child([ARCHIVE, "crawl", "--mirror-url", server.url, "--site", "zorgwelzijn",
                           "--db", str(db)], folder / "crawl.log").check()
    report("crawl", pages, crawl)
    reextract = run_child([ARCHIVE, "reextract", "--db", str(db)],
                          folder / "reextract.log").check()
    report("reextract", pages, reextract)
    alone = run_child([PYTHON, str(Path(__file__).resolve()), "--child-extract",
                       str(folder / "sites")], folder / "extract.log").check()
    result = json.loads(alone.result())
    print(f"  extraction alone: {result['seconds']:6.0f} s, "
          f"{result['pages'] / result['seconds']:5.1f} pages/s, "
          f"peak RSS {alone.peak_rss_mb:6.0f} MB", flush=True)
    return {"crawl_mb": crawl.tree_peak_mb, "reextract_mb": reextract.tree_peak_mb,
            "reextract_rate": pages / reextract.seconds,
            "extract_rate": result["pages"] / result["seconds"]}


def report(what: str, pages: int, child: Child) -> None:
    print(f"  {what + ':':<11}{child.seconds:6.0f} s, {pages / child.seconds:5.1f} pages/s, "
          f"peak RSS {child.peak_rss_mb:4.0f} MB in its own process, {child.tree_peak_mb:4.0f} MB "
          f"with its worker processes", flush=True)


def short(pages: int) -> str:
    return f"{pages // 1000}k" if pages % 1000 == 0 else str(pages)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, nargs=2, default=[1000, 5000],
                        metavar=("SMALL", "LARGE"))
    parser.add_argument("--work", type=Path, default=Path("/tmp/bench-memory"))
    parser.add_argument("--child-extract", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child_extract:
        return extract_child(args.child_extract)
    print(machine(), flush=True)
    small, large = sorted(args.pages)
    start = time.perf_counter()
    at = {pages: measure(pages, args.work) for pages in (small, large)}
    name = f"{short(small)} vs {short(large)}"
    for what in ("crawl", "reextract"):
        ours, peer = at[large][f"{what}_mb"], at[small][f"{what}_mb"]
        print(figure(f"memory {what} {name}", ours, short(small), peer, "MB",
                     f"<{TARGET_MB} MB, flat", digits=0, ours_at=short(large)))
    print(figure("reextract", at[large]["reextract_rate"], "extraction alone",
                 at[large]["extract_rate"], "pages/s", "none, informative",
                 ours_at=short(large)))
    print(f"wall time: {(time.perf_counter() - start) / 60:.1f} min")


if __name__ == "__main__":
    main()
