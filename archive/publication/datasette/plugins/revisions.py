"""A page's versions on its reading page, each with what changed in its title, subtitle and text
word by word, and the rows of `page_changes` as links to the page they changed.

The diff is difflib's SequenceMatcher over word tokens: the standard library, so the plugin
needs nothing installed where `datasette publish` puts it, and words rather than characters,
because a researcher reads a re-worded sentence as words replaced, not letters. Punctuation is a
token of its own, so that "onwil," becoming "onwil of gemakzucht," is two words put in.
`autojunk` is off: from 200 tokens on it stops matching on frequent ones ("de", ","), and can
mark an unchanged word beside an edit as changed. The text is compared paragraph by paragraph
first, so that a long article with one changed sentence shows that paragraph, not the whole
text again.

Every character of the versions is escaped with markupsafe; the only markup in a diff is this
module's own `<ins>` and `<del>`.
"""

import difflib
import json
import re

from datasette import hookimpl
from markupsafe import Markup, escape

# The newest versions a reading page shows; the revisions table lists them all.
LATEST = 10
# The fields a reader sees as text, in reading order.
DIFFED = ("title", "subtitle", "body_text")
# A word or a run of punctuation, with the space after it; space at the start on its own.
WORD = re.compile(r"\s+|(?:\w+|[^\w\s]+)\s*")
PARAGRAPH_BREAK = "\n\n"


def word_diff(old: str | None, new: str | None) -> Markup:
    """`new` with the words `old` had and it lacks in `<del>` and its own new words in `<ins>`,
    escaped. Words compare without the space after them; the space is kept outside the marks,
    and a word replaced is followed by a space before its replacement."""
    before, after = WORD.findall(old or ""), WORD.findall(new or "")
    matcher = difflib.SequenceMatcher(
        None, [w.rstrip() for w in before], [w.rstrip() for w in after], autojunk=False)
    parts = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            parts.append(escape("".join(after[j1:j2])))
            continue
        if tag in ("delete", "replace"):
            parts.append(_marked("del", "".join(before[i1:i2])))
        if tag == "replace" and not before[i2 - 1][-1:].isspace():
            parts.append(Markup(" "))  # no space after the word replaced: keep the two apart
        if tag in ("insert", "replace"):
            parts.append(_marked("ins", "".join(after[j1:j2])))
    return Markup("").join(parts)


def _marked(tag: str, text: str) -> Markup:
    words = text.rstrip()
    return Markup(f"<{tag}>{escape(words)}</{tag}>{escape(text[len(words):])}")


def text_diff(old: str | None, new: str | None) -> list[dict]:
    """The paragraphs of `new` that differ from `old`'s, word-diffed (`{"diff": Markup}`), and
    between them how many paragraphs stayed the same (`{"same": n}`)."""
    before = (old or "").split(PARAGRAPH_BREAK)
    after = (new or "").split(PARAGRAPH_BREAK)
    blocks = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            blocks.append({"same": j2 - j1})
            continue
        # Changed paragraphs side by side, the extra ones of either version whole.
        olds, news = before[i1:i2], after[j1:j2]
        for k in range(max(len(olds), len(news))):
            blocks.append({"diff": word_diff(olds[k] if k < len(olds) else None,
                                             news[k] if k < len(news) else None)})
    return blocks


def diffs(old: dict, new: dict) -> list[dict]:
    """What changed in the read fields from one version to the next."""
    changed = []
    for field in DIFFED:
        if old.get(field) == new.get(field):
            continue
        if field == "body_text":
            changed.append({"field": field, "blocks": text_diff(old.get(field), new.get(field))})
        else:
            changed.append({"field": field, "diff": word_diff(old.get(field), new.get(field))})
    return changed


async def page_versions(db, page_id: str) -> dict:
    """The page's number of versions and its newest `LATEST`, newest first, each with its date,
    run, changed fields and the diffs against the version before it."""
    count = (await db.execute(
        "SELECT count(*) FROM revisions WHERE page_id = ?", [page_id])).single_value()
    rows = (await db.execute(
        "SELECT id, run_id, fetched_at, changed_fields,"
        " json_extract(record, '$.title') AS title,"
        " json_extract(record, '$.subtitle') AS subtitle,"
        " json_extract(record, '$.body_text') AS body_text"
        " FROM revisions WHERE page_id = ? ORDER BY id DESC LIMIT ?",
        [page_id, LATEST + 1])).rows
    versions = []
    for position, newer in enumerate(rows[:LATEST]):
        older = rows[position + 1] if position + 1 < len(rows) else None
        version = {
            "id": newer["id"], "run_id": newer["run_id"], "fetched_at": newer["fetched_at"],
            "date": (newer["fetched_at"] or "")[:10],
            "fields": json.loads(newer["changed_fields"] or "[]"),
            "first": older is None,
        }
        version["diffs"] = diffs(dict(older), dict(newer)) if older is not None else []
        versions.append(version)
    return {"count": count, "versions": versions}


@hookimpl
def extra_template_vars(view_name, table, database, datasette):
    if view_name != "row" or table != "pages":
        return {}

    async def versions(page_id: str) -> dict:
        return await page_versions(datasette.get_database(database), page_id)

    return {"page_versions": versions}


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    if table != "page_changes" or column != "title" or not value or "page_id" not in row.keys():
        return None
    href = datasette.urls.row(database, "pages", row["page_id"]) + "#versies"
    return Markup(f'<a href="{escape(href)}">{escape(value)}</a>')
