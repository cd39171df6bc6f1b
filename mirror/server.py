"""A small virtual-host web server for the mirror.

Each site is a folder `sites/<slug>/` holding `site.json` and a `files/` tree. The request's Host
header (set by the spiders' transport switch) picks the site; the path and the sorted query pick
the file:

    /                      -> files/index.html
    /artikel/x/            -> files/artikel/x/index.html   (or index.xml for feeds)
    /nl/details.php?b=2&a=1 -> files/nl/details.php?a=1&b=2   (the literal file name)

site.json keys (all but "hosts" optional):
    hosts           every host name the site answers on; the first is the canonical one
    ignore_params   query parameters dropped before the lookup (the page answers without them)
    rewrites        [[regex, replacement], ...] on "path?query", served in place (no redirect)
    routes          {"path?query": {"status": 301, "location": "...", "headers": {...},
                     "file": "other/file"}} for redirects, errors and per-page header overrides
    charset         charset named in Content-Type for HTML (default utf-8)

Beside it, documents.json lists the PDF and Word files the pages link for download, by their
real URLs: they are made in memory when first asked for (mirror/documents.py) and answer their
path in place of any file.

Like a real server it sends Last-Modified (a file's modification time, a document's own date) and
ETag and answers If-None-Match and If-Modified-Since with 304, so incremental crawls can be
exercised offline. With `faults` it misbehaves on purpose (mirror/faults.py). With `markups` it
serves a site's archived pages in one of its platforms' markups instead of the files
(mirror/platforms/); documents are served as they are.
"""

from __future__ import annotations

import argparse
import email.utils
import hashlib
import json
import mimetypes
import re
import sys
import threading
import time
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

from mirror.documents import Document, site_documents
from mirror.faults import ON_PAGE, PRE_ANSWER, Faults

SITES_DIR = Path(__file__).parent / "sites"

TYPES = {
    ".html": "text/html",
    ".htm": "text/html",
    ".php": "text/html",
    "": "text/html",
    ".xml": "application/xml",
    ".rss": "application/rss+xml",
    ".txt": "text/plain",
    ".json": "application/json",
}


@dataclass
class Site:
    slug: str
    root: Path
    hosts: list[str]
    ignore_params: set[str] = field(default_factory=set)
    rewrites: list[tuple[re.Pattern, str]] = field(default_factory=list)
    routes: dict[str, dict] = field(default_factory=dict)
    charset: str = "utf-8"
    documents: dict[str, Document] = field(default_factory=dict)  # by path

    @classmethod
    def load(cls, folder: Path) -> Site:
        conf = json.loads((folder / "site.json").read_text(encoding="utf-8"))
        return cls(
            slug=folder.name,
            root=folder / "files",
            hosts=[h.lower() for h in conf["hosts"]],
            ignore_params=set(conf.get("ignore_params", [])),
            rewrites=[(re.compile(p), r) for p, r in conf.get("rewrites", [])],
            routes=conf.get("routes", {}),
            charset=conf.get("charset", "utf-8"),
            documents=site_documents(folder),
        )

    def target(self, raw_path: str) -> str:
        """The request as the lookup key: path plus sorted query, params to ignore dropped."""
        parts = urlsplit(raw_path)
        params = sorted(
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if k not in self.ignore_params
        )
        key = unquote(parts.path) or "/"
        if params:
            key += "?" + urlencode(params)
        for pattern, replacement in self.rewrites:
            key = pattern.sub(replacement, key)
        return key

    def file_for(self, key: str) -> Path | None:
        relative = key.lstrip("/")
        candidates = (
            [relative + "index.html", relative + "index.xml"] if key.endswith("/") else [relative]
        )
        for candidate in candidates:
            path = (self.root / candidate).resolve()
            if self.root.resolve() in path.parents and path.is_file():
                return path
        return None


def seed_urls(sites_dir: Path = SITES_DIR) -> dict[str, str]:
    """Seed file name -> the real URL its page is served under (each site.json's "seeds")."""
    urls: dict[str, str] = {}
    for site_json in sorted(sites_dir.glob("*/site.json")):
        urls.update(json.loads(site_json.read_text(encoding="utf-8")).get("seeds", {}))
    return urls


def load_sites(sites_dir: Path = SITES_DIR) -> dict[str, Site]:
    """Map every host name to its site."""
    by_host: dict[str, Site] = {}
    for folder in sorted(p for p in sites_dir.iterdir() if (p / "site.json").is_file()):
        site = Site.load(folder)
        for host in site.hosts:
            by_host[host] = site
    return by_host


class MirrorHandler(BaseHTTPRequestHandler):
    server_version = "SociaalWerkMirror/1.0"
    protocol_version = "HTTP/1.1"

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def log_message(self, format: str, *args) -> None:  # the request log replaces stderr noise
        pass

    def _answer(self, send_body: bool) -> None:
        mirror: MirrorServer = self.server.mirror  # type: ignore[attr-defined]
        time.sleep(mirror.delay)
        host = (self.headers.get("Host") or "").split(":")[0].lower()
        site = mirror.sites.get(host)
        if site is None:
            return self._send(404, b"unknown host\n", "text/plain", send_body, host=host)
        key = site.target(self.path)
        fault = mirror.faults.choose(host, self.path) if mirror.faults else None
        if fault in PRE_ANSWER:
            mirror.faults.served(host, self.path, fault)
            return PRE_ANSWER[fault](self, host)
        route = site.routes.get(key, {})
        if "status" in route and route["status"] != 200:
            headers = dict(route.get("headers", {}))
            if "location" in route:
                headers["Location"] = route["location"]
            body = f"{route['status']}\n".encode()
            return self._send(route["status"], body, "text/plain", send_body, headers, host=host)
        document = site.documents.get(key)
        if document is not None:
            return self._serve(document.body, document.served_as, document.created.timestamp(),
                               document.headers, fault, send_body, host)
        path = site.file_for(route.get("file", key))
        if path is None:
            not_found = b"<h1>Pagina niet gevonden</h1>"
            return self._send(404, not_found, "text/html", send_body, host=host)
        body, charset = mirror.body(site, key, path)
        ctype = TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0] or "text/html"
        if ctype.startswith("text/") or ctype.endswith("xml"):
            ctype += f"; charset={charset or site.charset}"
        # A file's own header quirks (a wrong charset) are not a rendering's.
        overrides = {k: v for k, v in route.get("headers", {}).items()
                     if charset is None or k.lower() != "content-type"}
        self._serve(body, ctype, path.stat().st_mtime, overrides, fault, send_body, host)

    def _serve(self, body: bytes, ctype: str, mtime: float, headers: Mapping[str, str],
               fault: str | None, send_body: bool, host: str) -> None:
        """A file's or document's body with its validators and `headers`: 304 when the client
        holds it, distorted when a fault is due, else 200."""
        mirror: MirrorServer = self.server.mirror  # type: ignore[attr-defined]
        etag = '"' + hashlib.sha1(body).hexdigest()[:20] + '"'
        last_modified = email.utils.formatdate(mtime, usegmt=True)
        headers = {"ETag": etag, "Last-Modified": last_modified, **headers}
        if self._not_modified(etag, mtime):
            return self._send(304, b"", None, send_body, headers, host=host)
        if fault is not None:
            mirror.faults.served(host, self.path, fault)
            # A distorted answer is not the file: it must not carry the file's validators.
            plain = {k: v for k, v in headers.items() if k not in ("ETag", "Last-Modified")}
            return ON_PAGE[fault](self, host, body, ctype, plain)
        self._send(200, body, ctype, send_body, headers, host=host)

    def _not_modified(self, etag: str, mtime: float) -> bool:
        if_none_match = self.headers.get("If-None-Match")
        if if_none_match is not None:
            return etag in [t.strip() for t in if_none_match.split(",")] or if_none_match == "*"
        since = self.headers.get("If-Modified-Since")
        if since:
            try:
                return int(mtime) <= email.utils.parsedate_to_datetime(since).timestamp()
            except (TypeError, ValueError):
                return False
        return False

    def _send(self, status, body, ctype, send_body, headers=None, host="") -> None:
        self.server.mirror.log.append((host, self.path, status))  # type: ignore[attr-defined]
        self.send_response(status)
        merged = dict(headers or {})
        if ctype and not any(k.lower() == "content-type" for k in merged):
            merged["Content-Type"] = ctype
        for name, value in merged.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body) if status != 304 else 0))
        self.end_headers()
        if send_body and status != 304:
            self.wfile.write(body)


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        # A crawler killed mid-request (as the resume tests do) resets its connections: that is
        # the client's doing, not the mirror's, and not worth a traceback.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class MirrorServer:
    """The mirror on a loopback port, in a background thread; `with MirrorServer() as m:`.

    `log` holds (host, path, status) for every request answered, so tests can see what a
    crawler asked for and what it never asked for."""

    def __init__(self, port: int = 0, host: str = "127.0.0.1", sites_dir: Path = SITES_DIR,
                 delay: float = 0.0, faults: Faults | None = None,
                 markups: Mapping[str, str] | None = None):
        self.sites = load_sites(sites_dir)
        self.delay = delay  # seconds before each answer, like a slow site
        self.faults = faults  # see mirror/faults.py
        self.markups = dict(markups or {})  # site slug -> platform markup (mirror/platforms/)
        if self.markups:
            from mirror.platforms import check_markups

            check_markups(self.markups)
        self._rendered: dict[tuple[str, str], tuple[bytes, str | None]] = {}
        self._rendering = threading.Lock()
        self.log: list[tuple[str, str, int]] = []
        self._httpd = QuietServer((host, port), MirrorHandler)
        self._httpd.mirror = self  # type: ignore[attr-defined]
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def body(self, site: Site, key: str, path: Path) -> tuple[bytes, str | None]:
        """What a request for the file answers with: the file, or an archived page in the
        platform markup the site is served in; and the charset to name, if not the site's."""
        markup = self.markups.get(site.slug)
        if markup is None:
            return path.read_bytes(), None
        with self._rendering:
            if (site.slug, key) not in self._rendered:
                from mirror.platforms import render

                url = f"https://{site.hosts[0]}{key}"
                rendered = render(site.slug, markup, url, path.read_bytes())
                self._rendered[site.slug, key] = (
                    (path.read_bytes(), None) if rendered is None
                    else (rendered.encoded(), rendered.charset))
            return self._rendered[site.slug, key]

    def start(self) -> MirrorServer:
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> MirrorServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def get(self, url: str) -> tuple[bytes, str]:
        """A real URL's body and Content-Type, fetched over HTTP as the spiders' transport does."""
        parts = urlsplit(url)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        request = urllib.request.Request(self.url + target, headers={"Host": parts.netloc})
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.read(), response.headers.get("Content-Type", "")

    def requested(self, host: str, path: str) -> bool:
        return any(h == host and p == path for h, p, _ in self.log)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m mirror", description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--markup", action="append", default=[], metavar="SITE=MARKUP",
                        help="serve SITE's archived pages in a platform markup"
                             " (mirror/platforms/); repeatable")
    args = parser.parse_args(argv)
    try:
        markups = dict(choice.split("=", 1) for choice in args.markup)
    except ValueError:
        parser.error("--markup takes SITE=MARKUP")
    try:
        server = MirrorServer(port=args.port, host=args.host, markups=markups)
    except ValueError as error:
        parser.error(str(error))
    print(f"mirror of {len(set(map(id, server.sites.values())))} sites on {server.url}")
    print("fetch a page with: curl -H 'Host: www.movisie.nl' " + server.url + "/")
    try:
        server._httpd.serve_forever()
    except KeyboardInterrupt:
        server.stop()
