"""Zorg+Welzijn: WordPress with the tagDiv Newspaper theme."""

from pipeline.rules import SiteRules

RULES = SiteRules(
    site="zorgwelzijn",
    hosts=("www.zorgwelzijn.nl",),
    default_kind="artikel",
)
