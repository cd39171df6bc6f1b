"""The transport switch: with MIRROR_URL set, every request for a real site URL is fetched from
the offline mirror instead, while Scrapy and everything after it keep seeing the real URL.

Swapping the download handler (rather than rewriting requests in a middleware) keeps redirects,
robots.txt, duplicate filtering and the archive all working on real URLs."""

from __future__ import annotations

from urllib.parse import urlsplit

from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler

MIRROR_HOST_HEADER = "Host"
MIRROR_SCHEME_HEADER = "X-Forwarded-Proto"


class MirrorAwareDownloadHandler(HTTP11DownloadHandler):
    def __init__(self, settings, crawler):
        super().__init__(settings, crawler)
        self._mirror = (settings.get("MIRROR_URL") or "").rstrip("/") or None

    def download_request(self, request, spider):
        if not self._mirror:
            return super().download_request(request, spider)
        real = urlsplit(request.url)
        target = real.path or "/"
        if real.query:
            target += "?" + real.query
        headers = request.headers.copy()
        headers[MIRROR_HOST_HEADER] = real.netloc
        headers[MIRROR_SCHEME_HEADER] = real.scheme
        meta = {k: v for k, v in request.meta.items() if k != "proxy"}
        via_mirror = request.replace(url=self._mirror + target, headers=headers, meta=meta)
        deferred = super().download_request(via_mirror, spider)
        deferred.addCallback(lambda response: response.replace(url=request.url, request=request))
        return deferred
