"""Document text on one core: pypdf against pdfminer.six on the mirror's readable PDFs, python-docx
on its Word files, and the archive's own reader (pipeline.documents.read_document) on every
document the mirror serves; each one's speed, and how much of the ground truth it recovers.

The documents are made as the mirror serves them (mirror/documents.py) and repeated to
--documents; each reader goes through the whole list once per round, the readers taking turns, and
its best round counts. Text quality is measured once per distinct document against the text the
document was made from: the share of its words (casefolded, NFC) that the extracted text has in
the same order (difflib's matching blocks over the two word lists), the accented words among
them, the paragraphs that stand whole in the text, and those it sets apart as paragraphs of their
own (between blank lines).

    .venv/bin/python bench/document_extraction.py [--documents 240] [--rounds 3]
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from difflib import SequenceMatcher
from io import BytesIO
from pathlib import Path

import docx
import pypdf
from docx.table import Table
from pdfminer.high_level import extract_text as pdfminer_text

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import machine  # noqa: E402

from mirror.documents import Document, every_document  # noqa: E402

Reader = Callable[[Document], str]


def pypdf_text(document: Document) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(BytesIO(document.body)).pages)


def pdfminer_six_text(document: Document) -> str:
    return pdfminer_text(BytesIO(document.body))


def python_docx_text(document: Document) -> str:
    """Paragraphs and table cells in the order the document has them."""
    parts = []
    for block in docx.Document(BytesIO(document.body)).iter_inner_content():
        if isinstance(block, Table):
            parts += [cell.text for row in block.rows for cell in row.cells]
        else:
            parts.append(block.text)
    return "\n\n".join(parts)


def archive_reader() -> Callable | None:
    """pipeline.documents.read_document, if this checkout has it."""
    try:
        from pipeline.documents import read_document
    except ImportError:
        return None
    return lambda document: read_document(document.body, document.url, document.served_as)


def words(text: str) -> list[str]:
    return unicodedata.normalize("NFC", text).casefold().split()


def truth(document: Document) -> list[str]:
    """The words the document was made from, in reading order, table cells row by row."""
    found = []
    for kind, value in document.blocks:
        if kind == "table":
            found += [word for row in value for cell in row for word in words(cell)]
        elif value:
            found += words(value)
    return found


@dataclass
class Quality:
    words: int = 0
    recovered: int = 0
    accented: int = 0
    accented_recovered: int = 0
    paragraphs: int = 0
    paragraphs_whole: int = 0  # its words in a row in the text
    paragraphs_apart: int = 0  # a paragraph of the text of its own, between blank lines

    def add(self, document: Document, text: str) -> None:
        expected, got = truth(document), words(text)
        matcher = SequenceMatcher(None, expected, got, autojunk=False)
        kept = {i for block in matcher.get_matching_blocks()
                for i in range(block.a, block.a + block.size)}
        accented = [i for i, word in enumerate(expected) if not word.isascii()]
        self.words += len(expected)
        self.recovered += len(kept)
        self.accented += len(accented)
        self.accented_recovered += len(kept.intersection(accented))
        flat = " ".join(got)
        self.paragraphs += len(document.paragraphs)
        self.paragraphs_whole += sum(" ".join(words(p)) in flat for p in document.paragraphs)
        apart = {" ".join(words(block)) for block in text.split("\n\n")}
        self.paragraphs_apart += sum(" ".join(words(p)) in apart for p in document.paragraphs)

    @property
    def share(self) -> float:
        return 100 * self.recovered / self.words

    def __str__(self) -> str:
        return (f"words recovered {self.share:.1f} %, accented words {self.accented_recovered}"
                f"/{self.accented}, paragraphs whole {self.paragraphs_whole}/{self.paragraphs}"
                f" (set apart by blank lines {self.paragraphs_apart})")


def rates(readers: dict[str, Reader], documents: list[Document], rounds: int) -> dict[str, float]:
    """Documents per second of each reader, its best of `rounds` passes over `documents`."""
    for read in readers.values():  # warm-up: imports, caches, the documents built
        for document in dict.fromkeys(documents):
            read(document)
    best = dict.fromkeys(readers, float("inf"))
    for _ in range(rounds):
        for name, read in readers.items():
            start = time.perf_counter()
            for document in documents:
                read(document)
            best[name] = min(best[name], time.perf_counter() - start)
    return {name: len(documents) / seconds for name, seconds in best.items()}


def repeated(sample: list[Document], count: int) -> list[Document]:
    return (sample * (count // len(sample) + 1))[:count]


def quality(read: Reader, sample: list[Document]) -> Quality:
    measured = Quality()
    for document in sample:
        measured.add(document, read(document))
    return measured


def report(readers: dict[str, Reader], sample: list[Document], count: int,
           rounds: int) -> dict[str, tuple[float, Quality]]:
    size = sum(len(d.body) for d in sample) / len(sample) / 1024
    print(f"documents: {len(sample)} (mean {size:.1f} KB), repeated to {count}, best of"
          f" {rounds} rounds", flush=True)
    speeds = rates(readers, repeated(sample, count), rounds)
    results = {}
    for name, read in readers.items():
        results[name] = speeds[name], quality(read, [d for d in sample if d.readable])
        print(f"{name}: {speeds[name]:.1f} documents/s, {results[name][1]}", flush=True)
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=240)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # the broken file's "EOF marker not found"
    print(machine(), flush=True)
    documents = every_document()
    pdfs = [d for d in documents if d.readable and d.path.endswith(".pdf")]
    words_in = sum(len(truth(d)) for d in pdfs)
    print(f"readable PDFs: {len(pdfs)}, {words_in} words of ground truth")
    pdf = report({"pypdf": pypdf_text, "pdfminer.six": pdfminer_six_text}, pdfs,
                 args.documents, args.rounds)
    print("Word files:")
    report({"python-docx": python_docx_text},
           [d for d in documents if d.readable and d.path.endswith(".docx")],
           args.documents, args.rounds)
    read_document = archive_reader()
    if read_document is None:
        print("pipeline.documents.read_document: not in this checkout, skipped")
    else:
        print("every document the mirror serves, of every kind (quality on the readable ones):")
        report({"read_document": lambda d: read_document(d).text}, list(documents),
               args.documents, args.rounds)
        print("read_document on the unreadable: " + ", ".join(
            f"{d.kind} {d.path.rsplit('/')[-1]}: {read_document(d).problem}"
            for d in documents if not d.readable))
    (fast, fast_quality), (slow, slow_quality) = pdf["pypdf"], pdf["pdfminer.six"]
    better = "pypdf" if fast_quality.share >= slow_quality.share else "pdfminer.six"
    print(f"verdict: pypdf reads {fast / slow:.1f} times as many documents a second as"
          f" pdfminer.six and recovers {fast_quality.share:.1f} % of the words against"
          f" {slow_quality.share:.1f} %; better text: {better}")


if __name__ == "__main__":
    main()
