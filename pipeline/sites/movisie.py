"""Movisie: Drupal 10. Every node page is one `<article class="node ... node--view-mode-full">`:
title, optional subtitle field, a type-and-date line ("artikel - 27 september 2013"), image, then
the body field (lead included). Calls to action, tags and the Downloads field sit after the body
field, so the body is read from that field alone; the footer has a `field--name-body` of its own,
hence the scoping to the full node."""

from pipeline.rules import SiteRules
from pipeline.urls import UrlRules


def has_class(name: str) -> str:
    """XPath predicate for one whole class name (`contains(@class, ...)` would also match
    `field--name-body-summary`)."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


NODE = f"//article[{has_class('node--view-mode-full')}]"
FIELD_ITEM = f"div[{has_class('field__item')}]"
BODY_FIELD = f"{NODE}//div[{has_class('field--name-body')}]"

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
    subtitle=(f"{NODE}//div[{has_class('field--name-field-subtitle')}]",),
    drop=(
        "//div[@id='sliding-popup']",  # EU cookie compliance banner
        # Pull quotes repeat a sentence of the text; the sentence itself stays.
        f"{BODY_FIELD}//*[{has_class('pull-quote')}]",
    ),
    body=(BODY_FIELD,),
    # Editors end teasers with a link to the full text elsewhere and add a source line.
    body_end=(r"^Lees verder op ", r"^Bron: "),
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
        ("link", f"{BODY_FIELD}//a[starts-with(normalize-space(.), 'Lees verder op ')]"),
    ),
)
