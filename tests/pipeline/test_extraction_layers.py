"""Each field comes from the first layer that has it, site rules, then the page's metadata, then
the generic fallback, and the record says which layer that was."""

import json

from pipeline import extract_with_sources

UNKNOWN_SITE = "https://www.example.org/artikel/wijkteams"
JSON_LD = {
    "@context": "https://schema.org",
    "@graph": [
        {"@type": "BreadcrumbList", "name": "Niet dit"},
        {
            "@type": "NewsArticle",
            "headline": "Wijkteams na tien jaar",
            "datePublished": "2023-03-01T09:00:00+01:00",
            "dateModified": "2023-03-05",
            "author": [{"@type": "Person", "name": "Erik van de Langkruis"}],
            "contributor": {"@type": "Person", "name": "Henk Krijnen"},
        },
    ],
}
BODY = "".join(f"<p>Alinea {n} over wijkteams en de sociale basis in de buurt.</p>"
               for n in range(1, 8))


def page(head: str = "", body: str = BODY, lang: str = "") -> str:
    return (f"<html{lang}><head>{head}</head>"
            f"<body><main><article>{body}</article></main></body></html>")


def test_json_ld_gives_title_dates_and_people_with_their_roles():
    head = f'<script type="application/ld+json">{json.dumps(JSON_LD)}</script>'
    record, sources = extract_with_sources(page(head), UNKNOWN_SITE)
    assert record["published"] == "2023-03-01" and record["modified"] == "2023-03-05"
    assert [(a["name"], a["role"]) for a in record["authors"]] == [
        ("Erik van de Langkruis", "author"), ("Henk Krijnen", "contributor")]
    assert {sources[f] for f in ("published", "modified", "authors")} == {"metadata"}


def test_opengraph_and_article_meta_fill_what_rules_miss():
    head = ('<meta property="og:title" content="Een kop uit OpenGraph">'
            '<meta property="article:published_time" content="2021-03-19T08:00:00+00:00">')
    record, sources = extract_with_sources(page(head), UNKNOWN_SITE)
    assert record["published"] == "2021-03-19"
    assert sources["published"] == "metadata"


def test_the_body_falls_back_to_trafilatura_when_no_rule_finds_it():
    record, sources = extract_with_sources(page(), UNKNOWN_SITE)
    assert record["body_text"].startswith("Alinea 1 over wijkteams")
    assert sources["body_text"] == "fallback"


def test_html_lang_states_the_language_and_the_site_default_covers_its_absence():
    record, sources = extract_with_sources(page(lang=' lang="en-GB"'), UNKNOWN_SITE)
    assert (record["language"], sources["language"]) == ("en", "metadata")
    record, sources = extract_with_sources(page(), UNKNOWN_SITE)
    assert (record["language"], sources["language"]) == ("nl", "rule")


def test_no_date_anywhere_stays_null_rather_than_the_crawl_date():
    record, sources = extract_with_sources(page(), UNKNOWN_SITE)
    assert record["published"] is None and "published" not in sources


def test_the_same_page_extracted_twice_gives_the_same_record():
    first, _ = extract_with_sources(page(), UNKNOWN_SITE)
    second, _ = extract_with_sources(page(), UNKNOWN_SITE)
    assert first == second
