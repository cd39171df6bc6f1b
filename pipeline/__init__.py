"""Raw page to record: clean, extract, validate. Plain functions over (html, url), usable
without Scrapy, so stored captures can be re-extracted at any time."""

from pipeline.extract import extract, extract_with_sources

__all__ = ["extract", "extract_with_sources"]
