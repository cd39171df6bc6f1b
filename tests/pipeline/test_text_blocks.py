"""The visible-text walk (pipeline/text.py): what counts as a block on tricky nesting, and that
reading an element's text from the page's one walk (PageText) gives what walking the element
itself gives, for every element of any markup."""

import gc

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.html import parse
from pipeline.text import PageText, blocks


def body_of(markup: str):
    return parse(f"<html><body>{markup}</body></html>").find("body")


@pytest.mark.parametrize("markup, expected", [
    ("<p>Een<br>twee<br/>drie</p>", ["Een", "twee", "drie"]),
    ("<p>x<br><br><br>y</p>", ["x", "y"]),
    # Scripts and forms are not read, but the text after them is.
    ("<div>voor<script>var x = 1;</script>na<form><p>zoek</p></form> en verder</div>",
     ["voorna en verder"]),
    # A menu shows: a reader sees it, if never as an article's text.
    ("<div>voor<nav>vorige volgende</nav>na</div>", ["voor", "vorige volgende", "na"]),
    ("<div>a<div>b</div>c<p>d<span>e<p>f</p>g</span></p>h</div>",
     ["a", "b", "c", "de", "f", "g", "h"]),
    ("<p>tekst<!-- commentaar -->na het commentaar<?pi iets?> en de pi</p>",
     ["tekstna het commentaar en de pi"]),
    ("<p>een\u00a0\u200b  woord \n\t en\u3000nog</p>", ["een woord en nog"]),
    ("<ul><li>een</li><li> </li><li>twee <b>vet</b></li></ul>", ["een", "twee vet"]),
    ("<span>in<em>line</em> alleen</span>", ["inline alleen"]),
])
def test_blocks_of_tricky_nesting(markup, expected):
    assert blocks(body_of(markup)) == expected
    assert PageText(body_of(markup)).blocks == expected


def test_an_element_read_on_its_own_shows_its_text_but_not_its_tail():
    body = body_of("<p>voor <span>binnen</span> na</p><form><p>formulier</p></form><p>a<br>b</p>")
    page = PageText(body)
    span, in_form, form, br = (body.xpath(x)[0] for x in ("//span", "//form/p", "//form", "//br"))
    assert page.blocks == ["voor binnen na", "a", "b"]
    assert page.blocks_of(span) == blocks(span) == ["binnen"]
    # A paragraph in a form is not on the page, but read by itself it has text.
    assert page.blocks_of(in_form) == blocks(in_form) == ["formulier"]
    assert page.blocks_of(form) == blocks(form) == []
    assert page.blocks_of(br) == blocks(br) == []


def test_the_blocks_of_a_menu_are_told_apart():
    page = PageText(body_of("<h1>Titel</h1><nav><ul><li>eerste</li><li>vorige</li></ul></nav>"
                            "<p>Tekst</p><div><nav>homepage</nav></div>"))
    assert page.blocks == ["Titel", "eerste", "vorige", "Tekst", "homepage"]
    assert page.navigation == {1, 2, 4}


def test_text_after_the_end_of_the_page_is_read_on_its_own():
    tree = parse("<html><body><h1>Titel</h1></body></html><div id='na'><p>Verder</p></div>")
    page = PageText(tree.find("body"))
    after = tree.xpath("//div[@id='na']")[0]
    assert page.blocks == ["Titel"]
    assert page.blocks_of(after) == ["Verder"]


TAGS = ("p", "div", "span", "a", "em", "br", "li", "ul", "h1", "td", "tr", "table", "script",
        "style", "nav", "form", "svg", "template", "pre", "section", "hr", "input", "dl", "dt",
        "dd", "textarea", "button", "header")
TEXT = st.sampled_from(("een", "twee drie", " ", "\n", "\u00a0", "\u200b", "\t", "é", "&amp;"))


@st.composite
def markup(draw, depth=0):
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(("element", "element", "text", "text", "comment")))
        if kind == "element" and depth < 5:
            tag = draw(st.sampled_from(TAGS))
            close = draw(st.sampled_from((f"</{tag}>", "", f"</{draw(st.sampled_from(TAGS))}>")))
            parts.append(f"<{tag}>{draw(markup(depth + 1))}{close}")
        elif kind == "comment":
            parts.append(f"<!--{draw(TEXT)}-->")
        else:
            parts.append(draw(TEXT))
    return "".join(parts)


@settings(max_examples=300, deadline=None)
@given(markup())
def test_the_pages_walk_gives_every_element_its_own_blocks(text):
    body = body_of(f"<p>x</p>{text}")
    page = PageText(body)
    assert page.blocks == blocks(body)
    for element in body.iter():
        assert page.blocks_of(element) == blocks(element)
        assert page.text_of(element) == " ".join(blocks(element))


def test_reading_text_leaves_no_reference_cycles():
    """A cycle would keep each page's whole tree alive until the cycle collector runs."""
    body = body_of("<div><p>een<br>twee</p><span>drie</span><script>x</script></div>")
    gc.collect()
    gc.disable()
    try:
        page = PageText(body)
        page.blocks_of(body.find(".//span"))
        del page
        assert gc.collect() == 0
    finally:
        gc.enable()
