"""The documents pages offer for download (reports, handouts, factsheets) in the published
archive: the reading page of a page lists its documents, a document's own row page shows its
extracted text and the pages that offer it, and `/-/document/<id>/file` answers the archived file
itself, read from its WARC record (a revisit from the record that holds its payload).

The file is what a stranger's server sent, served from the archive's own origin, so it is only
ever a download and never a page: `Content-Disposition: attachment`; a Content-Type that is a
document type the bytes were sniffed as, and application/octet-stream for anything else (HTML
above all, which a site may serve under a .pdf link); nosniff, so no browser guesses otherwise;
and a CSP `sandbox` without scripts, which gives the file an opaque origin and runs nothing should
a browser open it after all. security_headers.py keeps these headers instead of adding the policy
of the archive's pages, which is written for HTML.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote, unquote, urlsplit

from datasette import hookimpl
from datasette.plugins import pm
from datasette.utils.asgi import Response
from markupsafe import Markup, escape

DATABASE = "archive"
# plugins/captures.py as Datasette registers it: the plugins folder is no package, so a plugin
# reaches another through the plugin manager, under its file name.
CAPTURES_PLUGIN = "captures.py"
# What a browser saves and hands to an office program or a PDF reader, never renders as a page.
DOCUMENT_TYPES = frozenset({
    "application/pdf",
    "application/msword",
    "application/vnd.ms-excel",
    "application/vnd.ms-powerpoint",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.presentation",
    "application/epub+zip",
})
ANY_BYTES = "application/octet-stream"
FILE_HEADERS = {
    "content-security-policy": "default-src 'none'; sandbox; frame-ancestors 'none'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cache-control": "private, max-age=3600",
}
# pipeline/documents.py's PROBLEMS, said to a reader in the archive's language (its own meanings
# are for the crawl's log). A code without words here is shown with the detail the crawl recorded.
PROBLEM_WORDS = {
    "encrypted": "het bestand is met een wachtwoord beveiligd",
    "damaged": "het bestand is beschadigd of onvolledig",
    "no-text": "het bestand heeft bladzijden maar geen tekstlaag (een scan, of alleen"
               " afbeeldingen); het archief doet geen tekstherkenning",
    "too-large": "het bestand is te groot om te lezen; het is wel bewaard",
    "timeout": "het lezen duurde langer dan de tijdslimiet",
    "not-a-document": "de bytes zijn geen document, maar bijvoorbeeld een webpagina onder een"
                      " .pdf-adres",
    "unsupported": "het archief heeft geen tekstlezer voor dit bestandsformaat",
    "empty": "het bestand is leeg",
}
# Kept in a file name that any system saves as it is; the rest becomes "_".
PLAIN_NAME = re.compile(r"[^A-Za-z0-9._()+, -]")
# Path separators, control and format characters have no place in a file name a browser saves.
UNSAFE_IN_NAME = re.compile(r"[/\\\x00-\x1f\x7f]")


def file_size(count: int | None) -> str:
    """A size as a Dutch reader says it, in powers of 1000: "850 bytes", "85 kB", "1,2 MB"."""
    if count is None:
        return ""
    if count < 1000:
        return "1 byte" if count == 1 else f"{count} bytes"
    value, unit = count / 1000, "kB"
    for larger in ("MB", "GB", "TB"):
        if value < 999.5:
            break
        value, unit = value / 1000, larger
    shown = f"{value:.1f}".replace(".", ",") if value < 9.95 else f"{value:.0f}"
    return f"{shown} {unit}"


def problem_words(code: str | None, detail: str | None = None) -> str:
    """Why a document has no text, in words; empty when it has none of the problems."""
    if not code:
        return ""
    return PROBLEM_WORDS.get(code) or detail or code


def file_name(url: str, document_id: str, format: str | None) -> str:
    """The name the file is saved under: the last segment of its URL's path, decoded, else one
    made of its id; with its format as suffix when the name has none."""
    segment = unquote(urlsplit(url).path.rsplit("/", 1)[-1])
    name = UNSAFE_IN_NAME.sub("_", unicodedata.normalize("NFC", segment)).strip(" .")
    name = "".join(c for c in name if unicodedata.category(c) != "Cf") or f"document-{document_id}"
    if "." not in name and format and format.isalnum():
        name = f"{name}.{format}"
    return name


def content_disposition(name: str) -> str:
    """An attachment under `name`: `filename` in plain ASCII for every browser, and RFC 6266's
    `filename*` with the name as it is when it is not plain ASCII."""
    plain = PLAIN_NAME.sub("_", unicodedata.normalize("NFKD", name)
                           .encode("ascii", "ignore").decode("ascii"))
    if not plain or plain.startswith("."):  # a name of other letters only: keep its suffix
        plain = f"document{plain}"
    disposition = f'attachment; filename="{plain}"'
    if plain != name:
        disposition += f"; filename*=UTF-8''{quote(name, safe='')}"
    return disposition


def served_type(media_type: str | None) -> str:
    kind = (media_type or "").split(";", 1)[0].strip().lower()
    return kind if kind in DOCUMENT_TYPES else ANY_BYTES


def file_path(datasette, document_id: str) -> str:
    return datasette.urls.path(f"/-/document/{quote(document_id, safe='')}/file")


async def archived_capture(datasette, url: str):
    """The newest capture of `url` with status 200 whose payload the index holds, resolved as the
    capture page resolves it (plugins/captures.py); None when there is none."""
    captures = pm.get_plugin(CAPTURES_PLUGIN)
    rows = await datasette.get_database(DATABASE).execute(
        "select id from captures where url = :url and status = 200"
        " order by fetched_at desc, id desc", {"url": url})
    for row in rows.rows:
        found = await captures.capture(datasette, row["id"])
        if found["payload"] is not None and found["payload"]["record_type"] != "revisit":
            return found
    return None


async def document_file(datasette, request):
    document_id = request.url_vars["id"]
    rows = await datasette.get_database(DATABASE).execute(
        "select id, url, format, media_type from documents where id = :id", {"id": document_id})
    document = rows.first()
    if document is None:
        return Response.text(f"Het archief heeft geen document {document_id}.", status=404,
                             headers=FILE_HEADERS)
    found = await archived_capture(datasette, document["url"])
    if found is None:
        return Response.text(f"Het archief heeft geen opname van het bestand van document"
                             f" {document_id} ({document['url']}).", status=404,
                             headers=FILE_HEADERS)
    captures = pm.get_plugin(CAPTURES_PLUGIN)
    try:
        stored = await captures.record(datasette, found)
    except captures.Unreadable as problem:
        return Response.text(f"Het gearchiveerde bestand van document {document_id} kan niet"
                             f" gelezen worden: {problem}.", status=404, headers=FILE_HEADERS)
    name = file_name(document["url"], document["id"], document["format"])
    headers = {**FILE_HEADERS, "content-disposition": content_disposition(name),
               "content-length": str(len(stored.body))}
    return Response(stored.body, headers=headers, content_type=served_type(document["media_type"]))


async def page_documents(db, page_id: str) -> list[dict]:
    """The documents a page links, in the order of its links, each once, with its link text."""
    # With min(), SQLite takes the bare columns (the link's title) from the row of the minimum.
    rows = await db.execute(
        "select d.id, d.url, d.format, d.title, d.bytes, d.page_count, d.problem,"
        " d.problem_detail, l.title as link_title, min(l.position) as position"
        " from links l join documents d on d.url = l.url where l.page_id = :page_id"
        " group by d.id order by position", {"page_id": page_id})
    return [dict(row) for row in rows.rows]


async def linking_pages(db, url: str) -> list[dict]:
    """The pages that link a document, with the text each first links it under."""
    # With min(), SQLite takes the bare columns (the link's title) from the row of the minimum.
    rows = await db.execute(
        "select p.id, p.title, p.site, l.title as link_title, min(l.position) as position"
        " from links l join pages p on p.id = l.page_id where l.url = :url"
        " group by p.id order by p.title, p.id", {"url": url})
    return [dict(row) for row in rows.rows]


@hookimpl
def prepare_jinja2_environment(env):
    env.filters["file_size"] = file_size
    env.filters["problem_words"] = problem_words


@hookimpl
def extra_template_vars(view_name, table, database, datasette):
    if view_name != "row" or table not in ("pages", "documents"):
        return {}
    db = datasette.get_database(database)

    async def documents_of_page(page_id: str) -> list[dict]:
        return await page_documents(db, page_id)

    async def pages_of_document(url: str) -> list[dict]:
        return await linking_pages(db, url)

    return {"page_documents": documents_of_page, "document_pages": pages_of_document,
            "document_file": lambda document_id: file_path(datasette, document_id)}


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    """Titles lead to their own page: in document_overview to the document's, and in the results
    of the canned query `search` to the page's reading page or the document's, as `soort` says."""
    if column != "title" or not value or "id" not in row.keys():
        return None
    if table == "document_overview":
        target = "documents"
    elif table is None and "soort" in row.keys() and row["soort"] in ("pagina", "document"):
        target = "pages" if row["soort"] == "pagina" else "documents"
    else:
        return None
    href = datasette.urls.row(database, target, row["id"])
    return Markup(f'<a href="{escape(href)}">{escape(value)}</a>')


@hookimpl
def register_routes():
    return [(r"^/-/document/(?P<id>[^/]+)/file$", document_file)]
