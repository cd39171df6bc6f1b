"""Ranked search at a million pages: the best pages for a query by FTS5's own bm25, title
weighted highest, without scoring every match.

FTS5 ranks by computing bm25 for every row that matches, and cannot stop early: for "zorg" in
half of a million pages that is over the server's time limit. A tantivy index beside the
database (`<name>.ranked/`, built with the public copy or by `archive ranked-index`) finds the
CANDIDATES best pages by its own bm25 over one field that weighs the columns as FTS5 does
(weighted_text), in milliseconds. What is then shown is decided by FTS5 alone, so it behaves
as the search does everywhere else: the candidates are put in a scratch FTS5 table with the
archive's tokenizer, which decides which of them match the query (FTS5 syntax, folded accents,
prefixes) and makes their snippets; their score is FTS5's bm25 formula (fts5_aux.c) with the
whole index's row count and average length (FTS5's own averages record) and each phrase's page
count (tantivy's, the same where the two tokenizers agree). The only approximation is which
pages are candidates: for the broadest words bm25 saturates, thousands of pages score within a
percent of each other, and tantivy rounds lengths to a byte. bench/datasette_scale.py and the
tests measure recall at 20 against the exhaustive query.

Where no index is present, or it was built from another state of the file than the one served,
or the query uses FTS5 syntax this module does not translate (column filters, NEAR, ^), there is
no answer here and the canned query ranks with FTS5 itself, exactly and as slowly as before.
"""

from __future__ import annotations

import json
import math
import re
import shutil
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import tantivy

from archive.storage.files import file_state, read_only

COLUMNS = ("title", "subtitle", "body_text", "reactions_text")
WEIGHTS = (10.0, 5.0, 1.0, 0.5)  # bm25(pages_fts, 10.0, 5.0, 1.0, 0.5) in the canned query
CANDIDATES = 100
PREFIX_TERMS = 64  # the terms a prefix stands for, most frequent first, that find candidates
PREFIX_TIE = 0.0  # a page scores by its best term of the prefix (summing favours pages with many)
FIELD = "page"  # the one text field of the index, see weighted_text()
LIMIT = 100  # the canned query's own limit
K1, B = 1.2, 0.75  # FTS5's bm25 constants
TOKENIZE = "unicode61 remove_diacritics 2"  # pages_fts's tokenizer (archive/storage/schema.py)
SNIPPET = ("<mark>", "</mark>", " … ", 24)
ANALYZER = "folded"
SOURCE = "source.json"  # in the index: the state of the database file it was built from


def index_path(db_path: str | Path) -> Path:
    path = Path(db_path).resolve()
    return path.with_name(f"{path.stem}.ranked")


def file_stamp(db_path: str | Path) -> str:
    """The state of the database file an index was built from: any write changes it."""
    return " ".join(file_state(db_path))


def weighted_text(columns: tuple[str | None, ...]) -> str:
    """A page as the candidate index holds it, in one field: FTS5's bm25 weighs an instance by
    its column (title 10, subtitle 5, body 1, reactions 0.5) but normalises by the length of the
    whole page, which is what tantivy's bm25 does to one field whose title is there ten times and
    subtitle five (reactions count as the body does). Phrases across the seams can only add
    candidates, which FTS5 then turns down."""
    repeats = [max(1, round(weight)) for weight in WEIGHTS]
    return "\n".join("\n".join([text] * times)
                     for text, times in zip(columns, repeats, strict=True) if text)


def _analyzer() -> tantivy.TextAnalyzer:
    # Close to unicode61 remove_diacritics 2 (letters and digits are tokens, lower case, accents
    # off); where it differs (ß, æ, ø fold further) a page can only miss being a candidate.
    return (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
            .filter(tantivy.Filter.lowercase()).filter(tantivy.Filter.ascii_fold()).build())


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field("rowid", stored=True)
    builder.add_text_field(FIELD, tokenizer_name=ANALYZER)
    return builder.build()


def build_index(db_path: str | Path, out: str | Path | None = None,
                progress: Callable[[str], None] | None = None) -> Path:
    """Index the pages of the database at `db_path`, whole or not at all: made beside `out`
    and renamed when done. Records the file's state, so that a later write shows."""
    say = progress or (lambda _: None)
    out = Path(out) if out else index_path(db_path)
    partial = out.with_name(f".{out.name}.partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    try:
        index = tantivy.Index(_schema(), str(partial))
        index.register_tokenizer(ANALYZER, _analyzer())
        writer = index.writer(heap_size=512 * 2**20)
        with closing(read_only(db_path)) as db:
            total = db.execute("SELECT count(*) FROM pages").fetchone()[0]
            rows = db.execute(f"SELECT rowid, {', '.join(COLUMNS)} FROM pages ORDER BY rowid")
            for done, row in enumerate(rows, 1):
                document = tantivy.Document()
                document.add_unsigned("rowid", row[0])
                document.add_text(FIELD, weighted_text(row[1:]))
                writer.add_document(document)
                if done % 100_000 == 0:
                    say(f"ranked index: {done:,} of {total:,} pages")
        writer.commit()
        writer.wait_merging_threads()
        (partial / SOURCE).write_text(json.dumps({"stamp": file_stamp(db_path)}))
        shutil.rmtree(out, ignore_errors=True)
        partial.rename(out)
    finally:
        shutil.rmtree(partial, ignore_errors=True)
    say(f"ranked index: {out}")
    return out


# --- the query ------------------------------------------------------------------------------

class Unsupported(ValueError):
    """FTS5 syntax this module leaves to FTS5 itself."""


@dataclass(frozen=True)
class Phrase:
    text: str  # as the query wrote it, for FTS5 to tokenize
    prefix: bool


@dataclass(frozen=True)
class Node:
    op: str  # "phrase", "and", "or", "not"
    children: tuple = ()
    phrase: Phrase | None = None


# FTS5's barewords are letters and digits of ASCII, "_", and every character past ASCII
# (fts5_expr.c, sqlite3Fts5IsBareword); anything else outside quotes is left to FTS5 to refuse.
_LEXEME = re.compile(
    r'\s*(?:(\()|(\))|"((?:[^"]|"")*)"(\*?)|([0-9A-Za-z_\x1a\x80-\U0010ffff]+)(\*?)|(\S))')


def _lexemes(query: str) -> Iterator[tuple[str, object]]:
    for match in _LEXEME.finditer(query):
        opening, closing_, quoted, quoted_star, bare, bare_star, other = match.groups()
        if opening:
            yield "(", None
        elif closing_:
            yield ")", None
        elif quoted is not None:
            yield "phrase", Phrase(quoted.replace('""', '"'), bool(quoted_star))
        elif bare is not None:
            if bare in ("AND", "OR", "NOT") and not bare_star:
                yield bare, None
            elif bare == "NEAR":
                raise Unsupported("NEAR")
            else:
                yield "phrase", Phrase(bare, bool(bare_star))
        elif other:
            raise Unsupported(other)


def parse(query: str) -> Node:
    """FTS5's query grammar without column filters, NEAR and ^: phrases (bare or quoted, with
    a trailing * for a prefix), implicit AND, AND, OR, NOT and parentheses, with FTS5's
    precedence (NOT binds tightest, then AND, then OR)."""
    lexemes = list(_lexemes(query))
    position = 0

    def peek() -> str | None:
        return lexemes[position][0] if position < len(lexemes) else None

    def take() -> tuple[str, object]:
        nonlocal position
        position += 1
        return lexemes[position - 1]

    def primary() -> Node:
        kind, value = take() if peek() else ("end", None)
        if kind == "phrase":
            return Node("phrase", phrase=value)
        if kind == "(":
            node = either()
            if peek() != ")":
                raise Unsupported("unbalanced parentheses")
            take()
            return node
        raise Unsupported(f"unexpected {kind}")

    def negation() -> Node:
        node = primary()
        while peek() == "NOT":
            take()
            node = Node("not", (node, primary()))
        return node

    def conjunction() -> Node:
        nodes = [negation()]
        while peek() in ("AND", "phrase", "("):
            if peek() == "AND":
                take()
            nodes.append(negation())
        return nodes[0] if len(nodes) == 1 else Node("and", tuple(nodes))

    def either() -> Node:
        nodes = [conjunction()]
        while peek() == "OR":
            take()
            nodes.append(conjunction())
        return nodes[0] if len(nodes) == 1 else Node("or", tuple(nodes))

    if not lexemes:
        raise Unsupported("empty query")
    node = either()
    if position != len(lexemes):
        raise Unsupported("trailing syntax")
    return node


def phrases(node: Node) -> list[Phrase]:
    """The query's phrases in the order FTS5 numbers them, which bm25 sums over."""
    if node.op == "phrase":
        return [node.phrase]
    return [phrase for child in node.children for phrase in phrases(child)]


# --- searching ------------------------------------------------------------------------------

class RankedIndex:
    """An opened index, shared by the server's threads (tantivy's searcher is thread-safe)."""

    def __init__(self, path: Path):
        self.index = tantivy.Index.open(str(path))
        self.index.register_tokenizer(ANALYZER, _analyzer())
        self.schema = self.index.schema
        self.analyzer = _analyzer()
        self.searcher = self.index.searcher()

    def _matching(self, phrase: Phrase) -> tantivy.Query | None:
        words = self.analyzer.analyze(phrase.text)
        if not words:
            return None
        if len(words) == 1 and phrase.prefix:
            return tantivy.Query.regex_query(self.schema, FIELD, re.escape(words[0]) + ".*")
        if len(words) == 1:
            return tantivy.Query.term_query(self.schema, FIELD, words[0])
        if phrase.prefix:
            return tantivy.Query.phrase_prefix_query(self.schema, FIELD, words)
        return tantivy.Query.phrase_query(self.schema, FIELD, words)

    def _scored(self, phrase: Phrase, having: int | None) -> tantivy.Query:
        """The phrase's pages, scored as near to FTS5 as tantivy lets: its bm25 over the one
        field, times FTS5's idf over tantivy's (left out where `having`, the phrase's page
        count, is not known: a query of one phrase, whose order an idf does not change). A
        prefix is one phrase to FTS5, whose rarity is that of all its terms together: its
        PREFIX_TERMS most frequent terms (which hold the best pages unless the prefix is very
        short) are each scored with that rarity, where tantivy's own prefix query gives every
        page the same score."""
        matching = self._matching(phrase)
        if matching is None:
            return tantivy.Query.empty_query()
        pages = self.searcher.num_docs
        wanted = 1.0 if having is None else fts5_idf(pages, having)
        words = self.analyzer.analyze(phrase.text)
        if len(words) == 1 and phrase.prefix:
            terms = self.searcher.terms_with_prefix(FIELD, words[0], limit=PREFIX_TERMS)
            return tantivy.Query.disjunction_max_query([
                tantivy.Query.boost_query(tantivy.Query.term_query(self.schema, FIELD, term),
                                          wanted / tantivy_idf(pages, count))
                for term, count in terms], PREFIX_TIE) if terms else tantivy.Query.empty_query()
        if having is None:
            return matching
        # tantivy's idf of a phrase is the sum of its terms' (Bm25Weight::for_terms)
        given = sum(tantivy_idf(pages, self.searcher.doc_freq(FIELD, word)) for word in words)
        return tantivy.Query.boost_query(matching, wanted / given)

    def _count(self, query: tantivy.Query) -> int:
        return self.searcher.search(query, limit=1, count=True).count

    def _query(self, node: Node, having: dict[Phrase, int] | None) -> tantivy.Query:
        if node.op == "phrase":
            return self._scored(node.phrase, having and having[node.phrase])
        if node.op == "not":
            return tantivy.Query.boolean_query([
                (tantivy.Occur.Must, self._query(node.children[0], having)),
                (tantivy.Occur.MustNot, self._query(node.children[1], having))])
        occur = tantivy.Occur.Must if node.op == "and" else tantivy.Occur.Should
        return tantivy.Query.boolean_query([(occur, self._query(child, having))
                                            for child in node.children])

    def candidates(self, node: Node) -> tuple[list[int], dict[Phrase, int]]:
        """The CANDIDATES best pages by the index, and how many pages hold each phrase (FTS5's
        nHit, for its idf). A query of one phrase that is not a prefix is one search for both."""
        wanted = phrases(node)
        if len(wanted) == 1 and not wanted[0].prefix:
            found = self.searcher.search(self._query(node, None), limit=CANDIDATES, count=True)
            having = {wanted[0]: found.count}
        else:
            having = {phrase: self.documents_with(phrase) for phrase in wanted}
            found = self.searcher.search(self._query(node, having), limit=CANDIDATES,
                                         count=False)
        return [self.searcher.doc(address)["rowid"][0] for _, address in found.hits], having

    def documents_with(self, phrase: Phrase) -> int:
        """How many pages hold the phrase, FTS5's nHit: a prefix counts every term it stands for."""
        matching = self._matching(phrase)
        return 0 if matching is None else self._count(matching)


def fts5_idf(pages: int, having: int) -> float:
    """FTS5's idf (fts5_aux.c), which is never below a millionth."""
    idf = math.log((pages - having + 0.5) / (having + 0.5)) if pages else 0.0
    return idf if idf > 0 else 1e-6


def tantivy_idf(pages: int, having: int) -> float:
    return math.log(1 + (pages - having + 0.5) / (having + 0.5))


_opened: dict[Path, tuple[tuple[str, str], RankedIndex | None]] = {}
_opening = threading.Lock()


def index_is_current(db_path: str | Path) -> bool:
    """Whether the index beside the database was built from the file as it is now."""
    try:
        source = json.loads((index_path(db_path) / SOURCE).read_text())
    except (OSError, ValueError):
        return False
    return source.get("stamp") == file_stamp(db_path)


def opened_index(db_path: str | Path) -> RankedIndex | None:
    """The index of the database, if there is one built from the file as it is now. Checked on
    each use (two stat calls), so a write to the database or a new index shows at once."""
    path = index_path(db_path)
    state = (file_stamp(db_path), file_stamp(path / SOURCE))
    with _opening:
        known = _opened.get(path)
        if known is None or known[0] != state:
            try:
                index = RankedIndex(path) if index_is_current(db_path) else None
            except (OSError, ValueError):
                index = None
            _opened[path] = known = (state, index)
        return known[1]


# --- scoring the candidates with FTS5 -------------------------------------------------------

def _varints(blob: bytes) -> list[int]:
    """SQLite's variable-length integers, as FTS5 stores its sizes."""
    values, value, length = [], 0, 0
    for byte in blob:
        length += 1
        if length == 9:
            values.append((value << 8) | byte)
            value, length = 0, 0
        elif byte & 0x80:
            value = (value << 7) | (byte & 0x7F)
        else:
            values.append((value << 7) | byte)
            value, length = 0, 0
    return values


def index_totals(conn: sqlite3.Connection, fts: str = "pages_fts") -> tuple[int, float]:
    """The index's row count and average row length in tokens: FTS5's averages record."""
    row = conn.execute(f"SELECT block FROM {fts}_data WHERE id = 1").fetchone()
    if row is None:
        return 0, 0.0
    rows, *columns = _varints(row[0])
    return rows, (sum(columns) / rows if rows else 0.0)


def scratch_index() -> sqlite3.Connection:
    """An in-memory FTS5 table with the archive's tokenizer, for one query's candidates: made
    afresh each time, as emptying one costs FTS5 as much as filling it."""
    conn = sqlite3.connect(":memory:")
    conn.execute(f"CREATE VIRTUAL TABLE c USING fts5({', '.join(COLUMNS)}, tokenize='{TOKENIZE}')")
    conn.execute("CREATE VIRTUAL TABLE c_terms USING fts5vocab(c, 'instance')")
    conn.execute(f"CREATE VIRTUAL TABLE q USING fts5(text, tokenize='{TOKENIZE}')")
    conn.execute("CREATE VIRTUAL TABLE q_terms USING fts5vocab(q, 'instance')")
    return conn


def _tokens(scratch: sqlite3.Connection, text: str) -> list[str]:
    """How FTS5's tokenizer reads a phrase of the query."""
    scratch.execute("DELETE FROM q")
    scratch.execute("INSERT INTO q (rowid, text) VALUES (1, ?)", (text,))
    return [term for (term,) in scratch.execute("SELECT term FROM q_terms ORDER BY offset")]


def _instances(scratch: sqlite3.Connection, tokens: list[str], prefix: bool,
               rowids: list[int]) -> dict[int, float]:
    """Per candidate, its weighted count of the phrase's instances (FTS5's aFreq)."""
    positions: list[set[tuple[int, int, int]]] = []
    for i, token in enumerate(tokens):
        if prefix and i == len(tokens) - 1:
            found = scratch.execute(
                "SELECT doc, col, offset FROM c_terms WHERE term >= ? AND term < ?",
                (token, token + "\U0010ffff"))
        else:
            found = scratch.execute("SELECT doc, col, offset FROM c_terms WHERE term = ?",
                                    (token,))
        positions.append({(doc, COLUMNS.index(col), offset) for doc, col, offset in found})
    frequencies = dict.fromkeys(rowids, 0.0)
    for doc, column, offset in positions[0] if positions else ():
        if all((doc, column, offset + k) in positions[k] for k in range(1, len(positions))):
            frequencies[doc] += WEIGHTS[column]
    return frequencies


def ranked_pages(conn: sqlite3.Connection, index: RankedIndex, query: str) -> list[dict]:
    """The best LIMIT pages for `query`, best first: rowid, score (bm25 as FTS5 gives it,
    negative, lower is better) and snippet. Raises Unsupported for syntax left to FTS5."""
    node = parse(query)
    rowids, having = index.candidates(node)
    with closing(scratch_index()) as scratch:
        if rowids:
            marks = ", ".join("?" * len(rowids))
            scratch.executemany(
                f"INSERT INTO c (rowid, {', '.join(COLUMNS)}) VALUES (?, ?, ?, ?, ?)",
                conn.execute(f"SELECT rowid, {', '.join(COLUMNS)} FROM pages"
                             f" WHERE rowid IN ({marks})", rowids).fetchall())
        try:
            snippets = dict(scratch.execute(
                "SELECT rowid, snippet(c, -1, ?, ?, ?, ?) FROM c WHERE c MATCH ?",
                (*SNIPPET, query)))
        except sqlite3.OperationalError as error:  # what FTS5 itself would answer the query
            raise Unsupported(str(error)) from error
        matched = list(snippets)
        lengths = {rowid: sum(_varints(size)) for rowid, size in scratch.execute(
            "SELECT id, sz FROM c_docsize")}
        rows, average = index_totals(conn)
        scores = dict.fromkeys(matched, 0.0)
        for phrase in phrases(node):
            idf = fts5_idf(rows, having[phrase])
            frequencies = _instances(scratch, _tokens(scratch, phrase.text), phrase.prefix,
                                     matched)
            for rowid in matched:
                frequency = frequencies[rowid]
                norm = K1 * (1 - B + B * lengths[rowid] / average) if average else K1
                scores[rowid] += idf * frequency * (K1 + 1) / (frequency + norm)
    best = sorted(matched, key=lambda rowid: (-scores[rowid], rowid))[:LIMIT]
    return [{"rowid": rowid, "score": -scores[rowid], "snippet": snippets[rowid]}
            for rowid in best]


def answerable(db_path: str, query: str | None) -> RankedIndex | None:
    """The index that answers `query`, if one does: else the canned query ranks with FTS5."""
    if not query or not query.strip():
        return None
    try:
        parse(query)
    except Unsupported:
        return None
    return opened_index(db_path)


def ranked_pages_json(db_path: str, query: str | None) -> str | None:
    """`ranked_pages(:q)` in SQL: the answer as JSON, or NULL where answerable() says no. Read
    on a connection of its own, which the server's time limit does not interrupt: the work is
    bounded (CANDIDATES pages). The canned query's statement is still timed from its start, so
    candidates read slowly from a cold disk can still make it answer "too long"
    (docs/publishing.md, "At a million pages")."""
    index = answerable(db_path, query)
    if index is None:
        return None
    with closing(read_only(db_path)) as reader:
        return json.dumps(ranked_pages(reader, index, query), ensure_ascii=False)
