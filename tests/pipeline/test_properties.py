"""Properties of the pipeline's parts, each checked on generated input, and the fuzz run's
mutations on a few hundred inputs. Figures and what the fuzzing found: README.md, Reliability."""

import calendar
import html
import json
import re
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from bench.fuzz_extract import make_input, outcome, seed_pages
from pipeline import extract
from pipeline.dates import MONTHS, find_dates, parse_date
from pipeline.names import name_key, split_names
from pipeline.sites import rules_for_url
from pipeline.text import squash

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
MONTH_NAMES = {n: sorted(name for name, number in MONTHS.items() if number == n)
               for n in range(1, 13)}
LETTERS = "abcdefghijklmnopqrstuvwxyz"

# Dates


def spell(year: int, month: int, day: int, draw, forms=("numeric", "iso", "written")) -> str:
    """One of the ways the sites print a date, chosen by `draw`; the numbers need not make one."""
    form = draw(st.sampled_from(forms))
    d = draw(st.sampled_from((str(day), f"{day:02d}")))
    y = f"{year:04d}"
    if form == "written":
        name = draw(st.sampled_from(MONTH_NAMES[month]))
        name = draw(st.sampled_from((name, name.upper(), name.capitalize())))
        weekday = draw(st.sampled_from(("", "ma ", "dinsdag ", "Zo ", "Friday ")))
        gap = draw(st.sampled_from(("", " ", "\u00a0", "  ", "\n")))
        dot, comma = draw(st.sampled_from(("", "."))), draw(st.sampled_from(("", ",")))
        space = draw(st.sampled_from((" ", "\u00a0", "\t", " \n ")))
        return f"{weekday}{d}{gap}{name}{dot}{comma}{space}{y}"
    m = draw(st.sampled_from((str(month), f"{month:02d}")))
    sep = draw(st.sampled_from("-/."))
    return f"{d}{sep}{m}{sep}{y}" if form == "numeric" else f"{y}{sep}{m}{sep}{d}"


WORDS_WITHOUT_DIGITS = st.text(alphabet=LETTERS + " :-,", max_size=20)


@settings(max_examples=300)
@given(day=st.dates(), data=st.data(), before=WORDS_WITHOUT_DIGITS, after=WORDS_WITHOUT_DIGITS)
def test_a_date_in_any_printed_form_and_any_year_reads_back(day, data, before, after):
    text = spell(day.year, day.month, day.day, data.draw)
    assert parse_date(f"{before} {text} {after}") == day.isoformat()


OFFSETS = st.integers(min_value=-12 * 4, max_value=14 * 4).map(lambda q: timedelta(minutes=15 * q))


@settings(max_examples=300)
@given(
    moment=st.datetimes(min_value=datetime(2, 1, 1), max_value=datetime(9998, 12, 31)),
    offset=st.none() | OFFSETS,
    style=st.sampled_from(("{sign}{h:02d}:{m:02d}", "{sign}{h:02d}{m:02d}", "Z")),
    seconds=st.sampled_from(("", ":{s:02d}", ":{s:02d}.123", ":{s:02d},5")),
    separator=st.sampled_from(("T", " ")),
)
# Midnight in Amsterdam to the second, when its clock ran 19 minutes 32 seconds ahead of UTC.
@example(moment=datetime(1937, 1, 1, 23, 40, 28), offset=timedelta(0), style="Z",
         seconds=":{s:02d}", separator="T")
def test_a_timestamp_is_dated_by_the_clock_in_the_netherlands(moment, offset, style, seconds,
                                                               separator):
    if offset is None:  # no offset: the printed date, whatever the hour
        suffix, expected = "", moment.date()
    else:
        if style == "Z":
            offset = timedelta(0)
        minutes = int(abs(offset).total_seconds()) // 60
        sign = "-" if offset < timedelta(0) else "+"
        suffix = style.format(sign=sign, h=minutes // 60, m=minutes % 60)
        # Only what is printed counts: the seconds, when they are, and never their fraction.
        printed = moment.replace(second=moment.second if seconds else 0, microsecond=0)
        expected = printed.replace(tzinfo=timezone(offset)).astimezone(AMSTERDAM).date()
    clock = f"{moment.hour:02d}:{moment.minute:02d}" + seconds.format(s=moment.second)
    text = f"{moment.date().isoformat()}{separator}{clock}{suffix}"
    assert parse_date(text) == expected.isoformat()


@st.composite
def impossible_dates(draw) -> str:
    year = draw(st.integers(1, 9999))
    if draw(st.booleans()):  # a month no calendar has, in the forms that print it as a number
        month, day = draw(st.sampled_from((0, *range(13, 100)))), draw(st.integers(1, 28))
        return spell(year, month, day, draw, forms=("numeric", "iso"))
    month = draw(st.integers(1, 12))
    day = draw(st.sampled_from((0, *range(calendar.monthrange(year, month)[1] + 1, 100))))
    return spell(year, month, day, draw)


@settings(max_examples=300)
@given(text=impossible_dates(), before=WORDS_WITHOUT_DIGITS, after=WORDS_WITHOUT_DIGITS)
def test_an_impossible_date_in_any_form_is_no_date(text, before, after):
    assert parse_date(f"{before} {text} {after}") is None
    assert find_dates(f"{before} {text} {after}") == []


@settings(max_examples=200)
@given(days=st.lists(st.dates(), min_size=2, max_size=6), data=st.data())
def test_every_date_of_a_listing_is_found_in_order_even_run_together(days, data):
    written = []
    for day in days:
        name = data.draw(st.sampled_from(MONTH_NAMES[day.month]))
        written.append(f"{day.day} {name} {day.year:04d}")
    joiner = data.draw(st.sampled_from(("", " ", "; ", " | ")))
    assert find_dates(joiner.join(written)) == [day.isoformat() for day in days]


@st.composite
def date_like_text(draw) -> str:
    """Dates, impossible dates and timestamps in every form, run into each other and into noise."""
    text = ""
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(("date", "clock", "noise")))
        if kind == "date":
            year, month, day = draw(st.integers(0, 9999)), draw(st.integers(0, 13)), draw(
                st.integers(0, 32))
            forms = ("numeric", "iso", "written") if 1 <= month <= 12 else ("numeric", "iso")
            text += spell(year, month, day, draw, forms)
        elif kind == "clock":
            text += draw(st.sampled_from(("T10:00", " 23:30:00Z", "T00:15+02:00", ", 14:05",
                                          "T22:00:00.000+0100", "T25:99-1300", "T23:59-23")))
        else:
            text += draw(st.text(alphabet="0123456789-/.: TZ+,", max_size=6)
                         | st.sampled_from(sorted(MONTHS)))
    return text


@settings(max_examples=500)
@given(date_like_text())
def test_dates_found_in_date_like_text_are_real_and_printed_there(text):
    found = find_dates(text)
    years = {int(text[i:i + 4]) for i in range(len(text) - 3) if text[i:i + 4].isdigit()}
    for iso in found:
        assert date.fromisoformat(iso).isoformat() == iso
        # The year is one printed, or the next or last one for a timestamp near midnight.
        assert years & {int(iso[:4]) - 1, int(iso[:4]), int(iso[:4]) + 1}
    assert parse_date(text) in (None, *found[:1])


# Names

CREDIT_WORDS = {"en", "and", "door", "tekst", "met", "auteur", "auteurs"}
LATIN = st.characters(categories=("Lu", "Ll"), max_codepoint=0x24F)
# Two letters at least: a one-letter last word is read as an initial and keeps its full stop.
WORD = st.text(LATIN, min_size=2, max_size=9).filter(lambda w: w.casefold() not in CREDIT_WORDS)
TOKEN = (
    WORD
    | st.tuples(WORD, WORD).map("-".join)
    | st.text(st.characters(categories=("Lu",), max_codepoint=0x24F), min_size=1, max_size=3)
    .map(lambda initials: "".join(f"{i}." for i in initials))
    | st.sampled_from(("van", "de", "van der", "ten", "El"))
)
NAME = st.lists(TOKEN, min_size=1, max_size=4).map(" ".join)


@settings(max_examples=300)
@given(
    names=st.lists(NAME, min_size=1, max_size=5, unique_by=name_key),
    data=st.data(),
    prefix=st.sampled_from(("", "Door ", "door: ", "Tekst door: ", "Tekst: ", "Auteur(s): ")),
    suffix=st.sampled_from(("", ",", ".", " ,", ";")),
    contributors=st.lists(NAME, max_size=2),
    space=st.sampled_from((" ", "  ", "\u00a0", "\n")),
)
def test_a_credit_joined_from_names_splits_back_into_those_names(names, data, prefix, suffix,
                                                                contributors, space):
    separators = (", ", " en ", " & ", "; ", " and ", ",", " EN ", " En ")
    credit = names[0]
    for name in names[1:]:
        credit += data.draw(st.sampled_from(separators)) + name
    if contributors:
        credit += ", met medewerking van " + " en ".join(contributors)
    assert split_names((prefix + credit + suffix).replace(" ", space)) == names


# The combining diacritical marks, less U+034F: a grapheme joiner, no accent.
ACCENTS = st.characters(min_codepoint=0x300, max_codepoint=0x36F, exclude_characters="\u034f")


@settings(max_examples=300)
@given(name=NAME, marks=st.lists(st.tuples(st.integers(0), ACCENTS), max_size=4))
def test_name_key_ignores_case_and_accents(name, marks):
    accented = list(name)
    for position, mark in marks:
        accented[position % len(accented)] += mark
    assert name_key(name.upper()) == name_key(name.lower()) == name_key(name)
    assert name_key("".join(accented)) == name_key(name)


@settings(max_examples=300)
@given(st.text())
def test_name_key_is_idempotent(text):
    assert name_key(name_key(text)) == name_key(text)


SEPARATOR_SOUP = st.text(alphabet=LETTERS[:6] + " ,;&.:-–|\u00a0\u200b" + "EN" + "Ünd", max_size=60)


@settings(max_examples=500)
@given(st.one_of(SEPARATOR_SOUP, st.text()))
def test_no_name_from_any_credit_is_empty_or_holds_a_separator(text):
    for name in split_names(text):
        assert name_key(name)
        assert not re.search(r"[,;&]|\ben\b|\band\b", name, re.IGNORECASE)


# Body text and boilerplate

MARK = "Qzxboiler"
# Boilerplate the generic cleaner leaves out of every site's text: menus, and elements nobody
# reads.
INVISIBLE = (
    f"<nav><a href='/'>{MARK} home</a></nav>",
    f"<form><input value='{MARK}'><label>{MARK}</label></form>",
    f"<script>var {MARK} = 1;</script>",
    f"<style>.{MARK} {{}}</style>",
    f"<noscript>{MARK} zet javascript aan</noscript>",
    f"<template><p>{MARK}</p></template>",
    f"<select><option>{MARK}</option></select>",
)
# Inside a paragraph: share and icon markup whose tail text belongs to the paragraph.
INLINE = (f"<button>Delen {MARK}</button>", f"<svg><text>{MARK}</text></svg>",
          f"<script>{MARK}()</script>")
COOKIES = f"<div role='dialog'><p>{MARK} gebruikt cookies</p><button>Akkoord</button></div>"
# Per site: the URL, the page around the text as a reader sees it (the title and the landmarks
# that open and close the text, in plain markup), and what the site rules drop inside it.
SITES = {
    "canon": (
        "https://www.canonsociaalwerk.eu/nl/details.php?canon_id=18",
        f"<div>{MARK}</div><h1>2011 Titel</h1><p>homepage volgende laatste</p>"
        "<div>{}</div><p>Publicatiedatum: 14-11-2019</p><p>homepage volgende laatste</p>",
        (f"<aside>{MARK}</aside>", COOKIES),
    ),
    "movisie": (
        "https://www.movisie.nl/artikel/x",
        "<article><h1>Titel</h1><p>artikel - 27 september 2013</p><div>{}</div>"
        "<h2>Downloads</h2></article>",
        (COOKIES,),
    ),
    "socialevraagstukken": (
        "https://www.socialevraagstukken.nl/x/",
        "<article><h1>Titel</h1><p>Door Jan Jansen 7 oktober 2013</p><div>{}</div>"
        "<p>Dit artikel is 12 keer bekeken.</p></article>",
        (f"<aside>{MARK}</aside>", COOKIES),
    ),
    "zorgwelzijn": (
        "https://www.zorgwelzijn.nl/x/",
        "<article><h1>Titel</h1><p>Leestijd: 2 min.</p><div>{}</div>"
        "<p>Tekst door: Jan Jansen</p></article>",
        (f"<aside>{MARK}</aside>", COOKIES,
         f"<figure><img src='a.jpg'><figcaption>{MARK}</figcaption></figure>"),
    ),
}
PAGE = ("<html><head><title>Titel</title></head><body><header><nav>{mark} menu</nav></header>"
        "{page}<footer>{mark} colofon</footer>" + COOKIES + "</body></html>")
# Text a page can carry: no control characters, and none of the letters mojibake repair reads
# as UTF-8 seen through windows-1252.
TEXT = st.text(st.characters(exclude_categories=("Cc", "Cs"), exclude_characters="ÃÂâ\ufffd"
                             "\ufffe\uffff") | st.sampled_from(" \t\n\u00a0"), max_size=40)
RUN = st.tuples(TEXT, st.sampled_from(("", "em", "strong", "a", "span", "b")))


@st.composite
def article_pages(draw) -> tuple[str, str, list[str]]:
    """(URL, HTML, the paragraphs a reader sees) for one site's article with its boilerplate."""
    site = draw(st.sampled_from(sorted(SITES)))
    url, page, dropped = SITES[site]
    rules = rules_for_url(url)
    parts, paragraphs = [], []
    for runs in draw(st.lists(st.lists(RUN | st.sampled_from(INLINE), max_size=4), max_size=8)):
        markup, text = "", ""
        for run in runs:
            if isinstance(run, str):
                markup += run
                continue
            words, tag = run
            markup += f"<{tag}>{html.escape(words)}</{tag}>" if tag else html.escape(words)
            text += words
        if site == "movisie" and squash(text):  # its text opens and closes with a sentence
            markup, text = markup + ".", text + "."
        parts.append(f"<p>{markup}</p>")
        if squash(text):
            assume(not any(re.search(p, squash(text)) for p in rules.body_end + rules.body_skip))
            paragraphs.append(squash(text))
        parts.extend(draw(st.lists(st.sampled_from(INVISIBLE + dropped), max_size=2)))
    assume(not any(MARK in p for p in paragraphs))
    # A text that begins as a byline does or ends as a field's label does is not told apart.
    assume(not paragraphs or not any(re.search(p.replace("{author}", "Jan Jansen"), paragraphs[0])
                                     for p in rules.body_lead))
    assume(not paragraphs or not any(re.search(p, paragraphs[-1]) for p in rules.body_trail))
    return url, PAGE.format(mark=MARK, page=page.format("".join(parts))), paragraphs


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(article_pages())
def test_every_paragraph_of_the_article_is_in_the_body_text_in_order(page):
    url, markup, paragraphs = page
    assert extract(markup.encode(), url)["body_text"] == "\n\n".join(paragraphs)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(article_pages())
def test_boilerplate_never_reaches_the_record(page):
    url, markup, _ = page
    record = extract(markup.encode(), url)
    assert MARK not in json.dumps(record, ensure_ascii=False)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(article_pages(), st.booleans())
def test_the_body_text_has_no_empty_or_untrimmed_paragraph(page, unknown_site):
    url, markup, _ = page
    url = "https://www.example.org/artikel/x" if unknown_site else url
    body = extract(markup.encode(), url)["body_text"]
    assert "\n\n\n" not in body
    assert not body or all(p and p == p.strip() for p in body.split("\n\n"))


# What the fuzz run and the properties found: pages the extractor crashed on or refused for a
# bug, each now read.

WINDOWS_1252_PAGE = ("<html><head>{meta}<title>Ideeën</title></head><body><h1>Ideeën</h1>"
                     "<p>Één alinea.</p></body></html>")


@pytest.mark.parametrize("charset", ["idna", "punycode", "undefined", "rot13", "hex", "a\x00b",
                                     "no-such-codec"])
@pytest.mark.parametrize("where", ["meta", "content type"])
def test_a_charset_label_no_codec_can_read_with_is_ignored(charset, where):
    meta = f'<meta charset="{charset}">' if where == "meta" else ""
    body = WINDOWS_1252_PAGE.format(meta=meta).encode("windows-1252")
    content_type = f"text/html; charset={charset}" if where == "content type" else None
    assert extract(body, "https://www.movisie.nl/artikel/x", content_type)["title"] == "Ideeën"


CONTROL = st.characters(codec="ascii", categories=("Cc",), exclude_characters="\t\n\r")
# (markup, what it reads as): a control character as it stands in the bytes or as a numeric
# reference, which lxml turns into the character itself (but &#0; into U+FFFD).
CONTROLS = CONTROL.flatmap(
    lambda c: st.sampled_from([(c, c)] + ([(f"&#{ord(c)};", c)] if c != "\x00" else [])))
WORDS = st.text(LETTERS + " ", min_size=1, max_size=5).map(lambda words: (words, words))


# At most five control characters: more in so short a page and it is refused as binary. The text
# may stand after </html>, where libxml2 hangs it on the root but lxml's iteration never looks.
@settings(max_examples=200, deadline=None)
@given(pieces=st.lists(WORDS | CONTROLS, min_size=1, max_size=5), at=st.integers(0, 5),
       after_the_end=st.booleans())
def test_control_characters_around_dropped_boilerplate_are_left_out_of_the_text(pieces, at,
                                                                               after_the_end):
    markup = [m for m, _ in pieces]
    markup.insert(at % len(markup), "<aside>weg</aside>")
    title = "<div id='content'><h1 class='titel'>2011 Titel</h1></div>"
    text = f"<div id='venstertekst'><p>{''.join(markup)}</p></div>"
    page = (f"<html><body>{title}</body></html>{text}" if after_the_end
            else f"<html><body>{title}{text}</body></html>")
    record = extract(page.encode(), "https://www.canonsociaalwerk.eu/nl/details.php?canon_id=1")
    visible = "".join(text for _, text in pieces).replace("\x0c", " ")
    assert record["body_text"] == squash(re.sub("[\x00-\x08\x0b\x0e-\x1f]", "", visible))


GENERIC_PARAGRAPHS = ("Een eerste alinea over het sociaal werk in de wijk.",
                      "Een tweede alinea over burgerkracht en wijkteams in Nederland.",
                      "Een derde alinea, met nog wat meer tekst erbij.")


@pytest.mark.parametrize("control", ["\x01", "\x1f", "\x0b", "&#20;", "&#xFFFE;"])
def test_a_control_character_does_not_cost_a_page_of_the_generic_layer_its_text(control):
    first, *rest = GENERIC_PARAGRAPHS
    paragraphs = "".join(f"<p>{p}</p>" for p in (first + control, *rest))
    page = f"<html><body><article>{paragraphs}</article></body></html>"
    record = extract(page.encode(), "https://www.example.org/artikel/x")
    assert record["body_text"] == "\n\n".join(GENERIC_PARAGRAPHS)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8)
    | st.sampled_from(("Article", "WebPage", "2019-11-14")),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.sampled_from(("@type", "@graph", "headline", "name", "author",
                                       "datePublished", "contributor")), inner, max_size=5),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(JSON)
def test_json_ld_of_any_shape_is_read_or_passed_over(value):
    script = f'<script type="application/ld+json">{json.dumps(value)}</script>'
    page = f"<html><head>{script}</head><body><h1>Titel</h1><p>Tekst.</p></body></html>"
    assert extract(page.encode(), "https://www.example.org/x")["title"] == "Titel"


@pytest.mark.parametrize("depth, names", [(600, ["Jan Jansen"]), (5000, [])])
def test_json_ld_nested_deeper_than_python_recurses_is_read_or_passed_over(depth, names):
    author = "[" * depth + '{"name": "Jan Jansen"}' + "]" * depth
    script = f'<script type="application/ld+json">{{"@type": "Article", "author": {author}}}'
    page = f"<html><head>{script}</script></head><body><h1>T</h1><p>x</p></body></html>"
    record = extract(page.encode(), "https://www.example.org/x")
    assert [a["name"] for a in record["authors"]] == names


@pytest.mark.parametrize("href", ["//[x", "http://[::1/", "http://x:99999/", "http://x:abc/"])
def test_a_link_that_is_no_url_is_left_out_and_the_page_kept(href):
    page = ("<html><body><h1>2011 Titel</h1><p>homepage volgende</p><p>Tekst.</p>"
            "<p>Publicatiedatum: 14-11-2019</p><h4>Links</h4>"
            f"<p><a href='{href}'>kapot</a></p><p><a href='https://www.example.org/'>heel</a></p>"
            "</body></html>")
    record = extract(page.encode(), "https://www.canonsociaalwerk.eu/nl/details.php?canon_id=1")
    assert [link["title"] for link in record["links"]] == ["heel"]


VIEWS_PAGE = ("<html><body><article class='post type-post'><h1 class='entry-title'>T</h1>"
              "<div class='entry-content'><p>Tekst.</p></div></article>"
              "<p>Dit artikel is {} keer bekeken.</p></body></html>")


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=0, max_value=10**18 - 1)
       | st.integers(min_value=19, max_value=6000).map(lambda digits: "9" * digits))
def test_a_view_count_is_read_up_to_eighteen_digits_and_left_out_beyond(count):
    printed = f"{count:,}".replace(",", ".") if isinstance(count, int) else count
    record = extract(VIEWS_PAGE.format(printed).encode(), "https://www.socialevraagstukken.nl/x/")
    assert record["view_count"] == (count if isinstance(count, int) else None)


# The fuzz run in small

@pytest.fixture(scope="module")
def pages():
    return seed_pages()


def test_two_hundred_mutated_and_random_inputs_give_a_record_or_a_refusal(pages):
    results = [outcome(make_input(1, index, pages)) for index in range(200)]
    crashes = [detail for result, detail in results if result == "crash"]
    assert crashes == []
    assert {result for result, _ in results} == {"record", "refused"}
