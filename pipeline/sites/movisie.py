"""Movisie: Drupal."""

from pipeline.rules import SiteRules

RULES = SiteRules(
    site="movisie",
    hosts=("www.movisie.nl",),
    kinds=((r"^/artikel/", "artikel"), (r"^/publicaties?/", "publicatie")),
)
