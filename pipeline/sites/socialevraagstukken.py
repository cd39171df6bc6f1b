"""Sociale Vraagstukken: WordPress."""

from pipeline.rules import SiteRules

RULES = SiteRules(
    site="socialevraagstukken",
    hosts=("www.socialevraagstukken.nl",),
    default_kind="artikel",
)
