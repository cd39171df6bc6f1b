"""A page's rights signals as pipeline/rights.py reads them: robots directives scoped to every
crawler or to ours, TDMRep's file, header and meta in its processing priority, and the licences
platforms print."""

from __future__ import annotations

import pytest

from pipeline.rights import (
    CRAWLER,
    Tdm,
    declared,
    is_noarchive,
    page_rights,
    robots_rules,
    tdm_for,
    tdm_rules,
)
from spiders.settings import USER_AGENT

BOT = CRAWLER
URL = "https://www.example.nl/artikel/x"


def page(head: str = "", body: str = "") -> bytes:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>".encode()


def test_the_crawler_is_named_by_the_product_token_of_its_user_agent():
    assert USER_AGENT.startswith(f"{CRAWLER}/")
    assert CRAWLER == "SociaalWerkArchief"


def test_yoasts_robots_meta_asks_nothing_of_an_archive():
    html = page('<meta name="robots" content="index, follow, max-image-preview:large,'
                ' max-snippet:-1, max-video-preview:-1" />')
    rights = page_rights(html, URL, {}, BOT)
    assert rights.meta_robots.startswith("index, follow")
    assert (rights.noarchive, rights.noindex, rights.nosnippet) == (False, False, False)


def test_drupal_metatags_noarchive_is_read_from_the_page():
    rights = page_rights(page('<meta name="robots" content="noarchive" />'), URL, {}, BOT)
    assert rights.noarchive and rights.meta_robots == "noarchive"


@pytest.mark.parametrize("content, said", [
    ("NOINDEX, NoFollow", {"noindex"}),
    ("none", {"noindex"}),
    ("nocache", {"noarchive"}),
    ("max-snippet:0", {"nosnippet"}),
    ("max-snippet: 0, noarchive", {"nosnippet", "noarchive"}),
    ("all", set()),
])
def test_robots_rules_are_read_case_blind_with_their_documented_synonyms(content, said):
    assert robots_rules(content) == said


def test_a_robots_meta_named_after_another_crawler_is_not_ours():
    rights = page_rights(page('<meta name="googlebot" content="noarchive, noindex">'), URL, {}, BOT)
    assert not rights.noarchive and rights.meta_robots is None


def test_a_robots_meta_named_after_our_crawler_is():
    rights = page_rights(page('<meta name="sociaalwerkarchief" content="noarchive">'), URL, {},
                         BOT)
    assert rights.noarchive
    assert rights.meta_robots == "sociaalwerkarchief: noarchive"


@pytest.mark.parametrize("header, said", [
    ("noindex, nosnippet", {"noindex", "nosnippet"}),
    ("googlebot: noarchive", set()),
    ("googlebot: noindex, nosnippet", set()),
    ("noarchive, googlebot: noindex", {"noarchive"}),
    ("googlebot: noindex\nnoarchive", {"noarchive"}),
    ("SociaalWerkArchief: noarchive", {"noarchive"}),
    ("sociaalwerkarchief:noindex, otherbot: nosnippet", {"noindex"}),
    ("unavailable_after: 25 Jun 2010 15:00:00 PST, noindex", {"noindex"}),
    ("max-snippet: 0", {"nosnippet"}),
])
def test_x_robots_tag_rules_apply_to_all_agents_or_ours_and_a_named_agent_scopes_what_follows(
        header, said):
    assert robots_rules(header, BOT) == said


def test_the_header_and_the_meta_add_up():
    rights = page_rights(page('<meta name="robots" content="noindex">'), URL,
                         {"x-robots-tag": "nosnippet"}, BOT)
    assert (rights.noindex, rights.nosnippet, rights.x_robots_tag) == (True, True, "nosnippet")


def test_noarchive_is_judged_without_parsing_a_page_that_never_says_it():
    plain = page('<meta name="robots" content="index">', "<p>tekst</p>")
    assert not is_noarchive({}, plain, BOT)
    assert is_noarchive({"x-robots-tag": "noarchive"}, plain, BOT)
    assert is_noarchive({}, page('<META NAME="Robots" CONTENT="NOARCHIVE">'), BOT)
    # The word in the text is not a directive.
    assert not is_noarchive({}, page(body="<p>Wat betekent noarchive?</p>"), BOT)
    assert not is_noarchive({}, b"%PDF-1.7 nocache", BOT)


# --- TDMRep -------------------------------------------------------------------------------------

RULES = tdm_rules("""[
  {"location": "/directory-a/", "tdm-reservation": 1},
  {"location": "/directory-b/html/", "tdm-reservation": 1,
   "tdm-policy": "https://provider.com/policies/policy.json"},
  {"location": "/directory-b/images/*.jpg", "tdm-reservation": 0},
  {"location": "/exact/path$", "tdm-reservation": 1},
  {"location": "/", "tdm-reservation": 0}
]""")


@pytest.mark.parametrize("url, reservation, policy", [
    ("https://provider.com/directory-a/file.pdf", 1, None),
    ("https://provider.com/directory-b/html/page.html", 1,
     "https://provider.com/policies/policy.json"),
    ("https://provider.com/directory-b/images/sub/photo.jpg", 0, None),
    ("https://provider.com/exact/path", 1, None),
    ("https://provider.com/exact/path/further", 0, None),
    ("https://provider.com/elsewhere", 0, None),
    # Percent-escaped unreserved characters match as themselves.
    ("https://provider.com/%64irectory-a/file.pdf", 1, None),
])
def test_the_first_tdmrep_rule_whose_location_matches_gives_the_declaration(
        url, reservation, policy):
    assert tdm_for(url, RULES) == Tdm(reservation, policy, "tdmrep.json")


def test_tdmrep_locations_match_case_sensitively_and_nothing_matching_is_unset():
    rules = tdm_rules('[{"location": "/Artikel/", "tdm-reservation": 1}]')
    assert tdm_for("https://a.nl/artikel/x", rules) == Tdm()
    assert tdm_for("https://a.nl/Artikel/x", rules).reservation == 1


def test_a_tdmrep_location_matches_the_query_too():
    rules = tdm_rules('[{"location": "/*?print=1$", "tdm-reservation": 1}]')
    assert tdm_for("https://a.nl/x?print=1", rules).reservation == 1
    assert tdm_for("https://a.nl/x", rules) == Tdm()


@pytest.mark.parametrize("text", ["", "{}", "not json", '{"location": "/"}', "[[[",
                                  '[{"tdm-reservation": 1}]'])
def test_a_tdmrep_file_that_is_no_array_of_rules_has_none(text):
    assert tdm_rules(text) == ()


def test_a_rule_with_an_invalid_reservation_is_unset_and_still_shadows_later_rules():
    rules = tdm_rules('[{"location": "/a/", "tdm-reservation": 2},'
                      ' {"location": "/", "tdm-reservation": 1}]')
    assert tdm_for("https://x.nl/a/b", rules).reservation is None
    assert tdm_for("https://x.nl/b", rules).reservation == 1


def test_the_header_supersedes_the_file_and_the_meta_the_header():
    file = Tdm(1, "https://p/file", "tdmrep.json")
    header = Tdm(0, None, "header")
    meta = Tdm(1, "https://p/meta", "meta")
    assert declared(file, header) == Tdm(0, None, "header")
    assert declared(file, header, meta) == Tdm(1, "https://p/meta", "meta")


def test_an_absent_property_resets_nothing():
    assert declared(Tdm(1, "https://p/file", "tdmrep.json"), Tdm(), Tdm(1, None, "meta")) == Tdm(
        1, "https://p/file", "meta")


def test_a_policy_is_kept_only_with_a_reservation():
    assert declared(Tdm(0, "https://p", "header")) == Tdm(0, None, "header")


def test_the_tdm_header_and_meta_of_a_page_are_resolved_over_its_hosts_file():
    header = {"tdm-reservation": "1", "tdm-policy": "https://www.movisie.nl/tdm-beleid"}
    rights = page_rights(page(), URL, header, BOT)
    assert rights.with_file(Tdm()).tdm_reservation == 1
    assert rights.with_file(Tdm(0, None, "tdmrep.json")).tdm_source == "header"
    meta = page('<meta name="tdm-reservation" content="0">'
                '<meta name="tdm-policy" content="https://p">')
    rights = page_rights(meta, URL, header, BOT).with_file(Tdm(1, None, "tdmrep.json"))
    assert (rights.tdm_reservation, rights.tdm_policy, rights.tdm_source) == (0, None, "meta")
    silent = page_rights(page(), URL, {}, BOT).with_file(Tdm(1, "https://p", "tdmrep.json"))
    assert (silent.tdm_reservation, silent.tdm_policy, silent.tdm_source) == (
        1, "https://p", "tdmrep.json")


@pytest.mark.parametrize("value", ["2", "yes", "", " 1 "])
def test_a_tdm_header_other_than_0_or_1_is_unset(value):
    rights = page_rights(page(), URL, {"tdm-reservation": value}, BOT)
    assert rights.tdm_reservation == (1 if value.strip() == "1" else None)


# --- licences -----------------------------------------------------------------------------------

CC_BY = "https://creativecommons.org/licenses/by/4.0/"


def test_a_rel_license_link_is_the_pages_licence_resolved_against_its_url():
    rights = page_rights(page(body='<footer><a rel="license" href="/licentie">licentie</a>'
                                   '</footer>'), URL, {}, BOT)
    assert (rights.licence, rights.licence_source) == ("https://www.example.nl/licentie",
                                                       "rel-license")


def test_the_creative_commons_choosers_markup_is_a_rel_license():
    html = page(body=f'<a rel="license" href="{CC_BY}"><img alt="Creative Commons-licentie"'
                     ' src="https://i.creativecommons.org/l/by/4.0/88x31.png" /></a>')
    assert page_rights(html, URL, {}, BOT).licence == CC_BY


def test_json_ld_license_of_the_article_counts_and_an_images_does_not():
    graph = ('{"@context": "https://schema.org", "@graph": [{"@type": "ImageObject",'
             ' "license": "https://photos/licence"}, {"@type": "Article",'
             f' "license": {{"@id": "{CC_BY}"}}}}]}}')
    rights = page_rights(page(f'<script type="application/ld+json">{graph}</script>'), URL, {},
                         BOT)
    assert (rights.licence, rights.licence_source) == (CC_BY, "json-ld")


def test_a_plain_creative_commons_link_counts_last():
    plain = f'<p>Licentie: <a href="{CC_BY}">CC BY 4.0</a></p>'
    assert page_rights(page(body=plain), URL, {}, BOT).licence_source == "creative-commons-link"
    ruled = plain + '<a rel="license" href="https://www.example.nl/voorwaarden">voorwaarden</a>'
    assert page_rights(page(body=ruled), URL, {}, BOT).licence_source == "rel-license"


def test_a_page_without_signals_or_without_markup_says_nothing():
    for html in (page(body="<p>tekst</p>"), b"", "   ", b"\x00\x01binary"):
        rights = page_rights(html, URL, {}, BOT)
        assert (rights.licence, rights.tdm_reservation, rights.noarchive) == (None, None, False)
