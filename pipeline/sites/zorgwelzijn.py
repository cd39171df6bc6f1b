"""Zorg+Welzijn: WordPress with the tagDiv Newspaper theme, in two article templates.

The newer template (2021 on) prints the share bar, "Leestijd: N min." from the Reading Time WP
plugin at the top of the content, and closes the text with "Tekst door: Name", the article's own
URL and the image credit, followed by an "Ontdek meer" teaser block. The older template puts an
"Artikel bewaren" account prompt and the comment count ("Reacties23") above the title, a "Door
Name" byline and the date under it, then a bold lead and the photo with its credit ("Foto
Pixabay"). Premium articles show title and lead, then a paywall prompt instead of the text.

The date is not printed in the newer template, so it is read from the article meta; the byline
and reading time are read from their labels, which survive template changes better than classes.
"""

from pipeline.rules import SiteRules
from pipeline.urls import UrlRules

ARTICLE = "//article[contains(concat(' ', normalize-space(@class), ' '), ' post ')]"

RULES = SiteRules(
    site="zorgwelzijn",
    urls=UrlRules(canonical_host="www.zorgwelzijn.nl", aliases=("zorgwelzijn.nl",)),
    default_kind="artikel",
    title=(
        f"{ARTICLE}//h1[contains(@class, 'entry-title')]",
        "//h1[contains(@class, 'entry-title')]",
    ),
    body=(f"{ARTICLE}//div[contains(@class, 'td-post-content')]",),
    drop=(
        "//div[contains(@class, 'td-post-sharing')]",
        "//div[contains(@class, 'zw-bookmark')]",
        "//div[contains(@class, 'td-post-comments')]",
        "//div[contains(@class, 'td-post-featured-image')]",
        "//figcaption",
        "//div[contains(@class, 'zw-paywall')]",
        "//div[contains(@class, 'td_block_related_posts')]",
        "//div[contains(@class, 'td-post-source-tags')]",
        "//div[contains(@class, 'td-crumb-container')]",
        "//div[@id='comments']",
    ),
    # "Tekst door:" stands after the text; the URL line and image credit follow it.
    body_end=(r"^Tekst door\s*:", r"^Dit is een premium artikel\b"),
    body_skip=(
        r"^Leestijd\s*:",
        r"^https?://\S+$",
        r"^(Foto|Beeld|Afbeelding)(\s+van|\s*:)?\s[^.!?]{0,80}$",
    ),
    xpaths={
        "published": ("//meta[@property='article:published_time']/@content",),
        "modified": ("//meta[@property='article:modified_time']/@content",),
        "authors": (f"{ARTICLE}//div[contains(@class, 'td-post-author-name')]/a",),
        "reading_time_minutes": (f"{ARTICLE}//span[contains(@class, 'rt-reading-time')]",),
    },
    labels={
        "authors": (r"^Tekst door\s*:\s*(?P<value>.+)$",),
        # Under a minute is printed "< 1 min."; the first integer, 1, is what is kept.
        "reading_time_minutes": (r"^Leestijd\s*:\s*(?P<value><?\s*\d+)\s*min",),
    },
)
