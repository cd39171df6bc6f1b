"""Reader reactions found by their structure, in any markup.

Between the comments' heading ("Reacties op dit artikel (2)", "2 reacties op ...") and the comment
form, a comment list is a run of sibling elements, one per reaction (perhaps each in wrappers),
each holding a name, often a date, and text; a reply stands at the end of the reaction it
answers, in a list of its own or straight inside it. That is
how WordPress prints comments in its HTML5 and its older format and in block themes, and how
themes and hand-made sites do it with `ol`/`li`, `div` runs or `article`s: so the reactions are
read from that shape, not from class names.

Within a reaction the parts are told apart as a reader tells them: the date is the line that is a
date (and time); the name is the line before it, or the one that says "schreef:", or the one a
`cite` sets apart; the rest is text, less reply and moderation links. A `<time datetime>` gives
the moment exactly; a printed date and time give it to the minute, in Dutch time."""

from __future__ import annotations

import re
from datetime import datetime

from lxml import etree

from pipeline.dates import LOCAL_TIME, parse_date
from pipeline.rules import SiteRules, regex
from pipeline.text import PageText, squash

# A line that is only a date, perhaps with a time: "11 februari 2020 om 07:58", "11-02-2020 07:58",
# "op 11 februari 2020", "di 11 feb. 2020, 07:58".
DATE_LINE = re.compile(
    r"^(?:(?:geplaatst\s+)?op\s+|[a-z]{2,9}\.?,?\s+)?"
    r"(?:\d{1,2}[-/.]\d{1,2}[-/.]\d{4}|\d{1,2}\s+[a-z]{3,9}\.?\s+\d{4}|\d{4}-\d{2}-\d{2})"
    r"(?:\s*(?:om|at|,|-|–)?\s*\d{1,2}[:.]\d{2}(?:\s*(?:uur|u))?)?$",
    re.IGNORECASE,
)
CLOCK = re.compile(r"(?<![\d:])(\d{1,2})[:.](\d{2})(?![\d:])")
# How themes say who wrote a reaction: "Frans van der Reep schreef:", "Piet zegt:", "Jan says:".
SAYS = re.compile(r"\s+(?:schreef|zegt|says|wrote)\s*:?\s*$", re.IGNORECASE)
# Links and notes in a reaction that are not its text.
NOT_TEXT = re.compile(
    r"^(?:beantwoorden|reageer|reageren|antwoorden|antwoord|reply|permalink|bewerken|edit"
    r"|je reactie wacht op goedkeuring\.?|uw reactie wacht op moderatie\.?"
    r"|your comment is awaiting moderation\.?)$",
    re.IGNORECASE,
)
NAME = re.compile(r"^[^\W\d_][^\d!?.;:]{0,60}$")
# What WordPress prints for a reaction left without a name.
NO_NAME = ("anoniem", "anonymous")
ISO_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
AUTHOR_CLASSES = ("fn", "comment-author-name", "wp-block-comment-author-name")
TIMES = etree.XPath(".//time[@datetime]")


def find_reactions(text: PageText, rules: SiteRules, start: int) -> list[dict]:
    """The page's reactions in page order: position, author, posted, text and the position of the
    reaction each one answers."""
    region = _region(text, rules, start)
    if region is None:
        return []
    container = _list_of(text, *region)
    reactions: list[dict] = []
    if container is not None:
        for item in _children_in(text, container, *region):
            _read(text, item, None, reactions)
    return reactions


def _region(text: PageText, rules: SiteRules, start: int) -> tuple[int, int] | None:
    """The blocks between the comments' heading and the comment form."""
    opening = _first(text.blocks, rules.comments_start, start)
    if opening is None:
        return None
    # A block theme heads them twice: "Reacties", then "3 reacties op ...".
    while _first(text.blocks, rules.comments_start, opening + 1) == opening + 1:
        opening += 1
    closing = _first(text.blocks, rules.comments_end, opening + 1)
    stop = len(text.blocks) if closing is None else closing
    return (opening + 1, stop) if stop > opening + 1 else None


def _first(blocks: list[str], patterns: tuple[str, ...], start: int) -> int | None:
    found = [regex(pattern) for pattern in patterns]
    return next((index for index in range(start, len(blocks))
                 if any(pattern.search(blocks[index]) for pattern in found)), None)


def _inside(span: tuple[int, int] | None, first: int, stop: int) -> bool:
    """Whether a span has blocks, all of them within first..stop."""
    return span is not None and first <= span[0] < span[1] <= stop


def _list_of(text: PageText, first: int, stop: int) -> etree._Element | None:
    """The element whose children are the reactions: from the lowest element holding all the
    region's blocks, up as far as nothing outside the region comes in, then down through
    wrappers that hold one thing, to the one that holds the list."""
    node = text.owners[first]
    while node is not None and not _holds(text.span(node), first, stop):
        node = node.getparent()
    if node is None:
        return None
    while (above := _block_parent(text, node)) is not None and _inside(text.span(above),
                                                                      first, stop):
        node = above
    while True:
        kids = _children_in(text, node, first, stop)
        if len(kids) != 1:
            return node
        inner = _children_in(text, kids[0], first, stop)
        if kids[0].tag in ("ol", "ul") or len(inner) == 1 or _are_reactions(text, inner):
            node = kids[0]
        else:
            return node


def _block_parent(text: PageText, node: etree._Element) -> etree._Element | None:
    """The nearest element above that holds blocks: past inline wrappers."""
    node = node.getparent()
    while node is not None and text.span(node) is None:
        node = node.getparent()
    return node


def _are_reactions(text: PageText, parts: list[etree._Element]) -> bool:
    """Whether an element's parts are reactions rather than the parts of one: several, of one
    kind, each dated where any is (one reaction's parts are its text and its dated byline), or
    else each holding text."""
    if len(parts) < 2 or not set.intersection(*(_unwrapped(text, part)[1] for part in parts)):
        return False
    dated = sum(_dated(text, part) for part in parts)
    return dated == len(parts) if dated else all(_has_prose(text, part) for part in parts)


def _holds(span: tuple[int, int] | None, first: int, stop: int) -> bool:
    return span is not None and span[0] <= first and span[1] >= stop


def _children_in(text: PageText, parent: etree._Element, first: int, stop: int
                 ) -> list[etree._Element]:
    """The block elements an element is made of within first..stop: its children, and for an
    inline wrapper (a span a theme put around a block) the blocks inside it."""
    found = []
    for child in parent:
        if not isinstance(child.tag, str):
            continue
        span = text.span(child)
        if span is None:
            found += _children_in(text, child, first, stop)
        elif _inside(span, first, stop):
            found.append(child)
    return found


def _read(text: PageText, item: etree._Element, parent: int | None, reactions: list[dict]
          ) -> None:
    """The reaction an element holds, then the replies set at its end, in page order."""
    # What the list's items are, and so its replies: the item's tag or a tag it wraps.
    item, kinds = _unwrapped(text, item)
    replies = _replies(text, item, kinds)
    reply_spans = [text.span(reply) for reply in replies]
    first, stop = text.span(item)
    own = [index for index in range(first, stop)
           if not any(a <= index < b for a, b in reply_spans)]
    reaction = _reaction(text, item, own, replies)
    if reaction is None:
        return
    reaction["position"] = len(reactions) + 1
    reaction["parent"] = parent
    reactions.append(reaction)
    for reply in replies:
        _read(text, reply, reaction["position"], reactions)


def _only_child(text: PageText, element: etree._Element) -> etree._Element | None:
    """The block an element wraps and nothing else (no date, no image beside it), through
    inline wrappers."""
    while True:
        children = [child for child in element if isinstance(child.tag, str)]
        if len(children) != 1:
            return None
        element = children[0]
        if text.span(element) is not None:
            return element


def _unwrapped(text: PageText, element: etree._Element) -> tuple[etree._Element, set[str]]:
    """The element a chain of wrappers holds (an item may be a div around an article), and the
    tags along the chain."""
    kinds = {element.tag}
    while (inner := _only_child(text, element)) is not None:
        element = inner
        kinds.add(element.tag)
    return element, kinds


def _replies(text: PageText, item: etree._Element, kinds: set[str]) -> list[etree._Element]:
    """The replies a reaction ends with: the outermost elements nested in it (in a list of
    replies, or set straight into it, through any wrappers) that each hold text and, where the
    reaction is dated, a date of their own (else: that are of the reaction's kind). Only those
    after the reaction's own text, and only if it has text besides them: else they are its
    parts."""
    dated = _dated(text, item)
    first = text.span(item)[0]
    replies = [reply for reply in _nested(text, item, kinds, dated)
               if text.span(reply)[0] > first]
    return replies if replies and _has_text_besides(text, item, replies) else []


def _nested(text: PageText, element: etree._Element, kinds: set[str], dated: bool
            ) -> list[etree._Element]:
    """The outermost reactions of the `kinds` inside an element; one that holds only reactions
    (a wrapper of the same kind around a list of replies) is looked through."""
    found: list[etree._Element] = []
    for part in _children_in(text, element, *text.span(element)):
        # Where reactions are dated a reply is told by its own date, whatever its tag (a
        # layout may set a reaction in a cell and its replies in divs); else by its tag.
        if _has_prose(text, part) and (_dated(text, part) if dated else part.tag in kinds):
            inner = _nested(text, part, kinds, dated)
            found += inner if inner and not _has_text_besides(text, part, inner) else [part]
        else:
            found += _nested(text, part, kinds, dated)
    return found


def _has_text_besides(text: PageText, item: etree._Element, replies: list[etree._Element]
                      ) -> bool:
    first, stop = text.span(item)
    return any(len(text.blocks[i]) > 1 for i in range(first, stop)
               if not any(_within_span(text, reply, i) for reply in replies))


def _dated(text: PageText, element: etree._Element) -> bool:
    """Whether an element shows a date line or holds a `<time>`."""
    first, stop = text.span(element)
    return (any(DATE_LINE.match(block) for block in text.blocks[first:stop])
            or bool(TIMES(element)))


def _has_prose(text: PageText, element: etree._Element) -> bool:
    """Whether an element holds a sentence: what a reaction has and its name or date do not."""
    first, stop = text.span(element)
    return any(len(block) > 40 or block.endswith((".", "!", "?"))
               for block in text.blocks[first:stop])


def _within_span(text: PageText, element: etree._Element, index: int) -> bool:
    first, stop = text.span(element)
    return first <= index < stop


def _reaction(text: PageText, item: etree._Element, own: list[int],
              replies: list[etree._Element]) -> dict | None:
    blocks = text.blocks
    lines = [(index, blocks[index]) for index in own]
    date_at = next((index for index, line in lines if DATE_LINE.match(line)), None)
    author_at, author = _author(text, item, lines, date_at, replies)
    if author is not None and author.casefold() in NO_NAME:
        author = None
    texts = [line for index, line in lines
             if index not in (date_at, author_at) and not NOT_TEXT.match(line)
             and not SAYS.search(line)]
    if not texts and author is None:
        return None
    return {
        "author": author,
        "posted": _posted(item, replies, blocks[date_at] if date_at is not None else None),
        "text": "\n\n".join(texts),
    }


def _author(text: PageText, item: etree._Element, lines: list[tuple[int, str]],
            date_at: int | None, replies: list[etree._Element]) -> tuple[int | None, str | None]:
    """Where the reaction's name stands and what it is."""
    for element in item.iter():
        if element.tag == "cite" or _has_class(element, AUTHOR_CLASSES):
            if any(_within(element, reply) for reply in replies):
                continue
            name = squash(SAYS.sub("", text.text_of(element)))
            if name:
                return _line_of(text, element, lines, name), name
    for index, line in lines:
        if SAYS.search(line) and NAME.match(SAYS.sub("", line)):
            return index, squash(SAYS.sub("", line))
    if date_at is not None:
        before = [(index, line) for index, line in lines if index < date_at]
        after = [(index, line) for index, line in lines if index > date_at]
        for index, line in (before[-1:] or after[:1]):
            if NAME.match(line) and len(line.split()) <= 6 and not NOT_TEXT.match(line):
                return index, line
    return None, None


def _line_of(text: PageText, element: etree._Element, lines: list[tuple[int, str]],
             name: str) -> int | None:
    """The line the name's own element stands on: a reader who signs with their name on a line
    of its own ("Met vriendelijke groet," then "Gerrit Mulder") writes the same words in the
    text, and that line is text, not the byline."""
    block = element
    while block is not None and text.span(block) is None:
        block = block.getparent()
    first, stop = text.span(block) if block is not None else (0, len(text.blocks))
    return next((i for i, line in lines if first <= i < stop and line.startswith(name)), None)


def _has_class(element: etree._Element, names: tuple[str, ...]) -> bool:
    classes = (element.get("class") or "").split()
    return any(name in classes for name in names)


def _within(element: etree._Element, ancestor: etree._Element) -> bool:
    return any(node is ancestor for node in element.iterancestors())


def _posted(item: etree._Element, replies: list[etree._Element], line: str | None) -> str | None:
    """The moment a reaction was posted: a `<time datetime>` of its own as the page gives it,
    else its date line, to the minute where it prints a time."""
    for time in TIMES(item):
        if not any(_within(time, reply) for reply in replies):
            value = (time.get("datetime") or "").strip()
            if ISO_TIMESTAMP.match(value):
                return value
            parsed = parse_date(value)
            if parsed:
                return parsed
    if line is None:
        return None
    day = parse_date(line)
    clock = CLOCK.search(line.split(day[:4])[-1] if day else line)
    if day is None or clock is None or LOCAL_TIME is None:
        return day
    try:
        moment = datetime(*map(int, day.split("-")), int(clock[1]), int(clock[2]),
                          tzinfo=LOCAL_TIME)
    except ValueError:
        return day
    return moment.isoformat(timespec="minutes")
