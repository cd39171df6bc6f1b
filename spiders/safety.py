"""Where a request may not go. A page on a public site can link or redirect anywhere, including
to the crawling machine itself (127.0.0.1), its network (10.x, 192.168.x) or a cloud's metadata
service (169.254.169.254): a crawler that follows is a way into them. Such requests are refused
before anything is sent, in live and mirror mode alike: in mirror mode the spiders still ask for
the sites' real host names, and only the transport (spiders/transport.py) turns those into the
mirror's own loopback address, after this check.

A redirect loop is refused too: Scrapy would otherwise drop the request that closes the loop as
a duplicate, silently, and the page would be neither archived nor reported."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from scrapy import Request, signals
from scrapy.downloadermiddlewares.redirect import RedirectMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.threads import deferToThread

LOCAL_NAMES = ("localhost", ".localhost", ".local", ".internal", ".localdomain")


class RefusedAddress(IgnoreRequest):
    """The request would reach a private, loopback or link-local address."""


class RedirectLoop(IgnoreRequest):
    """A redirect leads back to a URL of its own chain."""


def forbidden(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast


def forbidden_host(host: str) -> bool | None:
    """True for a local name or a non-public address, False for a public address, None for a
    name only a DNS lookup can judge."""
    if not host or host == LOCAL_NAMES[0] or host.endswith(LOCAL_NAMES[1:]):
        return True
    try:
        return forbidden(host)
    except ValueError:
        return None


# Sent with (request, reason) for every request refused, so the archive can record it: Scrapy
# drops a redirect to another host while scheduling it, before any errback could report it.
request_refused = object()


class AddressGuardMiddleware:
    """Refuses IP literals and local names outside the public internet when a request is
    scheduled, and in live mode also host names that resolve to such an address (once per
    host) before it is sent."""

    def __init__(self, crawler, live: bool):
        self.crawler = crawler
        self.live = live
        self._resolved: dict[str, bool] = {}
        crawler.signals.connect(self.scheduled, signal=signals.request_scheduled)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler, live=not crawler.settings.get("MIRROR_URL"))

    def scheduled(self, request, spider) -> None:
        if forbidden_host(_host(request)):
            # Dropped here, no errback will report it: announce it.
            error = _refusal(request, spider)
            self.crawler.signals.send_catch_log(request_refused, request=request, reason=error)
            raise RefusedAddress(error)

    async def process_request(self, request, spider):
        if await self._refused(_host(request)):
            raise RefusedAddress(_refusal(request, spider))  # reported by the errback
        return None

    async def _refused(self, host: str) -> bool:
        verdict = forbidden_host(host)
        if verdict is not None:
            return verdict
        if not self.live:
            return False  # the mirror answers for the sites' names; nothing is resolved
        if host not in self._resolved:
            self._resolved[host] = await _resolves_to_forbidden(host)
        return self._resolved[host]


def _refusal(request, spider) -> str:
    host = _host(request)
    spider.logger.warning("refused %s: %s is not a public address", request.url, host)
    return f"refused: {host} is a private, loopback or link-local address"


def _host(request) -> str:
    return (urlsplit(request.url).hostname or "").lower().rstrip(".")


async def _resolves_to_forbidden(host: str) -> bool:
    try:
        infos = await maybe_deferred_to_future(deferToThread(socket.getaddrinfo, host, None))
    except OSError:
        return False  # unresolvable: the download fails on its own, and is reported as such
    return any(forbidden(info[4][0].split("%")[0]) for info in infos)


class LoopAwareRedirectMiddleware(RedirectMiddleware):
    def process_response(self, request, response, spider):
        result = super().process_response(request, response, spider)
        chain = [*request.meta.get("redirect_urls", []), request.url]
        if isinstance(result, Request) and result.url in chain:
            spider.logger.warning("redirect loop: %s", " -> ".join([*chain, result.url]))
            raise RedirectLoop(f"redirect loop: {' -> '.join([*chain, result.url])}")
        return result
