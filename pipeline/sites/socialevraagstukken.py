"""Sociale Vraagstukken: WordPress. Two templates are known and both are kept, old first.

The classic theme: the article is `article.type-post` with `.entry-content`; the byline and the
dates stand in the entry header (`time.published` / `time.updated` with ISO datetimes); after the
article come the author bios (`span.author-box`), "Dit artikel is N keer bekeken." and the
threaded comment list (`ol.commentlist`, replies nested in `ul.children`) with the comment form.

A redesign (tests/fixtures/drift/) drops all of those classes: `main > article`, the text right
after the article's header, the byline as "Door <links to /author/…>", the date only as the text
"Gepubliceerd op 7 oktober 2013" (the modified date only in JSON-LD, which the metadata layer
reads), bios under the heading "Over de auteurs", comments as `[data-id]` blocks under
"Reacties op dit artikel (N)" with replies nested inside the comment they answer. Its rules key on
those visible labels, headings and HTML5 structure rather than on its new class names.
"""

from pipeline.rules import ReactionRules, SiteRules
from pipeline.urls import UrlRules

POST = "//article[contains(concat(' ', normalize-space(@class), ' '), ' type-post ')]"
COMMENT = "li[contains(concat(' ', normalize-space(@class), ' '), ' comment ')]"
# The main article of either template: the first <article> in <main> that holds the headline.
ARTICLE = "//main//article[.//h1]"
REACTIES = "//*[h2[starts-with(normalize-space(), 'Reacties op dit artikel')]]"

RULES = SiteRules(
    site="socialevraagstukken",
    urls=UrlRules(
        canonical_host="www.socialevraagstukken.nl", aliases=("socialevraagstukken.nl",)
    ),
    default_kind="artikel",
    title=(f"{POST}//h1[contains(@class, 'entry-title')]", f"{ARTICLE}//h1", "//h1"),
    body=(
        f"{POST}//div[contains(@class, 'entry-content')]",
        f"{ARTICLE}/header/following-sibling::*[1]",
    ),
    drop=(
        # The comment form ("Reageer", "Het e-mailadres wordt niet gepubliceerd..."): WordPress
        # gives it this id in every theme.
        "//div[@id='respond']",
        # The cookie consent banner is a dialog; its "Door op ‘Alles accepteren’ te klikken" must
        # never read as a byline.
        "//*[@role='dialog']",
        # Asides are never the article: the sidebar (Meest gelezen with its own "Door" lines and
        # "Gepubliceerd op" dates, tags, newsletter) and promos set inside the text.
        "//aside",
    ),
    # Editors close some articles with "Lees ook: <links>"; those are related articles, not text.
    body_skip=(r"^Lees ook:",),
    xpaths={
        "published": (f"{POST}//time[contains(@class, 'published')]/@datetime",),
        "modified": (f"{POST}//time[contains(@class, 'updated')]/@datetime",),
        "authors": (
            f"{POST}//span[contains(@class, 'byline')]//a[contains(@class, 'fn')]",
            f"{ARTICLE}//*[starts-with(normalize-space(), 'Door ')]/a[contains(@href, '/author/')]",
        ),
        # One biography per author, each starting with that author's name.
        "bios": (
            "//div[contains(@class, 'author-bios')]//span[contains(@class, 'author-box')]",
            "//*[self::h2 or self::h3][starts-with(normalize-space(), 'Over de auteur')]/..//p",
        ),
    },
    labels={
        "published": (r"^Gepubliceerd op (?P<value>.+)$",),
        "view_count": (r"^Dit artikel is (?P<value>\d[\d.]*) keer bekeken\.",),
    },
    links=(
        ("related", f"{ARTICLE}//p[starts-with(normalize-space(), 'Lees ook:')]/a"),
    ),
    reactions=(
        ReactionRules(
            item=f"//ol[contains(@class, 'commentlist')]//{COMMENT}",
            author="./article//*[contains(@class, 'comment-author')]//*[contains(@class, 'fn')]",
            posted="./article//time/@datetime",
            text="./article/div[contains(@class, 'comment-content')]",
            id="@id",
            parent=f"ancestor::{COMMENT}[1]/@id",
        ),
        ReactionRules(
            item=f"{REACTIES}//*[@data-id]",
            author="./*[contains(@class, 'auteur')]",
            posted="./*[contains(@class, 'datum')]",
            text="./*[contains(@class, 'tekst')]",
            id="@data-id",
            parent="ancestor::*[@data-id][1]/@data-id",
        ),
    ),
)
