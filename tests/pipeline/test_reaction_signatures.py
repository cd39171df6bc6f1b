"""Readers who sign their reaction with their name: the signature is part of the text, the byline
is still the author, however the sign-off is laid out."""

import re
from pathlib import Path

import pytest

from pipeline.extractor import extract

PAGE = (Path(__file__).parents[2]
        / "mirror/sites/socialevraagstukken/files/buurtteams-in-de-praktijk/index.html")
URL = "https://www.socialevraagstukken.nl/buurtteams-in-de-praktijk/"
SIGNED = "<p>Met vriendelijke groet, Gerrit Mulder (wijkverpleegkundige)</p>"
# WordPress's Walker_Comment::html5_comment prints the byline before the text; the mirror's page
# has it after.
CONTENT_START = '<div class="comment-content">'
FOOTER = re.compile(r'<footer class="comment-meta">.*?</footer>\n', re.S)


def byline_first(html: str) -> str:
    footer = FOOTER.search(html)[0]
    return FOOTER.sub("", html).replace(CONTENT_START, footer + CONTENT_START)


@pytest.mark.parametrize("signature", [
    "<p>Met vriendelijke groet,</p>\n<p>Gerrit Mulder</p>",
    "<p>Met vriendelijke groet,<br>Gerrit Mulder</p>",
    "<p>Gerrit Mulder</p>",
    "<p>Gerrit Mulder</p>\n<p>PS: de buurtmoeder heet Ans.</p>",
], ids=["two paragraphs", "line break", "name alone", "postscript"])
@pytest.mark.parametrize("layout", [str, byline_first], ids=["byline after", "byline first"])
def test_a_signature_on_a_line_of_its_own_stays_in_the_text(signature, layout):
    html = PAGE.read_text(encoding="utf-8")
    assert SIGNED in html
    record = extract(layout(html.replace(SIGNED, signature)).encode(), URL)
    first = record["reactions"][0]
    assert first["author"] == "Gerrit Mulder"
    assert first["text"].startswith("Herkenbaar.")
    lines = first["text"].split("\n\n")
    assert lines[-1] == re.sub(r"<[^>]+>", "", signature.replace("<br>", "\n\n")).split("\n")[-1]
    assert lines.count("Gerrit Mulder") == 1


def test_the_signed_reaction_as_the_mirror_serves_it():
    record = extract(PAGE.read_bytes(), URL)
    first = record["reactions"][0]
    assert first["author"] == "Gerrit Mulder"
    assert first["text"].endswith("Met vriendelijke groet, Gerrit Mulder (wijkverpleegkundige)")
