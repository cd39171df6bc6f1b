"""Canon Sociaal Werk: hand-built PHP pages with old-fashioned div ids.

A window reads, top to bottom: news banner (#nieuws), on some pages the canon's window list
(#vensterlijst), the title line "YYYY Title" (h1.titel), a subtitle (h2.subtitel), the navigation
bar (div.navigatie), the text (#venstertekst), the labels block (#gegevens: Publicatiedatum,
Datum laatste wijziging, Auteur(s), met medewerking van), then Verwante vensters, an optional
Extra box, Verder studeren / Literatuur, Aanvullend materiaal, Links, Video and the navigation
again. Author pages (auteurdetails.php) put the bio in #auteurinfo next to a sidebar (#zijbalk)
with the agenda ticker and book promos.

The labels are the visible text the seeds show, so they keep working if the ids change. Beside
the ids, every rule has a twin that keys on what a reader sees, so a move to a CMS template (an
<article> with the year in its own element beside the h1, the labels in a list or a <dl>, written
dates, sections headed "Video" or "Literatuur", a cookie dialog and an <aside> sidebar) still
extracts; tests/fixtures/drift/ holds two windows rebuilt that way."""

from pipeline.rules import SiteRules
from pipeline.urls import UrlRules

# "14-11-2019" as the PHP site prints it, "14 november 2019" as a CMS template would.
DUTCH_DATE = r"(?P<value>\d{1,2}(?:-\d{1,2}-|\s+[a-z]+\.?\s+)\d{4})"
# A title line whose year stands in its own element next to the h1
# (<span class="jaar">2017</span> <h1>Sociale basis en opbouwwerk</h1>): the element holding just
# those two, so title_pattern sees "2017 Sociale basis en opbouwwerk" as on the old site.
YEAR_BESIDE_H1 = (
    "//*[h1][count(*) = 2][*[1][string-length(normalize-space()) = 4]"
    "[translate(normalize-space(), '0123456789', '') = '']]"
)


LOWERCASE_TEXT = (
    "translate(normalize-space(), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"
)


def labelled(label: str) -> str:
    """The <dd> a <dl> gives the label, in any case: <dt>Publicatiedatum</dt><dd>15-11-2019</dd>."""
    return f"//dt[starts-with({LOWERCASE_TEXT}, '{label.lower()}')]/following-sibling::dd[1]"


def headed(heading: str) -> str:
    """The links of the section a reader sees under the heading ("Video", "Literatuur")."""
    return (
        f"//*[*[self::h2 or self::h3 or self::h4 or self::h5][normalize-space() = '{heading}']]//a"
    )


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
    title=("//div[@id='content']//h1[@class='titel']", YEAR_BESIDE_H1, "//h1"),
    # "2011 Burgerkracht en wijkteams": the year a window is about is not part of its title.
    # Author pages have no year, so the year is optional.
    title_pattern=r"^\s*(?:(?P<canon_year>1[5-9]\d\d|20\d\d)\s+(?:-\s+)?)?(?P<title>\S.*?)\s*$",
    # In a CMS template: the line right after the h1 in the article's header, whether the h1
    # stands alone or beside its year (index pages' intro paragraphs follow an h1 in no header).
    subtitle=(
        "//div[@id='content']//h2[@class='subtitel']",
        "//header//h1/following::*[1][self::h2 or self::p]",
    ),
    # In a CMS template: the block of paragraphs in the article, whatever its class.
    body=(
        "//div[@id='venstertekst']",
        "//div[@id='auteurinfo']",
        "(//article//*[count(p) >= 3])[1]",
    ),
    drop=(
        "//div[@id='banner']",
        "//div[@id='menu']",
        "//div[@id='nieuws']",
        "//div[@id='vensterlijst']",
        "//div[@class='navigatie']",
        "//div[@class='extra']",
        "//div[@id='zijbalk']",
        # A CMS template's sidebar, in-text promos and Extra boxes, and its cookie consent.
        "//aside",
        "//*[@role='dialog']",
        "//div[contains(@id, 'cookie') or contains(@class, 'cookie')]",
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
    # Where a <dl> splits label and value, the label keys an XPath; else the label patterns below.
    xpaths={
        "published": (labelled("Publicatiedatum"),),
        "modified": (labelled("Datum laatste wijziging"),),
        "authors": (labelled("Auteur(s)"),),
        "contributors": (labelled("met medewerking van"),),
    },
    labels={
        "published": (r"^Publicatiedatum\s*:\s*" + DUTCH_DATE,),
        "modified": (r"^Datum laatste wijziging\s*:\s*" + DUTCH_DATE,),
        "authors": (r"^Auteur\(s\)\s*:\s*(?P<value>\S.*)$",),
        "contributors": (r"^[Mm]et medewerking van\s+(?P<value>\S.*)$",),
    },
    links=(
        ("related", "//div[@id='verwant']//a"),
        ("related", headed("Verwante vensters")),
        ("literature", "//div[@id='literatuur']//a"),
        ("literature", headed("Literatuur")),
        ("download", "//div[@id='aanvullend']//a"),
        ("download", headed("Aanvullend materiaal")),
        ("link", "//div[@id='links']//a"),
        ("link", headed("Links")),
        ("video", "//div[@id='video']//a"),
        ("video", headed("Video")),
    ),
    # One window stands in several canons under different canon_ids with the same text.
    identity={"venster": ("canon_year", "title")},
    collection=r"^/([a-z_]+)/",
)
