"""Garbage at scale: the extractor fed mutated seed pages and wholly random input, to show that a
crawl of the live sites cannot be stopped by one odd page. The seed pages are the mirror's HTML
of the five seeds and their redesigned copies, each under its real URL (or an unknown one, for
the generic layer); shared/seeds/ holds only their text. A page gives a record or one of
extract's refusals (a ValueError saying it is not a page); anything else is a crash. A ValueError
with any other message counts as a crash too: it would refuse a page for a bug, not for its input.

    .venv/bin/python bench/fuzz_extract.py [--inputs 10000] [--seed N]

Input i of seed N is rebuilt from (N, i) alone, so a crash is reproduced with the same --seed;
each crashing input is also saved under build/fuzz/ with what was done to it. Prints progress
every 1000 inputs and a final line of figures; exits 1 if anything crashed."""

from __future__ import annotations

import argparse
import encodings
import json
import logging
import pkgutil
import random
import sys
import time
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from mirror.server import load_sites, seed_urls
from pipeline import extract_with_sources
from pipeline.record import problems

REPO = Path(__file__).resolve().parent.parent
DRIFT = REPO / "tests" / "fixtures" / "drift"
CRASHES = REPO / "build" / "fuzz"
UNKNOWN_URL = "https://www.example.org/nieuws/artikel-1"
# What extract says when it refuses input that is not a page (pipeline/html.py, extract.py).
REFUSALS = ("empty document", "binary content", "not an HTML document", "no title and no text")
# Every codec Python ships, under the names a page or a server might give it, and some it does
# not know: a charset label is whatever the page says.
CHARSETS = sorted(
    {name for _, name, _ in pkgutil.iter_modules(encodings.__path__)}
    | {"utf-8", "windows-1252", "iso-8859-1", "utf-16", "x-user-defined", "utf-9", "unicode-1-1"}
)
TAGS = ("div", "p", "span", "a", "h1", "h2", "article", "main", "aside", "script", "style",
        "table", "td", "li", "ul", "dl", "dt", "dd", "time", "meta", "title", "br", "nav",
        "header", "footer", "form", "iframe", "svg", "template", "textarea", "select", "dialog")
ATTRIBUTES = ("href", "class", "id", "role", "content", "property", "name", "datetime", "type",
              "charset", "data-id", "itemprop", "lang", "src", "style")
# Characters attribute values and inserted text are drawn from: markup, URL punctuation, digits,
# letters, accents and the odd control character.
NOISE = "<>&;:/?#[]@!$'\"()*+,=%-_.~ \t\n0123456789abcdefghijklmnopqrstuvwxyzABCZ éëïü€\x01\x7f"


@dataclass
class FuzzInput:
    html: bytes | str
    url: str
    content_type: str | None
    description: str


def seed_pages() -> list[tuple[str, str, bytes]]:
    """(name, real URL, HTML) of every seed page as the mirror serves it and as redesigned."""
    sites = load_sites()
    pages = []
    for name, url in sorted(seed_urls().items()):
        parts = urlsplit(url)
        site = sites[parts.hostname]
        key = site.target(parts.path + (f"?{parts.query}" if parts.query else ""))
        path = site.file_for(site.routes.get(key, {}).get("file", key))
        pages.append((name.replace(".txt", ""), url, path.read_bytes()))
        drift = DRIFT / name.replace(".txt", ".html")
        if drift.is_file():
            pages.append((f"{name.replace('.txt', '')} redesigned", url, drift.read_bytes()))
    return pages


def _span(rng: random.Random, data: bytes) -> tuple[int, int]:
    start = rng.randrange(len(data) + 1)
    return start, min(len(data), start + rng.choice((1, 8, 64, 512, 4096)))


def _noise(rng: random.Random, size: int) -> str:
    return "".join(rng.choice(NOISE) for _ in range(size))


def _insert(rng: random.Random, data: bytes, piece: bytes) -> bytes:
    at = rng.randrange(len(data) + 1)
    return data[:at] + piece + data[at:]


def delete_range(rng: random.Random, data: bytes) -> bytes:
    start, end = _span(rng, data)
    return data[:start] + data[end:]


def duplicate_range(rng: random.Random, data: bytes) -> bytes:
    start, end = _span(rng, data)
    return _insert(rng, data, data[start:end] * rng.choice((1, 2, 50)))


def swap_ranges(rng: random.Random, data: bytes) -> bytes:
    (a, b), (c, d) = sorted((_span(rng, data), _span(rng, data)))
    if c < b:  # overlapping ranges: swap with what follows instead
        return data[:a] + data[b:] + data[a:b]
    return data[:a] + data[c:d] + data[b:c] + data[a:b] + data[d:]


def truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def random_tag(rng: random.Random) -> str:
    tag = rng.choice(TAGS)
    attributes = "".join(
        f' {rng.choice(ATTRIBUTES)}="{_noise(rng, rng.randrange(40))}"'
        for _ in range(rng.randrange(4))
    )
    body = _noise(rng, rng.randrange(60))
    closing = rng.choice((f"</{tag}>", "", f"</{rng.choice(TAGS)}>"))  # unclosed or misnested
    return f"<{tag}{attributes}>{body}{closing}"


def insert_tags(rng: random.Random, data: bytes) -> bytes:
    for _ in range(rng.randrange(1, 20)):
        data = _insert(rng, data, random_tag(rng).encode())
    return data


def random_json(rng: random.Random, depth: int = 0):
    """Any JSON value, keyed where it matters with the names the metadata layer reads."""
    scalars = (None, True, rng.randrange(-10, 10**6), rng.random(), _noise(rng, 12), "Article",
               "2019-11-14T10:00:00+01:00")
    if depth > 2 or rng.random() < 0.5:
        return rng.choice(scalars)
    if rng.random() < 0.4:
        return [random_json(rng, depth + 1) for _ in range(rng.randrange(4))]
    keys = ("@type", "@graph", "headline", "name", "datePublished", "dateModified", "author",
            "contributor", _noise(rng, 5))
    return {rng.choice(keys): random_json(rng, depth + 1) for _ in range(rng.randrange(6))}


def insert_json_ld(rng: random.Random, data: bytes) -> bytes:
    """Structured metadata is read before anything else, and its values can be any JSON."""
    document = random_json(rng)
    if isinstance(document, dict) and rng.random() < 0.5:
        document["@type"] = "Article"
    script = f'<script type="application/ld+json">{json.dumps(document)}</script>'
    return _insert(rng, data, script.encode())


def deep_nesting(rng: random.Random, data: bytes) -> bytes:
    """Markup nested past the parser's limit, or JSON-LD past Python's recursion limit."""
    depth = rng.choice((100, 300, 1000, 10_000))
    if rng.random() < 0.2:
        opening, closing = rng.choice((("[", "]"), ('{"name": ', "}"), ('{"@graph": [', "]}")))
        value = opening * depth + '"Jan"' + closing * depth
        script = f'<script type="application/ld+json">{{"@type": "Article", "author": {value}}}'
        return _insert(rng, data, (script + "</script>").encode())
    tag = rng.choice(("div", "span", "b", "ul><li", "table><tr><td", "blockquote"))
    return _insert(rng, data, f"<{tag}>".encode() * depth + b"diep")


def random_bytes(rng: random.Random, data: bytes) -> bytes:
    return _insert(rng, data, rng.randbytes(rng.choice((1, 16, 256, 4096))))


def nul_bytes(rng: random.Random, data: bytes) -> bytes:
    for _ in range(rng.randrange(1, 50)):
        data = _insert(rng, data, b"\x00")
    return data


def huge_attribute(rng: random.Random, data: bytes) -> bytes:
    value = rng.choice(("x", "é", "&amp;", " ", "0")) * rng.choice((10_000, 100_000, 1_000_000))
    tag = f'<{rng.choice(TAGS)} {rng.choice(ATTRIBUTES)}="{value}">'
    return _insert(rng, data, tag.encode())


def reencode(rng: random.Random, data: bytes) -> bytes:
    """The page in another encoding, with or without a label that says so, true or not."""
    text = data.decode("utf-8", errors=rng.choice(("replace", "ignore", "surrogateescape")))
    encoding = rng.choice(("utf-16", "utf-16-le", "utf-32", "windows-1252", "iso-8859-15",
                           "shift_jis", "koi8-r", "utf-7", "cp037"))
    if rng.random() < 0.5:
        label = rng.choice((encoding, rng.choice(CHARSETS)))
        text = f'<meta charset="{label}">' + text
    return text.encode(encoding, errors=rng.choice(("replace", "ignore", "xmlcharrefreplace")))


def flip_bits(rng: random.Random, data: bytes) -> bytes:
    buffer = bytearray(data)
    for _ in range(rng.randrange(1, 100) if buffer else 0):
        buffer[rng.randrange(len(buffer))] ^= 1 << rng.randrange(8)
    return bytes(buffer)


MUTATIONS: tuple[Callable[[random.Random, bytes], bytes], ...] = (
    delete_range, duplicate_range, swap_ranges, truncate, insert_tags, insert_json_ld,
    deep_nesting, random_bytes, nul_bytes, huge_attribute, reencode, flip_bits,
)


def random_document(rng: random.Random) -> tuple[bytes | str, str]:
    """Input owing nothing to the seeds: bytes, markup soup, or text handed over as str."""
    kind = rng.choice(("bytes", "tags", "text"))
    if kind == "bytes":
        return rng.randbytes(rng.choice((0, 1, 10, 1000, 50_000))), kind
    if kind == "tags":
        soup = "".join(random_tag(rng) for _ in range(rng.randrange(1, 200)))
        return soup.encode("utf-8", errors="surrogateescape"), kind
    size = rng.choice((1, 100, 5000))
    return "".join(chr(rng.randrange(0x110000)) for _ in range(size)), kind


def content_type(rng: random.Random) -> str | None:
    return rng.choice((None, "text/html", "text/html; charset=utf-8",
                       f"text/html; charset={rng.choice(CHARSETS)}",
                       f"text/html; charset={_noise(rng, 8)}"))


def make_input(seed: int, index: int, pages: list[tuple[str, str, bytes]]) -> FuzzInput:
    rng = random.Random(f"{seed}:{index}")
    url = rng.choice([UNKNOWN_URL, *sorted({url for _, url, _ in pages})])
    if rng.random() < 0.15:
        html, what = random_document(rng)
        return FuzzInput(html, url, content_type(rng), f"random {what}")
    name, own_url, html = rng.choice(pages)
    url = own_url if rng.random() < 0.8 else url  # mostly under its own site's rules
    done = []
    for _ in range(rng.choice((1, 1, 2, 3, 5))):
        mutation = rng.choice(MUTATIONS)
        html = mutation(rng, html)
        done.append(mutation.__name__)
    return FuzzInput(html, url, content_type(rng), f"seed {name}: {', '.join(done)}")


def outcome(given: FuzzInput) -> tuple[str, str]:
    """("record", problems), ("refused", reason) or ("crash", traceback)."""
    try:
        record, _ = extract_with_sources(given.html, given.url, given.content_type)
    except ValueError as error:
        if str(error).startswith(REFUSALS):
            return "refused", str(error)
        return "crash", traceback.format_exc()
    except Exception:
        return "crash", traceback.format_exc()
    return "record", "; ".join(problems(record))


def save_crash(seed: int, index: int, given: FuzzInput, trace: str) -> Path:
    CRASHES.mkdir(parents=True, exist_ok=True)
    path = CRASHES / f"seed{seed}-input{index}.html"
    html = given.html.encode("utf-8", errors="surrogatepass") if isinstance(given.html, str) \
        else given.html
    path.write_bytes(html)
    path.with_suffix(".json").write_text(json.dumps(
        {"url": given.url, "content_type": given.content_type, "str_input": isinstance(
            given.html, str), "description": given.description, "traceback": trace}, indent=2))
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--inputs", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    logging.disable(logging.WARNING)  # impossible dates and deep pages are expected here
    pages = seed_pages()
    counts: Counter[str] = Counter()
    problem_kinds: Counter[str] = Counter()
    slowest = (0.0, -1)
    started = time.perf_counter()
    for index in range(args.inputs):
        given = make_input(args.seed, index, pages)
        began = time.perf_counter()
        result, detail = outcome(given)
        slowest = max(slowest, (time.perf_counter() - began, index))
        counts[result] += 1
        if result == "record" and detail:
            counts["with problems"] += 1
            problem_kinds[detail.split(":")[0]] += 1
        if result == "crash":
            path = save_crash(args.seed, index, given, detail)
            print(f"CRASH input {index} (--seed {args.seed}), {given.description}, "
                  f"url {given.url}, content type {given.content_type!r}; saved {path}\n"
                  f"{detail}", flush=True)
        if (index + 1) % 1000 == 0:
            print(f"{index + 1} inputs: {counts['record']} records, {counts['refused']} refused, "
                  f"{counts['crash']} crashes", flush=True)
    seconds = time.perf_counter() - started
    for kind, n in problem_kinds.most_common():
        print(f"records with problems: {n} x {kind}")
    print(f"slowest input: {args.seed}:{slowest[1]} in {slowest[0]:.2f} s")
    print(f"inputs {args.inputs}, records {counts['record']}, refused {counts['refused']}, "
          f"crashes {counts['crash']}, records with problems {counts['with problems']}, "
          f"seconds {seconds:.1f}, inputs per second {args.inputs / seconds:.0f}")
    return 1 if counts["crash"] else 0


if __name__ == "__main__":
    sys.exit(main())
