"""What WordPress core prints on a single post, whatever the theme.

A theme chooses the layout, but wp_head(), body_class(), post_class(), the_content(),
wp_list_comments() (Walker_Comment), comment_form(), the core blocks and wp_footer() print the
same markup on every WordPress site of a version. The site modules (socialevraagstukken.py,
zorgwelzijn.py) build a Post from a mirror Page and lay these pieces out as their themes do.

Sources (docs/platforms/wordpress.md lists them with what is guessed): WordPress/wordpress-develop
src/wp-includes/class-walker-comment.php, comment-template.php (get_comment_class, comment_form),
blocks/*.php (post-title, post-date, post-content, comment-template, comment-date, comments-title,
post-comments-form), general-template.php and script-loader.php (wp_head, the emoji loader).
Strings are those of the nl_NL translation as far as known; the seeds confirm "Reageer" and
"Het e-mailadres wordt niet gepubliceerd. Vereiste velden zijn gemarkeerd met *".
"""

from __future__ import annotations

import copy
import hashlib
import html
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import quote
from zoneinfo import ZoneInfo

import lxml.html
from lxml import etree

from mirror.server import SITES_DIR

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")
# date_i18n's abbreviations in nl_NL ("M").
MONTHS_SHORT = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")

# nl_NL strings of core (wp-includes) that comment and form markup print.
SAYS = "schreef:"
AT = "om"
REPLY = "Beantwoorden"
EDIT = "Bewerken"
ANONYMOUS = "Anoniem"


def esc(text: str) -> str:
    """esc_html(): text content."""
    return html.escape(text, quote=False)


def attr(text: str) -> str:
    """esc_attr(): an attribute value."""
    return html.escape(text, quote=True)


def sanitize_title(name: str) -> str:
    """sanitize_title(): what WordPress makes of a name in a URL."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def author_posts_url(home: str, name: str) -> str:
    """get_author_posts_url() with pretty permalinks: the author's archive, named after them."""
    return f"{home}author/{sanitize_title(name)}/"


# --- dates as date_i18n() prints them -------------------------------------------------------


def local(moment: datetime) -> datetime:
    """The site's time zone (Europe/Amsterdam), in which WordPress prints every date."""
    return moment.astimezone(AMSTERDAM)


def date_long(moment: datetime) -> str:
    """The nl_NL date_format "j F Y": 7 oktober 2013."""
    moment = local(moment)
    return f"{moment.day} {MONTHS[moment.month - 1]} {moment.year}"


def date_short_us(moment: datetime) -> str:
    """The format "M j, Y" that Twenty Twenty-Four's post-date block is given: okt 7, 2013."""
    moment = local(moment)
    return f"{MONTHS_SHORT[moment.month - 1]} {moment.day}, {moment.year}"


def time_short(moment: datetime) -> str:
    """The nl_NL time_format "H:i"; the seconds are not printed."""
    return local(moment).strftime("%H:%M")


def iso(moment: datetime) -> str:
    """PHP's "c" / DATE_W3C: 2013-10-08T11:24:37+02:00."""
    return local(moment).isoformat(timespec="seconds")


def comment_date_time(moment: datetime) -> str:
    """"%1$s at %2$s" in nl_NL: 8 oktober 2013 om 11:24."""
    return f"{date_long(moment)} {AT} {time_short(moment)}"


# --- what a post is ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Blog:
    name: str
    home: str  # with the trailing slash
    description: str
    version: str = "6.4.3"
    language: str = "nl-NL"

    def url(self, path: str = "") -> str:
        return self.home + path.lstrip("/")


@dataclass
class Person:
    name: str
    url: str
    bio: str | None = None


@dataclass
class Term:
    name: str
    slug: str
    url: str


@dataclass
class Image:
    src: str  # the size the theme shows
    full: str  # the uploaded file
    width: int = 696
    height: int = 464
    caption: str = ""
    alt: str = ""


@dataclass
class Comment:
    id: int
    author: str | None  # None: WordPress prints "Anoniem"
    posted: datetime
    html: str  # comment_text(): wpautop'd paragraphs
    children: list[Comment] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.author or ANONYMOUS


@dataclass
class Post:
    id: int
    url: str
    title: str
    published: datetime
    modified: datetime
    authors: list[Person]
    content: str  # the_content(): the post's HTML
    excerpt: str = ""
    categories: list[Term] = field(default_factory=list)
    tags: list[Term] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)  # top level, in page order
    thumbnail: Image | None = None
    comment_count: int | None = None  # when the page shows a count without the comments

    @property
    def slug(self) -> str:
        return self.url.rstrip("/").rsplit("/", 1)[-1]

    def all_comments(self) -> Iterator[Comment]:
        def walk(comments: list[Comment]) -> Iterator[Comment]:
            for comment in comments:
                yield comment
                yield from walk(comment.children)
        return walk(self.comments)

    @property
    def number_of_comments(self) -> int:
        if self.comment_count is not None:
            return self.comment_count
        return sum(1 for _ in self.all_comments())


# --- <head>: wp_head() ------------------------------------------------------------------------


def stylesheet(url: str, handle: str, ver: str, html5: bool = True, media: str = "all") -> str:
    """WP_Styles::do_item(): single quotes; type='text/css' until themes declared html5 style
    support (WordPress 5.3 on)."""
    kind = "" if html5 else " type='text/css'"
    return f"<link rel='stylesheet' id='{handle}-css' href='{attr(url)}?ver={ver}'{kind} " \
           f"media='{media}' />"


def inline_style(handle: str, css: str, html5: bool = True) -> str:
    kind = "" if html5 else " type='text/css'"
    return f"<style id='{handle}-inline-css'{kind}>\n{css}\n</style>"


def script(url: str, handle: str, ver: str, html5: bool = True, extra: str = "") -> str:
    kind = "" if html5 else " type='text/javascript'"
    return f"<script{kind} src='{attr(url)}?ver={ver}' id='{handle}-js'{extra}></script>"


def inline_script(handle: str, js: str, position: str = "extra", html5: bool = True) -> str:
    kind = "" if html5 else " type='text/javascript'"
    return f"<script{kind} id='{handle}-js-{position}'>\n{js}\n</script>"


def emoji_loader(blog: Blog, html5: bool = True) -> str:
    """print_emoji_detection_script(): the settings and the loader that swaps in emoji images
    where the browser lacks them, and the emoji style. Not core's own minified loader, but one
    of its shape and size."""
    settings = {
        "baseUrl": "https://s.w.org/images/core/emoji/15.0.3/72x72/",
        "ext": ".png",
        "svgUrl": "https://s.w.org/images/core/emoji/15.0.3/svg/",
        "svgExt": ".svg",
        "source": {"concatemoji": blog.url(f"wp-includes/js/wp-emoji-release.min.js?ver="
                                           f"{blog.version}")},
    }
    loader = (
        "/*! This file is auto-generated */\n"
        "!function(s,n){var o,i,e;function c(e){try{var t={supportTests:e,timestamp:(new Date)"
        ".valueOf()};sessionStorage.setItem(o,JSON.stringify(t))}catch(e){}}function p(e,t,n)"
        "{e.clearRect(0,0,e.canvas.width,e.canvas.height),e.fillText(t,0,0);var t=new "
        "Uint32Array(e.getImageData(0,0,e.canvas.width,e.canvas.height).data),r=(e.clearRect"
        "(0,0,e.canvas.width,e.canvas.height),e.fillText(n,0,0),new Uint32Array(e.getImageData"
        "(0,0,e.canvas.width,e.canvas.height).data));return t.every(function(e,t){return e===r"
        "[t]})}function u(e,t,n){switch(t){case\"flag\":return n(e,\"\\ud83c\\udff3\\ufe0f"
        "\\u200d\\u26a7\\ufe0f\",\"\\ud83c\\udff3\\ufe0f\\u200b\\u26a7\\ufe0f\")?!1:!n(e,"
        "\"\\ud83c\\uddfa\\ud83c\\uddf3\",\"\\ud83c\\uddfa\\u200b\\ud83c\\uddf3\");case"
        "\"emoji\":return!n(e,\"\\ud83d\\udc26\\u200d\\u2b1b\",\"\\ud83d\\udc26\\u200b\\u2b1b"
        "\")}return!1}function f(e,t,n){var r=\"undefined\"!=typeof WorkerGlobalScope&&self "
        "instanceof WorkerGlobalScope?new OffscreenCanvas(300,150):s.createElement(\"canvas\")"
        ",a=r.getContext(\"2d\",{willReadFrequently:!0}),o=(a.textBaseline=\"top\",a.font="
        "\"600 32px Arial\",{});return e.forEach(function(e){o[e]=t(a,e,n)}),o}function t(e)"
        "{var t=s.createElement(\"script\");t.src=e,t.defer=!0,s.head.appendChild(t)}\"undefin"
        "ed\"!=typeof Promise&&(o=\"wpEmojiSettingsSupports\",i=[\"flag\",\"emoji\"],n."
        "supports={everything:!0,everythingExceptFlag:!0},e=new Promise(function(e){s."
        "addEventListener(\"DOMContentLoaded\",e,{once:!0})}),new Promise(function(t){var n="
        "function(){try{var e=JSON.parse(sessionStorage.getItem(o));if(\"object\"==typeof e&&"
        "\"number\"==typeof e.timestamp&&(new Date).valueOf()<e.timestamp+604800&&\"object\"=="
        "typeof e.supportTests)return e.supportTests}catch(e){}return null}();if(!n){if(\"undef"
        "ined\"!=typeof Worker&&\"undefined\"!=typeof OffscreenCanvas&&\"undefined\"!=typeof "
        "URL&&URL.createObjectURL&&\"undefined\"!=typeof Blob)try{var e=\"postMessage(\"+f."
        "toString()+\"(\"+[JSON.stringify(i),u.toString(),p.toString()].join(\",\")+\"));\","
        "r=new Blob([e],{type:\"text/javascript\"}),a=new Worker(URL.createObjectURL(r),{name:"
        "\"wpTestEmojiSupports\"});return void(a.onmessage=function(e){c(n=e.data),a."
        "terminate(),t(n)})}catch(e){}c(n=f(i,u,p))}t(n)}).then(function(e){for(var t in e)n."
        "supports[t]=e[t],n.supports.everything=n.supports.everything&&n.supports[t],\"flag\""
        "!==t&&(n.supports.everythingExceptFlag=n.supports.everythingExceptFlag&&n.supports[t]"
        ");n.supports.everythingExceptFlag=n.supports.everythingExceptFlag&&!n.supports.flag,"
        "n.DOMReady=!1,n.readyCallback=function(){n.DOMReady=!0}}).then(function(){return e})"
        ".then(function(){var e;n.supports.everything||(n.readyCallback(),(e=n.source||{})."
        "concatemoji?t(e.concatemoji):e.wpemoji&&e.twemoji&&(t(e.twemoji),t(e.wpemoji)))}))}"
        "((window,document),window._wpemojiSettings);"
    )
    kind = "" if html5 else ' type="text/javascript"'
    css = ("img.wp-smiley, img.emoji {\n\tdisplay: inline !important;\n\tborder: none !important;"
           "\n\tbox-shadow: none !important;\n\theight: 1em !important;\n\twidth: 1em !important;"
           "\n\tmargin: 0 0.07em !important;\n\tvertical-align: -0.1em !important;\n\tbackground:"
           " none !important;\n\tpadding: 0 !important;\n}")
    settings_js = json.dumps(settings, separators=(",", ":")).replace("/", "\\/")
    return (f"<script{kind}>\nwindow._wpemojiSettings = {settings_js};\n{loader}\n</script>\n"
            + inline_style("wp-emoji-styles", css, html5))


def rest_links(blog: Blog, post: Post, canonical: bool = True) -> str:
    """rest_output_link_wp_head(), rsd_link(), wp_generator(), rel_canonical(),
    wp_shortlink_wp_head() and wp_oembed_add_discovery_links(). An SEO plugin that prints its own
    canonical removes core's."""
    encoded = quote(post.url, safe="")
    lines = [
        f'<link rel="https://api.w.org/" href="{blog.url("wp-json/")}" />',
        f'<link rel="alternate" title="JSON" type="application/json" '
        f'href="{blog.url(f"wp-json/wp/v2/posts/{post.id}")}" />',
        f'<link rel="EditURI" type="application/rsd+xml" title="RSD" '
        f'href="{blog.url("xmlrpc.php?rsd")}" />',
        f'<meta name="generator" content="WordPress {blog.version}" />',
    ]
    if canonical:
        lines.append(f'<link rel="canonical" href="{post.url}" />')
    lines += [
        f"<link rel='shortlink' href='{blog.url(f'?p={post.id}')}' />",
        f'<link rel="alternate" title="oEmbed (JSON)" type="application/json+oembed" '
        f'href="{blog.url(f"wp-json/oembed/1.0/embed?url={encoded}")}" />',
        f'<link rel="alternate" title="oEmbed (XML)" type="text/xml+oembed" '
        f'href="{blog.url(f"wp-json/oembed/1.0/embed?url={encoded}&#038;format=xml")}" />',
    ]
    return "\n".join(lines)


def feed_links(blog: Blog, post: Post) -> str:
    """feed_links() and feed_links_extra(): the site's feeds and this post's comments feed."""
    name = esc(blog.name)
    return "\n".join((
        f'<link rel="alternate" type="application/rss+xml" title="{name} &raquo; feed" '
        f'href="{blog.url("feed/")}" />',
        f'<link rel="alternate" type="application/rss+xml" title="{name} &raquo; reacties feed"'
        f' href="{blog.url("comments/feed/")}" />',
        f'<link rel="alternate" type="application/rss+xml" title="{name} &raquo; '
        f'{attr(post.title)} reacties feed" href="{post.url}feed/" />',
    ))


def yoast_head(blog: Blog, post: Post, version: str = "22.6", image: str = "") -> str:
    """What Yoast SEO prints instead of core's canonical: robots, Open Graph, article times,
    Twitter cards and its schema.org graph. Dutch news sites run it or a plugin like it; the
    dates it carries are machine-readable only."""
    description = post.excerpt[:155]
    author = post.authors[0].name if post.authors else ""
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "Article", "@id": f"{post.url}#article",
             "isPartOf": {"@id": post.url},
             "headline": post.title, "datePublished": iso(post.published),
             "dateModified": iso(post.modified), "mainEntityOfPage": {"@id": post.url},
             "wordCount": len(_text_of(post.content).split()),
             "commentCount": post.number_of_comments,
             "publisher": {"@id": f"{blog.home}#organization"},
             "articleSection": [term.name for term in post.categories],
             "keywords": [term.name for term in post.tags], "inLanguage": blog.language},
            {"@type": "WebPage", "@id": post.url, "url": post.url,
             "name": f"{post.title} - {blog.name}", "isPartOf": {"@id": f"{blog.home}#website"},
             "datePublished": iso(post.published), "dateModified": iso(post.modified),
             "description": description, "breadcrumb": {"@id": f"{post.url}#breadcrumb"},
             "inLanguage": blog.language,
             "potentialAction": [{"@type": "ReadAction", "target": [post.url]}]},
            {"@type": "BreadcrumbList", "@id": f"{post.url}#breadcrumb", "itemListElement": [
                {"@type": "ListItem", "position": 1, "name": "Home", "item": blog.home},
                {"@type": "ListItem", "position": 2, "name": post.title}]},
            {"@type": "WebSite", "@id": f"{blog.home}#website", "url": blog.home,
             "name": blog.name, "description": blog.description,
             "publisher": {"@id": f"{blog.home}#organization"},
             "potentialAction": [{"@type": "SearchAction", "target": {
                 "@type": "EntryPoint", "urlTemplate": f"{blog.home}?s={{search_term_string}}"},
                 "query-input": {"@type": "PropertyValueSpecification", "valueRequired": True,
                                 "valueName": "search_term_string"}}],
             "inLanguage": blog.language},
            {"@type": "Organization", "@id": f"{blog.home}#organization", "name": blog.name,
             "url": blog.home},
        ],
    }
    if author:
        person = {"@type": "Person", "@id": f"{blog.home}#/schema/person/{digest(author)}",
                  "name": author}
        graph["@graph"][0]["author"] = {"name": author, "@id": person["@id"]}
        graph["@graph"].append(person)
    lines = [
        f"<!-- This site is optimized with the Yoast SEO plugin v{version} - "
        "https://yoast.com/wordpress/plugins/seo/ -->",
        f"<title>{esc(post.title)} - {esc(blog.name)}</title>",
        '<meta name="robots" content="index, follow, max-snippet:-1, max-image-preview:large, '
        'max-video-preview:-1" />',
        f'<link rel="canonical" href="{post.url}" />',
        '<meta property="og:locale" content="nl_NL" />',
        '<meta property="og:type" content="article" />',
        f'<meta property="og:title" content="{attr(post.title)}" />',
        f'<meta property="og:description" content="{attr(description)}" />',
        f'<meta property="og:url" content="{post.url}" />',
        f'<meta property="og:site_name" content="{attr(blog.name)}" />',
        f'<meta property="article:published_time" content="{_utc(post.published)}" />',
        f'<meta property="article:modified_time" content="{_utc(post.modified)}" />',
    ]
    if image:
        lines.append(f'<meta property="og:image" content="{image}" />')
    if author:
        lines += [f'<meta name="author" content="{attr(author)}" />',
                  '<meta name="twitter:label1" content="Geschreven door" />',
                  f'<meta name="twitter:data1" content="{attr(author)}" />']
    lines += [
        '<meta name="twitter:card" content="summary_large_image" />',
        '<meta name="twitter:label2" content="Geschatte leestijd" />',
        f'<meta name="twitter:data2" content="{_minutes(post)} minuten" />',
        '<script type="application/ld+json" class="yoast-schema-graph">'
        + json.dumps(graph, ensure_ascii=False, separators=(",", ":")).replace("/", "\\/")
        + "</script>",
        "<!-- / Yoast SEO plugin. -->",
    ]
    return "\n".join(lines)


def _utc(moment: datetime) -> str:
    """Yoast prints article times in UTC with an explicit offset."""
    return moment.astimezone(ZoneInfo("UTC")).isoformat(timespec="seconds")


def _minutes(post: Post) -> int:
    return max(1, round(len(_text_of(post.content).split()) / 200))


def digest(text: str) -> str:
    """An md5 hex digest, as Gravatar and Yoast use for ids."""
    return hashlib.md5(text.encode()).hexdigest()


def _text_of(fragment: str) -> str:
    if not fragment.strip():
        return ""
    return etree.fromstring(f"<div>{fragment}</div>", etree.HTMLParser()).xpath("string()")


# --- global styles: the CSS every 6.x page carries inline -------------------------------------

PALETTE = (("black", "#000000"), ("cyan-bluish-gray", "#abb8c3"), ("white", "#ffffff"),
           ("pale-pink", "#f78da7"), ("vivid-red", "#cf2e2e"),
           ("luminous-vivid-orange", "#ff6900"), ("luminous-vivid-amber", "#fcb900"),
           ("light-green-cyan", "#7bdcb5"), ("vivid-green-cyan", "#00d084"),
           ("pale-cyan-blue", "#8ed1fc"), ("vivid-cyan-blue", "#0693e3"),
           ("vivid-purple", "#9b51e0"))
GRADIENTS = (
    ("vivid-cyan-blue-to-vivid-purple",
     "linear-gradient(135deg,rgba(6,147,227,1) 0%,rgb(155,81,224) 100%)"),
    ("light-green-cyan-to-vivid-green-cyan",
     "linear-gradient(135deg,rgb(122,220,180) 0%,rgb(0,208,130) 100%)"),
    ("luminous-vivid-amber-to-luminous-vivid-orange",
     "linear-gradient(135deg,rgba(252,185,0,1) 0%,rgba(255,105,0,1) 100%)"),
    ("luminous-vivid-orange-to-vivid-red",
     "linear-gradient(135deg,rgba(255,105,0,1) 0%,rgb(207,46,46) 100%)"),
    ("very-light-gray-to-cyan-bluish-gray",
     "linear-gradient(135deg,rgb(238,238,238) 0%,rgb(169,184,195) 100%)"),
    ("cool-to-warm-spectrum", "linear-gradient(135deg,rgb(74,234,220) 0%,rgb(151,120,209) 20%,"
     "rgb(207,42,186) 40%,rgb(238,44,130) 60%,rgb(251,105,98) 80%,rgb(254,248,76) 100%)"),
    ("blush-light-purple", "linear-gradient(135deg,rgb(255,206,236) 0%,rgb(152,150,240) 100%)"),
    ("blush-bordeaux", "linear-gradient(135deg,rgb(254,205,165) 0%,rgb(254,45,45) 50%,"
     "rgb(107,0,62) 100%)"),
    ("luminous-dusk", "linear-gradient(135deg,rgb(255,203,112) 0%,rgb(199,81,192) 50%,"
     "rgb(65,88,208) 100%)"),
    ("pale-ocean", "linear-gradient(135deg,rgb(255,245,203) 0%,rgb(182,227,212) 50%,"
     "rgb(51,167,181) 100%)"),
    ("electric-grass", "linear-gradient(135deg,rgb(202,248,128) 0%,rgb(113,206,126) 100%)"),
    ("midnight", "linear-gradient(135deg,rgb(2,3,129) 0%,rgb(40,116,252) 100%)"),
)
FONT_SIZES = (("small", "13px"), ("medium", "20px"), ("large", "36px"), ("x-large", "42px"))
SPACING = (("20", "0.44rem"), ("30", "0.67rem"), ("40", "1rem"), ("50", "1.5rem"),
           ("60", "2.25rem"), ("70", "3.38rem"), ("80", "5.06rem"))
SHADOWS = (("natural", "6px 6px 9px rgba(0, 0, 0, 0.2)"),
           ("deep", "12px 12px 50px rgba(0, 0, 0, 0.4)"),
           ("sharp", "6px 6px 0px rgba(0, 0, 0, 0.2)"),
           ("outlined", "6px 6px 0px -3px rgba(255, 255, 255, 1), 6px 6px rgba(0, 0, 0, 1)"),
           ("crisp", "6px 6px 0px rgba(0, 0, 0, 1)"))


def global_styles(palette: Iterable[tuple[str, str]] = (),
                  font_sizes: Iterable[tuple[str, str]] = ()) -> str:
    """wp_enqueue_global_styles(): the presets as custom properties and one class per preset
    for color, background, border and font size; a block theme adds its own palette."""
    colors = list(PALETTE) + list(palette)
    sizes = list(FONT_SIZES) + list(font_sizes)
    props = [f"--wp--preset--color--{name}: {value};" for name, value in colors]
    props += [f"--wp--preset--gradient--{name}: {value};" for name, value in GRADIENTS]
    props += [f"--wp--preset--font-size--{name}: {value};" for name, value in sizes]
    props += [f"--wp--preset--spacing--{name}: {value};" for name, value in SPACING]
    props += [f"--wp--preset--shadow--{name}: {value};" for name, value in SHADOWS]
    rules = [":root{" + "".join(props) + "}"]
    rules += [
        ":where(.is-layout-flex){gap: 0.5em;}:where(.is-layout-grid){gap: 0.5em;}",
        "body .is-layout-flex{display: flex;}.is-layout-flex{flex-wrap: wrap;align-items: "
        "center;}.is-layout-flex > :is(*, div){margin: 0;}body .is-layout-grid{display: grid;}"
        ".is-layout-grid > :is(*, div){margin: 0;}",
        ":where(.wp-block-columns.is-layout-flex){gap: 2em;}:where(.wp-block-columns.is-layout-"
        "grid){gap: 2em;}:where(.wp-block-post-template.is-layout-flex){gap: 1.25em;}",
    ]
    for name, _ in colors:
        rules.append(f".has-{name}-color{{color: var(--wp--preset--color--{name}) !important;}}")
        rules.append(f".has-{name}-background-color{{background-color: var(--wp--preset--color"
                     f"--{name}) !important;}}")
        rules.append(f".has-{name}-border-color{{border-color: var(--wp--preset--color--{name})"
                     f" !important;}}")
    for name, _ in GRADIENTS:
        rules.append(f".has-{name}-gradient-background{{background: var(--wp--preset--gradient"
                     f"--{name}) !important;}}")
    for name, _ in sizes:
        rules.append(f".has-{name}-font-size{{font-size: var(--wp--preset--font-size--{name}) "
                     f"!important;}}")
    rules.append(":where(.wp-block-post-template.is-layout-flex){gap: 1.25em;}"
                 ":where(.wp-block-post-template.is-layout-grid){gap: 1.25em;}")
    rules.append(":where(.wp-block-pullquote){font-size: 1.5em;line-height: 1.6;}")
    return "\n".join(rules)


CLASSIC_THEME_STYLES = (
    "/*! This file is auto-generated */\n.wp-block-button__link{color:#fff;background-color:"
    "#32373c;border-radius:9999px;box-shadow:none;text-decoration:none;padding:calc(.667em + "
    "2px) calc(1.333em + 2px);font-size:1.125em}.wp-block-file__button{background:#32373c;"
    "color:#fff;text-decoration:none}"
)


def filler_css(prefix: str, selectors: Iterable[str], rounds: int = 1) -> str:
    """A theme's inline customizer CSS: the same properties set on many selectors, as themes'
    option panels print them. Only weight and realism matter here, not the rules."""
    properties = ("color: #111111", "font-family: 'Open Sans', sans-serif",
                  "font-size: 15px", "line-height: 1.74", "margin-bottom: 26px",
                  "border-color: #e0e0e0", "background-color: #ffffff", "padding: 0 0 12px")
    rules = []
    for round_ in range(rounds):
        for index, selector in enumerate(selectors):
            chosen = "; ".join(properties[(index + round_ + n) % len(properties)]
                               for n in range(3))
            media = f"@media (max-width: {767 + 256 * round_}px) {{ " if round_ else ""
            close = " }" if round_ else ""
            rules.append(f"{media}{prefix}{selector} {{ {chosen}; }}{close}")
    return "\n".join(rules)


# --- <body> classes ---------------------------------------------------------------------------


def body_class(post: Post, *extra: str, template: str = "") -> str:
    """body_class() on a single post; a post given a custom template names it."""
    kind = (f"post-template post-template-{template}" if template
            else "post-template-default")
    return " ".join((kind, "single", "single-post", f"postid-{post.id}",
                     "single-format-standard", *extra))


def post_class(post: Post, *extra: str) -> str:
    """get_post_class(): id, type, status, format, thumbnail, hentry, then every term."""
    classes = [f"post-{post.id}", "post", "type-post", "status-publish", "format-standard"]
    if post.thumbnail:
        classes.append("has-post-thumbnail")
    classes.append("hentry")
    classes += [f"category-{term.slug}" for term in post.categories]
    classes += [f"tag-{term.slug}" for term in post.tags]
    return " ".join((*classes, *extra))


# --- the post's terms: get_the_category_list(), get_the_tag_list() ----------------------------


def category_list(post: Post, separator: str = ", ") -> str:
    """get_the_category_list(): the post's categories as links to their archives."""
    return separator.join(f'<a href="{term.url}" rel="category tag">{esc(term.name)}</a>'
                          for term in post.categories)


def tag_list(post: Post, separator: str = ", ") -> str:
    """get_the_tag_list(): the post's tags as links to their archives."""
    return separator.join(f'<a href="{term.url}" rel="tag">{esc(term.name)}</a>'
                          for term in post.tags)


# --- widgets: dynamic_sidebar() ---------------------------------------------------------------


@dataclass(frozen=True)
class Sidebar:
    """A theme's register_sidebar() arguments: what dynamic_sidebar() prints around each widget
    (%1$s: the widget's id, %2$s: its class name) and around a widget's title."""

    before_widget: str
    after_widget: str
    before_title: str
    after_title: str

    def widget(self, widget_id: str, classname: str, content: str, title: str = "") -> str:
        """One widget as the sidebar prints it; a widget without a title prints no heading."""
        before = self.before_widget.replace("%1$s", widget_id).replace("%2$s", classname)
        heading = f"{self.before_title}{title}{self.after_title}" if title else ""
        return f"{before}{heading}{content}{self.after_widget}"


# --- comments: Walker_Comment -----------------------------------------------------------------


def avatar(name: str, size: int) -> str:
    """get_avatar(): Gravatar's mystery person when the address has none."""
    hashed = digest(name.lower())
    src = f"https://secure.gravatar.com/avatar/{hashed}?s={size}&#038;d=mm&#038;r=g"
    double = f"https://secure.gravatar.com/avatar/{hashed}?s={size * 2}&#038;d=mm&#038;r=g 2x"
    return (f"<img alt='' src='{src}' srcset='{double}' class='avatar avatar-{size} photo' "
            f"height='{size}' width='{size}' loading='lazy' decoding='async'/>")


def comment_link(post: Post, comment: Comment) -> str:
    return f"{post.url}#comment-{comment.id}"


def reply_link(post: Post, comment: Comment, text: str = REPLY) -> str:
    """comment_reply_link(): the link comment-reply.js moves the form under."""
    label = attr(f"Reageer op {comment.name}")
    return (f'<div class="reply"><a rel="nofollow" class="comment-reply-link" '
            f'href="{post.url}?replytocom={comment.id}#respond" data-commentid="{comment.id}" '
            f'data-postid="{post.id}" data-belowelement="div-comment-{comment.id}" '
            f'data-respondelement="respond" data-replyto="{label}" aria-label="{label}">'
            f"{text}</a></div>")


class CommentClasses:
    """get_comment_class(): its globals $comment_alt and $comment_thread_alt count every comment
    and every thread in the order the walker meets them."""

    def __init__(self) -> None:
        self.alt = 0
        self.thread_alt = 0

    def __call__(self, depth: int, has_children: bool) -> str:
        classes = ["comment"]
        classes += ["odd", "alt"] if self.alt % 2 else ["even"]
        self.alt += 1
        if depth == 1:
            classes += ["thread-odd", "thread-alt"] if self.thread_alt % 2 else ["thread-even"]
            self.thread_alt += 1
        classes.append(f"depth-{depth}")
        if has_children:
            classes.append("parent")
        return " ".join(classes)


def html5_comments(post: Post, style: str = "ol", avatar_size: int = 32,
                   reply_text: str = REPLY, max_depth: int = 5) -> str:
    """wp_list_comments() with format html5: Walker_Comment::html5_comment(), replies in
    <ol|ul class="children"> inside the comment they answer."""

    def item(comment: Comment, depth: int, css_class: str, children: str) -> str:
        meta = (
            f'<footer class="comment-meta">\n{_comment_author(comment, avatar_size, "b")}'
            f"<!-- .comment-author -->\n\n"
            f'<div class="comment-metadata">\n<a href="{comment_link(post, comment)}">'
            f'<time datetime="{iso(comment.posted)}">{comment_date_time(comment.posted)}</time>'
            f"</a></div><!-- .comment-metadata -->\n\n</footer><!-- .comment-meta -->\n")
        body = (f'<article id="div-comment-{comment.id}" class="comment-body">\n{meta}\n'
                f'<div class="comment-content">\n{comment.html}\n</div><!-- .comment-content -->'
                f"\n\n{_reply(post, comment, reply_text, depth, max_depth)}"
                f"\n</article><!-- .comment-body -->\n")
        return (f'<li id="comment-{comment.id}" class="{css_class}">\n'
                f"{body}{children}</li><!-- #comment-## -->\n")

    return _walk_comments(post, style, item)


def xhtml_comments(post: Post, style: str = "ul", avatar_size: int = 32,
                   reply_text: str = REPLY, max_depth: int = 5) -> str:
    """wp_list_comments() without html5 support: Walker_Comment::comment(). The date is the text
    of a link ("8 oktober 2013 om 11:24", no <time>, no seconds) and the paragraphs of the comment
    stand straight in div.comment-body, after the author and the date."""

    def item(comment: Comment, depth: int, css_class: str, children: str) -> str:
        body = (
            f'<div id="div-comment-{comment.id}" class="comment-body">\n'
            f'{_comment_author(comment, avatar_size, "cite")}\n\n'
            f'<div class="comment-meta commentmetadata">\n'
            f'<a href="{comment_link(post, comment)}">{comment_date_time(comment.posted)}</a>'
            f"</div>\n\n{comment.html}\n\n"
            f"{_reply(post, comment, reply_text, depth, max_depth)}\n</div>\n")
        return (f'<li class="{css_class}" id="comment-{comment.id}">'
                f"\n{body}{children}</li><!-- #comment-## -->\n")

    return _walk_comments(post, style, item)


def _walk_comments(post: Post, style: str, item) -> str:
    """Walker_Comment's walk over the threads for both formats: `item(comment, depth, classes,
    replies)` prints one comment around its printed replies. The replies are walked before the
    comment's own classes are counted, so even/odd (CommentClasses) number a reply before the
    comment it answers; Walker::display_element() counts the comment first."""
    classes = CommentClasses()

    def one(comment: Comment, depth: int) -> str:
        children = _children(comment, depth, style, one)
        return item(comment, depth, classes(depth, bool(comment.children)), children)

    return "".join(one(comment, 1) for comment in post.comments)


def _children(comment: Comment, depth: int, style: str, one) -> str:
    """Walker_Comment::start_lvl() / end_lvl(): a nested list of the replies."""
    if not comment.children:
        return ""
    inner = "".join(one(child, depth + 1) for child in comment.children)
    return f'<{style} class="children">\n{inner}</{style}><!-- .children -->\n'


def _comment_author(comment: Comment, avatar_size: int, name_tag: str) -> str:
    """div.comment-author of both formats: the avatar (none at size 0), the name in `name_tag`
    (<b> in html5, <cite> before it) and "schreef:"."""
    picture = avatar(comment.name, avatar_size) if avatar_size else ""
    return (f'<div class="comment-author vcard">\n{picture}<{name_tag} class="fn">'
            f'{esc(comment.name)}</{name_tag}> <span class="says">{SAYS}</span></div>')


def _reply(post: Post, comment: Comment, text: str, depth: int, max_depth: int) -> str:
    """The reply link, which comment_reply_link() leaves out at the deepest level threads may
    reach (thread_comments_depth)."""
    return reply_link(post, comment, text) if depth < max_depth else ""


# --- the comment form: comment_form() ---------------------------------------------------------


@dataclass(frozen=True)
class FormStrings:
    """The arguments a theme may change; core's nl_NL defaults."""

    title_reply: str = "Geef een reactie"
    label_submit: str = "Reactie plaatsen"
    title_reply_before: str = '<h3 id="reply-title" class="comment-reply-title">'
    title_reply_after: str = "</h3>"
    class_container: str = "comment-respond"
    class_form: str = "comment-form"
    submit_button: str = '<input name="submit" type="submit" id="submit" class="submit" ' \
                         'value="{label}" />'
    submit_field: str = '<p class="form-submit">{button} {hidden}</p>'


def comment_form(blog: Blog, post: Post, html5: bool = True,
                 strings: FormStrings = FormStrings(), cookies: bool = True,
                 novalidate: bool = True, custom_fields: list[str] | None = None,
                 notes: str | None = None) -> str:
    """comment_form() for a visitor who is not logged in, threaded comments on. A theme may
    pass its own fields (the comment field first) and its own notes ('' for none)."""
    required = " required" if html5 else ' required="required"'
    email_type, url_type = ('type="email"', 'type="url"') if html5 else ('type="text"',) * 2
    indicator = ' <span class="required">*</span>'
    message = ('<span class="required-field-message">Vereiste velden zijn gemarkeerd met '
               '<span class="required">*</span></span>')
    fields = [
        f'<p class="comment-form-comment"><label for="comment">Reactie{indicator}</label> '
        f'<textarea id="comment" name="comment" cols="45" rows="8" maxlength="65525"{required}>'
        "</textarea></p>",
        f'<p class="comment-form-author"><label for="author">Naam{indicator}</label> '
        f'<input id="author" name="author" type="text" value="" size="30" maxlength="245" '
        f'autocomplete="name"{required} /></p>',
        f'<p class="comment-form-email"><label for="email">E-mail{indicator}</label> '
        f'<input id="email" name="email" {email_type} '
        f'value="" size="30" maxlength="100" aria-describedby="email-notes" '
        f'autocomplete="email"{required} /></p>',
        f'<p class="comment-form-url"><label for="url">Site</label> <input id="url" name="url" '
        f'{url_type} value="" size="30" maxlength="200" '
        'autocomplete="url" /></p>',
    ]
    if cookies:
        fields.append(
            '<p class="comment-form-cookies-consent"><input id="wp-comment-cookies-consent" '
            'name="wp-comment-cookies-consent" type="checkbox" value="yes" /> <label '
            'for="wp-comment-cookies-consent">Mijn naam, e-mail en site opslaan in deze browser '
            "voor de volgende keer wanneer ik een reactie plaats.</label></p>")
    if custom_fields is not None:
        fields = custom_fields + fields[4:]
    if notes is None:
        notes = (f'<p class="comment-notes"><span id="email-notes">Het e-mailadres wordt niet '
                 f"gepubliceerd.</span> {message}</p>")
    hidden = (f"<input type='hidden' name='comment_post_ID' value='{post.id}' "
              "id='comment_post_ID' />\n<input type='hidden' name='comment_parent' "
              "id='comment_parent' value='0' />")
    submit = strings.submit_field.format(
        button=strings.submit_button.format(label=strings.label_submit), hidden=hidden)
    return (
        f'<div id="respond" class="{strings.class_container}">\n'
        f"{strings.title_reply_before}{strings.title_reply} <small><a rel=\"nofollow\" "
        f'id="cancel-comment-reply-link" href="{post.url}#respond" style="display:none;">'
        f"Reactie annuleren</a></small>{strings.title_reply_after}"
        f'<form action="{blog.url("wp-comments-post.php")}" method="post" id="commentform" '
        f'class="{strings.class_form}"{" novalidate" if novalidate else ""}>'
        + notes + "".join(fields) + submit
        + "</form>\t</div><!-- #respond -->\n")


# --- core blocks (block themes) ---------------------------------------------------------------


def block_post_title(post: Post, extra: str = "") -> str:
    """render_block_core_post_title() with level 1."""
    return f'<h1 class="wp-block-post-title{extra}">{esc(post.title)}</h1>'


def block_post_date(post: Post, text: str, link: bool = True, modified: bool = False) -> str:
    """render_block_core_post_date(): the date in <time datetime>, linked to the post."""
    moment = post.modified if modified else post.published
    inner = f'<a href="{post.url}">{text}</a>' if link else text
    extra = " wp-block-post-date__modified-date" if modified else ""
    return (f'<div class="wp-block-post-date{extra}"><time datetime="{iso(moment)}">{inner}'
            "</time></div>")


def block_post_author_name(person: Person) -> str:
    """render_block_core_post_author_name() with isLink."""
    return (f'<div class="wp-block-post-author-name"><a href="{person.url}" target="_self" '
            f'class="wp-block-post-author-name__link">{esc(person.name)}</a></div>')


def block_post_content(post: Post, extra: str = "") -> str:
    """render_block_core_post_content(): the_content() in div.entry-content."""
    return (f'<div class="entry-content wp-block-post-content{extra}">\n{post.content}\n'
            "</div>")


def block_post_terms(terms: list[Term], taxonomy: str, prefix: str = "",
                     separator: str = ", ", extra: str = "") -> str:
    """render_block_core_post_terms()."""
    if not terms:
        return ""
    links = separator.join(f'<a href="{term.url}" rel="tag">{esc(term.name)}</a>'
                           for term in terms)
    before = f'<span class="wp-block-post-terms__prefix">{prefix}</span>' if prefix else ""
    return (f'<div class="taxonomy-{taxonomy} wp-block-post-terms{extra}">{before}{links}'
            "</div>")


def block_comments(blog: Blog, post: Post, heading: str) -> str:
    """Twenty Twenty-Four's comments pattern: the comments-title, the comment-template block
    (ol.wp-block-comment-template, replies in a bare <ol> inside the comment) and the
    post-comments-form block."""
    classes = CommentClasses()

    def one(comment: Comment, depth: int) -> str:
        inner = (
            '<div class="wp-block-group is-layout-flow wp-block-group-is-layout-flow" '
            'style="margin-top:0;margin-bottom:var(--wp--preset--spacing--30)">'
            '<div class="wp-block-group is-nowrap is-layout-flex wp-container-core-group-is-'
            'layout-1 wp-block-group-is-layout-flex"><div class="wp-block-avatar">'
            f"{avatar(comment.name, 40).replace(' photo', ' photo wp-block-avatar__image')}"
            "</div><div class=\"wp-block-group is-layout-flow wp-block-group-is-layout-flow\">"
            f'<div class="wp-block-comment-author-name">{esc(comment.name)}</div>'
            f'<div class="wp-block-comment-date"><time datetime="{iso(comment.posted)}">'
            f'<a href="{comment_link(post, comment)}">{date_long(comment.posted)}</a></time>'
            "</div></div></div>"
            f'<div class="wp-block-comment-content">{comment.html}</div>'
            '<div class="wp-block-group is-layout-flex wp-block-group-is-layout-flex">'
            '<div class="wp-block-comment-reply-link"><a rel="nofollow" class="comment-reply-'
            f'link" href="{post.url}?replytocom={comment.id}#respond" data-commentid='
            f'"{comment.id}" data-postid="{post.id}" data-belowelement="comment-{comment.id}" '
            f'data-respondelement="respond" data-replyto="{attr("Reageer op " + comment.name)}"'
            f' aria-label="{attr("Reageer op " + comment.name)}">{REPLY}</a></div></div></div>')
        css_class = classes(depth, bool(comment.children))
        nested = "".join(one(child, depth + 1) for child in comment.children)
        if nested:
            inner += f"<ol>{nested}</ol>"
        return f'<li id="comment-{comment.id}" class="{css_class}">{inner}</li>'

    listing = ""
    if post.comments:
        listing = (f'<h3 id="comments" class="wp-block-comments-title">{heading}</h3>'
                   '<ol class="wp-block-comment-template">'
                   + "".join(one(comment, 1) for comment in post.comments) + "</ol>")
    form = comment_form(blog, post, strings=FormStrings(
        class_container="wp-block-post-comments-form comment-respond",
        submit_button='<input name="submit" type="submit" id="submit" class="wp-block-button__'
                      'link wp-element-button" value="{label}" />',
        submit_field='<p class="form-submit wp-block-button">{button} {hidden}</p>'))
    return ('<div class="wp-block-comments wp-block-comments-query-loop">'
            '<h2 class="wp-block-heading screen-reader-text">Reacties</h2>'
            f"{listing}{form}</div>")


def comments_title(post: Post) -> str:
    """The comments-title block and most default themes: 'Eén reactie op “Title”' or
    '2 reacties op “Title”'."""
    count = post.number_of_comments
    if count == 1:
        return f"Eén reactie op &#8220;{esc(post.title)}&#8221;"
    return f"{count} reacties op &#8220;{esc(post.title)}&#8221;"


# --- wp_footer() ------------------------------------------------------------------------------


def speculation_rules(theme: str) -> str:
    """wp_print_speculation_rules() (WordPress 6.8): prefetch same-site links on hover."""
    rules = {"prefetch": [{"source": "document", "where": {"and": [
        {"href_matches": "/*"},
        {"not": {"href_matches": ["/wp-*.php", "/wp-admin/*", "/wp-content/uploads/*",
                                  "/wp-content/*", "/wp-content/plugins/*",
                                  f"/wp-content/themes/{theme}/*", "/*\\?(.+)"]}},
        {"not": {"selector_matches": 'a[rel~="nofollow"]'}},
        {"not": {"selector_matches": ".no-prefetch, .no-prefetch a"}}]},
        "eagerness": "conservative"}]}
    body = json.dumps(rules, separators=(",", ":")).replace("/", "\\/")
    return f'<script type="speculationrules">\n{body}\n</script>'


def comment_reply_script(blog: Blog, html5: bool = True) -> str:
    return script(blog.url("wp-includes/js/comment-reply.min.js"), "comment-reply",
                  blog.version, html5, extra=' async="async" data-wp-strategy="async"')


# --- the post's HTML from the mirror page -----------------------------------------------------


def inner_html(element: etree._Element) -> str:
    """An element's content as HTML, its own tag left out."""
    parts = [esc(element.text or "")]
    for child in element:
        parts.append(etree.tostring(child, method="html", encoding="unicode"))
    return "".join(parts).strip()


def content_html(container: etree._Element, drop: Iterable[str] = ()) -> str:
    """the_content() as the post stores it: the container's children, without what the mirror's
    theme put there (drop: XPaths relative to the container) and without the mirror's own class
    names, which no real editor typed."""
    container = copy.deepcopy(container)
    for xpath in drop:
        for element in container.xpath(xpath):
            _remove_keeping_tail(element)
    for element in container.iter():
        if isinstance(element.tag, str) and "class" in element.attrib:
            del element.attrib["class"]
    return inner_html(container)


def _remove_keeping_tail(element: etree._Element) -> None:
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def archived_page(site: str, path: str) -> etree._Element | None:
    """Another page of the site as the mirror keeps it (mirror/sites/<site>/files/<path>/
    index.html), parsed; None where the mirror has no such page."""
    file = SITES_DIR / site / "files" / path / "index.html"
    if not file.is_file():
        return None
    return lxml.html.fromstring(file.read_bytes())


def post_class_terms(article: etree._Element, prefix: str, archive: str,
                     name: Callable[[str, str], str]) -> list[Term]:
    """The categories or tags that a mirror page's post_class() names on its <article>
    (category-<slug>, tag-<slug>), each with its archive URL (`archive` + slug + "/") and named
    by `name(slug, url)`, as the site's own pages name it."""
    terms = []
    for token in (article.get("class") or "").split():
        if token.startswith(prefix):
            slug = token[len(prefix):]
            url = f"{archive}{slug}/"
            terms.append(Term(name=name(slug, url), slug=slug, url=url))
    return terms


def adjacent_posts(records: Iterable[dict], day: str) -> tuple[dict | None, dict | None]:
    """get_adjacent_post() both ways, over the other posts' records (published: an ISO day):
    the one published last before `day` and the first one published on or after it. A record
    without a date is no post's neighbour."""
    dated = [record for record in records if record["published"]]
    earlier = [record for record in dated if record["published"] < day]
    later = [record for record in dated if record["published"] >= day]
    return (max(earlier, key=lambda record: record["published"]) if earlier else None,
            min(later, key=lambda record: record["published"]) if later else None)


def timestamp(text: str | None) -> datetime | None:
    """An ISO 8601 time from the page's markup; dates alone are read as 09:00 in Amsterdam."""
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=AMSTERDAM)
    if len(text.strip()) == 10:
        moment = moment.replace(hour=9)
    return moment


def document(language: str, head: str, body_classes: str, body: str,
             html_class: str = "", doctype: str = "<!DOCTYPE html>",
             body_extra: str = "") -> str:
    """The page around what wp_head() and the theme print."""
    extra = f' class="{html_class}"' if html_class else ""
    return (f'{doctype}\n<html lang="{language}"{extra}>\n<head>\n{head}\n</head>\n'
            f'<body class="{body_classes}"{body_extra}>\n{body}\n</body>\n</html>\n')


# --- plugins both sites are likely to run -----------------------------------------------------
# Not core, but printed by plugins that Dutch WordPress news sites commonly run; each says which
# plugin and how sure its markup is (docs/platforms/wordpress.md).


def reading_time(minutes: int | str, label: str = "Leestijd:", postfix: str = "min.") -> str:
    """Reading Time WP (rt_add_reading_time_before_content, 2.x): the span it puts before the
    post's content, its number after a space. Under a minute it prints "< 1"."""
    shown = esc(str(minutes))
    return ('<span class="span-reading-time rt-reading-time" style="display: block;">'
            f'<span class="rt-label rt-prefix">{label}</span> <span class="rt-time"> {shown}'
            f'</span> <span class="rt-label rt-postfix">{postfix}</span></span>')


def coauthors_links(people: list[Person], between: str = ", ", last: str = " en ") -> str:
    """Co-Authors Plus coauthors_posts_links(): the byline of a post with several authors."""
    links = [f'<a href="{person.url}" title="Berichten van {attr(person.name)}" '
             f'class="author url fn" rel="author">{esc(person.name)}</a>' for person in people]
    if len(links) < 2:
        return "".join(links)
    return between.join(links[:-1]) + last + links[-1]


def coauthors_block(people: list[Person], prefix: str = "", inline: bool = True,
                    bios: bool = False) -> str:
    """Co-Authors Plus' co-authors block (3.6, php/blocks/block-coauthors): one
    div.wp-block-cap-coauthor per author, each holding the name block (a <p>) and, in the flow
    layout, the description block; the inline layout adds prefix and separator spans."""
    layout = "is-layout-inline" if inline else "is-layout-flow wp-block-co-authors-plus-coauthors" \
                                               "-is-layout-flow"
    parts = []
    for index, person in enumerate(people):
        name = (f'<p class="wp-block-co-authors-plus-name"><a href="{person.url}" '
                f'title="Berichten van {attr(person.name)}">{esc(person.name)}</a></p>')
        bio = (f'<div class="wp-block-co-authors-plus-description"><p>{esc(person.bio)}</p></div>'
               if bios and person.bio else "")
        parts.append(f'<div class="wp-block-cap-coauthor">{name}{bio}</div>')
        if inline and index < len(people) - 1:
            separator = " en " if index == len(people) - 2 else ", "
            parts.append(f'<span class="wp-block-cap-coauthors__separator">{separator}</span>')
    before = f'<span class="wp-block-cap-coauthors__prefix">{prefix}</span>' if prefix else ""
    return (f'<div class="wp-block-co-authors-plus-coauthors {layout}">{before}{"".join(parts)}'
            "</div>")


def cookieyes_banner(policy: str) -> str:
    """CookieYes (cookie-law-info 3.x): the consent bar. Its container is a plain div; the
    buttons' texts and the Dutch notice are the plugin's defaults as recalled, not verified."""
    return (
        '<div class="cky-consent-container cky-hide" tabindex="0"><div class="cky-consent-bar" '
        'data-cky-tag="notice" style="background-color:#FFFFFF;border-color:#f4f4f4">'
        '<div class="cky-notice"><p class="cky-title" role="heading" aria-level="1" '
        'data-cky-tag="title" style="color:#212121">Wij waarderen uw privacy</p>'
        '<div class="cky-notice-group"><div class="cky-notice-des" data-cky-tag="description" '
        'style="color:#212121"><p>Wij gebruiken cookies om uw browse-ervaring te verbeteren, '
        "gepersonaliseerde advertenties of inhoud te bieden en ons verkeer te analyseren. Door "
        "op &#8220;Alles accepteren&#8221; te klikken, stemt u in met ons gebruik van cookies."
        f' <a href="{policy}" class="cky-policy" data-cky-tag="readmore-button">Cookiebeleid</a>'
        '</p></div><div class="cky-notice-btn-wrapper" data-cky-tag="notice-buttons">'
        '<button class="cky-btn cky-btn-customize" aria-label="Aanpassen" '
        'data-cky-tag="settings-button">Aanpassen</button> <button class="cky-btn '
        'cky-btn-reject" aria-label="Alles weigeren" data-cky-tag="reject-button">Alles '
        'weigeren</button> <button class="cky-btn cky-btn-accept" aria-label="Alles '
        'accepteren" data-cky-tag="accept-button">Alles accepteren</button></div></div></div>'
        '</div></div>')


def complianz_banner(policy: str) -> str:
    """Complianz (6.x): the banner is a dialog. Texts are its Dutch defaults as recalled."""
    return (
        '<div id="cmplz-cookiebanner-container"><div class="cmplz-cookiebanner cmplz-hidden '
        'banner-1 bottom-right-view-preferences optin cmplz-bottom-right cmplz-categories-type-'
        'view-preferences" aria-modal="true" data-nosnippet="true" role="dialog" '
        'aria-live="polite" aria-labelledby="cmplz-header-1-optin" '
        'aria-describedby="cmplz-message-1-optin"><div class="cmplz-header"><div '
        'class="cmplz-title" id="cmplz-header-1-optin">Toestemming beheren</div></div>'
        '<div class="cmplz-body"><div class="cmplz-message" id="cmplz-message-1-optin">Om de '
        "beste ervaringen te bieden, gebruiken wij technologie&euml;n zoals cookies om informatie "
        "over je apparaat op te slaan en/of te raadplegen. Door in te stemmen met deze "
        "technologie&euml;n kunnen wij gegevens zoals surfgedrag of unieke ID's op deze site "
        "verwerken.</div></div><div class=\"cmplz-buttons\"><button class=\"cmplz-btn "
        'cmplz-accept">Accepteren</button><button class="cmplz-btn cmplz-deny">Weigeren</button>'
        '<button class="cmplz-btn cmplz-view-preferences">Voorkeuren bekijken</button></div>'
        f'<div class="cmplz-links cmplz-documents"><a class="cmplz-link cookie-statement" '
        f'href="{policy}" data-relative_url="#cmplz-manage-consent-container">Cookiebeleid</a>'
        "</div></div></div>")


def cookie_law_info_bar(policy: str) -> str:
    """GDPR Cookie Consent (cookie-law-info 1.x/2.x, WebToffee): a bar without a dialog role."""
    return (
        '<div id="cookie-law-info-bar" data-nosnippet="true"><span>Deze website gebruikt cookies '
        "om uw ervaring te verbeteren. We gaan ervan uit dat u hiermee akkoord gaat, maar u kunt "
        'zich afmelden als u dat wenst. <a role=\'button\' data-cli_action="accept" '
        'id="cookie_action_close_header" class="medium cli-plugin-button cli-plugin-main-button '
        'cookie_action_close_header cli_action_button wt-cli-accept-btn">Accepteren</a> '
        f'<a href="{policy}" id="CONSTANT_OPEN_URL" target="_blank" class="cli-plugin-main-link">'
        "Lees meer</a></span></div>")


# --- Twenty Twenty-Four: the default block theme both sites may run ---------------------------
# src/wp-content/themes/twentytwentyfour: templates/single.html and single-with-sidebar.html,
# parts/header.html, patterns/hidden-post-meta.php, hidden-comments.php, hidden-sidebar.php,
# footer.php; the blocks render as wp-includes/blocks/*.php print them, with the layout classes
# (is-layout-flex, wp-container-core-group-is-layout-N) that block supports add.

TT4_PALETTE = (("base", "#f9f9f9"), ("base-2", "#ffffff"), ("contrast", "#111111"),
               ("contrast-2", "#636363"), ("contrast-3", "#A4A4A4"), ("accent", "#cfcabe"),
               ("accent-2", "#c2a990"), ("accent-3", "#d8613c"), ("accent-4", "#b1c5a4"),
               ("accent-5", "#b5bdbc"))
TT4_SIZES = (("x-small", "0.9rem"), ("xx-large", "clamp(2.15rem, 2.15rem + ((1vw - 0.2rem) * "
             "1.333), 3rem)"))
BLOCK_CSS = {
    "site-title": ".wp-block-site-title{box-sizing:border-box}.wp-block-site-title :where(a)"
                  "{color:inherit;font-family:inherit;font-size:inherit;font-style:inherit;"
                  "font-weight:inherit;letter-spacing:inherit;line-height:inherit;"
                  "text-decoration:inherit}",
    "navigation-link": ".wp-block-navigation .wp-block-navigation-item__label{overflow-wrap:"
                       "break-word}.wp-block-navigation .wp-block-navigation-item__description"
                       "{display:none}.link-ui-tools{border-top:1px solid #f0f0f0;padding:8px}",
    "group": ".wp-block-group{box-sizing:border-box}:where(.wp-block-group.wp-block-group-is-"
             "layout-constrained){position:relative}",
    "post-featured-image": ".wp-block-post-featured-image{margin-left:0;margin-right:0}"
                           ".wp-block-post-featured-image a{display:block;height:100%}",
    "post-title": ".wp-block-post-title{box-sizing:border-box;word-break:break-word}"
                  ".wp-block-post-title :where(a){display:inline-block;font-family:inherit;"
                  "font-size:inherit;font-style:inherit;font-weight:inherit;letter-spacing:"
                  "inherit;line-height:inherit;text-decoration:inherit}",
    "post-date": ".wp-block-post-date{box-sizing:border-box}",
    "paragraph": ".is-small-text{font-size:.875em}.is-regular-text{font-size:1em}.is-large-text"
                 "{font-size:2.25em}.is-larger-text{font-size:3em}.has-drop-cap:not(:focus):"
                 "first-letter{float:left;font-size:8.4em;font-style:normal;font-weight:100;"
                 "line-height:.68;margin:.05em .1em 0 0;text-transform:uppercase}",
    "post-author-name": ".wp-block-post-author-name{box-sizing:border-box}",
    "post-terms": ".wp-block-post-terms{box-sizing:border-box}.wp-block-post-terms "
                  ".wp-block-post-terms__separator{white-space:pre-wrap}",
    "post-content": ".wp-block-post-content{display:flow-root}",
    "spacer": ".wp-block-spacer{clear:both}",
    "separator": "@charset \"UTF-8\";.wp-block-separator{border:none;border-top:2px solid}"
                 ":root :where(.wp-block-separator.is-style-dots){height:auto;line-height:1;"
                 "text-align:center}",
    "heading": "h1.has-background,h2.has-background,h3.has-background{padding:1.25em 2.375em}",
    "avatar": ".wp-block-avatar{line-height:0}.wp-block-avatar,.wp-block-avatar img{box-sizing:"
              "border-box}.wp-block-avatar.aligncenter{text-align:center}",
    "comment-author-name": ".wp-block-comment-author-name{box-sizing:border-box}",
    "comment-date": ".wp-block-comment-date{box-sizing:border-box}",
    "comment-content": ".comment-awaiting-moderation{display:block;font-size:.875em;"
                       "line-height:1.5}.wp-block-comment-content{box-sizing:border-box}",
    "comment-reply-link": ".wp-block-comment-reply-link{box-sizing:border-box}",
    "comment-template": ".wp-block-comment-template{box-sizing:border-box;list-style:none;"
                        "margin-bottom:0;max-width:100%;padding:0}.wp-block-comment-template li"
                        "{clear:both}.wp-block-comment-template ol{list-style:none;margin-bottom"
                        ":0;max-width:100%;padding-left:2rem}",
    "post-navigation-link": ".wp-block-post-navigation-link .wp-block-post-navigation-link__arrow"
                            "-previous{display:inline-block;margin-right:1ch}",
    "columns": ".wp-block-columns{align-items:normal!important;box-sizing:border-box;display:"
               "flex;flex-wrap:wrap!important}@media (min-width:782px){.wp-block-columns{flex-"
               "wrap:nowrap!important}}.wp-block-column{flex-grow:1;min-width:0;overflow-wrap:"
               "break-word;word-break:break-word}",
    "post-template": ".wp-block-post-template{box-sizing:border-box;list-style:none;margin-"
                     "bottom:0;margin-top:0;max-width:100%;padding:0}",
    "categories": ".wp-block-categories{box-sizing:border-box}.wp-block-categories.alignleft"
                  "{margin-right:2em}",
    "search": ".wp-block-search__button{margin-left:10px;word-break:normal}.wp-block-search__"
              "inside-wrapper{display:flex;flex:auto;flex-wrap:nowrap;max-width:100%}",
}
BLOCK_STYLESHEETS = ("navigation", "comments", "post-comments-form", "buttons", "button")


def tt4_head(blog: Blog, post: Post, extra: str = "") -> str:
    """wp_head() of a block theme: per-block styles printed inline, the global styles with the
    theme's palette, block supports' layout CSS, the skip link, script modules and fonts."""
    blocks = blog.url("wp-includes/blocks/")
    module = blog.url("wp-includes/js/dist/script-modules/interactivity/index.min.js")
    lines = [
        "<meta charset=\"UTF-8\" />",
        '<meta name="viewport" content="width=device-width, initial-scale=1" />',
        "<meta name='robots' content='max-image-preview:large' />",
        f"<title>{esc(post.title)} &#8211; {esc(blog.name)}</title>",
        feed_links(blog, post),
        emoji_loader(blog),
    ]
    for name, css in BLOCK_CSS.items():
        lines.append(inline_style(f"wp-block-{name}", css))
    for name in BLOCK_STYLESHEETS:
        lines.append(stylesheet(f"{blocks}{name}/style.min.css", f"wp-block-{name}",
                                blog.version))
    lines += [
        inline_style("wp-block-library", ":root{--wp-admin-theme-color:#007cba;--wp-admin-theme-"
                     "color--rgb:0,124,186;--wp-admin-theme-color-darker-10:#006ba1;--wp-admin-"
                     "border-width-focus:2px}.screen-reader-text{border:0;clip-path:inset(50%);"
                     "height:1px;margin:-1px;overflow:hidden;padding:0;position:absolute;width:"
                     "1px;word-wrap:normal!important}"),
        inline_style("global-styles", global_styles(TT4_PALETTE, TT4_SIZES) + "\n"
                     + filler_css(":root :where(.wp-block-", [
                         "button .wp-block-button__link)", "pullquote)", "navigation a:where(:"
                         "not(.wp-element-button)))", "post-title a:where(:not(.wp-element-"
                         "button)))", "post-terms a:where(:not(.wp-element-button)))",
                         "comment-author-name)", "comment-date)", "comment-content)",
                         "post-date)", "post-author-name)", "site-title)", "quote)",
                         "separator)", "post-navigation-link)", "search .wp-element-button)"],
                         rounds=3)),
        inline_style("core-block-supports", "".join(
            f".wp-container-core-group-is-layout-{n}{{flex-wrap:nowrap;gap:var(--wp--preset--"
            f"spacing--{10 + n % 4 * 10});justify-content:space-between;}}" for n in range(1, 16))
            + ".wp-container-core-columns-is-layout-1{flex-wrap:nowrap;gap:1rem 1rem;}"),
        inline_style("wp-block-template-skip-link", ".skip-link.screen-reader-text{border:0;"
                     "clip-path:inset(50%);height:1px;margin:-1px;overflow:hidden;padding:0;"
                     "position:absolute !important;width:1px;word-wrap:normal !important;}"),
        stylesheet(blog.url("wp-content/themes/twentytwentyfour/assets/css/button-outline.css"),
                   "twentytwentyfour-button-style-outline", "1.3"),
        extra,
        '<script type="importmap" id="wp-importmap">\n'
        + json.dumps({"imports": {"@wordpress/interactivity": module + "?ver="
                                  "55aebb6e0a16726baffb"}}).replace("/", "\\/")
        + "\n</script>",
        f'<link rel="modulepreload" href="{module}?ver=55aebb6e0a16726baffb" '
        'id="@wordpress/interactivity-js-modulepreload">',
        rest_links(blog, post),
        "<style class='wp-fonts-local'>\n" + "\n".join(
            f"@font-face{{font-family:{family};font-style:{style};font-weight:{weight};"
            f"font-display:fallback;src:url('{blog.url('wp-content/themes/twentytwentyfour/')}"
            f"assets/fonts/{folder}/{file}') format('{kind}');font-stretch:normal;}}"
            for family, style, weight, folder, file, kind in (
                ("Inter", "normal", "300 900", "inter", "Inter-VariableFont_slnt,wght.woff2",
                 "woff2"),
                ("Cardo", "normal", "400", "cardo", "cardo_normal_400.woff2", "woff2"),
                ("Cardo", "italic", "400", "cardo", "cardo_italic_400.woff2", "woff2"),
                ("Cardo", "normal", "700", "cardo", "cardo_normal_700.woff2", "woff2")))
        + "\n</style>",
    ]
    return "\n".join(line for line in lines if line)


def tt4_navigation(items: list[tuple[str, str]], label: str = "Primair") -> str:
    """The navigation block with its overlay for small screens."""
    links = "".join(
        f'<li class=" wp-block-navigation-item wp-block-navigation-link"><a class="wp-block-'
        f'navigation-item__content"  href="{url}"><span class="wp-block-navigation-item__label">'
        f"{esc(name)}</span></a></li>" for name, url in items)
    return (
        '<nav class="is-responsive items-justified-right wp-block-navigation is-horizontal '
        'is-content-justification-right is-layout-flex wp-container-core-navigation-is-layout-1 '
        f'wp-block-navigation-is-layout-flex" aria-label="{label}" data-wp-interactive='
        '"core/navigation" data-wp-context=\'{"overlayOpenedBy":{"click":false,"hover":false,'
        '"focus":false},"type":"overlay","roleAttribute":"","ariaLabel":"Menu"}\'>'
        '<button aria-haspopup="dialog" aria-label="Menu openen" class="wp-block-navigation__'
        'responsive-container-open" data-wp-on-async--click="actions.openMenuOnClick" '
        'data-wp-on--keydown="actions.handleMenuKeydown"><svg width="24" height="24" '
        'xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" aria-hidden="true" '
        'focusable="false"><rect x="4" y="7.5" width="16" height="1.5" /><rect x="4" y="15" '
        'width="16" height="1.5" /></svg></button><div class="wp-block-navigation__responsive-'
        'container" id="modal-1" data-wp-class--has-modal-open="state.isMenuOpen" '
        'data-wp-class--is-menu-open="state.isMenuOpen" data-wp-watch="callbacks.initMenu" '
        'tabindex="-1"><div class="wp-block-navigation__responsive-close" tabindex="-1"><div '
        'class="wp-block-navigation__responsive-dialog" data-wp-bind--aria-modal="state.'
        'ariaModal" data-wp-bind--aria-label="state.ariaLabel" data-wp-bind--role="state.'
        'roleAttribute"><button aria-label="Menu sluiten" class="wp-block-navigation__'
        'responsive-container-close" data-wp-on-async--click="actions.closeMenuOnClick"><svg '
        'xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="24" height="24" '
        'aria-hidden="true" focusable="false"><path d="m13.06 12 6.47-6.47-1.06-1.06L12 10.94 '
        '5.53 4.47 4.47 5.53 10.94 12l-6.47 6.47 1.06 1.06L12 13.06l6.47 6.47 1.06-1.06L13.06 '
        '12Z"></path></svg></button><div class="wp-block-navigation__responsive-container-'
        'content" data-wp-watch="callbacks.focusFirstElement" id="modal-1-content"><ul '
        'class="wp-block-navigation__container is-responsive items-justified-right wp-block-'
        f'navigation">{links}</ul></div></div></div></div></nav>')


def tt4_header(blog: Blog, items: list[tuple[str, str]]) -> str:
    """parts/header.html: site title left, the navigation right."""
    return (
        '<header class="wp-block-template-part"><div class="wp-block-group alignwide has-base-'
        'background-color has-background has-global-padding is-layout-constrained wp-block-'
        'group-is-layout-constrained" style="padding-top:20px;padding-bottom:20px"><div '
        'class="wp-block-group alignwide is-content-justification-space-between is-layout-flex '
        'wp-container-core-group-is-layout-1 wp-block-group-is-layout-flex"><div class="wp-'
        'block-group is-layout-flex wp-container-core-group-is-layout-2 wp-block-group-is-'
        'layout-flex"><div class="wp-block-group is-layout-flow wp-block-group-is-layout-flow">'
        f'<p class="wp-block-site-title"><a href="{blog.home}" target="_self" rel="home">'
        f"{esc(blog.name)}</a></p></div></div><div class=\"wp-block-group is-content-"
        'justification-left is-layout-flex wp-container-core-group-is-layout-3 wp-block-group-'
        f'is-layout-flex">{tt4_navigation(items)}</div></div></div></header>')


def tt4_footer(blog: Blog, columns: list[tuple[str, list[tuple[str, str]]]]) -> str:
    """patterns/footer.php: site title and tagline, link columns, the colophon."""
    groups = "".join(
        '<div class="wp-block-group is-vertical is-content-justification-stretch is-layout-flex '
        'wp-block-group-is-layout-flex"><h2 class="wp-block-heading has-medium-font-size has-'
        f'body-font-family" style="font-style:normal;font-weight:600">{esc(title)}</h2>'
        '<div class="wp-block-group is-vertical is-layout-flex wp-block-group-is-layout-flex">'
        '<nav class="has-small-font-size is-vertical wp-block-navigation is-layout-flex wp-'
        f'block-navigation-is-layout-flex" aria-label="{attr(title)}"><ul class="wp-block-'
        'navigation__container has-small-font-size is-vertical wp-block-navigation">'
        + "".join(f'<li class="has-small-font-size wp-block-navigation-item wp-block-'
                  f'navigation-link"><a class="wp-block-navigation-item__content" href="{url}">'
                  f'<span class="wp-block-navigation-item__label">{esc(name)}</span></a></li>'
                  for name, url in links)
        + "</ul></nav></div></div>" for title, links in columns)
    return (
        '<footer class="wp-block-template-part"><div class="wp-block-group has-global-padding '
        'is-layout-constrained wp-block-group-is-layout-constrained" style="padding-top:var(--'
        'wp--preset--spacing--50);padding-bottom:var(--wp--preset--spacing--50)"><div class="wp-'
        'block-columns alignwide is-layout-flex wp-container-core-columns-is-layout-2 wp-block-'
        'columns-is-layout-flex"><div class="wp-block-column is-layout-flow wp-block-column-is-'
        'layout-flow" style="flex-basis:30%"><div class="wp-block-group is-vertical is-layout-'
        'flex wp-block-group-is-layout-flex"><p class="wp-block-site-title has-medium-font-size">'
        f'<a href="{blog.home}" target="_self" rel="home">{esc(blog.name)}</a></p><p class="wp-'
        f'block-site-tagline has-small-font-size">{esc(blog.description)}</p></div></div><div '
        'class="wp-block-column is-layout-flow wp-block-column-is-layout-flow" style="flex-basis'
        ':20%"></div><div class="wp-block-column is-layout-flow wp-block-column-is-layout-flow" '
        'style="flex-basis:50%"><div class="wp-block-group is-content-justification-space-'
        f'between is-layout-flex wp-block-group-is-layout-flex">{groups}</div></div></div>'
        '<div class="wp-block-group alignwide is-layout-flow wp-block-group-is-layout-flow" '
        'style="padding-top:var(--wp--preset--spacing--50);padding-bottom:0"><p class="has-'
        'contrast-2-color has-text-color has-link-color has-small-font-size">Ontworpen met <a '
        'href="https://nl.wordpress.org" rel="nofollow">WordPress</a></p></div></div></footer>')


def tt4_post_meta(post: Post, byline: str, extra: str = "") -> str:
    """parts/post-meta (patterns/hidden-post-meta.php): the post-date block "M j, Y", a dash,
    "door" and the `byline` (the authors as the site's blocks print them; without one, no
    "door" either), the site's `extra`, then "in" and the categories."""
    door = ('<p class="has-small-font-size has-contrast-2-color has-text-color">door</p>'
            + byline if byline else "")
    topics = block_post_terms(post.categories, "category", prefix="in ",
                              extra=" has-small-font-size")
    return (
        '<div class="wp-block-template-part"><div class="wp-block-group is-layout-constrained '
        'wp-block-group-is-layout-constrained"><div class="wp-block-group is-content-'
        'justification-left is-layout-flex wp-container-core-group-is-layout-4 wp-block-group-'
        f'is-layout-flex">{block_post_date(post, date_short_us(post.published))}<p class='
        f'"has-contrast-2-color has-text-color">—</p>{door}{extra}{topics}</div></div></div>')


def tt4_post_navigation(previous: tuple[str, str] | None, following: tuple[str, str] | None
                        ) -> str:
    """patterns/hidden-post-navigation.php: the post-navigation-link blocks."""
    parts = []
    if previous:
        parts.append('<div class="post-navigation-link-previous wp-block-post-navigation-link">'
                     '<span class="wp-block-post-navigation-link__arrow-previous is-arrow-arrow"'
                     f' aria-hidden="true">←</span><a href="{previous[1]}" rel="prev">'
                     f"{esc(previous[0])}</a></div>")
    if following:
        parts.append('<div class="post-navigation-link-next has-text-align-right wp-block-post-'
                     f'navigation-link"><a href="{following[1]}" rel="next">{esc(following[0])}'
                     '</a><span class="wp-block-post-navigation-link__arrow-next is-arrow-arrow" '
                     'aria-hidden="true">→</span></div>')
    return ('<nav class="wp-block-group alignwide is-content-justification-space-between is-'
            'layout-flex wp-container-core-group-is-layout-9 wp-block-group-is-layout-flex" '
            'aria-label="Berichtnavigatie" style="border-top-color:var(--wp--preset--color--'
            'contrast);border-top-width:1px;padding-top:var(--wp--preset--spacing--40);padding-'
            f'bottom:var(--wp--preset--spacing--40)">{"".join(parts)}</nav>')


def tt4_document(blog: Blog, post: Post, menu: list[tuple[str, str]], main: str,
                 footer: list[tuple[str, list[tuple[str, str]]]], banner: str,
                 head_extra: str = "", template: str = "") -> str:
    """A single post in Twenty Twenty-Four: the header part with the site's menu, the
    template's <main>, the footer part with its link columns, the consent plugin's `banner`,
    then wp_footer(); `template` names a custom template (single-with-sidebar)."""
    body = "\n".join((
        '<div class="wp-site-blocks">',
        tt4_header(blog, menu),
        main,
        tt4_footer(blog, footer),
        "</div>",
        banner,
        tt4_footer_scripts(blog),
    ))
    classes = body_class(post, "wp-embed-responsive", template=template)
    return document(blog.language, tt4_head(blog, post, head_extra), classes, body)


def tt4_footer_scripts(blog: Blog) -> str:
    """wp_footer() of a block theme: speculation rules, the navigation's script module, the
    skip link and comment-reply."""
    view = blog.url("wp-includes/js/dist/script-modules/block-library/navigation/view.min.js")
    return "\n".join((
        speculation_rules("twentytwentyfour"),
        f'<script type="module" src="{view}?ver=61572d447d60c0aa5240" id="@wordpress/block-'
        'library/navigation/view-js-module" fetchpriority="low"></script>',
        "<script id=\"wp-block-template-skip-link-js-after\">\n\t( function() {\n\t\tvar "
        "skipLinkTarget = document.querySelector( 'main' ),\n\t\t\tsibling,\n\t\t\t"
        "skipLinkTargetID,\n\t\t\tskipLink;\n\t\tif ( ! skipLinkTarget ) {\n\t\t\treturn;\n\t\t}"
        "\n\t\tif ( ! skipLinkTarget.id ) {\n\t\t\tskipLinkTargetID = 'wp--skip-link--target';"
        "\n\t\t\tskipLinkTarget.id = skipLinkTargetID;\n\t\t}\n\t\tskipLink = document."
        "createElement( 'a' );\n\t\tskipLink.classList.add( 'skip-link', 'screen-reader-text' );"
        "\n\t\tskipLink.id = 'wp-skip-link';\n\t\tskipLink.href = '#' + skipLinkTargetID;\n\t\t"
        "skipLink.innerText = 'Ga naar de inhoud';\n\t\tsibling = document.querySelector( "
        "'.wp-site-blocks' );\n\t\tsibling.parentElement.insertBefore( skipLink, sibling );\n\t}"
        "() );\n</script>",
        comment_reply_script(blog),
    ))
