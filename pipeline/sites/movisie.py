"""Movisie: Drupal 10 with the Paragraphs module. Two templates are known.

The old theme puts every node page in one `<article class="node ... node--view-mode-full">`:
title, optional subtitle field, a type-and-date line ("artikel - 27 september 2013"), image, then
the body field (lead included); calls to action, tags and the Downloads field follow it. The
footer has a `field--name-body` of its own, hence the scoping to the full node.

The 2024 theme keeps the content but not the markup: a type label above the h1, the subtitle as
the paragraph after it, the date printed day-first ("27-09-2013") and given to machines only in
JSON-LD, the text split over `paragraph--type--text` components (class names the Paragraphs module
writes, whatever the theme) with quote and call-to-action components between them, Downloads as a
list under its heading, and a sidebar of related and most-read links.

So the rules key on what survives a theme: the h1, the "Downloads" heading, the visible calls to
action, the Paragraphs classes, with each template's own XPaths tried first. The bare date of the
new template is left to the metadata layer: a day-first date is not tied to the article by
anything a rule could key on, and the sidebar prints its teasers' dates the same way."""

from pipeline.rules import SiteRules
from pipeline.urls import UrlRules


def has_class(name: str) -> str:
    """XPath predicate for one whole class name (`contains(@class, ...)` would also match
    `field--name-body-summary`)."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


NODE = f"//article[{has_class('node--view-mode-full')}]"
FIELD_ITEM = f"div[{has_class('field__item')}]"
BODY_FIELD = f"{NODE}//div[{has_class('field--name-body')}]"
# The element holding the text components of a Paragraphs page; quote and call-to-action
# components stand between them.
PARAGRAPHS = f"//article//*[div[{has_class('paragraph--type--text')}]]"
# The section a reader sees under the heading "Downloads", in either template.
DOWNLOADS_SECTION = "//article//*[*[self::h2 or self::h3][normalize-space(.) = 'Downloads']]"

RULES = SiteRules(
    site="movisie",
    urls=UrlRules(
        canonical_host="www.movisie.nl",
        aliases=("movisie.nl",),
        # Drupal's pager links the first page as ?page=0, the same page as the bare listing.
        rewrites=((r"([?&])page=0(&|$)", r"\1"), (r"[?&]$", "")),
    ),
    kinds=(
        (r"^/artikel/", "artikel"),
        (r"^/publicatie/", "publicatie"),
        (r"^/agenda/", "agenda"),
        (r"^/tool/", "tool"),
    ),
    title=(f"{NODE}//h1", "//h1"),
    subtitle=(
        f"{NODE}//div[{has_class('field--name-field-subtitle')}]",
        # The 2024 theme: a paragraph straight after the title in the article's header.
        "//article//header/h1/following-sibling::*[1][self::p]",
    ),
    drop=(
        # Cookie consent, whatever module draws it: a dialog that talks about cookies.
        "//*[self::dialog or @role='dialog' or @role='alertdialog']"
        "[contains(translate(normalize-space(.), 'COKIE', 'cokie'), 'cookie')]",
        # Pull quotes repeat a sentence of the text; the sentence itself stays.
        f"{BODY_FIELD}//*[{has_class('pull-quote')}]",
        f"//article//*[{has_class('paragraph--type--quote')}]",
    ),
    body=(BODY_FIELD, PARAGRAPHS),
    # Editors end teasers with a link to the full text elsewhere and add a source line; the
    # 2024 theme puts the call to action among the text components.
    body_end=(r"^Lees verder op ", r"^Bron: ", r"^Meer weten over het Movisie-aanbod"),
    # A button to the same PDF the Downloads field lists.
    body_skip=(r"^Download de volledige publicatie$",),
    xpaths={
        "published": (f"{NODE}//div[{has_class('node__meta')}]//time/@datetime",),
        "authors": (
            f"{NODE}//div[{has_class('field--name-field-authors')}]//{FIELD_ITEM}",
        ),
    },
    labels={
        # "artikel - 27 september 2013": the node type, then its publication date.
        "published": (
            r"^(?:artikel|publicatie|agenda|tool|nieuws)\s+[-–]\s+"
            r"(?P<value>\d{1,2}\s+\w+\s+\d{4})$",
        ),
    },
    links=(
        ("download", f"{NODE}//div[{has_class('field--name-field-downloads')}]//a[@href]"),
        ("download", f"{DOWNLOADS_SECTION}//a[@href]"),
        ("link", "//article//a[starts-with(normalize-space(.), 'Lees verder op ')]"),
    ),
)
