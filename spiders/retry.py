"""Retries that wait. A server answering 503 with Retry-After says when to come back; one that
fails without saying so gets exponentially longer pauses. Scrapy's own RetryMiddleware retries at
once, which hits a struggling site again while it is down.

Each retry is announced with the `fetch_retried` signal (url, attempt, reason, delay), so the
archive can record every fault the crawl met without the spiders knowing of the archive."""

from __future__ import annotations

import email.utils
import time

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.response import response_status_message
from twisted.internet.task import deferLater

fetch_retried = object()


def retry_after(value: bytes | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date); None if absent or
    unreadable."""
    if not value:
        return None
    text = value.decode("latin-1").strip()
    if text.isdigit():
        return float(text)
    try:
        moment = email.utils.parsedate_to_datetime(text).timestamp()
    except (TypeError, ValueError):
        return None
    return max(0.0, moment - (now if now is not None else time.time()))


class PatientRetryMiddleware(RetryMiddleware):
    def __init__(self, crawler):
        super().__init__(crawler.settings)
        self.crawler = crawler
        # The first pause and the longest one; their values are spiders/settings.py's.
        self.base = crawler.settings.getfloat("RETRY_BACKOFF_BASE")
        self.ceiling = crawler.settings.getfloat("RETRY_BACKOFF_MAX")

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    async def process_response(self, request, response, spider):
        if request.meta.get("dont_retry") or response.status not in self.retry_http_codes:
            return response
        reason = response_status_message(response.status)
        retry = self._retry(request, reason, spider)
        if retry is None:
            return response
        asked = retry_after(response.headers.get(b"Retry-After"))
        await self._wait(request, reason, asked, spider)
        return retry

    async def process_exception(self, request, exception, spider):
        if not isinstance(exception, self.exceptions_to_retry) or request.meta.get("dont_retry"):
            return None
        retry = self._retry(request, exception, spider)
        if retry is not None:
            await self._wait(request, f"{type(exception).__name__}: {exception}", None, spider)
        return retry

    async def _wait(self, request, reason: str, asked: float | None, spider) -> None:
        attempt = request.meta.get("retry_times", 0) + 1
        delay = min(self.ceiling, asked if asked is not None else self.base * 2 ** (attempt - 1))
        spider.logger.warning("retry %d of %s in %.1f s: %s", attempt, request.url, delay, reason)
        self.crawler.signals.send_catch_log(
            fetch_retried, url=request.url, attempt=attempt, reason=str(reason), delay=delay)
        from twisted.internet import reactor  # the one Scrapy installed, not a default one

        await maybe_deferred_to_future(deferLater(reactor, delay, lambda: None))
