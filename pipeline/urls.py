"""One URL per page: the sites answer on several hosts and schemes and with query parameters in
any order, and every such spelling must collapse to one key before it is followed or stored.
The spiders canonicalise what they follow, the extractor the links it records, with the same
per-site rules (each site's SiteRules.urls)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

TRACKING_PARAMS = re.compile(r"^(utm_\w+|fbclid|gclid|mc_[ce]id|_ga)$")
# What a browser ignores in an href (the WHATWG URL standard): tabs and newlines anywhere,
# control characters and spaces at either end. " JavaScript:" is a javascript: URL to it.
HREF_IGNORED = re.compile(r"[\t\n\r]")
HREF_EDGES = "".join(map(chr, range(0x21)))
WEB_SCHEMES = ("http", "https")
# The suffixes of what a crawler fetches as a document, a download, not as a page
# (pipeline/documents.py reads them).
DOCUMENT_SUFFIXES = (".pdf", ".docx", ".doc", ".odt", ".rtf", ".xlsx", ".xls", ".pptx", ".ppt",
                     ".ods", ".odp", ".epub")


def web_url(base: str, href: str) -> str | None:
    """The absolute address an href leads to, read as a browser reads it, if that is a web page
    (http or https); None for javascript:, data:, mailto: and the like, a jump within the page,
    or no address at all."""
    href = HREF_IGNORED.sub("", href).strip(HREF_EDGES)
    if not href or href.startswith("#"):
        return None
    try:
        url = urljoin(base, href)
        scheme = urlsplit(url).scheme.lower()
    except ValueError:  # "http://[x": no URL at all
        return None
    return url if scheme in WEB_SCHEMES else None


def is_document_url(url: str) -> bool:
    """Whether `url` is a document a crawler fetches as a download, by its path's suffix."""
    return document_format(url) is not None


def document_format(url: str) -> str | None:
    """The format a URL's suffix names ("pdf", "docx", ...), if it is a document's."""
    try:
        path = urlsplit(url).path.lower()
    except ValueError:  # "http://[x": no URL at all
        return None
    return next((suffix[1:] for suffix in DOCUMENT_SUFFIXES if path.endswith(suffix)), None)


@dataclass(frozen=True)
class UrlRules:
    """A site's URL spelling rules, kept as data on its spider.

    canonical_host: the host every alias is rewritten to, always over https.
    aliases: other hosts that serve the same pages.
    drop_params: query parameters that do not change which page is served.
    rewrites: (regex, replacement) pairs applied to path?query after the above, for scripts that
    show the same page under another name.
    """

    canonical_host: str
    aliases: tuple[str, ...] = ()
    drop_params: tuple[str, ...] = ()
    rewrites: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    @property
    def hosts(self) -> tuple[str, ...]:
        return (self.canonical_host, *self.aliases)

    def canonicalise(self, url: str) -> str:
        """The one spelling of `url` this site's pages are stored under.

        URLs on other hosts are returned normalised but keep their host, so off-site links can
        still be recorded as links."""
        parts = urlsplit(url.strip())
        scheme = parts.scheme.lower() or "https"
        host = (parts.hostname or "").lower().rstrip(".")
        port = parts.port
        if host in self.hosts:
            host, scheme, port = self.canonical_host, "https", None
        default_port = port is None or (scheme, port) in (("http", 80), ("https", 443))
        netloc = host if default_port else f"{host}:{port}"
        own = host == self.canonical_host
        params = [
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not TRACKING_PARAMS.match(k) and not (own and k in self.drop_params)
        ]
        query = urlencode(sorted(params))
        path = re.sub(r"/{2,}", "/", parts.path) or "/"
        if host == self.canonical_host:
            target = f"{path}?{query}" if query else path
            for pattern, replacement in self.rewrites:
                target = re.sub(pattern, replacement, target)
            path, _, query = target.partition("?")
        return urlunsplit((scheme, netloc, path, query, ""))

    def is_own(self, url: str) -> bool:
        return (urlsplit(url).hostname or "").lower() in self.hosts
