"""The generic layer: trafilatura and htmldate, for pages whose markup the site rules do not
know. They see the page as it was before any rule touched it, and work on copies because both
libraries prune the tree they are given."""

from __future__ import annotations

import copy
import logging

import htmldate
import trafilatura
from lxml import etree

logging.getLogger("trafilatura").setLevel(logging.ERROR)
logging.getLogger("htmldate").setLevel(logging.ERROR)


def body_text(tree: etree._Element, url: str) -> str:
    # Not deduplicate=True: trafilatura's cache lives for the whole process, so a page extracted
    # twice (a re-crawl, a re-extraction) would lose the text it had the first time.
    text = trafilatura.extract(
        copy.deepcopy(tree), url=url, include_comments=False, include_tables=True,
        favor_precision=True,
    )
    if not text:
        return ""
    return "\n\n".join(line.strip() for line in text.splitlines() if line.strip())


def published(tree: etree._Element, url: str) -> str | None:
    """The page's original publication date from its own markup, never from the crawl time."""
    try:
        found = htmldate.find_date(
            copy.deepcopy(tree), url=url, original_date=True, extensive_search=False,
            outputformat="%Y-%m-%d",
        )
    except (ValueError, TypeError):
        return None
    return found or None
