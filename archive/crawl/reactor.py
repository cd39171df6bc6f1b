"""Which reactor the crawl runs in, for the work it hands to other threads and processes."""

from __future__ import annotations

import asyncio


def in_asyncio_loop() -> bool:
    """Whether this runs in Scrapy's default asyncio reactor, whose loop can await work handed
    to other threads and processes; under another Twisted reactor that work is done in place."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True
