"""Canon Sociaal Werk: hand-built PHP pages with old-fashioned div ids.

A window reads, top to bottom: news banner (#nieuws), on some pages the canon's window list
(#vensterlijst), the title line "YYYY Title" (h1.titel), a subtitle (h2.subtitel), the navigation
bar (div.navigatie), the text (#venstertekst), the labels block (#gegevens: Publicatiedatum,
Datum laatste wijziging, Auteur(s), met medewerking van), then Verwante vensters, an optional
Extra box, Verder studeren / Literatuur, Aanvullend materiaal, Links, Video and the navigation
again. Author pages (auteurdetails.php) put the bio in #auteurinfo next to a sidebar (#zijbalk)
with the agenda ticker and book promos.

The labels are the visible text the seeds show, so they keep working if the ids change."""

from pipeline.rules import SiteRules
from pipeline.urls import UrlRules

DUTCH_DATE = r"(?P<value>\d{1,2}-\d{1,2}-\d{4})"

RULES = SiteRules(
    site="canon",
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
    title=("//div[@id='content']//h1[@class='titel']", "//h1"),
    # "2011 Burgerkracht en wijkteams": the year a window is about is not part of its title.
    # Author pages have no year, so the year is optional.
    title_pattern=r"^\s*(?:(?P<canon_year>1[5-9]\d\d|20\d\d)\s+(?:-\s+)?)?(?P<title>\S.*?)\s*$",
    subtitle=("//div[@id='content']//h2[@class='subtitel']",),
    body=("//div[@id='venstertekst']", "//div[@id='auteurinfo']"),
    drop=(
        "//div[@id='banner']",
        "//div[@id='menu']",
        "//div[@id='nieuws']",
        "//div[@id='vensterlijst']",
        "//div[@class='navigatie']",
        "//div[@class='extra']",
        "//div[@id='zijbalk']",
    ),
    # The text container already ends before the labels; these guard a page whose labels
    # slipped into it.
    body_end=(
        r"^Publicatiedatum\s*:",
        r"^Datum laatste wijziging\s*:",
        r"^Auteur\(s\)\s*:",
        r"^Verwante vensters$",
        r"^Vensters van deze auteur$",
    ),
    labels={
        "published": (r"^Publicatiedatum\s*:\s*" + DUTCH_DATE,),
        "modified": (r"^Datum laatste wijziging\s*:\s*" + DUTCH_DATE,),
        "authors": (r"^Auteur\(s\)\s*:\s*(?P<value>\S.*)$",),
        "contributors": (r"^met medewerking van\s+(?P<value>\S.*)$",),
    },
    links=(
        ("related", "//div[@id='verwant']//a"),
        ("literature", "//div[@id='literatuur']//a"),
        ("download", "//div[@id='aanvullend']//a"),
        ("link", "//div[@id='links']//a"),
        ("video", "//div[@id='video']//a"),
    ),
    # One window stands in several canons under different canon_ids with the same text.
    identity={"venster": ("canon_year", "title")},
    collection=r"^/([a-z_]+)/",
)
