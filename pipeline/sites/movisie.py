"""Movisie: Drupal 10 with the Paragraphs module; its real theme was never seen, so nothing here
keys on it. What a reader sees is known from the seed and holds in any theme.

A node page reads: the title, an optional subtitle, a type-and-date line ("artikel - 27 september
2013"; a 2024 theme prints the date alone, day-first), then the node's short fields (Datum,
Locatie, Kosten of an event; the Auteurs of a publication), the text with its pull quotes and
calls to action, and after it "Downloads", "Lees ook" teasers or a call to register. Some
articles are teasers that end "Lees verder op Zorg+Welzijn". A cookie consent dialog is shown.

So the title is the line <title> names (without "Movisie"), the subtitle the line between it and
the date line, the body the text after the short fields up to the first closing landmark, the
downloads the links under the "Downloads" heading."""

from pipeline.rules import SiteRules
from pipeline.urls import UrlRules

# The node's type and date, or a 2024 theme's bare date: the line above the text.
DATE_LINE = (
    r"^(?:(?:artikel|publicatie|agenda|tool|nieuws)\s+[-–]\s+)?"
    r"(?:\d{1,2}\s+[a-z]+\s+\d{4}|\d{1,2}-\d{1,2}-\d{4})(?:\s+Auteurs?\s*:.*)?$"
)

# A short line that ends as no sentence does: a field's label or value.
NO_SENTENCE = r"^.{0,60}(?<![.!?])$"
# What Drupal core prints as a node's byline: Olivero's "Door <author>, <date>", the base
# templates' "Ingediend door <author> op <date>".
BYLINES = (r"^Door\s+[^,]+,\s+(?P<value>\d{1,2}\s+[a-z]+,?\s+\d{4})$",
           r"^Ingediend door\s+.+?\s+op\s+(?P<value>.+)$")

RULES = SiteRules(
    site="movisie",
    name="Movisie",
    description="Landelijk kennisinstituut voor sociaal werk: artikelen, publicaties en tools.",
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
    names=(r"(?i)movisie",),
    drop=(
        # Cookie consent, whatever module draws it: a dialog that talks about cookies.
        "//*[self::dialog or @role='dialog' or @role='alertdialog']"
        "[contains(translate(normalize-space(.), 'COKIE', 'cokie'), 'cookie')]",
    ),
    body_after=(DATE_LINE,),
    body_after_within=3,
    subtitle_apart=True,
    # The node's byline and short fields above the text (Datum, Locatie, Auteurs and values).
    body_lead=(*BYLINES, NO_SENTENCE),
    # The node's other fields below it (tags: "Meer over", "wijkteams").
    body_trail=(NO_SENTENCE,),
    # Editors end teasers with a link to the full text elsewhere and add a source line; after
    # the text come the downloads, "Lees ook" teasers, or a call to register for an event.
    body_end=(r"^Lees verder op ", r"^Bron: ", r"^Meer weten over het Movisie-aanbod",
              r"^Downloads$", r"^Lees ook$", r"^Aanmelden$"),
    # A button to the same PDF the Downloads field lists.
    body_skip=(r"^Download de volledige publicatie$",),
    labels={
        # "artikel - 27 september 2013": the node type, then its publication date.
        "published": (
            r"^(?:artikel|publicatie|agenda|tool|nieuws)\s+[-–]\s+"
            r"(?P<value>\d{1,2}\s+\w+\s+\d{4})(?:\s+Auteurs?\s*:.*)?$",
            *BYLINES,
        ),
        # A theme may print the authors on the type-and-date line: "... 2012 Auteurs: A, B".
        "authors": (r"(?:^|\s)Auteurs?\s*:\s*(?P<value>[^\d:]+)$",),
    },
    listed={"authors": r"^Auteurs?$"},
    link_sections=(("download", r"Downloads"),),
    links_end=(r"^Lees ook$",),
    link_lines=(("link", r"^Lees verder op "),),
)
