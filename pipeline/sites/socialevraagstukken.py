"""Sociale Vraagstukken: WordPress; its theme was never seen, so nothing here keys on it. What a
reader sees is known from the seed and holds in any theme, classic or block.

An article reads: the title, the byline "Door Name en Name" with the date (and the date it was
last changed, run together: "7 oktober 20137 oktober 2013"), or "Gepubliceerd op 7 oktober 2013",
the text, perhaps "Lees ook: <links>", the authors' biographies (each begins with the author's
name: "Eltje Bos is opleidingsmanager ..."), sometimes headed "Over de auteurs", "Dit artikel is
N keer bekeken.", then "Reacties op dit artikel (N)" (or WordPress's own "2 reacties op ...") with
the reactions, and WordPress's comment form ("Reageer", "Het e-mailadres wordt niet
gepubliceerd"). A cookie consent dialog and a sidebar ("Meest gelezen", with other articles'
bylines and dates) stand around it."""

from pipeline.rules import SiteRules
from pipeline.urls import UrlRules

# A date as the byline prints it: "7 oktober 2013", or "okt 7, 2013" in a block theme.
WRITTEN_DATE = r"(?:\d{1,2}\s+[a-z]+\.?\s+\d{4}|[a-z]{3,9}\.?\s+\d{1,2},\s+\d{4})"
# The byline under (or above) the title, whatever the theme: "Door Name en Name" with the date
# and the date it was last changed run together; "Geplaatst op <date> door <names>"; a block
# theme's "<date> — door <name> bijgewerkt <date> in <category>".
BYLINE_START = rf"^(?:(?:Geplaatst op\s+)?(?:{WRITTEN_DATE}\s*)+[—–·|-]?\s*)?[Dd]oor\s+"
BYLINE = rf"^(?:Door\s+[^\d]+?\s*|Geplaatst op\s+)?(?:{WRITTEN_DATE}\s*)+(?:door\s+.+)?$"
# A short line that ends as no sentence does: the parts of a byline a theme sets apart.
NO_SENTENCE = r"^.{0,40}(?<![.!?])$"

RULES = SiteRules(
    site="socialevraagstukken",
    name="Sociale Vraagstukken",
    description=(
        "Online tijdschrift met artikelen, opinies en lezersreacties over sociale vraagstukken."
    ),
    urls=UrlRules(
        canonical_host="www.socialevraagstukken.nl", aliases=("socialevraagstukken.nl",)
    ),
    default_kind="artikel",
    names=(r"(?i)sociale vraagstukken",),
    drop=(
        # The cookie consent banner is a dialog; its "Door op ‘Alles accepteren’ te klikken" must
        # never read as a byline.
        "//*[@role='dialog']",
        # Asides are never the article: the sidebar (Meest gelezen with its own "Door" lines and
        # "Gepubliceerd op" dates, tags, newsletter) and promos set inside the text. A block
        # theme may set the authors' biographies in the sidebar, under their heading.
        "//aside[not(.//*[self::h2 or self::h3 or self::h4]"
        "[starts-with(normalize-space(), 'Over de auteur')])]",
    ),
    # The byline and the dates stand between the title and the text.
    body_lead=(BYLINE, BYLINE_START, rf"^(?:Gepubliceerd op\s+)?{WRITTEN_DATE}", NO_SENTENCE),
    # After the text: an author box (the name over the biography), "Over de auteurs", the view
    # count, the comments.
    body_end=(
        r"^Over de auteurs?$",
        r"^{author}$",
        r"^Dit artikel is \d[\d.]* keer bekeken\.",
        r"^Reacties op dit artikel",
        r"^(?:\d+|Eén|Een|Geen) reacties? op ",
        r"^Geef een reactie",
    ),
    bio_start=(r"^{author} (?:is|was|werkt|werkte)\b",),
    # Editors close some articles with "Lees ook: <links>"; those are related articles, not text.
    body_skip=(r"^Lees ook:",),
    labels={
        "authors": (
            BYLINE_START + r"(?P<value>[^·—|]+?)"
            rf"(?=\s+(?:bijgewerkt|in)\s|\s*[·—|]|\s*{WRITTEN_DATE}|\s*$)",
        ),
        "published": (
            rf"^(?:Door\s+[^\d]+?\s*|Geplaatst op\s+)?(?P<value>{WRITTEN_DATE})",
            rf"^Gepubliceerd op (?P<value>{WRITTEN_DATE})",
        ),
        "modified": (
            rf"^(?:Door\s+[^\d]+?\s*)?{WRITTEN_DATE}\s*(?P<value>{WRITTEN_DATE})$",
            rf"\bbijgewerkt\s+(?P<value>{WRITTEN_DATE})",
        ),
        "view_count": (r"^Dit artikel is (?P<value>\d[\d.]*) keer bekeken\.",),
    },
    labels_end=(r"^Meest gelezen$",),
    link_lines=(("related", r"^Lees ook:"),),
    comments_start=(
        r"^Reacties op dit artikel",
        r"^(?:\d+|Eén|Een) reacties? op ",
        r"^Reacties(?: \(\d+\))?$",
    ),
    # WordPress's comment form, its title perhaps run together with its cancel link.
    comments_end=(
        r"^(?:Reageer|Geef een reactie|Laat een reactie achter)\b",
        r"^Het e-mailadres wordt niet gepubliceerd",
        r"\bReactie annuleren$",
    ),
)
