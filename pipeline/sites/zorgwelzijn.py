"""Zorg+Welzijn: WordPress with the tagDiv Newspaper theme (the site notes say so; its templates'
markup was never seen here), so nothing keys on class names. What a reader sees is known from the
seed and holds in any template.

The newer template (2021 on) prints the share bar ("Delen op Social Media") and "Leestijd: N min."
(the Reading Time WP plugin) above the text, and closes the text with "Tekst door: Name", the
article's own URL and the image credit, followed by an "Ontdek meer" teaser block. The older
template prints an "Artikel bewaren" account prompt and the comment count ("Reacties23") above the
title, a "Door Name" byline and the date under it, then the lead and the photo with its credit
("Foto Pixabay"). Premium articles show title and lead, then a paywall prompt instead of the text.
Sidebars ("Meest gelezen", teasers) print other articles' reading times, bylines and dates.

So the title is the line <title> names (without "Zorg+Welzijn"), the body the text after the
share bar, reading time and byline, up to "Tekst door:", the paywall or the teasers; the labels
are read from the title on."""

from pipeline.rules import SiteRules
from pipeline.urls import UrlRules

# A date as a byline prints it: "30 november 2020", or "nov 30, 2020" in a block theme.
WRITTEN_DATE = r"(?:\d{1,2}\s+[a-z]+\.?\s+\d{4}|[a-z]{3,9}\.?\s+\d{1,2},\s+\d{4})"
# A block theme's byline: "<date> — door <name> in <category>".
DATED_BYLINE = rf"^{WRITTEN_DATE}\s*[—–·|-]?\s*door\s+"

RULES = SiteRules(
    site="zorgwelzijn",
    name="Zorg+Welzijn",
    description="Vakblad en nieuwssite voor professionals in zorg, welzijn en sociaal werk.",
    urls=UrlRules(canonical_host="www.zorgwelzijn.nl", aliases=("zorgwelzijn.nl",)),
    default_kind="artikel",
    names=(r"(?i)zorg\s*\+\s*welzijn",),
    drop=(
        "//figcaption",
        # Sidebars ("Meest gelezen", teasers) print other articles' "Leestijd: N min."; a cookie
        # banner is a dialog.
        "//aside",
        "//*[@role='dialog']",
    ),
    # Above the text: the share bar, the reading time, the older template's byline and date.
    # The byline's parts may each be a line of their own ("Door", the name, "-", the date).
    body_lead=(
        r"^Delen op Social Media$",
        r"^Leestijd\s*:",
        r"^(?i:door)(?:\s+[^.!?]{2,80})?$",
        r"^{author}$",
        r"^[-–—|]$",
        rf"^{WRITTEN_DATE}$",
        r"^in \S[^.!?]{0,40}$",
    ),
    # "Tekst door:" stands after the text; the URL line and image credit follow it. A teaser
    # block that ends up inside the content starts with its heading; the older template closes
    # with the tags and the comment form.
    body_end=(r"^Tekst door\s*:", r"^Dit is een premium artikel\b", r"^Ontdek meer$",
              r"^Tags$", r"^TAGS$", r"^Geef een reactie"),
    body_skip=(
        # The theme's label over an advertisement set inside the text.
        r"^- Advertentie -$",
        r"^Leestijd\s*:",
        r"^Delen op Social Media$",
        r"^https?://\S+$",
        r"^(Foto|Beeld|Afbeelding)(\s+van|\s*:)?\s[^.!?]{0,80}$",
    ),
    xpaths={
        "published": ("//meta[@property='article:published_time']/@content",),
        "modified": ("//meta[@property='article:modified_time']/@content",),
    },
    labels={
        "authors": (
            r"^Tekst door\s*:\s*(?P<value>.+)$",
            r"^Door\s+(?P<value>[^.!?]{2,80})$",
            DATED_BYLINE + r"(?P<value>[^\d·—|]+?)(?=\s+in\s|\s*[·—|]|\s*$)",
        ),
        "published": (rf"^(?P<value>{WRITTEN_DATE})(?:\s*[—–·|-]|$)",),
        # Under a minute is printed "< 1 min."; the first integer, 1, is what is kept.
        "reading_time_minutes": (r"^Leestijd\s*:\s*(?P<value><?\s*\d+)\s*min",),
    },
    labels_end=(r"^Meest gelezen$", r"^Ontdek meer$"),
)
