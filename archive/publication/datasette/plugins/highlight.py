"""Search snippets show the matched words marked; everything else in them stays escaped text."""

from datasette import hookimpl
from markupsafe import Markup, escape


@hookimpl
def render_cell(value, column):
    if column != "snippet" or not isinstance(value, str):
        return None
    escaped = str(escape(value))
    return Markup(escaped.replace("&lt;mark&gt;", "<mark>").replace("&lt;/mark&gt;", "</mark>"))
