"""A Content-Security-Policy on every response, so that scraped text cannot become script in a
reader's browser, even where a template or plugin renders it as HTML.

That is not hypothetical: datasette-dashboards' table charts put every cell into `innerHTML`, so
an author name scraped as `<img src=x onerror=...>` becomes a live element on the dashboard. Its
handler does not run because scripts need this response's nonce, and inline event handlers,
`javascript:` URLs and injected `<script>` elements do not have it.

Nonces rather than hashes, because not all the inline scripts Datasette and its plugins write
are fixed text: search-all embeds the list of searchable tables, the dashboards embed each
chart's spec and the URL of the request. `'unsafe-inline'` would let the dashboard's injected
handler run. Every `<script>` tag written in a template (code, never data) gets the nonce of the
request being rendered, added by the template loader. The one inline script Datasette writes
from Python is fixed text and is allowed by its hash.

Vega would compile its chart expressions with `Function`; the charts are configured to use
vega's interpreter instead (`embedOptions.ast` in metadata.yml), so no page needs
`'unsafe-eval'`. Styles may be inline: Datasette's templates use `style` attributes and
per-table `<style>` blocks, and search-all, vega-embed and the dashboards add styles at run
time. CSS cannot run script, and with nothing allowed from other origins it cannot send anything
off the machine. Images may be `data:` URLs, which Datasette's CSS uses for its icons.

A capture's page (plugins/captures.py) frames the captured body from the archive, so its policy
allows frames from the archive itself. The captured body is served with a stricter policy of its
own, which is kept there, never joined by this one (a browser would enforce both, and this one's
`frame-ancestors 'none'` would refuse the frame); so is a document's archived file
(plugins/documents.py), whose sandbox policy is written for a download, not for a page.
Everywhere else these headers are added whatever a response says, so no plugin can weaken them.
"""

import base64
import hashlib
import re
import secrets
from contextvars import ContextVar

from datasette import hookimpl
from jinja2 import BaseLoader

NONCE = ContextVar("csp_nonce", default="")
SCRIPT_TAG = re.compile(r"<script(?![\w-])", re.IGNORECASE)
NONCED_SCRIPT_TAG = '<script nonce="{{ csp_nonce() }}"'
# On Datasette's "SQL query took too long" page: it sizes the box that shows the query.
QUERY_TOO_LONG_SCRIPT = (
    '\nlet ta = document.querySelector("textarea");\nta.style.height = ta.scrollHeight + "px";\n'
)
QUERY_TOO_LONG_HASH = base64.b64encode(hashlib.sha256(QUERY_TOO_LONG_SCRIPT.encode()).digest())
# The pages that show a capture in a frame: /-/capture/<id>.
FRAMING_PAGE = re.compile(r"^/-/capture/\d+$")
# Answers that carry a policy of their own, kept as it is: the captured bodies those pages frame
# (/-/capture/<id>/raw) and the archived files of documents (/-/document/<id>/file).
OWN_POLICY = re.compile(r"^/-/(capture/\d+/raw|document/[^/]+/file)$")


def content_security_policy(nonce: str, path: str) -> str:
    scripts = f"'self' 'nonce-{nonce}' 'sha256-{QUERY_TOO_LONG_HASH.decode()}'"
    return "; ".join([
        "default-src 'none'",
        f"script-src {scripts}",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "connect-src 'self'",
        *(["frame-src 'self'"] if FRAMING_PAGE.match(path) else []),
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])


def security_headers(nonce: str, path: str) -> list[tuple[bytes, bytes]]:
    return [
        (b"content-security-policy", content_security_policy(nonce, path).encode()),
        # Without it a browser may run a CSV or JSON answer as script, which 'self' allows.
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"no-referrer"),
        # frame-ancestors for current browsers, this for those that predate it.
        (b"x-frame-options", b"DENY"),
    ]


class NoncedScripts(BaseLoader):
    """Templates as their loader finds them, with the request's nonce on every `<script>`."""

    def __init__(self, loader: BaseLoader):
        self.loader = loader

    def get_source(self, environment, template):
        source, filename, uptodate = self.loader.get_source(environment, template)
        return SCRIPT_TAG.sub(NONCED_SCRIPT_TAG, source), filename, uptodate

    def list_templates(self):
        return self.loader.list_templates()


@hookimpl
def prepare_jinja2_environment(env):
    env.loader = NoncedScripts(env.loader)
    env.globals["csp_nonce"] = NONCE.get


@hookimpl
def asgi_wrapper():
    def wrap(app):
        async def with_security_headers(scope, receive, send):
            if scope["type"] != "http":
                return await app(scope, receive, send)
            nonce = secrets.token_urlsafe(18)
            headers = security_headers(nonce, scope["path"])

            async def send_with_headers(message):
                if message["type"] == "http.response.start":
                    own = message.get("headers", [])
                    present = ({name.lower() for name, _ in own}
                               if OWN_POLICY.match(scope["path"]) else set())
                    added = [(name, value) for name, value in headers if name not in present]
                    message = {**message, "headers": [*own, *added]}
                await send(message)

            token = NONCE.set(nonce)
            try:
                await app(scope, receive, send_with_headers)
            finally:
                NONCE.reset(token)

        return with_security_headers

    return wrap
