"""Captured HTML as the capture's frame is served it: nothing in it runs or fetches from the live
web, and its links lead to the archive's captures (archive/publication/captured.py). The policy and
the sandbox are the guard (test_captures.py, and in Chromium test_publication_safety.py); this
is what spares the reader a frame full of refused requests."""

import re

import lxml.html

from archive.publication.captured import link_targets, shown

URL = "https://www.socialevraagstukken.nl/een-artikel/"
HOSTILE = b"""<!doctype html><html><head>
<meta http-equiv="refresh" content="0;url=https://example.com/">
<base href="https://example.com/">
<link rel="stylesheet" href="https://example.com/site.css">
<link rel="dns-prefetch" href="//example.com">
<style>@import url(https://example.com/a.css); body { background: url("https://example.com/b.png") }
p { background-image: url(data:image/png;base64,AAAA) }</style>
<script src="https://example.com/x.js"></script>
</head><body onload="alert(1)">
<p style="background: url(https://example.com/c.png)">Captured text stays.</p>
<img src="https://example.com/x.png" srcset="https://example.com/y.png 2x" alt="een plaatje">
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="inline">
<picture><source srcset="https://example.com/z.webp"><img src="/local.png"></picture>
<video poster="https://example.com/p.jpg"><source src="https://example.com/v.mp4"></video>
<iframe src="https://example.com/frame"></iframe><object data="https://example.com/o.swf"></object>
<embed src="https://example.com/e.swf"><noscript><img src="https://example.com/pixel.gif"></noscript>
<form action="https://example.com/post"><button formaction="https://example.com/b">Go</button></form>
<svg><image href="https://example.com/s.png"/><use xlink:href="https://example.com/u.svg#i"/></svg>
<table background="https://example.com/t.png"><tr><td>cel</td></tr></table>
<a href="/vraagstukken/zorg/" ping="https://example.com/ping">Zorg</a>
<a href="http://socialevraagstukken.nl/vraagstukken/armoede/?utm_source=x">Armoede</a>
<a href="https://example.com/elders" target="_blank">Elders</a>
<a href="javascript:alert(1)">Script</a>
<a href="#boven">Naar boven</a>
</body></html>"""
ARCHIVED = {
    "https://www.socialevraagstukken.nl/vraagstukken/zorg/": "/-/capture/7",
    "https://www.socialevraagstukken.nl/vraagstukken/armoede/": "/-/capture/8",
}
LIVE_ADDRESS = re.compile(r"example\.com")


def served_html() -> str:
    result = shown(HOSTILE, "text/html; charset=utf-8", URL, ARCHIVED)
    assert result.content_type == "text/html; charset=utf-8"
    return result.body.decode()


def test_nothing_in_a_capture_runs_or_fetches_from_the_live_web():
    html = served_html()
    tree = lxml.html.document_fromstring(html)
    assert "Captured text stays." in tree.text_content()
    assert tree.xpath("//script | //link | //base | //meta | //iframe | //object | //embed"
                      " | //noscript") == []
    assert [name for element in tree.iter() for name in element.attrib
            if name.startswith("on")] == []
    elsewhere = [line for line in html.splitlines() if LIVE_ADDRESS.search(line)]
    # The one address left is a title, the tooltip naming where an unarchived link led.
    assert elsewhere == ['<a title="Niet in het archief: https://example.com/elders">Elders</a>']
    assert "data:image/gif;base64" in html and "data:image/png;base64" in html, "inline kept"
    assert tree.xpath("//img") == tree.xpath("//img[starts-with(@src, 'data:')]")
    (missing,) = tree.xpath("//span[. = 'een plaatje']")
    assert missing.get("title") == "Afbeelding, niet in het archief", "shown as its text"


def test_links_lead_to_the_archives_captures_and_nowhere_else():
    tree = lxml.html.document_fromstring(served_html())
    links = {a.text: dict(a.attrib) for a in tree.iter("a")}
    assert links["Zorg"] == {"href": "/-/capture/7", "target": "_top"}
    # Another spelling of the same page (host, scheme, tracking parameter) finds its capture.
    assert links["Armoede"] == {"href": "/-/capture/8", "target": "_top"}
    assert links["Elders"] == {"title": "Niet in het archief: https://example.com/elders"}
    assert links["Script"] == {}
    assert links["Naar boven"] == {"href": "#boven"}


def test_the_links_to_look_up_are_every_spelling_the_crawler_may_have_used():
    targets = link_targets(HOSTILE, "text/html", URL)
    assert set(ARCHIVED) <= targets
    assert "http://socialevraagstukken.nl/vraagstukken/armoede/?utm_source=x" in targets
    assert "https://example.com/elders" in targets
    assert not any(target.startswith("javascript:") for target in targets)
    assert link_targets(b"<a href='/x'>", "application/xml", URL) == set()


def test_a_capture_that_is_not_html_is_shown_as_text_and_binary_not_at_all():
    feed = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'
    as_text = shown(feed, "image/svg+xml", URL, {})
    assert as_text.content_type == "text/plain; charset=utf-8" and as_text.body == feed
    binary = shown(bytes(range(256)) * 8, "application/pdf", URL, {})
    assert binary.content_type == "text/plain; charset=utf-8"
    assert binary.body.decode() == "Deze opname is geen tekst (application/pdf, 2048 bytes)."
