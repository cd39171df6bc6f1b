"""Sociale Vraagstukken: the spider crawled against the mirror over real HTTP archives every
article once and nothing else, obeys robots.txt and reports the removed article; the site rules
turn the mirror's WordPress pages, and the seed article as a redesigned theme serves it, into
records."""

from collections import Counter

import pytest

from pipeline import extract_with_sources
from pipeline.record import problems
from tests.conftest import FIXTURES
from tests.crawling import crawl_items, extract_page, extract_with_sources_page, failures, pages

HOST = "www.socialevraagstukken.nl"
SITE = f"https://{HOST}"
ARTICLE_PATHS = (
    "/overheid-moet-zich-bezinnen-op-eigen-kracht/",
    "/wijkteams-zijn-geen-wondermiddel/",
    "/buurtteams-in-de-praktijk/",
    "/jongerenwerk-verdient-meer-erkenning/",
    "/mantelzorgers-raken-overbelast/",
    "/participatiewet-sluit-mensen-buiten/",
    "/armoede-is-meer-dan-geldgebrek/",
    "/schuldhulpverlening-begint-met-vertrouwen/",
    "/eenzaamheid-is-geen-individueel-probleem/",
    "/vrijwilligers-zijn-geen-gratis-professionals/",
    "/sociale-basis-versterken-begint-bij-bewoners/",
    "/housing-first-werkt-ook-in-nederland/",
)
ARTICLES = {SITE + path for path in ARTICLE_PATHS}
REMOVED = f"{SITE}/jeugdzorg-moet-terug-naar-de-gemeente/"
SEARCH = "/?s=wijkteams"  # linked from an article; robots.txt disallows /?s=
SEED = f"{SITE}/overheid-moet-zich-bezinnen-op-eigen-kracht/"
# The seed article as a new theme serves it: no WordPress post classes, the date only as text.
REDESIGNED = FIXTURES / "drift" / "004_b4678c14ea083362.html"


@pytest.fixture(scope="module")
def items(mirror, tmp_path_factory):
    return crawl_items("socialevraagstukken", mirror.url, tmp_path_factory.mktemp("crawl"))


def record(mirror, path: str) -> dict:
    return extract_page(mirror, SITE + path)


def seed_record(mirror, template: str) -> tuple[dict, dict]:
    """The seed article's record and sources, from the mirror's classic theme or the redesign."""
    if template == "redesigned":
        return extract_with_sources(REDESIGNED.read_bytes(), SEED)
    return extract_with_sources_page(mirror, SEED)


# The crawl


def test_archives_exactly_the_articles_each_once_under_its_canonical_url(items):
    urls = [page["url"] for page in pages(items)]
    assert Counter(urls) == Counter(ARTICLES)


def test_removed_article_is_reported_as_a_404_failure(items):
    assert [(f["url"], f["status"], f["reason"]) for f in failures(items) if f["status"]] == [
        (REMOVED, 404, "http-error")
    ]


def test_search_link_is_refused_by_robots_and_never_requested(fresh_mirror, tmp_path):
    items = crawl_items("socialevraagstukken", fresh_mirror.url, tmp_path)
    assert fresh_mirror.requested(HOST, "/robots.txt")
    assert not fresh_mirror.requested(HOST, SEARCH)
    assert (SITE + SEARCH, "robots") in [(f["url"], f["reason"]) for f in failures(items)]


def test_follows_pagination_feed_and_sitemap_but_fetches_each_article_once(fresh_mirror, tmp_path):
    crawl_items("socialevraagstukken", fresh_mirror.url, tmp_path)
    for path in ("/page/2/", "/page/3/", "/feed/", "/wp-sitemap-posts-post-1.xml"):
        assert fresh_mirror.requested(HOST, path), path
    fetched = Counter(p for h, p, _ in fresh_mirror.log if h == HOST and p in ARTICLE_PATHS)
    assert fetched == Counter(ARTICLE_PATHS)
    # The old shortlink an article links to was followed, and its target not fetched again.
    assert fresh_mirror.requested(HOST, "/?p=2345")


# The site rules, on pages the gold file does not cover


@pytest.mark.parametrize("path", ARTICLE_PATHS)
def test_every_article_extracts_to_a_complete_record(mirror, path):
    page = record(mirror, path)
    assert problems(page) == []
    assert page["kind"] == "artikel"
    assert page["title"] and page["body_text"] and page["authors"]
    assert page["published"] and page["modified"] >= page["published"]
    assert isinstance(page["view_count"], int)


def test_a_reply_points_at_the_reaction_it_answers(mirror):
    reactions = record(mirror, "/armoede-is-meer-dan-geldgebrek/")["reactions"]
    assert [(r["position"], r["author"], r["parent"]) for r in reactions] == [
        (1, "Johan Bakker", None),
        (2, "Marieke de Wit", 1),
        (3, "Ans Vermeulen", None),
    ]
    assert reactions[1]["posted"] == "2019-05-21T13:40:03+02:00"
    assert reactions[1]["text"].startswith("Dank voor uw reactie.")


def test_article_without_reactions_has_none_and_keeps_all_its_authors(mirror):
    page = record(mirror, "/eenzaamheid-is-geen-individueel-probleem/")
    assert page["reactions"] == []
    names = [a["name"] for a in page["authors"]]
    assert names == ["Ruud Jansen", "Lotte Hendriks", "Marieke de Wit"]


def test_body_leaves_out_bios_view_count_reactions_and_form(mirror):
    body = record(mirror, "/armoede-is-meer-dan-geldgebrek/")["body_text"]
    assert body.startswith("Wie langdurig arm is")
    assert body.endswith("wat mensen in armoede kunnen opbrengen.")
    for boilerplate in ("Marieke de Wit is lector", "keer bekeken", "Reacties op dit artikel",
                        "Mooi betoog", "Reageer", "Het e-mailadres"):
        assert boilerplate not in body


def test_editorial_piece_is_credited_to_the_redactie_and_its_read_also_links_are_related(mirror):
    page = record(mirror, "/wijkteams-zijn-geen-wondermiddel/")
    assert [a["name"] for a in page["authors"]] == ["Redactie"]
    assert "Lees ook" not in page["body_text"]
    assert page["body_text"].endswith("Meer over dit onderwerp vindt u in ons dossier wijkteams.")
    assert [(link["kind"], link["title"]) for link in page["links"]] == [
        ("related", "Jeugdzorg moet terug naar de gemeente"),
        ("related", "Overheid moet zich bezinnen op eigen kracht"),
    ]


def test_renamed_article_keeps_its_url_and_shows_its_current_title(mirror):
    page = record(mirror, "/mantelzorgers-raken-overbelast/")
    assert page["url"] == f"{SITE}/mantelzorgers-raken-overbelast/"
    assert page["title"] == "Mantelzorg vraagt om meer dan een bedankje"
    assert (page["published"], page["modified"]) == ("2017-11-14", "2018-01-09")


@pytest.mark.parametrize(
    ("path", "views"),
    [
        ("/participatiewet-sluit-mensen-buiten/", 4410),
        ("/housing-first-werkt-ook-in-nederland/", 88),
    ],
)
def test_view_count_is_read_from_its_label(mirror, path, views):
    assert record(mirror, path)["view_count"] == views


# The seed article in both templates


@pytest.mark.parametrize("template", ["classic", "redesigned"])
def test_each_author_gets_their_own_bio_and_the_body_none(mirror, template):
    page, sources = seed_record(mirror, template)
    assert [(a["name"], a["bio"]) for a in page["authors"]] == [
        ("Eltje Bos", "Eltje Bos is opleidingsmanager CMV en lector culturele en sociale dynamiek "
                      "aan de Hogeschool van Amsterdam."),
        ("Pieter van Vliet", "Pieter van Vliet is docent/onderzoeker bij CMV aan de Hogeschool "
                             "van Amsterdam en voorzitter van het landelijk overleg van "
                             "CMV-opleidingen."),
    ]
    assert sources["authors"] == "rule"
    assert "opleidingsmanager" not in page["body_text"]


def test_redesign_dates_come_from_the_visible_label_and_the_json_ld(mirror):
    page, sources = seed_record(mirror, "redesigned")
    assert (page["published"], sources["published"]) == ("2013-10-07", "rule")
    assert (page["modified"], sources["modified"]) == ("2013-10-07", "metadata")


def test_redesign_leaves_cookie_banner_promo_and_sidebar_out_of_the_record(mirror):
    page, _ = seed_record(mirror, "redesigned")
    assert [a["name"] for a in page["authors"]] == ["Eltje Bos", "Pieter van Vliet"]
    for boilerplate in ("cookies", "Blijf op de hoogte", "nieuwsbrief", "Meest gelezen",
                        "Gerelateerde artikelen", "Over de auteurs", "Beantwoorden"):
        assert boilerplate not in page["body_text"]
        assert all(boilerplate not in r["text"] for r in page["reactions"])


def test_redesign_reads_comment_times_from_their_text_and_replies_from_their_nesting():
    """Printed as "8 oktober 2013 om 11:24", a reaction's moment is known to the minute, in
    Dutch time."""
    reply = (
        '<div class="reactie-antwoorden"><div class="reactie" data-id="3030">'
        '<p class="reactie-auteur">Eltje Bos</p>'
        '<p class="reactie-datum">9 oktober 2013 om 08:15</p>'
        '<div class="reactie-tekst"><p>Dank voor uw reactie.</p></div></div></div>'
    )
    html = REDESIGNED.read_text(encoding="utf-8").replace(
        '<button type="button" class="reactie-beantwoord" data-reply-to="3021">',
        reply + '<button type="button" class="reactie-beantwoord" data-reply-to="3021">',
    )
    reactions = extract_with_sources(html, SEED)[0]["reactions"]
    assert [(r["position"], r["author"], r["posted"], r["parent"]) for r in reactions] == [
        (1, "Frans van der Reep", "2013-10-08T11:24+02:00", None),
        (2, "Eltje Bos", "2013-10-09T08:15+02:00", 1),
        (3, None, "2013-10-10T20:03+02:00", None),
    ]
    assert reactions[1]["text"] == "Dank voor uw reactie."
