"""The site rules, one module per site slug, each exposing `RULES`. SITE_SLUGS is the one list of
the archive's sites: the command line's choices and the `sites` table are read from here."""

from __future__ import annotations

import importlib
from functools import cache
from urllib.parse import urlsplit

from pipeline.rules import SiteRules

SITE_SLUGS = ("canon", "movisie", "socialevraagstukken", "zorgwelzijn")


@cache
def all_rules() -> tuple[SiteRules, ...]:
    return tuple(importlib.import_module(f"pipeline.sites.{slug}").RULES for slug in SITE_SLUGS)


def rules_for_url(url: str) -> SiteRules | None:
    host = (urlsplit(url).hostname or "").lower()
    return next((rules for rules in all_rules() if host in rules.hosts), None)
