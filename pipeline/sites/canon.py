"""Canon Sociaal Werk: hand-built PHP pages."""

from pipeline.rules import SiteRules

RULES = SiteRules(
    site="canon",
    hosts=("www.canonsociaalwerk.eu",),
    kinds=((r"details(_verwant)?\.php", "venster"), (r"auteurdetails\.php", "auteur")),
)
