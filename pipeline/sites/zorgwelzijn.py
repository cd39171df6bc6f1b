"""Zorg+Welzijn: WordPress, first with the tagDiv Newspaper theme in two article templates, then
(the redesign the drift fixture stands for) a block theme.

The newer Newspaper template (2021 on) prints the share bar, "Leestijd: N min." from the Reading
Time WP plugin at the top of the content, and closes the text with "Tekst door: Name", the
article's own URL and the image credit, followed by an "Ontdek meer" teaser block. The older
template puts an "Artikel bewaren" account prompt and the comment count ("Reacties23") above the
title, a "Door Name" byline and the date under it, then a bold lead and the photo with its credit
("Foto Pixabay"). Premium articles show title and lead, then a paywall prompt instead of the text.
The block theme keeps the editors' text as it was ("Tekst door:" and the URL still close it) but
moves "Leestijd:" into a meta line under the h1, the credit into the featured image's <figure>,
prints no article:published_time meta (the date is only in JSON-LD) and adds a sidebar.

Rules therefore key on what a reader sees before class names: the h1 of the article, the labels,
the element whose paragraph says "Tekst door:". Class-based XPaths for both themes come first
where they are exact; the date is left to the page metadata when no meta tag carries it.
"""

from pipeline.rules import SiteRules
from pipeline.urls import UrlRules


def has_class(name: str) -> str:
    """An XPath predicate for one whole class token (contains(@class) also matches prefixes)."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


ARTICLE = f"//article[{has_class('post')}]"
# The paragraph an editor closes the text with; its parent is the text's container in any theme.
CLOSING_CREDIT = "p[starts-with(normalize-space(), 'Tekst door')]"

RULES = SiteRules(
    site="zorgwelzijn",
    urls=UrlRules(canonical_host="www.zorgwelzijn.nl", aliases=("zorgwelzijn.nl",)),
    default_kind="artikel",
    title=(
        f"{ARTICLE}//h1[contains(@class, 'entry-title')]",
        "//h1[contains(@class, 'entry-title')]",
        "//main//article//h1",
        "//main//h1",
    ),
    body=(
        f"{ARTICLE}//div[contains(@class, 'td-post-content')]",
        f"//*[{has_class('wp-block-post-content')}]",
        f"//main//*[{CLOSING_CREDIT}]",
    ),
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
        # Sidebars ("Meest gelezen", teasers) print other articles' "Leestijd: N min.", and the
        # labels are read from the whole page; a cookie banner is a dialog.
        "//aside",
        "//*[@role='dialog']",
    ),
    # "Tekst door:" stands after the text; the URL line and image credit follow it. A teaser
    # block that ends up inside the content starts with its heading.
    body_end=(r"^Tekst door\s*:", r"^Dit is een premium artikel\b", r"^Ontdek meer$"),
    body_skip=(
        r"^Leestijd\s*:",
        r"^Delen op Social Media$",
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
