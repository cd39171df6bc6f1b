"""The generic extractor: one page in, one record out. Each field is tried layer by layer (the
site rules, then the page's structured metadata, then trafilatura/htmldate) and the layer that
gave it is kept, so a drop in rule coverage after a redesign shows up instead of hiding.

The site rules key on what a reader sees, so that markup stops mattering: the page is read as its
sequence of visible text blocks (pipeline/text.py), the title is found in it, and the body is the
stretch that follows, bounded by the site's landmarks (a navigation bar that opens the text, the
labels, "Tekst door:" or a view count that close it) and by the element that holds the text.
Labels are read from the title on, so that a sidebar of teasers placed before the article does
not lend its dates and reading times. Link lists are the links under their visible heading, and
reader reactions are found by their structure between the comments' heading and the comment
form (pipeline/reactions.py). Element names and classes are used only where a reader sees them
too (a heading, a list item) or to bound what the text already told."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from lxml import etree

from pipeline.dates import parse_date
from pipeline.fallback import body_text as fallback_body
from pipeline.fallback import published as fallback_published
from pipeline.html import parse
from pipeline.identity import Identity, identify
from pipeline.metadata import read_metadata
from pipeline.names import split_names
from pipeline.reactions import find_reactions
from pipeline.record import empty_record
from pipeline.rules import SiteRules, regex
from pipeline.rules import xpath as xpath_of
from pipeline.sites import rules_for_url
from pipeline.text import PageText, repeats_another, squash
from pipeline.urls import UrlRules, web_url

UNKNOWN_SITE = SiteRules(site="", urls=UrlRules(canonical_host=""))
FIRST_INT = re.compile(r"\d[\d.]*")
# What separates a page's own title from the site's name in <title> and og:title.
TITLE_SEPARATOR = re.compile(r"\s+(?:[-|–—:»·]{1,2})\s+")
HEADINGS = etree.XPath("//h1")
# Elements after the body, where libxml2 puts what a broken page has after </html>.
AFTER_THE_BODY = etree.XPath("/html/*[not(self::head or self::body)]")
WORD = re.compile(r"\w")
# A layout table's parts: they set a text in columns and rows, they do not hold one.
LAYOUT_CELLS = frozenset({"tr", "td", "th", "tbody", "thead", "tfoot"})
# A block no longer than this may be a label whose value stands in the next block, or part of a
# line a theme set as several elements; such a run is read up to this many blocks.
LABEL_ALONE = 40
LABEL_RUN = 10
# A pull quote is a sentence: shorter repeats (a heading's words in the text) are not one.
PULL_QUOTE_MIN = 40
# A value listed under its heading, one per line: short, no sentence.
LISTED_VALUE = re.compile(r"^[^\W\d_][^.!?:;]{0,60}$")


@dataclass(frozen=True)
class Extracted:
    """What the archive stores of a page: its record, per filled field the layer that filled it
    (rule, metadata or fallback), and which page it is."""

    record: dict
    sources: dict[str, str]
    identity: Identity


def extract(html: bytes | str, url: str, content_type: str | None = None) -> dict:
    """The record for one page (shared/README.md's schema)."""
    return extract_page(html, url, content_type).record


def extract_with_sources(
    html: bytes | str, url: str, content_type: str | None = None
) -> tuple[dict, dict[str, str]]:
    """The record and, per filled field, the layer that filled it."""
    extracted = extract_page(html, url, content_type)
    return extracted.record, extracted.sources


def extract_page(html: bytes | str, url: str, content_type: str | None = None) -> Extracted:
    """Raises ValueError for what is not a page: empty, binary, or without any title or text."""
    rules = rules_for_url(url) or UNKNOWN_SITE
    tree = parse(html, content_type)
    page = _Page(tree, url, rules)
    if not page.record["title"] and not page.record["body_text"]:
        raise ValueError("no title and no text found on the page")
    return Extracted(page.record, page.sources, identify(page.record))


class _Page:
    def __init__(self, tree: etree._Element, url: str, rules: SiteRules):
        self.url, self.rules = url, rules
        self.record = empty_record(url, rules.site or (urlsplit(url).hostname or ""))
        self.sources: dict[str, str] = {}
        self.metadata = read_metadata(tree)
        for xpath in rules.drop:
            for node in xpath_of(xpath)(tree):
                _remove(node)
        self.tree = tree
        body = tree.find("body")
        self.text = PageText(body if body is not None else tree)
        if body is not None:
            for after in AFTER_THE_BODY(tree):
                self.text.read_on(after)
        self.blocks = self.text.blocks
        self.title_at: int | None = None  # the block holding the title, when the page shows it
        self._labelled: list[list[str]] | None = None
        self._kind()
        self._title()
        self._probed_fields()
        self._body()
        self._links()
        self._reactions()
        self._language()

    def _set(self, field: str, value, source: str) -> None:
        if value not in (None, "", []):
            self.record[field] = value
            self.sources[field] = source

    def _kind(self) -> None:
        parts = urlsplit(self.url)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        kind = next((k for pattern, k in self.rules.kinds if regex(pattern).search(target)), None)
        self.record["kind"] = kind or self.rules.default_kind

    # The title

    def _title(self) -> None:
        """The page's own title: the longest of the titles its metadata names (og:title, <title>,
        trimmed of the site's name) that a reader sees, as a heading or a line (or two lines: a
        year set beside the heading), else the first h1, else the metadata alone. The site's
        title pattern (the canon year) applies whichever gave it."""
        titles = [*self.metadata["title"], squash(self.tree.findtext(".//title") or "")]
        named = {t for t in map(self._trimmed, titles) if t}
        # What the title pattern leaves of a metadata title may be all the page shows of it
        # ("auteur Name" in <title>, the name alone on the page).
        named |= {self._patterned(t) for t in named}
        named = sorted(named, key=len, reverse=True)
        headings = [(h, self.text.text_of(h)) for h in HEADINGS(self.tree)]
        headings = [(h, t) for h, t in headings if t]
        title, source = "", "rule"
        for text in named:
            heading = next((h for h, t in headings if t.casefold() == text.casefold()), None)
            self.title_at = (self._last_block_of(heading) if heading is not None
                             else self._find_line(text))
            if self.title_at is not None:
                title = text
                break
        if not title and headings:
            heading, title = headings[0]
            self.title_at = self._last_block_of(heading)
        if not title and named:
            title = next((t for t in map(self._trimmed, self.metadata["title"]) if t), "")
            title, source = (title, "metadata") if title else (named[0], "fallback")
        if title and self.rules.title_pattern:
            match = regex(self.rules.title_pattern).match(title)
            year = match.groupdict().get("canon_year") if match else None
            if year:
                self._set("canon_year", int(year), source)
        self._set("title", self._patterned(title), source)

    def _patterned(self, title: str) -> str:
        """The title without what the site's title pattern sets apart (the canon year)."""
        match = regex(self.rules.title_pattern).match(title) if self.rules.title_pattern else None
        return squash(match.group("title") or title) if match else title

    def _trimmed(self, title: str) -> str:
        """A metadata title without the site's or collection's name at either end."""
        parts = TITLE_SEPARATOR.split(squash(title))
        names = [regex(pattern) for pattern in self.rules.names]

        def is_name(part: str) -> bool:
            return any(name.fullmatch(part) for name in names)

        while len(parts) > 1 and is_name(parts[0]):
            parts.pop(0)
        while len(parts) > 1 and is_name(parts[-1]):
            parts.pop()
        if len(parts) == 1 and is_name(parts[0]):
            return ""
        # Inner separators belong to the title ("Eyeopener: ..."): only the ends were names.
        first, last = parts[0], parts[-1]
        full = squash(title)
        return full[full.index(first):full.rindex(last) + len(last)]

    def _last_block_of(self, element: etree._Element) -> int | None:
        span = self.text.span(element)
        return span[1] - 1 if span and span[1] > span[0] else None

    def _find_line(self, line: str) -> int | None:
        """The block that shows `line`, or the second of two that show it together (a year set
        in its own element beside the heading). Where it shows more than once (a list of the
        site's pages beside the article), the one the text's opening landmark follows."""
        key = line.casefold()
        found = [index for index, block in enumerate(self.blocks) if block.casefold() == key]
        found += [index + 1 for index in range(len(self.blocks) - 1)
                  if f"{self.blocks[index]} {self.blocks[index + 1]}".casefold() == key]
        found = [index for index in found if index not in self.text.navigation]  # breadcrumbs
        if len(found) > 1 and self.rules.body_after:
            opened = [index for index in sorted(found) if self._opening(index + 1) is not None]
            found = opened[-1:] or found
        return min(found) if found else None

    # The body

    def _body(self) -> None:
        window = self._window()
        if window is None:
            self._set("body_text", fallback_body(self.tree, self.url), "fallback")
            return
        start, end = window
        skips = [regex(pattern) for pattern in self.rules.body_skip]
        kept = [self.blocks[index] for index in range(start, end)
                if index not in self.text.navigation
                and not any(skip.search(self.blocks[index]) for skip in skips)]
        self._set("body_text", "\n\n".join(_without_pull_quotes(kept)), "rule")

    def _window(self) -> tuple[int, int] | None:
        """Where the body stands among the page's blocks: after the title (and after the landmark
        that opens the text, with the subtitle between them), past the lines that stand above
        every text (a byline, a share bar), up to the first landmark that closes it and never
        past the element that holds the text."""
        if self.title_at is None:
            return None
        start = self.title_at + 1
        within = self.rules.body_after_within
        leads = [regex(pattern) for pattern in self._for_authors(self.rules.body_lead)]
        ends = self._body_ends()
        # The site's own closing landmarks, without the authors' names, which a byline above the
        # text shows too.
        landmarks = [end for end in self.rules.body_end if "{author}" not in end]
        opening = self._opening(start)
        if opening is not None:
            between = [self.blocks[index] for index in range(start, opening[0])
                       if index not in self.text.navigation]
            start = opening[1]
        else:
            # No landmark: the subtitle is what the title's header holds besides a byline.
            header_end = self._header_end(self.title_at)
            closing = self._first(landmarks, start, stop=header_end)
            if closing is not None or not start < header_end < min(start + within,
                                                                    len(self.blocks)):
                header_end = start  # no header of its own: the title stands alone
            between = [self.blocks[index] for index in range(start, header_end)
                       if index not in self.text.navigation
                       and not any(lead.search(self.blocks[index]) for lead in leads)]
            start = header_end
        if len(between) == 1:
            self._set("subtitle", between[0], "rule")
        closing = self._first(landmarks, start)
        last = len(self.blocks) if closing is None else closing
        subtitle, after_byline = bool(between), False
        while start < last:
            block = self.blocks[start]
            if (self.rules.subtitle_apart and after_byline and not subtitle and start + 1 < last
                    and self._apart(start) and not self._is_label(block)):
                self._set("subtitle", block, "rule")  # a theme that prints the byline first
                subtitle = True
                start += 1
            elif any(lead.search(block) for lead in leads):
                start += 1
            else:
                break
            after_byline = self._is_label(block)
        if start >= last:
            return start, start  # the page shows no text: a title and its furniture only
        end = min(self._container_end(start), last)
        closing = self._first(ends, start, stop=end)
        end = closing if closing is not None else end
        trails = [regex(pattern) for pattern in self.rules.body_trail]
        while end > start and any(trail.search(self.blocks[end - 1]) for trail in trails):
            end -= 1
        return start, end

    def _body_ends(self) -> list[str]:
        """The site's closing landmarks, and each author's biography: a line that starts with an
        author's name and says who they are ("Eltje Bos is opleidingsmanager ...")."""
        return self._for_authors((*self.rules.body_end, *self.rules.bio_start))

    def _for_authors(self, patterns: tuple[str, ...]) -> list[str]:
        """The patterns, each naming an author where it says {author}, once for every author."""
        found = []
        for pattern in patterns:
            if "{author}" not in pattern:
                found.append(pattern)
                continue
            found += [pattern.replace("{author}", re.escape(author["name"]))
                      for author in self.record["authors"]]
        return found

    def _is_label(self, block: str) -> bool:
        """Whether a line is one of the site's labels (a byline, a date line, the heading of a
        list of names)."""
        return (any(regex(pattern).search(block)
                    for patterns in self.rules.labels.values() for pattern in patterns)
                or any(regex(f"^(?:{heading})$").search(block)
                       for heading in self.rules.listed.values()))

    def _apart(self, index: int) -> bool:
        """Whether a block stands in an element of its own, followed by one that holds the text
        (a subtitle field before the body field)."""
        node, own = self.text.owners[index], None
        while node is not None:
            span = self.text.span(node)
            if span is not None:
                if span != (index, index + 1):
                    break
                own = node
            node = node.getparent()
        following = own.getnext() if own is not None else None
        while following is not None and not _holds_text(self.text.span(following)):
            following = following.getnext()  # an image, a comment
        span = self.text.span(following) if following is not None else None
        return span is not None and span[0] == index + 1 and span[1] > index + 2

    def _header_end(self, title: int) -> int:
        """The end of the title's header: the lowest element around the title that holds more
        than the title (the subtitle under it, a byline); a layout table's row is no header."""
        node = self.text.owners[title]
        while node is not None:
            span = self.text.span(node)
            if span is not None and span[1] > title + 1 and node.tag not in LAYOUT_CELLS:
                return span[1]
            node = node.getparent()
        return title + 1

    def _container_end(self, start: int) -> int:
        """The end of the element a stretch of blocks opens: the widest element around its first
        block that holds nothing before it (the text's container, a section under its heading);
        a block that stands alone among what comes before and after (a paragraph beside the
        title, a heading over its links) is bounded by the element they share. A layout table's
        rows and cells cut a text where the page's author wanted columns: they bound nothing."""
        owner = self.text.owners[start]
        chosen = None
        node = owner
        while node is not None:
            span = self.text.span(node)
            if span is not None and node.tag not in LAYOUT_CELLS:
                if span[0] < start:
                    break
                chosen = node
            node = node.getparent()
        # Wrappers that hold nothing but the block (a theme's extra divs) do not make it a
        # container.
        if chosen is None or self.text.span(chosen) == self.text.span(owner):
            container = node if chosen is None else chosen.getparent()
            while container is not None and (self.text.span(container) is None
                                             or container.tag in LAYOUT_CELLS):
                container = container.getparent()
            span = self.text.span(container) if container is not None else None
            return span[1] if span else len(self.blocks)
        return self.text.span(chosen)[1]

    def _first(self, patterns: tuple[str, ...] | list[str], start: int, *, stop: int | None = None,
               limit: int | None = None) -> int | None:
        """The first block from `start` (before `stop`, within `limit` blocks) that a pattern
        finds."""
        if not patterns:
            return None
        found = [regex(pattern) for pattern in patterns]
        last = len(self.blocks) if stop is None else stop
        if limit is not None:
            last = min(last, start + limit)
        for index in range(start, last):
            if any(pattern.search(self.blocks[index]) for pattern in found):
                return index
        return None

    def _opening(self, start: int) -> tuple[int, int] | None:
        """The landmark that opens the text, within `body_after_within` blocks of `start`: the
        block it starts at and the one after it ends. It may be a run of short blocks a reader
        sees as one line (a navigation bar set as a list: "eerste", "vorige", "homepage"); the
        longest such line counts, as "homepage" alone is one too. A run counts only when a
        pattern matches it whole, so the landmark is never found in the blocks before it."""
        if not self.rules.body_after:
            return None
        found = [regex(pattern) for pattern in self.rules.body_after]
        for index in range(start, min(len(self.blocks), start + self.rules.body_after_within)):
            line = self.blocks[index]
            end = index + 1 if any(pattern.search(line) for pattern in found) else None
            run = index + 1
            while (len(line) <= LABEL_ALONE and run < min(len(self.blocks), index + LABEL_RUN)
                   and len(self.blocks[run]) <= LABEL_ALONE):
                line = f"{line} {self.blocks[run]}"
                run += 1
                if any(pattern.fullmatch(line) for pattern in found):
                    end = run
            if end is not None:
                return index, end
        return None

    # Labelled fields: dates, people, counts

    def _rule_values(self, field: str) -> list[str]:
        values: list[str] = []
        for xpath in self.rules.xpaths.get(field, ()):
            values.extend(v for v in map(self.text.text_of, xpath_of(xpath)(self.tree)) if v)
        if values:
            return values
        start, _ = self._label_region()
        for pattern in self.rules.labels.get(field, ()):
            label = regex(pattern)
            for lines in self._label_lines():
                for line in lines:
                    match = label.search(line)
                    # "Auteur(s):" alone is the label without its value.
                    if match and WORD.search(match.group("value")):
                        return [squash(match.group("value"))]
        heading = self.rules.listed.get(field)
        if heading:
            at = self._first((f"^(?:{heading})$",), start)
            if at is not None:
                values = []
                for block in self.blocks[at + 1:]:
                    if not LISTED_VALUE.match(block):
                        break
                    values.append(block)
                return [", ".join(values)] if values else []
        return []

    def _label_region(self) -> tuple[int, int]:
        """Where the page's own labels stand: from the title's header (a byline may stand above
        the title) to where other articles' teasers begin (a sidebar's "Meest gelezen")."""
        if self.title_at is None:
            return 0, len(self.blocks)
        start = min(self.title_at, self._header_start(self.title_at))
        stop = self._first(self.rules.labels_end, self.title_at + 1)
        return start, len(self.blocks) if stop is None else stop

    def _label_lines(self) -> list[list[str]]:
        """`_lines` of each block of the label region, read once a page for all its labels."""
        if self._labelled is None:
            start, stop = self._label_region()
            self._labelled = [self._lines(index, stop) for index in range(start, stop)]
        return self._labelled

    def _lines(self, index: int, stop: int) -> list[str]:
        """The line a block shows, and the lines a reader may see it on: with the block after it
        (a label in a cell or a <dt>, its value in the next), and with the run of short blocks it
        opens (a byline a block theme sets as one element per word: "—", "door", a name)."""
        lines = [self.blocks[index]]
        if len(self.blocks[index]) > LABEL_ALONE or index + 1 >= stop:
            return lines
        lines.append(f"{self.blocks[index]} {self.blocks[index + 1]}")
        run = index + 1
        while run < min(stop, index + LABEL_RUN) and len(self.blocks[run]) <= LABEL_ALONE:
            run += 1
        if run > index + 2:
            lines.append(" ".join(self.blocks[index:run]))
        return lines

    def _header_start(self, title: int) -> int:
        """Where the title's header begins: the lowest element around the title that holds more
        than the title, if it is a header's size."""
        node = self.text.owners[title]
        while node is not None:
            span = self.text.span(node)
            if span is not None and span[1] - span[0] > 1 and node.tag not in LAYOUT_CELLS:
                small = span[1] - span[0] <= self.rules.body_after_within + 2
                return span[0] if small else title
            node = node.getparent()
        return title

    def _probed_fields(self) -> None:
        for field in ("published", "modified"):
            self._date(field)
        people = [
            {"name": name, "role": role, "bio": None}
            for field, role in (("authors", "author"), ("contributors", "contributor"))
            for value in self._rule_values(field)
            for name in split_names(value)
        ]
        source = "rule"
        if not people:
            people = [
                {"name": name, "role": role, "bio": None}
                for field, role in (("authors", "author"), ("contributors", "contributor"))
                for value in self.metadata[field]
                for name in split_names(value)
            ]
            source = "metadata"
        people = _unique_people(people)
        names = [person["name"] for person in people]
        for person in people:
            person["bio"] = self._bio(person["name"], [n for n in names if n != person["name"]])
        self._set("authors", people, source)
        for field in ("view_count", "reading_time_minutes"):
            for value in self._rule_values(field):
                match = FIRST_INT.search(value)
                if match:
                    digits = match.group().replace(".", "")
                    # Past 18 digits it is no count, and SQLite's INTEGER could not store it.
                    self._set(field, int(digits) if len(digits) <= 18 else None, "rule")
                    break

    def _bio(self, name: str, others: list[str]) -> str | None:
        """The biography printed for an author: from the line (after the title) where it starts
        with the author's name and says who they are, to where the next author's begins."""
        starts = [regex(pattern.replace("{author}", re.escape(name)).lstrip("^"))
                  for pattern in self.rules.bio_start]
        for block in self.blocks[(self.title_at or 0):]:
            for start in starts:
                match = start.search(block)
                if match and (match.start() == 0 or block[:match.start()].endswith((". ", "! "))):
                    bio = block[match.start():]
                    ends = [bio.find(f" {other} ") for other in others]
                    ends = [end for end in ends if end > 0]
                    return squash(bio[:min(ends)]) if ends else bio
        return None

    def _date(self, field: str) -> None:
        layers = [("rule", self._rule_values(field)), ("metadata", self.metadata[field])]
        for source, values in layers:
            for value in values:
                parsed = parse_date(value)
                if parsed:
                    self._set(field, parsed, source)
                    return
        # A site whose rules know where its dates stand shows none when they find none (an
        # author page); a guess from the page's other dates (an agenda, a teaser) would be wrong.
        if field == "published" and not (self.rules.labels.get(field)
                                          or self.rules.xpaths.get(field)):
            self._set(field, fallback_published(self.tree, self.url), "fallback")

    # Links and reactions

    def _links(self) -> None:
        """The links a page lists under its visible section headings ("Verwante vensters",
        "Video", "Downloads"): from the heading to the next section heading, a landmark that
        closes the sections, or the end of the element the heading opens."""
        sections = [(kind, regex(pattern)) for kind, pattern in self.rules.link_sections]
        ends = [regex(pattern) for pattern in self.rules.links_end]
        start = self.title_at or 0
        headings = [(index, kind) for index in range(start, len(self.blocks))
                    for kind, heading in sections[:] if heading.fullmatch(self.blocks[index])]
        heading_at = [index for index, _ in headings]
        seen: set[tuple[str, str]] = set()
        links = []
        for number, (index, kind) in enumerate(headings):
            stop = heading_at[number + 1] if number + 1 < len(headings) else len(self.blocks)
            stop = min(stop, self._container_end(index))
            closing = next((i for i in range(index + 1, stop)
                            if any(end.search(self.blocks[i]) for end in ends)), stop)
            for anchor, at in self.text.anchors:
                if not index < at < closing:
                    continue
                self._add_link(links, seen, kind, anchor)
        lines = [(kind, regex(pattern)) for kind, pattern in self.rules.link_lines]
        for kind, line in lines:
            for anchor, at in self.text.anchors:
                if at >= start and at < len(self.blocks) and line.search(self.blocks[at]):
                    self._add_link(links, seen, kind, anchor)
        self._set("links", links, "rule")

    def _add_link(self, links: list[dict], seen: set, kind: str, anchor: etree._Element) -> None:
        url = self._link_url(anchor)
        if url is not None and (kind, url) not in seen:
            seen.add((kind, url))
            links.append({"kind": kind, "title": self.text.text_of(anchor) or None, "url": url})

    def _link_url(self, anchor: etree._Element) -> str | None:
        href = web_url(self.url, anchor.get("href") or "")
        if href is None:  # javascript:, data:, mailto:, within the page: no web link
            return None
        try:
            return self.rules.urls.canonicalise(href)
        except ValueError:  # a port past 65535: no URL to record
            return None

    def _reactions(self) -> None:
        if not self.rules.comments_start:
            return
        reactions = find_reactions(self.text, self.rules, self.title_at or 0)
        self._set("reactions", reactions, "rule")

    def _language(self) -> None:
        if self.metadata["language"]:
            self._set("language", self.metadata["language"][0], "metadata")
        else:
            self._set("language", self.rules.language, "rule")


def _without_pull_quotes(blocks: list[str]) -> list[str]:
    """The body without its pull quotes: a sentence or more, repeated from the text."""
    return [block for block in blocks
            if len(block) < PULL_QUOTE_MIN or not repeats_another(block, blocks)]


def _holds_text(span: tuple[int, int] | None) -> bool:
    return span is not None and span[1] > span[0]


def _unique_people(people: list[dict]) -> list[dict]:
    seen, unique = set(), []
    for person in people:
        key = (person["name"].casefold(), person["role"])
        if key not in seen:
            seen.add(key)
            unique.append(person)
    return unique


def _remove(node) -> None:
    """Remove an element but keep its tail text, which belongs to the parent."""
    if not isinstance(node, etree._Element) or node.getparent() is None:
        return
    parent, tail = node.getparent(), node.tail
    if tail:
        previous = node.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(node)
