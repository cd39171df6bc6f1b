"""Canon Sociaal Werk: a hand-built PHP site; its real markup was never seen, so nothing here keys
on it. What a reader sees is known from the seeds and holds in any markup.

A window reads, top to bottom: perhaps a news banner and the canon's window list, the title line
"YYYY Title", a subtitle, the navigation bar ("eerste vorige homepage volgende laatste", shorter on
the first and last windows), the text, the labels (Publicatiedatum:, Datum laatste wijziging :,
Auteur(s):, met medewerking van), then the sections Verwante vensters, Verder studeren /
Literatuur, Aanvullend materiaal, Links and Video, and the navigation bar again. An author page
shows the name, the biography and "Vensters van deze auteur" beside an agenda and book promos.

So the title is the line <title> names (without the canon's name), the body the text between the
navigation bar and the first label, the link lists the links under their section headings. The
labels may stand on one line each or in a list or a <dl> (a CMS template would split label and
value), and the dates in the site's day-first form or written out."""

from pipeline.rules import SiteRules
from pipeline.urls import UrlRules

# "14-11-2019" as the PHP site prints it, "14 november 2019" as a CMS template would.
DUTCH_DATE = r"(?P<value>\d{1,2}(?:-\d{1,2}-|\s+[a-z]+\.?\s+)\d{4})"
# The navigation bar, which opens a window's text and closes its page.
NAVIGATION = r"^(?:eerste\s*)?(?:vorige\s*)?homepage(?:\s*volgende)?(?:\s*laatste)?$"
# Where the text ends: the first label, or on an author page the list of the author's windows.
LABELS = (
    r"^Publicatiedatum\s*:?",
    r"^Datum laatste wijziging\s*:?",
    r"^Auteur\(s\)\s*:?",
    r"^Verwante vensters$",
    r"^Vensters van deze auteur$",
)


RULES = SiteRules(
    site="canon",
    name="Canon Sociaal Werk",
    description=(
        "Vensters over de geschiedenis van het sociaal werk in Nederland en Vlaanderen, met "
        "deelcanons per werkveld."
    ),
    urls=UrlRules(
        canonical_host="www.canonsociaalwerk.eu",
        aliases=(
            "canonsociaalwerk.eu",
            "www.canonsociaalwerk.be",
            "canonsociaalwerk.be",
            "www.canonsociaalwerk.nl",
            "canonsociaalwerk.nl",
        ),
        # cps is the window's position in the canon being browsed; the page is the same.
        drop_params=("cps",),
        # "Verwante vensters" shows the very window details.php?canon_id=M shows.
        rewrites=(
            (r"^/(\w+)/details_verwant\.php\?verwant=(\d+)$", r"/\1/details.php?canon_id=\2"),
        ),
    ),
    kinds=(
        (r"(^|/)auteurdetails\.php", "auteur"),
        (r"(^|/)details(_verwant)?\.php", "venster"),
    ),
    # "Canon Sociaal Werk - Canon samenlevingsopbouw - 2011 ..." in <title>, "Canon jeugdzorg".
    names=(r"(?i)canon(?:\s+[\w-]+){1,3}", r"(?i)history of social work"),
    # "2011 Burgerkracht en wijkteams": the year a window is about is not part of its title.
    # Author pages have no year, and <title> calls them "auteur Name".
    title_pattern=(r"^\s*(?:auteur\s+)?(?:(?P<canon_year>1[5-9]\d\d|20\d\d)\s+(?:-\s+)?)?"
                   r"(?P<title>\S.*?)\s*$"),
    drop=(
        # A CMS template's sidebar, in-text promos and Extra boxes, and its cookie consent.
        "//aside",
        "//*[@role='dialog']",
    ),
    body_after=(NAVIGATION,),
    body_after_within=3,
    # A second navigation bar (for phones) may stand right under the first.
    body_lead=(NAVIGATION,),
    body_end=LABELS,
    # A label may stand in a cell, a <dt> or a line of its own with the value in the next one,
    # and its colon may be the style sheet's, which leaves it out of the text.
    labels={
        "published": (r"^Publicatiedatum\s*:?\s*" + DUTCH_DATE,),
        "modified": (r"^Datum laatste wijziging\s*:?\s*" + DUTCH_DATE,),
        "authors": (r"^Auteur\(s\)\s*:?\s*(?P<value>\S.*)$",),
        "contributors": (r"^[Mm]et medewerking van\s+(?P<value>\S.*)$",),
    },
    link_sections=(
        ("related", r"Verwante vensters"),
        ("literature", r"Literatuur"),
        ("download", r"Aanvullend materiaal"),
        ("link", r"Links"),
        ("video", r"Video"),
    ),
    # After the last section the navigation bar comes back; "Verder studeren" heads Literatuur.
    links_end=(NAVIGATION, r"^Verder studeren$"),
    identity={"venster": ("canon_year", "title")},
    collection=r"^/([a-z_]+)/",
)
