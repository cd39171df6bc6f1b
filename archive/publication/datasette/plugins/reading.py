"""Ways into a page's reading view: the authors' names, its reactions and its rights signals for
its template, and the title in the page overview as a link to it. The reactions are as the
database has them: names in the archivist's own (internal) archive, pseudonyms in a public copy
(archive/publication/public.py); nothing here decides which."""

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


async def page_reactions(db, page_id: str) -> list[dict]:
    rows = await db.execute(
        "select position, author, posted, text, parent from reactions where page_id = :page_id"
        " order by position", {"page_id": page_id})
    return [dict(row) for row in rows.rows]


async def page_rights(db, url: str) -> dict | None:
    """The signals the page's publisher gave when it was last harvested (page_rights keeps one
    row each time they changed)."""
    rows = await db.execute(
        "select meta_robots, x_robots_tag, noarchive, noindex, nosnippet, tdm_reservation,"
        " tdm_policy, tdm_source, licence, licence_source from page_rights where url = :url"
        " order by id desc limit 1", {"url": url})
    row = rows.first()
    return dict(row) if row else None


@hookimpl
def extra_template_vars(view_name, table, database, datasette):
    if view_name != "row" or table != "pages":
        return {}
    db = datasette.get_database(database)

    async def reactions_of_page(page_id: str) -> list[dict]:
        return await page_reactions(db, page_id)

    async def rights_of_page(url: str) -> dict | None:
        return await page_rights(db, url)

    return {"page_reactions": reactions_of_page, "page_rights": rights_of_page}


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    if table != "page_overview" or column != "title" or not value or "id" not in row.keys():
        return None  # without its id (`_nocol=id`) a row has no reading page to link
    href = datasette.urls.row(database, "pages", row["id"])
    return Markup(f'<a href="{escape(href)}">{escape(value)}</a>')
