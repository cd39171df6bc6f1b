"""Every capture of a page, opened as it was captured: `/-/capture/<id>` is the archive's page
around it (a banner saying what and when it is, and a frame), `/-/capture/<id>/raw` the captured
body read from its WARC record; a revisit is read from the record that holds its payload.

The raw answer is hostile markup served from the archive's own origin, so it carries a policy of
its own instead of the one security_headers.py gives Datasette's pages (which keeps headers a
response already has): no script at all, nothing from any origin but the archive's, and a CSP
`sandbox` that gives it an opaque origin even when opened outside its frame. The frame is
sandboxed too, without `allow-scripts` and without `allow-same-origin`; it may only move the
page on when a reader clicks a link, which the rewrite (archive/publication/captured.py) points
at the archive's captures.

The WARC files are found in the folder `archive serve` names in the plugin's settings
(`--captures`), else in `captures/` beside the database, as the crawl writes them.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from datasette import hookimpl
from datasette.utils.asgi import NotFound, Response

from archive.publication.captured import link_targets, shown, spellings
from archive.storage.files import captures_folder
from archive.storage.warc import StoredResponse, read_response

PLUGIN = "archive-captures"
DATABASE = "archive"
TEMPLATE = "archive-capture.html"
# A revisit names the capture holding its payload; the crawler points at a full response, and a
# chain longer than this is an index that went wrong, not one to follow further.
MOST_REVISIT_HOPS = 8
CAPTURE_COLUMNS = ("id, url, site, fetched_at, status, content_type, record_type, refers_to,"
                   " warc_file, warc_offset")
RAW_POLICY = "; ".join([
    "default-src 'none'",
    "script-src 'none'",
    # Captured pages' own inline styles, so the text reads as it was laid out. CSS cannot run
    # script, and with no other origin allowed it cannot fetch from the live web.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'self'",
    "sandbox allow-top-navigation-by-user-activation",
])
RAW_HEADERS = {
    "content-security-policy": RAW_POLICY,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    # Only the archive's own capture page may frame it.
    "x-frame-options": "SAMEORIGIN",
    "x-dns-prefetch-control": "off",
    "cache-control": "private, max-age=3600",
}
# What the frame may do: follow a link the reader clicks to the next capture, nothing else.
FRAME_SANDBOX = "allow-top-navigation-by-user-activation"


class Unreadable(Exception):
    """The index knows the capture, but its record cannot be read back."""


def folder(datasette) -> Path:
    configured = (datasette.plugin_config(PLUGIN) or {}).get("folder")
    return captures_folder(datasette.get_database(DATABASE).path, configured)


async def capture(datasette, capture_id: int) -> dict:
    """The capture's row, with `payload` the row of the response that holds its body (itself,
    unless it is a revisit; None when the index has lost it)."""
    db = datasette.get_database(DATABASE)
    row = await _row(db, capture_id)
    if row is None:
        raise NotFound(f"Het archief heeft geen opname {capture_id}.")
    payload = row
    for _ in range(MOST_REVISIT_HOPS):
        if payload is None or payload["record_type"] != "revisit":
            break
        referred = payload["refers_to"]
        payload = await _row(db, referred) if referred is not None else None
    else:
        payload = None
    return {**row, "payload": payload}


async def record(datasette, found: dict) -> StoredResponse:
    payload = found["payload"]
    if payload is None or payload["record_type"] == "revisit":
        raise Unreadable(f"opname {found['id']} is een herbezoek, maar de opname met de inhoud"
                         " staat niet in het archief")
    path = folder(datasette) / payload["warc_file"]
    try:
        return await asyncio.to_thread(read_response, path, payload["warc_offset"], decode=True)
    except FileNotFoundError:
        raise Unreadable(f"het WARC-bestand {payload['warc_file']} ontbreekt in de map met"
                         " opnamen van dit archief") from None
    except (OSError, ValueError) as error:
        raise Unreadable(f"het WARC-record van opname {payload['id']} kan niet gelezen worden"
                         f" ({error})") from None


async def capture_page(datasette, request):
    capture_id = int(request.url_vars["id"])
    found = await capture(datasette, capture_id)  # NotFound for an id the archive lacks
    context = {"capture": found, "sandbox": FRAME_SANDBOX, "problem": None, "location": None,
               "location_capture": None, "reading_page": await _reading_page(datasette, found)}
    status = 200
    try:
        stored = await record(datasette, found)
    except Unreadable as problem:
        context["problem"], status = str(problem), 404
    else:
        location = next((value for name, value in stored.headers
                         if name.lower() == "location"), None)
        if location and 300 <= found["status"] < 400:
            context["location"] = location
            linked = await _archived(datasette, set(spellings(found["url"], location)),
                                     found["fetched_at"])
            context["location_capture"] = next(iter(linked.values()), None)
    html = await datasette.render_template(TEMPLATE, context, request=request)
    return Response.html(html, status=status)


async def capture_raw(datasette, request):
    capture_id = int(request.url_vars["id"])
    try:
        found = await capture(datasette, capture_id)
        stored = await record(datasette, found)
    except Unreadable as problem:
        return Response.text(f"Deze opname kan niet getoond worden: {problem}.", status=404,
                             headers=RAW_HEADERS)
    except NotFound as missing:
        return Response.text(str(missing), status=404, headers=RAW_HEADERS)
    content_type = _header(stored, "content-type") or found["payload"]["content_type"]
    targets = await asyncio.to_thread(link_targets, stored.body, content_type, stored.url)
    archived = await _archived(datasette, targets, found["fetched_at"])
    body = await asyncio.to_thread(shown, stored.body, content_type, stored.url, archived)
    return Response(body.body, headers=RAW_HEADERS, content_type=body.content_type)


async def _archived(datasette, urls: set[str], when: str) -> dict[str, str]:
    """Where each address the archive holds is shown: its capture nearest to `when`, the last
    one made by then or else the first after it."""
    if not urls:
        return {}
    rows = await datasette.get_database(DATABASE).execute(
        "select url, id, fetched_at from captures"
        " where url in (select value from json_each(:urls)) order by url, fetched_at, id",
        {"urls": json.dumps(sorted(urls))})
    chosen: dict[str, int] = {}
    for url, capture_id, fetched_at in rows.rows:  # oldest first
        if url not in chosen or fetched_at <= when:
            chosen[url] = capture_id
    return {url: datasette.urls.path(f"/-/capture/{capture_id}")
            for url, capture_id in chosen.items()}


async def _row(db, capture_id: int) -> dict | None:
    rows = await db.execute(f"select {CAPTURE_COLUMNS} from captures where id = :id",
                            {"id": capture_id})
    row = rows.first()
    return dict(row) if row is not None else None


async def _reading_page(datasette, found: dict) -> str | None:
    rows = await datasette.get_database(DATABASE).execute(
        "select page_id from page_urls where url = :url", {"url": found["url"]})
    row = rows.first()
    return datasette.urls.row(DATABASE, "pages", row["page_id"]) if row else None


def _header(stored: StoredResponse, name: str) -> str | None:
    return next((value for key, value in stored.headers if key.lower() == name), None)


@hookimpl
def extra_template_vars(datasette):
    async def page_captures(page_id):
        """A page's captures, oldest first, for its reading page."""
        rows = await datasette.get_database(DATABASE).execute(
            "select c.id, c.url, c.fetched_at, c.status, c.record_type, c.refers_to,"
            " r.fetched_at as payload_fetched_at from captures c"
            " left join captures r on r.id = c.refers_to"
            " where c.url in (select url from page_urls where page_id = :page_id)"
            " order by c.fetched_at, c.id", {"page_id": page_id})
        return [dict(row) for row in rows.rows]

    return {"page_captures": page_captures}


@hookimpl
def register_routes():
    return [
        (r"^/-/capture/(?P<id>\d+)$", capture_page),
        (r"^/-/capture/(?P<id>\d+)/raw$", capture_raw),
    ]
