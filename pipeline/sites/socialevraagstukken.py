"""Sociale Vraagstukken: WordPress. The article is `.entry-content`; the byline and the dates
stand in the entry header (`time.published` / `time.updated` with ISO datetimes); after the
article come the author bios, "Dit artikel is N keer bekeken." and the threaded comment list
(`ol.commentlist`, replies nested in `ul.children`) with the comment form."""

from pipeline.rules import ReactionRules, SiteRules
from pipeline.urls import UrlRules

POST = "//article[contains(concat(' ', normalize-space(@class), ' '), ' type-post ')]"
COMMENT = "li[contains(concat(' ', normalize-space(@class), ' '), ' comment ')]"

RULES = SiteRules(
    site="socialevraagstukken",
    urls=UrlRules(
        canonical_host="www.socialevraagstukken.nl", aliases=("socialevraagstukken.nl",)
    ),
    default_kind="artikel",
    title=(f"{POST}//h1[contains(@class, 'entry-title')]", "//h1"),
    body=(f"{POST}//div[contains(@class, 'entry-content')]",),
    # The comment form ("Reageer", "Het e-mailadres wordt niet gepubliceerd..."), so that neither
    # labels nor the fallback read it.
    drop=("//div[@id='respond']",),
    # Editors close some articles with "Lees ook: <links>"; those are related articles, not text.
    body_skip=(r"^Lees ook:",),
    xpaths={
        "published": (f"{POST}//time[contains(@class, 'published')]/@datetime",),
        "modified": (f"{POST}//time[contains(@class, 'updated')]/@datetime",),
        "authors": (f"{POST}//span[contains(@class, 'byline')]//a[contains(@class, 'fn')]",),
    },
    labels={
        "view_count": (r"^Dit artikel is (?P<value>\d[\d.]*) keer bekeken\.",),
    },
    links=(
        (
            "related",
            f"{POST}//div[contains(@class, 'entry-content')]"
            "/p[starts-with(normalize-space(), 'Lees ook:')]/a",
        ),
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
    ),
)
