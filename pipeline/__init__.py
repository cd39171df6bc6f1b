"""Raw page to record: clean, extract, validate. Plain functions over (html, url), usable
without Scrapy, so stored captures can be re-extracted at any time.

The extractor (and trafilatura with it) loads on first use: the command line and the archive
read the site list and a page's identity from `pipeline.sites` and `pipeline.identity` without
paying for it."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipeline.extractor import Extracted, extract, extract_page, extract_with_sources

__all__ = ["Extracted", "extract", "extract_page", "extract_with_sources"]


def __getattr__(name: str):
    if name in __all__:
        return getattr(importlib.import_module("pipeline.extractor"), name)
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
