"""Ways into a page's reading view: the authors' names for its template, and the title in the
page overview as a link to it."""

import json

from datasette import hookimpl
from markupsafe import Markup, escape


def names(value: str | None) -> str:
    try:
        people = json.loads(value or "[]")
    except ValueError:
        return ""
    return "; ".join(str(name) for name in people if name)


@hookimpl
def prepare_jinja2_environment(env):
    env.filters["names"] = names


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    if table != "page_overview" or column != "title" or not value or "id" not in row.keys():
        return None  # without its id (`_nocol=id`) a row has no reading page to link
    href = datasette.urls.row(database, "pages", row["id"])
    return Markup(f'<a href="{escape(href)}">{escape(value)}</a>')
