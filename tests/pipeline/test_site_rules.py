"""Site rules are checked when they load: a broken XPath or regular expression stops them,
naming the site and the field, before any page is read; and every site's rules load."""

import pytest

from pipeline.rules import SiteRules
from pipeline.sites import SITE_SLUGS, all_rules
from pipeline.urls import UrlRules

URLS = UrlRules(canonical_host="www.example.org")


def rules(**fields) -> SiteRules:
    return SiteRules(site="example", urls=URLS, **fields)


def test_every_site_rules_load_under_their_own_slug():
    assert [site.site for site in all_rules()] == list(SITE_SLUGS)


def test_every_site_says_its_name_description_and_home_page():
    for site in all_rules():
        assert site.name and site.description, site.site
        assert site.home == f"https://{site.urls.canonical_host}/"


def test_a_broken_xpath_fails_when_the_rules_load_naming_site_and_field():
    with pytest.raises(ValueError, match=r"^example: SiteRules\.xpaths\['published'\]\[0\] is "
                                         r"not a valid XPath: "):
        rules(xpaths={"published": ("//meta[@property='article:published_time'/@content",)})


def test_an_xpath_that_only_fails_when_evaluated_fails_when_the_rules_load():
    # Compiles, but names a function lxml does not know: lxml says so on the first page.
    with pytest.raises(ValueError, match=r"^example: SiteRules\.drop\[1\] is not a valid XPath: "):
        rules(drop=("//aside", "//*[is-cookie-banner(.)]"))


@pytest.mark.parametrize(("fields", "where"), [
    ({"labels": {"published": (r"^Datum: (?P<value>\d+",)}}, r"labels\['published'\]\[0\]"),
    ({"kinds": ((r"^/artikel/", "artikel"), (r"^/(agenda", "agenda"))}, r"kinds\[1\]"),
    ({"link_sections": (("related", r"Lees ook[:"),)}, r"link_sections\[0\]"),
    ({"title_pattern": r"^(?P<title>.+?\s*$"}, "title_pattern"),
    # A global flag is fine alone but not inside the group that matches the heading whole.
    ({"listed": {"authors": r"(?i)auteurs"}}, r"listed\['authors'\]"),
    # {author} stands for a name; the pattern around it is broken.
    ({"body_end": (r"^Over de auteurs?$", r"^{author} (is|was")}, r"body_end\[1\]"),
    ({"comments_end": (r"^Reageer\b", r"*")}, r"comments_end\[1\]"),
    ({"collection": r"^/([a-z_]+/"}, "collection"),
])
def test_a_broken_regular_expression_fails_when_the_rules_load_naming_site_and_field(fields,
                                                                                     where):
    with pytest.raises(ValueError, match=rf"^example: SiteRules\.{where} is not a valid regular "
                                         r"expression: "):
        rules(**fields)


def test_a_label_without_its_value_group_fails_when_the_rules_load():
    with pytest.raises(ValueError, match=r"^example: SiteRules\.labels\['authors'\]\[0\] has no "
                                         r"group \(\?P<value>"):
        rules(labels={"authors": (r"^Auteur\(s\)\s*:\s*\S.*$",)})

