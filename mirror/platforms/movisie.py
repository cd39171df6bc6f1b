"""Movisie's archived pages as Drupal 10 prints them, in three themes.

Today's mirror page is one guess at Movisie's markup. These renderings take the same content (the
record it extracts to, and the page itself for the body's stored HTML and the links that lead
on) and print it through the templates Drupal 10 really ships, read from drupal/core's git
history (tag 10.3.0), so the extractor is held to class names and nesting nobody here chose:

- drupal-olivero: core's front-end theme Olivero (themes/olivero/templates/...).
- drupal-stark: core's Stark theme, i.e. the module templates alone (modules/system/templates,
  modules/node/templates, ...): what a theme that overrides nothing prints, almost no classes.
- drupal-custom-paragraphs: a custom theme generated from core's starterkit_theme (the templates
  `drupal generate-theme` copies), with NL Design System (Utrecht) component classes and the
  page body built from Paragraphs components instead of one body field.

The content model is the one the mirror page shows: a node with title, subtitle, image, authors,
body, a call-to-action paragraph, tags and a Downloads file field; events add date, location,
costs and a registration link. What each markup is modelled on, what is known and what is
guessed: docs/platforms/drupal.md."""

from __future__ import annotations

import base64
import copy
import hashlib
import html
import json
import re
import zlib
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from urllib.parse import quote, urlsplit
from zoneinfo import ZoneInfo

import lxml.html
from lxml import etree

from mirror.documents import site_documents
from mirror.platforms import Page, Rendered, Renderer, has_class
from mirror.server import SITES_DIR

SITE = "https://www.movisie.nl"
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# The account the nodes were created by: Drupal's "submitted by" line names a user account, not
# the people credited in the Authors field.
SUBMITTER = "webredactie"
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")
DAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
DAYS_SHORT = ("ma", "di", "wo", "do", "vr", "za", "zo")


# --- What a node page holds, read from the record and today's mirror page -------------------

@dataclass(frozen=True)
class Download:
    title: str  # the file field's description, which Drupal prints as the link text
    url: str  # absolute, as the record holds it
    size: int | None  # bytes, from the mirror's copy of the file

    @property
    def path(self) -> str:
        return urlsplit(self.url).path

    @property
    def filename(self) -> str:
        return self.path.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Teaser:
    """A node in a "Lees ook" view block."""

    title: str
    href: str
    bundle: str
    kind: str
    datetime: str
    intro: str


@dataclass(frozen=True)
class Node:
    url: str
    nid: str
    bundle: str  # the node type's machine name: article, publication, event, tool
    kind: str  # the type as the site prints it: artikel, publicatie, agenda, tool
    title: str
    subtitle: str | None
    published: datetime
    description: str
    authors: tuple[str, ...]
    image: dict | None  # src, alt, width, height
    body: tuple[str, ...]  # the body field's top-level blocks, as Drupal stores them
    cta: tuple[str, ...]  # the call-to-action paragraph's blocks
    tags: tuple[tuple[str, str], ...]  # (text, href)
    downloads: tuple[Download, ...]
    event: tuple[tuple[str, str, str], ...]  # (field name, label, item HTML)
    registration: tuple[str, str] | None  # (text, href)
    related: tuple[Teaser, ...]

    @property
    def path(self) -> str:
        return urlsplit(self.url).path


def _first(tree: etree._Element, xpath: str):
    hits = tree.xpath(xpath)
    return hits[0] if hits else None


def stored_html(element: etree._Element) -> str:
    """An element as the editor stored it: the mirror's class names dropped (CKEditor 5 keeps
    none unless a style is configured), everything else, links included, as it is."""
    element = copy.deepcopy(element)
    for node in element.iter():
        if isinstance(node.tag, str):
            node.attrib.pop("class", None)
    element.tail = None
    return lxml.html.tostring(element, encoding="unicode").strip()


def inner_html(element: etree._Element) -> str:
    parts = [html.escape(element.text or "", quote=False)]
    for child in element:
        parts.append(lxml.html.tostring(child, encoding="unicode"))
    return "".join(parts).strip()


def read_node(page: Page) -> Node:
    """The node behind an archived page: what the record says, and from the mirror page what a
    record does not keep (stored body HTML, image, tags, event fields, related teasers)."""
    tree, record = page.original, page.record
    article = _first(tree, f"//article[{has_class('node--view-mode-full')}]")
    bundle = re.search(r"node--type-([\w-]+)", article.get("class", "")).group(1)
    kind = (_first(article, f".//*[{has_class('node__type')}]/text()") or record["kind"]).strip()
    body = _first(article, f".//div[{has_class('field--name-body')}]")
    cta = _first(article, f".//*[{has_class('paragraph--type--call-to-action')}]")
    image = _first(article, f".//div[{has_class('field--name-field-image')}]//img")
    registration = _first(article, f".//div[{has_class('field--name-field-registration')}]//a")
    return Node(
        url=page.url,
        nid=article.get("data-history-node-id") or stable_number(page.url),
        bundle=bundle,
        kind=kind,
        title=record["title"],
        subtitle=record["subtitle"],
        published=published_at(record["published"]),
        description=_first(tree, "//meta[@name='description']/@content") or "",
        authors=tuple(a["name"] for a in record["authors"]),
        image=dict(image.attrib) if image is not None else None,
        body=tuple(stored_html(b) for b in body) if body is not None else (),
        cta=tuple(stored_html(p) for p in cta) if cta is not None else (),
        tags=tuple((a.text_content().strip(), a.get("href")) for a in article.xpath(
            f".//div[{has_class('field--name-field-tags')}]//a")),
        downloads=tuple(download(link) for link in record["links"] if link["kind"] == "download"),
        event=tuple(event_fields(article)),
        registration=(registration.text_content().strip(), registration.get("href"))
        if registration is not None else None,
        related=tuple(teasers(tree)),
    )


def published_at(day: str | None) -> datetime:
    """The node's created time: the record keeps the day; editors publish in the morning."""
    parsed = date.fromisoformat(day) if day else date(2020, 1, 1)
    return datetime(parsed.year, parsed.month, parsed.day, 10, 0, tzinfo=AMSTERDAM)


def download(link: dict) -> Download:
    """A download as Drupal lists it, with the size of the file the mirror serves for it."""
    document = site_documents(SITES_DIR / "movisie").get(urlsplit(link["url"]).path)
    return Download(link["title"], link["url"], len(document.body) if document else None)


def event_fields(article: etree._Element):
    group = _first(article, f".//div[{has_class('field--name-field-event-details')}]")
    for item in group if group is not None else ():
        name = re.search(r"field--name-([\w-]+)", item.get("class", "")).group(1)
        label = _first(item, f"./div[{has_class('field__label')}]")
        value = _first(item, f"./div[{has_class('field__item')}]")
        yield name.replace("-", "_"), label.text_content().strip(), inner_html(value)


def teasers(tree: etree._Element):
    for row in tree.xpath(f"//aside//div[{has_class('views-row')}]/article"):
        link = _first(row, ".//h3//a")
        when = _first(row, ".//time")
        yield Teaser(
            title=link.text_content().strip(),
            href=link.get("href"),
            bundle=re.search(r"node--type-([\w-]+)", row.get("class", "")).group(1),
            kind=(_first(row, f".//*[{has_class('node__type')}]/text()") or "").strip(),
            datetime=when.get("datetime") if when is not None else "",
            intro=(_first(row, f".//*[{has_class('field--name-field-intro')}]")
                   .text_content().strip()),
        )


# --- Shared by every markup: dates, escaping, Drupal's JSON, asset URLs ---------------------

def esc(text: str) -> str:
    return html.escape(text, quote=True)


def stable_number(seed: str, digits: int = 5) -> str:
    return str(int(hashlib.sha256(seed.encode()).hexdigest(), 16) % 10**digits).rjust(digits, "1")


def token(seed: str, length: int = 43) -> str:
    """A hash like the ones in Drupal's aggregate file names and itok parameters."""
    raw = base64.urlsafe_b64encode(hashlib.sha256(seed.encode()).digest()).decode()
    return raw.rstrip("=")[:length]


def dutch_date(moment: datetime, pattern: str) -> str:
    """PHP date() letters Drupal's date formats use, in Dutch: j d m Y F D l H i."""
    local = moment.astimezone(AMSTERDAM)
    values = {
        "j": str(local.day), "d": f"{local.day:02}", "m": f"{local.month:02}",
        "Y": str(local.year), "F": MONTHS[local.month - 1], "D": DAYS_SHORT[local.weekday()],
        "l": DAYS[local.weekday()], "H": f"{local.hour:02}", "i": f"{local.minute:02}",
    }
    return "".join(values.get(letter, letter) for letter in pattern)


def rfc3339(moment: datetime) -> str:
    return moment.astimezone(AMSTERDAM).isoformat(timespec="seconds")


def drupal_json(value) -> str:
    """JSON as Drupal's Json::encode writes it (PHP json_encode with JSON_HEX_TAG, _APOS, _QUOT
    and _AMP): markup inside drupalSettings reads as \\u003Cdiv ..., never as a tag."""
    text = json.dumps(value, ensure_ascii=True, separators=(",", ":"))
    out, in_string, escaped = [], False, False
    hexed = {"<": "\\u003C", ">": "\\u003E", "&": "\\u0026", "'": "\\u0027", "/": "\\/"}
    for char in text:
        if in_string and not escaped and char in hexed:
            out.append(hexed[char])
            continue
        if in_string and escaped and char == '"':
            out[-1] = "\\u0022"
            escaped = False
            continue
        if char == '"' and not escaped:
            in_string = not in_string
        escaped = char == "\\" and not escaped
        out.append(char)
    return "".join(out)


def compressed(libraries: list[str]) -> str:
    """UrlHelper::compressQueryParameter: how Drupal 10.1+ names the libraries of an aggregate
    (the `include` parameter) and of the page (ajaxPageState.libraries)."""
    raw = base64.b64encode(zlib.compress(",".join(libraries).encode(), 9)).decode()
    return raw.translate(str.maketrans("+/", "-_")).rstrip("=")


def asset_url(kind: str, theme: str, libraries: list[str], delta: int, scope: str = "") -> str:
    name = token(f"{kind}{theme}{delta}{scope}")
    scope_part = f"scope={scope}&amp;" if scope else ""
    return (f"/sites/movisie.nl/files/{kind}/{kind}_{name}.{kind}?{scope_part}delta={delta}"
            f"&amp;language=nl&amp;theme={theme}&amp;include={compressed(libraries)}")


def clean_class(text: str) -> str:
    return re.sub(r"[^a-z0-9-]", "", text.lower().replace("_", "-").replace(" ", "-"))


def attrs(**values) -> str:
    """An Attribute object printed: ` class="a b" id="x"`, in the order given, empty ones out."""
    parts = []
    for name, value in values.items():
        if value is None or value == [] or value is False:
            continue
        name = name.rstrip("_").replace("_", "-")
        if isinstance(value, list | tuple):
            value = " ".join(v for v in value if v)
        parts.append(name if value is True else f'{name}="{esc(str(value))}"')
    return "".join(f" {p}" for p in parts)


def field(name: str, ftype: str, items: list[str], *, classed: bool = True, label: str = "",
          display: str = "hidden", multiple: bool = False, lead: tuple[str, ...] = ()) -> str:
    """field.html.twig: Olivero's and starterkit's with their classes, or the system module's
    (Stark), which prints the same nesting with no class at all. `lead` are the classes
    preprocess functions and field--text.html.twig add before the template's own."""
    classes = [*lead, "field", f"field--name-{clean_class(name)}",
               f"field--type-{clean_class(ftype)}", f"field--label-{display}",
               "clearfix" if display == "inline" else ""] if classed else []
    item_class = ["field__item"] if classed else []
    if display == "hidden":
        if multiple:
            inner = "".join(f"<div{attrs(class_=item_class)}>{i}</div>" for i in items)
            wrapper = [*classes, "field__items"] if classed else []
            return f"<div{attrs(class_=wrapper)}>{inner}</div>"
        return "".join(f"<div{attrs(class_=[*classes, *item_class])}>{i}</div>" for i in items)
    label_html = f"<div{attrs(class_=['field__label'] if classed else [])}>{esc(label)}</div>"
    inner = "".join(f"<div{attrs(class_=item_class)}>{i}</div>" for i in items)
    if multiple:
        inner = f"<div{attrs(class_=['field__items'] if classed else [])}>{inner}</div>"
    return f"<div{attrs(class_=classes)}>\n  {label_html}\n  {inner}\n</div>"


def file_link(item: Download, *, size: bool = True) -> str:
    """file-link.html.twig with template_preprocess_file_link(): the description as link text,
    the file name as title, the MIME type's classes, a root-relative URL (FileUrlGenerator) and,
    since Drupal 10.2, the size beside the link."""
    link = (f'<span class="file file--mime-application-pdf file--application-pdf">'
            f'<a href="{esc(item.path)}" type="application/pdf" title="{esc(item.filename)}">'
            f"{esc(item.title)}</a></span>")
    if size and item.size is not None:
        link += f"\n  <span>({item.size} bytes)</span>"
    return link


def image_src(node: Node, style: str) -> str:
    """An image style derivative, as Drupal links it: the style's path and an itok token."""
    original = node.image["src"].split("/public/", 1)[-1]
    return f"/sites/movisie.nl/files/styles/{style}/public/{original}?itok={token(original, 8)}"


# Menus and blocks every theme prints around the node: the site's configuration, not the theme's.
THEMES = (
    ("Armoede en schulden", "armoede-en-schulden"), ("Burgerkracht", "burgerkracht"),
    ("Discriminatie", "discriminatie"), ("Eenzaamheid", "eenzaamheid"),
    ("Ervaringsdeskundigheid", "ervaringsdeskundigheid"), ("Huiselijk geweld", "huiselijk-geweld"),
    ("Inclusie", "inclusie"), ("Informele zorg", "informele-zorg"), ("Jeugd", "jeugd"),
    ("LHBTI", "lhbti"), ("Mantelzorg", "mantelzorg"), ("Participatie", "participatie"),
    ("Seksueel geweld", "seksueel-geweld"), ("Sociaal werk", "sociaal-werk"),
    ("Sociale basis", "sociale-basis"), ("Vrijwillige inzet", "vrijwillige-inzet"),
    ("Wijkgericht werken", "wijkgericht-werken"), ("Zorgzame gemeenschappen",
                                                   "zorgzame-gemeenschappen"),
)
THEME_PAGES = (("Kennis en publicaties", "kennis"), ("Projecten", "projecten"),
               ("Contactpersonen", "contact"))
MAIN_MENU = (
    ("Thema's", "/themas", tuple(
        (title, f"/themas/{slug}", tuple((sub, f"/themas/{slug}/{part}", ()) for sub, part in
                                         THEME_PAGES)) for title, slug in THEMES)),
    ("Artikelen", "/artikelen", ()),
    ("Publicaties", "/publicaties", ()),
    ("Agenda", "/agenda", ()),
    ("Advies en training", "/adviestrajecten", (
        ("Adviestrajecten", "/adviestrajecten", ()), ("Trainingen", "/trainingen", ()),
        ("Leertrajecten op maat", "/leertrajecten", ()))),
    ("Over Movisie", "/over-movisie", (
        ("Organisatie", "/over-movisie/organisatie", ()), ("Werken bij", "/werken-bij", ()),
        ("Pers", "/pers", ()), ("Contact", "/contact", ()))),
)
FOOTER_MENU = (("Privacyverklaring", "/privacyverklaring"), ("Disclaimer", "/disclaimer"),
               ("Cookies", "/cookies"), ("Toegankelijkheid", "/toegankelijkheid"),
               ("Contact", "/contact"))
CONTACT_HTML = ("<p>Movisie<br>Catharijnesingel 47<br>3511 GC Utrecht</p>"
                "<p>Postbus 19129<br>3501 DC Utrecht</p>"
                '<p>Telefoon: 030 789 20 00<br><a href="mailto:info@movisie.nl">'
                "info@movisie.nl</a></p>")
LISTING = {"article": ("Artikelen", "/artikelen"), "publication": ("Publicaties", "/publicaties"),
           "event": ("Agenda", "/agenda"), "tool": ("Publicaties", "/publicaties")}
COOKIE_TEXT = ("<h2>Movisie gebruikt cookies</h2><p>Wij gebruiken functionele en analytische "
               "cookies om de website goed te laten werken en het gebruik ervan te meten. Met uw "
               "toestemming plaatsen we ook cookies om video's te tonen en berichten te delen via "
               "sociale media.</p>")


def system_path(path: str) -> str:
    return path.lstrip("/") or "<front>"


def breadcrumb_items(node: Node) -> list[tuple[str, str | None]]:
    listing = LISTING.get(node.bundle, ("Kennis", "/kennis"))
    return [("Home", "/"), listing, (node.title, None)]


def eu_cookie_compliance() -> dict:
    """EU Cookie Compliance (8.x-1.x): the banner is no element of the page; the module renders
    eu_cookie_compliance_popup_info.html.twig into drupalSettings and its script inserts it."""
    info = ('<div class="eu-cookie-compliance-banner eu-cookie-compliance-banner-info">'
            '<div class ="popup-content info eu-cookie-compliance-content">'
            f'<div id="popup-text" class="eu-cookie-compliance-message">{COOKIE_TEXT}'
            '<button type="button" class="find-more-button eu-cookie-compliance-more-button">'
            'Meer informatie</button></div><div id="popup-buttons" '
            'class="eu-cookie-compliance-buttons"><button type="button" class="agree-button '
            'eu-cookie-compliance-secondary-button">Alle cookies accepteren</button><button '
            'type="button" class="decline-button eu-cookie-compliance-default-button">'
            "Alleen noodzakelijke cookies</button></div></div></div>")
    withdraw = ('<button type="button" class="eu-cookie-withdraw-tab">Privacy-instellingen'
                '</button><div aria-labelledby="popup-text" class="eu-cookie-withdraw-banner">'
                '<div class="popup-content info eu-cookie-compliance-content"><div id="popup-text"'
                ' class="eu-cookie-compliance-message" role="document"><h2>Wij gebruiken cookies'
                "</h2><p>U heeft toestemming gegeven voor het plaatsen van cookies.</p></div>"
                '<div id="popup-buttons" class="eu-cookie-compliance-buttons"><button '
                'type="button" class="eu-cookie-withdraw-button ">Toestemming intrekken</button>'
                "</div></div></div>")
    return {
        "cookie_policy_version": "1.0.0", "popup_enabled": True, "popup_agreed_enabled": False,
        "popup_hide_agreed": False, "popup_clicking_confirmation": False,
        "popup_scrolling_confirmation": False, "popup_html_info": info,
        "use_mobile_message": False, "mobile_popup_html_info": info, "mobile_breakpoint": 768,
        "popup_html_agreed": False, "popup_use_bare_css": False, "popup_height": "auto",
        "popup_width": "100%", "popup_delay": 1000, "popup_link": "/cookies",
        "popup_link_new_window": True, "popup_position": False, "fixed_top_position": True,
        "popup_language": "nl", "store_consent": False, "better_support_for_screen_readers": True,
        "cookie_name": "", "reload_page": False, "domain": "", "domain_all_sites": False,
        "popup_eu_only": False, "popup_eu_only_js": False, "cookie_lifetime": 100,
        "cookie_session": 0, "set_cookie_session_zero_on_disagree": 0,
        "disagree_do_not_show_popup": False, "method": "opt_in", "automatic_cookies_removal": True,
        "allowed_cookies": "", "withdraw_markup": withdraw, "withdraw_enabled": True,
        "reload_options": 0, "reload_routes_list": "", "withdraw_button_on_info_popup": False,
        "cookie_categories": [], "cookie_categories_details": [], "enable_save_preferences_button":
        True, "cookie_value_disagreed": "0", "cookie_value_agreed_show_thank_you": "1",
        "cookie_value_agreed": "2", "containing_element": "body", "settings_tab_enabled": False,
        "olivero_primary_button_classes": "", "olivero_secondary_button_classes": "",
        "close_button_action": "close_banner", "open_by_default": True, "modules_allow_popup": True,
        "hide_the_banner": False, "geoip_match": True,
    }


def drupal_settings(node: Node, theme: str, libraries: list[str], extra: dict) -> str:
    """The drupalSettings script every Drupal page ends with."""
    settings = {
        "path": {"baseUrl": "/", "pathPrefix": "", "currentPath": f"node/{node.nid}",
                 "currentPathIsAdmin": False, "isFront": False, "currentLanguage": "nl"},
        "pluralDelimiter": "\u0003",
        "suppressDeprecationErrors": True,
        "gtag": {"tagId": "G-MVS2T9K4QX", "consentMode": True, "otherIds": [], "events": [],
                 "additionalConfigInfo": []},
        "ajaxPageState": {"libraries": compressed(libraries), "theme": theme,
                          "theme_token": None},
        "ajaxTrustedUrl": {"/search/node": True},
        "data": {"extlink": {"extTarget": True, "extTargetAppendNewWindowLabel":
                             "(opent in een nieuw venster)", "extTargetNoOverride": False,
                             "extNofollow": False, "extTitleNoOverride": False,
                             "extNoreferrer": True, "extFollowNoOverride": False,
                             "extClass": "0", "extLabel": "(link is extern)",
                             "extImgClass": False, "extSubdomains": True, "extExclude": "",
                             "extInclude": "", "extCssExclude": "", "extCssInclude": "",
                             "extCssExplicit": "", "extAlert": False, "extAlertText": "",
                             "extHideIcons": False, "mailtoClass": "0", "telClass": "",
                             "mailtoLabel": "(link stuurt een e-mail)", "telLabel": "",
                             "extUseFontAwesome": False, "extIconPlacement": "append",
                             "extPreventOrphan": False, "extFaLinkClasses": "fa fa-external-link",
                             "extFaMailtoClasses": "fa fa-regular fa-envelope",
                             "extAdditionalLinkClasses": "", "extAdditionalMailtoClasses": "",
                             "extAdditionalTelClasses": "", "whitelistedDomains": [],
                             "extExcludeNoreferrer": ""}},
        "eu_cookie_compliance": eu_cookie_compliance(),
        "user": {"uid": 0, "permissionsHash": token(theme + "perm", 64)},
        **extra,
    }
    return ('<script type="application/json" data-drupal-selector="drupal-settings-json">'
            f"{drupal_json(settings)}</script>")


def gtag_head() -> str:
    """The google_tag module's script tags: the same on every theme."""
    return ('<script src="https://www.googletagmanager.com/gtag/js?id=G-MVS2T9K4QX" async>'
            "</script>\n"
            '<script src="/modules/contrib/google_tag/js/gtag.js?t1k9zq"></script>')


def metatag_head(node: Node, og: bool = True) -> list[str]:
    """Metatag's node defaults (description from the summary, canonical) and Open Graph."""
    tags = [f'<meta name="description" content="{esc(node.description)}" />',
            f'<link rel="canonical" href="{esc(node.url)}" />',
            f'<link rel="shortlink" href="{SITE}/node/{node.nid}" />']
    if og:
        tags += [
            '<meta property="og:site_name" content="Movisie" />',
            '<meta property="og:type" content="article" />',
            f'<meta property="og:url" content="{esc(node.url)}" />',
            f'<meta property="og:title" content="{esc(node.title)}" />',
            f'<meta property="og:description" content="{esc(node.description)}" />',
        ]
        if node.image:
            tags.append(f'<meta property="og:image" content="{SITE}{image_src(node, "og")}" />')
        tags += ['<meta name="twitter:card" content="summary_large_image" />',
                 '<meta name="twitter:site" content="@movisie" />',
                 f'<meta name="twitter:title" content="{esc(node.title)}" />']
    return tags


def system_head(theme_path: str) -> list[str]:
    """What system_page_attachments() adds to every page, whatever the theme."""
    return ['<meta name="Generator" content="Drupal 10 (https://www.drupal.org)" />',
            '<meta name="MobileOptimized" content="width" />',
            '<meta name="HandheldFriendly" content="true" />',
            '<meta name="viewport" content="width=device-width, initial-scale=1.0" />',
            f'<link rel="icon" href="{theme_path}/favicon.ico" type="image/vnd.microsoft.icon" />']


def alternate(node: Node) -> str:
    return f'<link rel="alternate" hreflang="nl" href="{esc(node.url)}" />'


# --- drupal-olivero -------------------------------------------------------------------------

OLIVERO = "/core/themes/olivero"
OLIVERO_LIBRARIES = [
    "core/drupal.active-link", "eu_cookie_compliance/eu_cookie_compliance_default",
    "extlink/drupal.extlink", "google_tag/gtag", "google_tag/gtag.ajax",
    "olivero/feed", "olivero/global-styling", "olivero/navigation-primary",
    "olivero/navigation-secondary", "olivero/search-narrow", "olivero/search-wide",
    "olivero/tags", "paragraphs/drupal.paragraphs.unpublished", "system/base",
    "views/views.module",
]


def olivero(page: Page) -> Rendered:
    """Olivero: html.html.twig, page.html.twig, block and region templates, node.html.twig
    (the title in the page title block above the node, "Door <user>, <date>" in node__meta),
    field.html.twig with Olivero's classes, the Downloads as a file field."""
    node = read_node(page)
    body = "\n".join([
        '<a href="#main-content" class="visually-hidden focusable skip-link">\n'
        "      Overslaan en naar de inhoud gaan\n    </a>",
        '<div class="dialog-off-canvas-main-canvas" data-off-canvas-main-canvas>',
        '<div id="page-wrapper" class="page-wrapper">\n  <div id="page">',
        olivero_header(node),
        olivero_main(node),
        olivero_footer(),
        '<div class="overlay" data-drupal-selector="overlay"></div>',
        "  </div>\n</div>\n</div>",
        drupal_settings(node, "olivero", OLIVERO_LIBRARIES, {}),
        f'<script src="{asset_url("js", "olivero", OLIVERO_LIBRARIES, 0, "footer")}"></script>',
        f'<script src="{asset_url("js", "olivero", OLIVERO_LIBRARIES, 1, "footer")}"></script>',
    ])
    document = (
        '<!DOCTYPE html>\n<html lang="nl" dir="ltr" prefix="og: https://ogp.me/ns#" '
        'style="--color--primary-hue:202;--color--primary-saturation:79%;'
        '--color--primary-lightness:50">\n  <head>\n'
        + "\n".join(f"    {line}" for line in olivero_head(node)) + "\n  </head>\n"
        f'  <body{attrs(class_=["path-node", f"page-node-type-{clean_class(node.bundle)}"])}>\n'
        f"{body}\n  </body>\n</html>\n"
    )
    return Rendered(document)


def olivero_head(node: Node) -> list[str]:
    fonts = ("metropolis/Metropolis-Regular", "metropolis/Metropolis-SemiBold",
             "metropolis/Metropolis-Bold", "lora/lora-v14-latin-regular")
    return [
        '<meta charset="utf-8" />',
        f'<noscript><link rel="stylesheet" href="{OLIVERO}/css/components/navigation/'
        'nav-primary-no-js.css?t1k9zq" />\n</noscript>' + gtag_head(),
        *metatag_head(node),
        *system_head(OLIVERO),
        alternate(node),
        f"<title>{esc(node.title)} | Movisie</title>",
        *(f'<link rel="stylesheet" media="all" href="{asset_url("css", "olivero", OLIVERO_LIBRARIES, d)}" />'  # noqa: E501
          for d in range(3)),
        *(f'<link rel="preload" href="{OLIVERO}/fonts/{f}.woff2" as="font" type="font/woff2" '
          "crossorigin>" for f in fonts),
    ]


def olivero_header(node: Node) -> str:
    """The header region (branding), primary menu (main menu, narrow search) and secondary
    menu (wide search, account menu), in page.html.twig's fixable header."""
    branding = (
        '<div id="block-olivero-site-branding" class="site-branding block block-system '
        'block-system-branding-block">\n  <div class="site-branding__inner">\n'
        '    <a href="/" rel="home" class="site-branding__logo">\n'
        f'      <img src="{OLIVERO}/logo.svg" alt="Home" fetchpriority="high" />\n    </a>\n'
        '    <div class="site-branding__text">\n      <div class="site-branding__name">\n'
        '        <a href="/" title="Home" rel="home">Movisie</a>\n      </div>\n    </div>\n'
        "  </div>\n</div>")
    search_narrow = olivero_search("narrow", "search-block-form")
    search_wide = olivero_search("wide", "search-block-form--2")
    account = (
        '<nav  id="block-olivero-account-menu" class="block block-menu navigation '
        'menu--account secondary-nav" aria-labelledby="block-olivero-account-menu-menu" '
        'role="navigation">\n  <span id="block-olivero-account-menu-menu" class="visually-hidden">'
        'Gebruikersaccountmenu</span>\n  <ul class="menu secondary-nav__menu '
        'secondary-nav__menu--level-1">\n    <li class="secondary-nav__menu-item '
        'secondary-nav__menu-item--link secondary-nav__menu-item--level-1">\n      <a href="/user/'
        'login" class="secondary-nav__menu-link secondary-nav__menu-link--link '
        'secondary-nav__menu-link--level-1" data-drupal-link-system-path="user/login">Inloggen</a>'
        "\n    </li>\n  </ul>\n</nav>")
    main_menu = (
        '<nav  id="block-olivero-main-menu" class="primary-nav block block-menu navigation '
        'menu--main" aria-labelledby="block-olivero-main-menu-menu" role="navigation">\n'
        '  <h2 class="visually-hidden block__title" id="block-olivero-main-menu-menu">'
        "Hoofdnavigatie</h2>\n" + olivero_menu(MAIN_MENU, 0, "primary-menu-item-1") + "\n</nav>")
    return f"""<header id="header" class="site-header" data-drupal-selector="site-header" role="banner">
  <div class="site-header__fixable" data-drupal-selector="site-header-fixable">
    <div class="site-header__initial">
      <button class="sticky-header-toggle" data-drupal-selector="sticky-header-toggle" role="switch" aria-controls="site-header__inner" aria-label="Vaste kop" aria-checked="false">
        <span class="sticky-header-toggle__icon"><span></span><span></span><span></span></span>
      </button>
    </div>
    <div id="site-header__inner" class="site-header__inner" data-drupal-selector="site-header-inner">
      <div class="container site-header__inner__container">
{branding}
<div class="header-nav-overlay" data-drupal-selector="header-nav-overlay"></div>
        <div class="mobile-buttons" data-drupal-selector="mobile-buttons">
          <button class="mobile-nav-button" data-drupal-selector="mobile-nav-button" aria-label="Hoofdmenu" aria-controls="header-nav" aria-expanded="false">
            <span class="mobile-nav-button__label">Menu</span>
            <span class="mobile-nav-button__icon"></span>
          </button>
        </div>
        <div id="header-nav" class="header-nav" data-drupal-selector="header-nav">
{search_narrow}
{main_menu}
<div class="region region--secondary-menu">
{search_wide}
{account}
</div>
        </div>
      </div>
    </div>
  </div>
</header>"""  # noqa: E501


def olivero_search(width: str, form_id: str) -> str:
    """The search form block, once narrow (primary menu) and once wide (secondary menu)."""
    selector = form_id.replace("--", "-")
    form = (
        f'<form action="/search/node" method="get" id="{form_id}" accept-charset="UTF-8" '
        f'data-drupal-selector="{selector}" class="search-form search-block-form">\n'
        '  <div class="js-form-item form-item js-form-type-search form-item-keys '
        'js-form-item-keys form-no-label">\n'
        f'    <label for="edit-keys-{width}" class="visually-hidden form-item__label">Zoeken'
        f'</label>\n    <input title="Geef de woorden op waarnaar u wilt zoeken." '
        f'placeholder="Zoek op trefwoord of zin." data-drupal-selector="edit-keys" type="search" '
        f'id="edit-keys-{width}" name="keys" value="" size="15" maxlength="128" '
        'class="form-search form-element form-element--type-search '
        'form-element--api-search" />\n  </div>\n'
        f'  <div data-drupal-selector="edit-actions" class="form-actions js-form-wrapper '
        f'form-wrapper" id="edit-actions-{width}">\n'
        '    <button class="button--primary search-form__submit button js-form-submit '
        'form-submit" data-drupal-selector="edit-submit" type="submit" id="edit-submit" '
        'value="Zoeken">\n      <span class="icon--search"></span>\n'
        '      <span class="visually-hidden">Zoeken</span>\n    </button>\n  </div>\n</form>')
    if width == "narrow":
        return (f'<div class="search-block-form block block-search-narrow" '
                f'data-drupal-selector="{selector}" id="block-olivero-search-form-narrow" '
                f'role="search">\n  <div class="content">\n    <div class="search-form__inner">'
                f"\n{form}\n    </div>\n  </div>\n</div>")
    return (f'<div class="search-block-form block block-search-wide" data-drupal-selector="'
            f'{selector}" id="block-olivero-search-form-wide" role="search">\n'
            '  <button class="block-search-wide__button" aria-label="Zoekformulier" '
            'data-drupal-selector="block-search-wide-button">\n'
            f"    {icon_svg('search', 22)}\n"
            '    <span class="block-search-wide__button-close"></span>\n  </button>\n'
            '  <div class="block-search-wide__wrapper" data-drupal-selector="'
            'block-search-wide-wrapper" tabindex="-1">\n    <div class="block-search-wide__'
            'container">\n      <div class="block-search-wide__grid">\n'
            f"{form}\n      </div>\n    </div>\n  </div>\n</div>")


def olivero_menu(items, level: int, aria_id: str) -> str:
    """menu--primary-menu.html.twig's macro, nested levels, toggle buttons and all."""
    nr = level + 1
    ul_attrs = attrs(class_=["menu", "primary-nav__menu", f"primary-nav__menu--level-{nr}"],
                     id=aria_id if level else None,
                     data_drupal_selector=f"primary-nav-menu--level-{nr}" if level <= 1 else None)
    rows = []
    for index, (title, path, below) in enumerate(items, 1):
        item_id = f"{aria_id}-{index}" if level else f"primary-menu-item-{index}"
        li = attrs(class_=["primary-nav__menu-item", "primary-nav__menu-item--link",
                           f"primary-nav__menu-item--level-{nr}",
                           "primary-nav__menu-item--has-children" if below else ""],
                   data_drupal_selector="primary-nav-menu-item-has-children"
                   if below and not level else None)
        link_attrs = attrs(
            href=path,
            class_=["primary-nav__menu-link", "primary-nav__menu-link--link",
                    f"primary-nav__menu-link--level-{nr}",
                    "primary-nav__menu-link--has-children" if below else ""],
            data_drupal_selector="primary-nav-menu-link-has-children" if not level else None,
            data_drupal_link_system_path=system_path(path))
        link = (f'<a{link_attrs}><span class="primary-nav__menu-link-inner '
                f'primary-nav__menu-link-inner--level-{nr}">{esc(title)}</span></a>')
        sub = ""
        if below and not level:
            sub = (f'<button class="primary-nav__button-toggle" data-drupal-selector="'
                   f'primary-nav-submenu-toggle-button" aria-controls="{item_id}" '
                   'aria-expanded="false" aria-hidden="true" tabindex="-1">\n'
                   f'  <span class="visually-hidden">{esc(title)} subnavigatie</span>\n'
                   '  <span class="icon--menu-toggle"></span>\n</button>\n'
                   + ('<span data-drupal-selector="primary-nav-menu-🥕" '
                      'class="primary-nav__menu-🥕"></span>\n')
                   + olivero_menu(below, level + 1, item_id))
        elif below:
            sub = olivero_menu(below, level + 1, item_id)
        rows.append(f"<li{li}>\n  {link}\n  {sub}</li>")
    return f"<ul {ul_attrs.strip()}>\n" + "\n".join(rows) + "\n</ul>"


def olivero_main(node: Node) -> str:
    """page.html.twig's main wrapper: highlighted (messages) and breadcrumb regions above
    <main>, the page title in content_above, the node and a "Lees ook" view block in content.

    A view block like "Lees ook" would go in Olivero's sidebar region, which page.html.twig
    prints after </main>; it is placed in the content region here so the links that lead on
    stay inside <main>, where the spider reads them (docs/platforms/drupal.md)."""
    crumbs = "\n".join(
        f'<li class="breadcrumb__item">\n  <a href="{path}" class="breadcrumb__link">'
        f"{esc(text)}</a>\n</li>" if path else
        f'<li class="breadcrumb__item">\n  {esc(text)}\n</li>'
        for text, path in breadcrumb_items(node))
    title = (
        '<div class="region region--content-above grid-full layout--pass--content-medium">\n'
        '<div id="block-olivero-page-title" class="block block-core block-page-title-block">\n'
        f'  <h1 class="title page-title"><span>{esc(node.title)}</span></h1>\n</div>\n</div>')
    related = olivero_related(node)
    return f"""<div id="main-wrapper" class="layout-main-wrapper layout-container">
  <div id="main" class="layout-main">
    <div class="main-content">
      <a id="main-content" tabindex="-1"></a>
      <div class="main-content__container container">
<div class="region region--highlighted grid-full layout--pass--content-medium">
<div data-drupal-messages-fallback class="hidden messages-list"></div>
</div>
<div class="region region--breadcrumb grid-full layout--pass--content-medium">
<div id="block-olivero-breadcrumbs" class="block block-system block-system-breadcrumb-block">
  <div class="block__content">
  <nav class="breadcrumb" role="navigation" aria-labelledby="system-breadcrumb">
    <h2 id="system-breadcrumb" class="visually-hidden">Kruimelpad</h2>
    <div class="breadcrumb__content">
      <ol class="breadcrumb__list">
{crumbs}
      </ol>
    </div>
  </nav>
  </div>
</div>
</div>
        <main role="main">
{title}
<div class="region region--content grid-full layout--pass--content-medium" id="content">
<div id="block-olivero-content" class="block block-system block-system-main-block">
  <div class="block__content">
{olivero_node(node)}
  </div>
</div>
{related}
</div>
        </main>
      </div>
    </div>
    <div class="social-bar">
<div class="social-bar__inner fixable">
  <div class="rotate">
<div id="block-olivero-syndicate" role="complementary" class="block block-node block-node-syndicate-block">
  <div class="block__content">
<a href="/rss.xml" class="feed-icon">
  <span class="feed-icon__label">RSS-feed</span>
  <span class="feed-icon__icon" aria-hidden="true">{icon_svg("rss", 14)}</span>
</a>
  </div>
</div>
  </div>
</div>
    </div>
  </div>
</div>"""  # noqa: E501


def olivero_node(node: Node) -> str:
    """node.html.twig: header with node__meta, then the content fields in display order."""
    layout = "layout--content-narrow" if node.bundle == "article" else ""
    classes = ["node", f"node--type-{clean_class(node.bundle)}", "grid-full" if layout else "",
               "node--promoted", "node--view-mode-full"]
    meta = (f'<div class="node__meta">\n        <span>\n          Door <span><span>'
            f"{SUBMITTER}</span></span>, {dutch_date(node.published, 'j  F,  Y')}\n"
            "        </span>\n      </div>")
    return (f'<article data-history-node-id="{node.nid}"{attrs(class_=classes)}>\n'
            f'  <header class="{layout}">\n      {meta}\n  </header>\n'
            f"  <div{attrs(class_=['node__content', layout])}>\n"
            + "\n".join(olivero_fields(node)) + "\n  </div>\n</article>")


def olivero_fields(node: Node):
    text = ("text-content", "clearfix")
    if node.subtitle:
        yield field("field_subtitle", "string", [esc(node.subtitle)])
    if node.image:
        yield field("field_image", "image", [olivero_image(node)], lead=("wide-content",))
    for name, label, value in node.event:
        yield field(name, "string" if name != "field_event_date" else "daterange", [value],
                    label=label, display="inline")
    if node.authors:
        yield field("field_authors", "entity_reference", [esc(a) for a in node.authors],
                    label="Auteurs", display="inline", multiple=True)
    if node.body:
        yield field("body", "text_with_summary", ["\n".join(node.body)], lead=text)
    if node.cta:
        yield field("field_cta", "entity_reference_revisions", [paragraph(
            "call_to_action", field("field_text", "text_long", ["\n".join(node.cta)], lead=text))])
    if node.registration:
        text_, href = node.registration
        yield field("field_registration", "link", [f'<a href="{esc(href)}">{esc(text_)}</a>'])
    if node.tags:
        items = "".join(f'<li class="field--tags__item"><a href="{esc(href)}" hreflang="nl">'
                        f"{esc(tag)}</a></li>" for tag, href in node.tags)
        yield ('<div class="field field--name-field-tags field--type-entity-reference '
               'field--label-inline field--tags">\n  <h3 class="field__label '
               'field--tags__label">Meer over</h3>\n  <ul class="links field__items '
               f'field--tags__items">{items}</ul>\n</div>')
    if node.downloads:
        yield field("field_downloads", "file", [file_link(d) for d in node.downloads],
                    label="Downloads", display="above", multiple=True)


def olivero_image(node: Node) -> str:
    return (f'  <img loading="lazy" src="{image_src(node, "wide")}" width="1200" height="675" '
            f'alt="{esc(node.image.get("alt", ""))}" />\n')


def paragraph(bundle: str, content: str, extra: tuple[str, ...] = ()) -> str:
    """The Paragraphs module's paragraph.html.twig: a module template, so its classes are there
    whatever the theme."""
    classes = ["paragraph", f"paragraph--type--{clean_class(bundle)}",
               "paragraph--view-mode--default", *extra]
    return f"<div{attrs(class_=classes)}>\n  {content}\n</div>"


def olivero_related(node: Node) -> str:
    if not node.related:
        return ""
    rows = "\n".join(
        f'<div class="views-row">\n<article data-history-node-id="{stable_number(t.href)}" '
        f'class="node node--type-{clean_class(t.bundle)} node--promoted node--view-mode-teaser '
        'teaser">\n  <header>\n    <div class="teaser__meta">\n      <div class="node__meta">\n'
        f'        <span>\n          Door <span class="node__author"><span>{SUBMITTER}</span>'
        f"</span>, {teaser_date(t, 'j  F,  Y')}\n        </span>\n      </div>\n    </div>\n"
        '    <div class="teaser__top">\n      <div class="teaser__image"></div>\n'
        f'      <h2 class="node__title teaser__title">\n        <a href="{esc(t.href)}" '
        f'rel="bookmark"><span>{esc(t.title)}</span></a>\n      </h2>\n    </div>\n  </header>\n'
        '  <div class="teaser__content">\n'
        f"    {field('field_intro', 'string_long', [esc(t.intro)])}\n  </div>\n</article>\n</div>"
        for t in node.related)
    return ('<div class="views-element-container block block-views block-views-block'
            'gerelateerde-content-block-1" id="block-olivero-views-block-gerelateerde-content">\n'
            '  <h2 class="block__title">Lees ook</h2>\n  <div class="block__content">\n'
            '<div><div class="view view-gerelateerde-content view-id-gerelateerde_content '
            f'view-display-id-block_1 js-view-dom-id-{token(node.url, 64).lower()}">\n'
            f'  <div class="view-content">\n{rows}\n  </div>\n</div>\n</div>\n  </div>\n</div>')


def teaser_date(teaser: Teaser, pattern: str) -> str:
    if not teaser.datetime:
        return ""
    return dutch_date(datetime.fromisoformat(teaser.datetime.replace("Z", "+00:00")), pattern)


def olivero_footer() -> str:
    """footer_top (contact, newsletter, footer menu) and footer_bottom (Powered by Drupal)."""
    menu = "\n".join(f'<li class="menu-item"><a href="{path}" data-drupal-link-system-path="'
                     f'{system_path(path)}">{esc(title)}</a></li>' for title, path in FOOTER_MENU)
    return f"""<footer class="site-footer">
  <div class="site-footer__inner container">
<div class="region region--footer-top grid-full layout--pass--content-medium">
  <div class="region--footer_top__inner">
<div id="block-olivero-contactgegevens" class="block block-block-content block-block-content{token('contact', 36).lower()}">
  <h2 class="block__title">Contact</h2>
  <div class="block__content">
{field("body", "text_with_summary", [CONTACT_HTML], lead=("text-content", "clearfix"))}
  </div>
</div>
<div id="block-olivero-nieuwsbrief" class="block block-block-content block-block-content{token('news', 36).lower()}">
  <h2 class="block__title">Blijf op de hoogte</h2>
  <div class="block__content">
{field("body", "text_with_summary", ['<p>Ontvang maandelijks de nieuwste kennis, tools en bijeenkomsten in uw mailbox.</p><p><a href="/nieuwsbrief">Aanmelden voor de nieuwsbrief</a></p>'], lead=("text-content", "clearfix"))}
  </div>
</div>
<nav  id="block-olivero-footer" class="block block-menu navigation menu--footer" aria-labelledby="block-olivero-footer-menu" role="navigation">
  <h2 class="visually-hidden block__title" id="block-olivero-footer-menu">Footer</h2>
  <ul class="menu">
{menu}
  </ul>
</nav>
  </div>
</div>
<div class="region region--footer-bottom grid-full layout--pass--content-medium">
<div id="block-olivero-powered" class="block block-system block-system-powered-by-block">
  <span>
    Mogelijk gemaakt door
    <a href="https://www.drupal.org">Drupal</a>
    <span class="drupal-logo" role="img" aria-label="Drupal-logo">{icon_svg("drupal", 14)}</span>
  </span>
</div>
</div>
  </div>
</footer>"""  # noqa: E501


def icon_svg(name: str, size: int) -> str:
    """An inline icon as themes include them (Olivero includes its SVGs with {% include %})."""
    paths = {
        "search": "M21.7 20.3l-5.4-5.4A8 8 0 1 0 14.9 16.3l5.4 5.4a1 1 0 0 0 1.4-1.4zM3 10a7 7 0 1 "
                  "1 7 7 7 7 0 0 1-7-7z",
        "rss": "M1 11a2 2 0 1 0 4 0 2 2 0 0 0-4 0zM1 5v2a6 6 0 0 1 6 6h2a8 8 0 0 0-8-8zm0-4v2a10 "
               "10 0 0 1 10 10h2A12 12 0 0 0 1 1z",
        "drupal": "M15.6 4.6C14.1 3.1 12.7 1.7 11.3 0.3 11.2 1.9 10.6 2.8 9.4 3.9 8 5.1 5 7 4.5 "
                  "9.7 3.7 13.9 6.8 17.6 11 17.6s7.1-3 7.1-6.8c0-3.7-1.5-4.9-2.5-6.2zM7.1 12.3c-"
                  "0.6 0-2.1-1.1-2.1-2.7 0-1.1 0.9-2.2 1.6-2.6 0.3-0.2 0.7 0.4 0.4 0.7-0.4 0.4-1.2"
                  " 1.2-1.2 2.1 0 0.9 1.6 1.6 1.6 1.9 0 0.3-0.1 0.6-0.3 0.6zm3.9 4c-1.3 0-2.4-1-"
                  "2.4-2.3 0-0.6 0.2-1.2 0.7-1.6l1.8-1.7 1.8 1.7c0.4 0.4 0.7 1 0.7 1.6 0 1.3-1.1 "
                  "2.3-2.4 2.3z",
    }
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" '
            f'viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="{paths[name]}"/>'
            "</svg>")


# --- drupal-stark ---------------------------------------------------------------------------

STARK = "/core/themes/stark"
STARK_LIBRARIES = ["core/drupal.active-link", "eu_cookie_compliance/eu_cookie_compliance_default",
                   "extlink/drupal.extlink", "google_tag/gtag", "google_tag/gtag.ajax",
                   "paragraphs/drupal.paragraphs.unpublished", "system/base",
                   "views/views.module"]


def stark(page: Page) -> Rendered:
    """Stark: the module templates alone. Regions and blocks are bare <div>s with an id, fields
    are nested <div>s with no class, the node is <article> with "Ingediend door ... op ..." in a
    <footer>; only what modules print carries classes (file links, paragraphs, views)."""
    node = read_node(page)
    head = [
        '<meta charset="utf-8" />',
        gtag_head(),
        f'<link rel="canonical" href="{esc(node.url)}" />',
        f'<link rel="shortlink" href="{SITE}/node/{node.nid}" />',
        *system_head(STARK),
        alternate(node),
        f"<title>{esc(node.title)} | Movisie</title>",
        *(f'<link rel="stylesheet" media="all" href="{asset_url("css", "stark", STARK_LIBRARIES, d)}" />'  # noqa: E501
          for d in range(2)),
    ]
    body = "\n".join([
        '<a href="#main-content" class="visually-hidden focusable">\n'
        "      Overslaan en naar de inhoud gaan\n    </a>",
        '<div class="dialog-off-canvas-main-canvas" data-off-canvas-main-canvas>',
        stark_page(node),
        "</div>",
        drupal_settings(node, "stark", STARK_LIBRARIES, {}),
        f'<script src="{asset_url("js", "stark", STARK_LIBRARIES, 0, "footer")}"></script>',
    ])
    document = ('<!DOCTYPE html>\n<html lang="nl" dir="ltr">\n  <head>\n'
                + "\n".join(f"    {line}" for line in head) + "\n  </head>\n"
                f'  <body>\n{body}\n  </body>\n</html>\n')
    return Rendered(document)


def stark_menu(items, level: int = 0, menu_class: str = "") -> str:
    """menu.html.twig: the first <ul> has the menu's attributes, deeper ones none."""
    rows = []
    for title, path, below in items:
        sub = stark_menu(below, level + 1) if below else ""
        rows.append(f'<li><a href="{path}" data-drupal-link-system-path="{system_path(path)}">'
                    f"{esc(title)}</a>{sub}</li>")
    ul = f"<ul{attrs(class_=menu_class)}>" if level == 0 else "<ul>"
    return ul + "\n" + "\n".join(rows) + "\n</ul>"


def stark_page(node: Node) -> str:
    """system/templates/page.html.twig with the blocks a standard install places."""
    crumbs = "\n".join(f'<li>\n  <a href="{path}">{esc(text)}</a>\n</li>' if path else
                       f"<li>\n  {esc(text)}\n</li>" for text, path in breadcrumb_items(node))
    footer_menu = stark_menu(tuple((t, p, ()) for t, p in FOOTER_MENU))
    sidebar = ""
    if node.related:
        sidebar = ('    <aside class="layout-sidebar-first" role="complementary">\n'
                   f"<div>\n{stark_related(node)}\n</div>\n    </aside>\n")
    return f"""<div class="layout-container">

  <header role="banner">
<div>
<div id="block-stark-site-branding">
    <a href="/" rel="home">
      <img src="{STARK}/logo.svg" alt="Home" fetchpriority="high" />
    </a>
    <a href="/" rel="home">Movisie</a>
</div>
<div class="search-block-form" data-drupal-selector="search-block-form" id="block-stark-search-form" role="search">
<form action="/search/node" method="get" id="search-block-form" accept-charset="UTF-8">
  <div class="js-form-item form-item js-form-type-search form-item-keys js-form-item-keys form-no-label">
      <label for="edit-keys" class="visually-hidden">Zoeken</label>
        <input title="Geef de woorden op waarnaar u wilt zoeken." data-drupal-selector="edit-keys" type="search" id="edit-keys" name="keys" value="" size="15" maxlength="128" class="form-search" />
  </div>
<div data-drupal-selector="edit-actions" class="form-actions js-form-wrapper form-wrapper" id="edit-actions"><input data-drupal-selector="edit-submit" type="submit" id="edit-submit" value="Zoeken" class="button js-form-submit form-submit" />
</div>
</form>
</div>
</div>
  </header>

<div>
<nav role="navigation" aria-labelledby="block-stark-main-menu-menu" id="block-stark-main-menu">
  <h2 class="visually-hidden" id="block-stark-main-menu-menu">Hoofdnavigatie</h2>
{stark_menu(MAIN_MENU)}
</nav>
</div>
<div>
<nav role="navigation" aria-labelledby="block-stark-account-menu-menu" id="block-stark-account-menu">
  <h2 class="visually-hidden" id="block-stark-account-menu-menu">Gebruikersaccountmenu</h2>
{stark_menu((("Inloggen", "/user/login", ()),))}
</nav>
</div>

<div>
<div id="block-stark-breadcrumbs">
  <nav role="navigation" aria-labelledby="system-breadcrumb">
    <h2 id="system-breadcrumb" class="visually-hidden">Kruimelpad</h2>
    <ol>
{crumbs}
    </ol>
  </nav>
</div>
</div>

<div>
<div data-drupal-messages-fallback class="hidden"></div>
</div>

  <main role="main">
    <a id="main-content" tabindex="-1"></a>
    <div class="layout-content">
<div>
<div id="block-stark-page-title">
  <h1><span>{esc(node.title)}</span></h1>
</div>
<div id="block-stark-content">
{stark_node(node)}
</div>
</div>
    </div>
{sidebar}
  </main>

  <footer role="contentinfo">
<div>
<div id="block-stark-contactgegevens">
  <h2>Contact</h2>
{field("body", "text_with_summary", [CONTACT_HTML], classed=False)}
</div>
<nav role="navigation" aria-labelledby="block-stark-footer-menu" id="block-stark-footer">
  <h2 class="visually-hidden" id="block-stark-footer-menu">Footer</h2>
{footer_menu}
</nav>
<div id="block-stark-powered">
  <span>Mogelijk gemaakt door <a href="https://www.drupal.org">Drupal</a></span>
</div>
</div>
  </footer>

</div>"""  # noqa: E501


def stark_node(node: Node) -> str:
    """node.html.twig (node module): the "submitted" footer first, then the content."""
    when = (f'<time datetime="{rfc3339(node.published)}" title="'
            f'{dutch_date(node.published, "l j F Y - H:i")}">'
            f'{dutch_date(node.published, "D, d/m/Y - H:i")}</time>')
    fields = []
    if node.subtitle:
        fields.append(field("field_subtitle", "string", [esc(node.subtitle)], classed=False))
    if node.image:
        fields.append(field("field_image", "image", [
            f'  <img loading="lazy" src="{image_src(node, "large")}" width="1200" height="675" '
            f'alt="{esc(node.image.get("alt", ""))}" />\n'], classed=False))
    for _name, label, value in node.event:
        fields.append(field("", "", [value], classed=False, label=label, display="inline"))
    if node.authors:
        fields.append(field("", "", [esc(a) for a in node.authors], classed=False,
                            label="Auteurs", display="inline", multiple=True))
    if node.body:
        fields.append(field("", "", ["\n".join(node.body)], classed=False))
    if node.cta:
        fields.append(field("", "", [paragraph("call_to_action", field(
            "", "", ["\n".join(node.cta)], classed=False))], classed=False))
    if node.registration:
        text, href = node.registration
        fields.append(field("", "", [f'<a href="{esc(href)}">{esc(text)}</a>'], classed=False))
    if node.tags:
        fields.append(field("", "", [f'<a href="{esc(h)}" hreflang="nl">{esc(t)}</a>'
                                     for t, h in node.tags], classed=False, label="Meer over",
                            display="inline", multiple=True))
    if node.downloads:
        fields.append(field("", "", [file_link(d) for d in node.downloads], classed=False,
                            label="Downloads", display="above", multiple=True))
    return (f'<article data-history-node-id="{node.nid}">\n\n'
            f"  <footer>\n    <div>\n      Ingediend door <span><span>{SUBMITTER}</span></span> "
            f"op <span>{when}</span>\n    </div>\n  </footer>\n\n"
            "  <div>\n" + "\n".join(fields) + "\n  </div>\n\n</article>")


def stark_related(node: Node) -> str:
    """A views block in Stark: views-view.html.twig of the views module (no classes but the
    dom id), views-view-unformatted's views-row, teasers through the node module's template."""
    rows = "\n".join(
        f'<div class="views-row"><article data-history-node-id="{stable_number(t.href)}">\n'
        f'  <h2>\n    <a href="{esc(t.href)}" rel="bookmark"><span>{esc(t.title)}</span></a>\n'
        f"  </h2>\n  <footer>\n    <div>\n      Ingediend door <span><span>{SUBMITTER}</span>"
        f"</span> op <span>{teaser_date(t, 'D, d/m/Y - H:i')}</span>\n    </div>\n  </footer>\n"
        f"  <div>\n{field('', '', [esc(t.intro)], classed=False)}\n  </div>\n</article></div>"
        for t in node.related)
    return (f'<div id="block-stark-views-block-gerelateerde-content">\n  <h2>Lees ook</h2>\n'
            f'<div><div class="js-view-dom-id-{token(node.url, 64).lower()}">\n{rows}\n'
            "</div>\n</div>\n</div>")


# --- drupal-custom-paragraphs ---------------------------------------------------------------

THEME = "/themes/custom/movisie"
CUSTOM_LIBRARIES = [
    "core/drupal.active-link", "extlink/drupal.extlink", "google_tag/gtag",
    "google_tag/gtag.ajax", "movisie/cookiebanner", "movisie/global", "movisie/header",
    "movisie/paragraphs.call-to-action", "movisie/paragraphs.downloads",
    "movisie/paragraphs.quote", "movisie/paragraphs.text", "movisie/share", "movisie/utrecht",
    "paragraphs/drupal.paragraphs.unpublished", "system/base", "views/views.module",
]
TOKENS = ("color", "background-color", "border-color", "font-size", "font-weight", "line-height",
          "margin-block-start", "margin-block-end", "padding-block", "padding-inline")
COMPONENTS = ("document", "heading-1", "heading-2", "heading-3", "paragraph", "paragraph-lead",
              "link", "link-hover", "button", "button-primary", "button-secondary",
              "breadcrumb-nav", "page-header", "page-footer", "page-content", "nav-bar",
              "link-list", "blockquote", "spotlight-section", "skip-link", "article",
              "rich-text", "data-list", "form-field", "textbox", "card", "alert")


def custom(page: Page) -> Rendered:
    """A custom theme generated from starterkit_theme, restyled with NL Design System (Utrecht)
    components: the node body is a field of Paragraphs (text, quote, call to action, downloads),
    the site's own type-and-date line ("artikel - 27 september 2013"), a sidebar of related
    content, a server-rendered cookie banner and a heavy head (critical CSS, JSON-LD)."""
    node = read_node(page)
    body = "\n".join([
        custom_cookiebanner(),
        '<a href="#main-content" class="utrecht-skip-link utrecht-skip-link--visible-on-focus '
        'visually-hidden focusable skip-link">\n      Direct naar de inhoud\n    </a>',
        icon_sprite(),
        '<div class="dialog-off-canvas-main-canvas" data-off-canvas-main-canvas>',
        '<div class="layout-container utrecht-page">',
        custom_header(),
        custom_breadcrumb(node),
        custom_main(node),
        custom_most_read(),
        custom_footer(),
        "</div>\n</div>",
        drupal_settings(node, "movisie", CUSTOM_LIBRARIES, {
            "movisie": {"cookiebanner": {"name": "movisie_consent", "version": 3,
                                         "categories": ["noodzakelijk", "statistiek",
                                                        "extern"]}},
            "siteimprove": {"id": "6012345"},
        }),
        f'<script src="{asset_url("js", "movisie", CUSTOM_LIBRARIES, 0, "footer")}"></script>',
        f'<script src="{asset_url("js", "movisie", CUSTOM_LIBRARIES, 1, "footer")}"></script>',
        '<script async src="https://siteimproveanalytics.com/js/siteanalyze_6012345.js">'
        "</script>",
    ])
    body_attrs = attrs(class_=["utrecht-body", "utrecht-document", "path-node",
                               f"page-node-type-{clean_class(node.bundle)}"])
    document = ('<!DOCTYPE html>\n<html lang="nl" dir="ltr" prefix="og: https://ogp.me/ns#" '
                'class="utrecht-root no-js">\n  <head>\n'
                + "\n".join(f"    {line}" for line in custom_head(node)) + "\n  </head>\n"
                f"  <body{body_attrs}>\n{body}\n  </body>\n</html>\n")
    return Rendered(document)


def custom_head(node: Node) -> list[str]:
    return [
        '<meta charset="utf-8" />',
        "<script>document.documentElement.classList.replace('no-js','js');</script>",
        gtag_head(),
        *metatag_head(node),
        f'<script type="application/ld+json">{schema_json(node)}</script>',
        *system_head(THEME),
        f'<link rel="apple-touch-icon" sizes="180x180" href="{THEME}/images/apple-touch-icon.png"'
        " />",
        f'<link rel="manifest" href="{THEME}/site.webmanifest" />',
        '<meta name="theme-color" content="#e2007a" />',
        alternate(node),
        f"<title>{esc(node.title)} | Movisie</title>",
        f"<style>{critical_css()}</style>",
        *(f'<link rel="stylesheet" media="all" href="{asset_url("css", "movisie", CUSTOM_LIBRARIES, d)}" />'  # noqa: E501
          for d in range(4)),
        f'<link rel="preload" href="{THEME}/fonts/fira-sans-v17-latin-regular.woff2" as="font" '
        'type="font/woff2" crossorigin>',
        f'<link rel="preload" href="{THEME}/fonts/fira-sans-v17-latin-600.woff2" as="font" '
        'type="font/woff2" crossorigin>',
    ]


def schema_json(node: Node) -> str:
    """schema_metatag's Article: headline, dates as "Y-m-d\\TH:i:sO", the publisher."""
    article = {
        "@type": "Article",
        "headline": node.title,
        "name": node.title,
        "description": node.description,
        "datePublished": node.published.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "isAccessibleForFree": "True",
        "inLanguage": "nl",
        "publisher": {"@type": "Organization", "@id": f"{SITE}/#organization",
                      "name": "Movisie", "url": f"{SITE}/",
                      "logo": {"@type": "ImageObject", "url": f"{SITE}{THEME}/logo.svg"}},
        "mainEntityOfPage": node.url,
    }
    if node.image:
        article["image"] = {"@type": "ImageObject", "url": f"{SITE}{image_src(node, 'og')}",
                            "width": "1200", "height": "630"}
    return json.dumps({"@context": "https://schema.org", "@graph": [article]},
                      ensure_ascii=False, indent=4).replace("/", "\\/")


@cache
def critical_css() -> str:
    """Inlined critical CSS: the design tokens of the Utrecht components the theme uses."""
    lines = [":root{"]
    for index, component in enumerate(COMPONENTS):
        for offset, prop in enumerate(TOKENS):
            value = f"#{hashlib.md5(f'{component}{prop}'.encode()).hexdigest()[:6]}" \
                if "color" in prop else f"{(index + offset) % 7 * 0.125 + 0.5:.3f}rem"
            lines.append(f"--utrecht-{component}-{prop}:{value};")
    lines.append("}")
    for component in COMPONENTS:
        props = ";".join(f"{p}:var(--utrecht-{component}-{p})" for p in TOKENS)
        lines.append(f".utrecht-{component}{{{props}}}")
    return "".join(lines)


def icon_sprite() -> str:
    """The theme's SVG sprite, printed once at the top of the body for <use href="#...">."""
    shapes = {"arrow-right": "M4 11h12.2l-5.6-5.6L12 4l8 8-8 8-1.4-1.4 5.6-5.6H4z",
              "download": "M11 4h2v9.2l3.6-3.6L18 11l-6 6-6-6 1.4-1.4 3.6 3.6zM5 18h14v2H5z",
              "external": "M14 3h7v7h-2V6.4l-9.3 9.3-1.4-1.4L17.6 5H14zM5 5h6v2H7v10h10v-4h2v6"
                          "H5z",
              "linkedin": "M4 3a2 2 0 1 1 0 4 2 2 0 0 1 0-4zM2 9h4v12H2zm7 0h3.8v1.7h.1c.5-1 "
                          "1.8-2 3.8-2 4 0 4.8 2.7 4.8 6.1V21h-4v-5.4c0-1.3 0-3-1.8-3s-2.1 "
                          "1.4-2.1 2.9V21H9z",
              "mail": "M2 5h20v14H2zm2 2v.5l8 5 8-5V7zm16 2.8-8 5-8-5V17h16z",
              "search": "M21.7 20.3l-5.4-5.4A8 8 0 1 0 14.9 16.3l5.4 5.4a1 1 0 0 0 1.4-1.4zM3 10"
                        "a7 7 0 1 1 7 7 7 7 0 0 1-7-7z",
              "menu": "M3 6h18v2H3zm0 5h18v2H3zm0 5h18v2H3z",
              "close": "M6.4 5 12 10.6 17.6 5 19 6.4 13.4 12l5.6 5.6-1.4 1.4-5.6-5.6L6.4 19 5 "
                       "17.6l5.6-5.6L5 6.4z",
              "calendar": "M7 2h2v2h6V2h2v2h4v18H3V4h4zm12 8H5v10h14zM5 8h14V6H5z",
              "quote": "M4 18v-5.5C4 8.4 6.3 5.6 10 5l.7 1.6C8.6 7.4 7.6 9 7.5 11H10v7zm10 0v-5.5"
                       "c0-4.1 2.3-6.9 6-7.5l.7 1.6c-2.1.8-3.1 2.4-3.2 4.4H20v7z"}
    symbols = "".join(f'<symbol id="icon-{name}" viewBox="0 0 24 24"><path d="{d}"/></symbol>'
                      for name, d in shapes.items())
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="visually-hidden" aria-hidden="true" '
            f'focusable="false">{symbols}</svg>')


def use_icon(name: str) -> str:
    return (f'<svg class="icon icon--{name}" aria-hidden="true" focusable="false">'
            f'<use href="#icon-{name}"></use></svg>')


def custom_cookiebanner() -> str:
    """The theme's own consent banner (page_top), rendered on the server so it shows without
    JavaScript, as many Dutch government and institute sites do; hidden once a choice is kept."""
    return """<div id="cookiebanner" class="cookiebanner" role="dialog" aria-modal="false" aria-labelledby="cookiebanner-title" aria-describedby="cookiebanner-text" data-cookiebanner>
  <div class="cookiebanner__inner utrecht-spotlight-section utrecht-spotlight-section--info">
    <h2 id="cookiebanner-title" class="utrecht-heading-2 cookiebanner__title">Cookies op movisie.nl</h2>
    <div id="cookiebanner-text" class="cookiebanner__text">
      <p class="utrecht-paragraph">Wij gebruiken noodzakelijke cookies om deze website te laten werken. Met uw toestemming plaatsen we ook analytische cookies en cookies van derden, om video's te tonen. U kunt uw keuze altijd wijzigen op de pagina <a class="utrecht-link" href="/cookies">Cookies</a>.</p>
    </div>
    <form class="cookiebanner__form" method="post" action="/cookiebanner/toestemming">
      <fieldset class="utrecht-form-fieldset"><legend class="visually-hidden">Kies welke cookies u toestaat</legend>
        <label class="utrecht-form-label"><input type="checkbox" class="utrecht-checkbox" checked disabled> Noodzakelijk</label>
        <label class="utrecht-form-label"><input type="checkbox" class="utrecht-checkbox" name="statistiek"> Statistiek</label>
        <label class="utrecht-form-label"><input type="checkbox" class="utrecht-checkbox" name="extern"> Video's en sociale media</label>
      </fieldset>
      <div class="utrecht-button-group">
        <button type="submit" name="keuze" value="noodzakelijk" class="utrecht-button utrecht-button--secondary-action">Alleen noodzakelijke cookies</button>
        <button type="submit" name="keuze" value="alles" class="utrecht-button utrecht-button--primary-action">Alle cookies accepteren</button>
      </div>
    </form>
  </div>
</div>"""  # noqa: E501


def custom_header() -> str:
    service = "".join(f'<li class="service-menu__item"><a class="utrecht-link" href="{p}">'
                      f"{t}</a></li>" for t, p in (("Over Movisie", "/over-movisie"),
                                                   ("Werken bij", "/werken-bij"),
                                                   ("Pers", "/pers"), ("Contact", "/contact"),
                                                   ("English", "/en")))
    return f"""<header role="banner" class="utrecht-page-header">
  <div class="utrecht-page-header__content">
<div class="region region-header">
<nav class="service-menu" aria-label="Servicemenu"><ul class="service-menu__list">{service}</ul></nav>
<div id="block-movisie-branding" class="block block-system block-system-branding-block">
  <a href="/" rel="home" class="site-logo"><img src="{THEME}/logo.svg" alt="Movisie - kennis en aanpak van sociale vraagstukken" width="176" height="48" fetchpriority="high" /></a>
</div>
<div class="search-block-form block block-search container-inline" data-drupal-selector="search-block-form" id="block-movisie-search" role="search">
  <form action="/search/node" method="get" id="search-block-form" accept-charset="UTF-8" class="utrecht-form search-bar">
    <label for="edit-keys" class="visually-hidden">Zoeken</label>
    <input title="Geef de woorden op waarnaar u wilt zoeken." data-drupal-selector="edit-keys" type="search" id="edit-keys" name="keys" value="" size="15" maxlength="128" placeholder="Zoek op thema, publicatie of tool" class="form-search utrecht-textbox utrecht-textbox--html-input" />
    <button data-drupal-selector="edit-submit" type="submit" id="edit-submit" class="utrecht-button utrecht-button--primary-action">{use_icon("search")}<span class="visually-hidden">Zoeken</span></button>
  </form>
</div>
</div>
  </div>
<div class="region region-primary-menu">
<nav role="navigation" aria-labelledby="block-movisie-main-menu-menu" id="block-movisie-main-menu" class="block block-menu navigation menu--main utrecht-nav-bar">
  <h2 class="visually-hidden" id="block-movisie-main-menu-menu">Hoofdnavigatie</h2>
  <button class="utrecht-nav-bar__toggle" aria-expanded="false" aria-controls="main-menu">{use_icon("menu")}<span>Menu</span></button>
{custom_menu(MAIN_MENU)}
</nav>
</div>
</header>"""  # noqa: E501


def custom_menu(items, level: int = 0) -> str:
    """The theme's menu--main.html.twig: a mega menu, every level printed for the no-JS case."""
    rows = []
    for title, path, below in items:
        sub = ""
        if below:
            sub = (f'<button class="mega-menu__toggle" aria-expanded="false">'
                   f'<span class="visually-hidden">Submenu {esc(title)}</span></button>'
                   f'<div class="mega-menu__panel mega-menu__panel--level-{level + 1}">'
                   f"{custom_menu(below, level + 1)}</div>")
        rows.append(f'<li class="menu-item{" menu-item--expanded" if below else ""} '
                    f'utrecht-nav-list__item"><a href="{path}" class="utrecht-link '
                    f'utrecht-nav-list__link" data-drupal-link-system-path="{system_path(path)}">'
                    f"{esc(title)}</a>{sub}</li>")
    ul_id = ' id="main-menu"' if level == 0 else ""
    return (f'<ul{ul_id} class="menu menu--level-{level} utrecht-nav-list">'
            + "".join(rows) + "</ul>")


def custom_breadcrumb(node: Node) -> str:
    items = []
    for index, (text, path) in enumerate(breadcrumb_items(node)):
        if path:
            first = " utrecht-breadcrumb-nav__link--first" if index == 0 else ""
            items.append(f'<li class="utrecht-breadcrumb-nav__item"><a href="{path}" '
                         f'class="utrecht-breadcrumb-nav__link{first}">{esc(text)}</a>'
                         '<span class="utrecht-breadcrumb-nav__separator" aria-hidden="true">'
                         "</span></li>")
        else:
            items.append('<li class="utrecht-breadcrumb-nav__item"><span class="utrecht-'
                         'breadcrumb-nav__link utrecht-breadcrumb-nav__link--current" '
                         f'aria-current="page">{esc(text)}</span></li>')
    return ('<div class="region region-breadcrumb">\n<div id="block-movisie-breadcrumbs" '
            'class="block block-system block-system-breadcrumb-block">\n'
            '<nav class="utrecht-breadcrumb-nav breadcrumb" aria-labelledby="system-breadcrumb">'
            '\n  <h2 id="system-breadcrumb" class="visually-hidden">Kruimelpad</h2>\n'
            '  <ol class="utrecht-breadcrumb-nav__list utrecht-breadcrumb-nav__list--html-ol">'
            + "".join(items) + "</ol>\n</nav>\n</div>\n</div>")


def custom_main(node: Node) -> str:
    """starterkit's page.html.twig under Utrecht's page-content layout: the page title block,
    the node, and the sidebar (an <aside> inside <main>, as page.html.twig prints it)."""
    aside = ""
    if node.related:
        aside = ('<aside class="layout-sidebar-first utrecht-page-content__aside" '
                 f'role="complementary">\n<div class="region region-sidebar-first">\n'
                 f"{custom_related(node)}\n</div>\n</aside>")
    return f"""<main role="main" class="utrecht-page-content">
  <a id="main-content" tabindex="-1"></a>
  <div class="layout-content utrecht-page-content__main">
<div class="region region-content">
<div data-drupal-messages-fallback class="hidden"></div>
<div id="block-movisie-page-title" class="block block-core block-page-title-block">
  <h1 class="page-title utrecht-heading-1"><span class="field field--name-title field--type-string field--label-hidden">{esc(node.title)}</span></h1>
</div>
<div id="block-movisie-content" class="block block-system block-system-main-block">
{custom_node(node)}
</div>
</div>
  </div>
{aside}
</main>"""  # noqa: E501


def custom_node(node: Node) -> str:
    """starterkit's node.html.twig, the submitted footer replaced by the site's own line."""
    classes = ["node", f"node--type-{clean_class(node.bundle)}", "node--promoted",
               "node--view-mode-full", "utrecht-article"]
    return (f'<article data-history-node-id="{node.nid}"{attrs(class_=classes)}>\n'
            '  <div class="node__content">\n' + "\n".join(custom_fields(node))
            + "\n  </div>\n</article>")


def custom_fields(node: Node):
    if node.subtitle:
        # field--field-subtitle.html.twig: the subtitle as the lead paragraph.
        yield ('<p class="utrecht-paragraph utrecht-paragraph--lead field field--name-field-'
               f'subtitle">{esc(node.subtitle)}</p>')
    date_text = f"{node.published.day} {MONTHS[node.published.month - 1]} {node.published.year}"
    authors = ""
    if node.authors:
        names = ", ".join(f'<span class="field__item">{esc(a)}</span>' for a in node.authors)
        authors = ('\n  <span class="content-meta__authors">Auteurs: <span class="field '
                   f'field--name-field-authors field--type-entity-reference">{names}</span></span>')
    yield (f'<div class="content-meta">\n  <span class="content-meta__type">{esc(node.kind)}'
           f'</span> - <time class="content-meta__date" datetime="{rfc3339(node.published)}">'
           f"{date_text}</time>{authors}\n</div>")
    if node.image:
        yield ('<figure class="utrecht-figure content-hero field field--name-field-image '
               'field--type-image field--label-hidden field__item">\n  <picture>\n'
               f'    <source srcset="{image_src(node, "hero_wide_webp")}" type="image/webp">\n'
               f'    <img src="{image_src(node, "hero_wide")}" alt="'
               f'{esc(node.image.get("alt", ""))}" width="1440" height="810" loading="eager" '
               'class="utrecht-img">\n  </picture>\n</figure>')
    yield share_bar(node)
    if node.event:
        yield event_list(node)
    yield field("field_content", "entity_reference_revisions",
                list(content_paragraphs(node)), multiple=True)
    if node.registration:
        text, href = node.registration
        yield field("field_registration", "link", [
            f'<a href="{esc(href)}" class="utrecht-button-link utrecht-button-link--html-a '
            f'utrecht-button-link--primary-action">{esc(text)}</a>'])
    if node.tags:
        yield field("field_tags", "entity_reference", [
            f'<a href="{esc(h)}" class="utrecht-link" hreflang="nl">{esc(t)}</a>'
            for t, h in node.tags], label="Meer over", display="inline", multiple=True)


def event_list(node: Node) -> str:
    """The event's fields as the theme's field group prints them: a design-system data list."""
    rows = "".join(
        f'<div class="utrecht-data-list__item field field--name-{clean_class(name)}">'
        f'<dt class="utrecht-data-list__item-key">{esc(label)}</dt>'
        f'<dd class="utrecht-data-list__item-value utrecht-data-list__item-value--html-dd">'
        f"{value}</dd></div>" for name, label, value in node.event)
    return f'<dl class="utrecht-data-list utrecht-data-list--rows event-details">{rows}</dl>'


def share_bar(node: Node) -> str:
    quoted, subject = quote(node.url, safe=""), quote(node.title, safe="")
    links = (("linkedin", "LinkedIn",
              f"https://www.linkedin.com/sharing/share-offsite/?url={quoted}"),
             ("mail", "E-mail", f"mailto:?subject={subject}&amp;body={quoted}"))
    items = "".join(f'<li class="share-bar__item"><a href="{href}" class="share-bar__link '
                    f'share-bar__link--{name}">{use_icon(name)}<span class="visually-hidden">'
                    f"Delen via {label}</span></a></li>" for name, label, href in links)
    return (f'<div class="share-bar"><span class="share-bar__label">Deel deze pagina</span>'
            f'<ul class="share-bar__list">{items}</ul></div>')


def content_paragraphs(node: Node):
    """The body as an editor builds it from Paragraphs: a text paragraph per section (split at
    each h2), a quote paragraph where the stored body held a blockquote, the call to action and
    the Downloads paragraph after the text."""
    section: list[str] = []
    for block in node.body:
        if block.startswith("<blockquote"):
            yield from text_paragraph(section)
            section = []
            yield quote_paragraph(block)
            continue
        if block.startswith("<h2") and section:
            yield from text_paragraph(section)
            section = []
        section.append(block)
    yield from text_paragraph(section)
    if node.cta:
        yield cta_paragraph(node.cta)
    if node.downloads:
        yield downloads_paragraph(node.downloads)


def text_paragraph(blocks: list[str]):
    if blocks:
        yield paragraph("text", field("field_text", "text_long", ["\n".join(blocks)],
                                      lead=("clearfix", "text-formatted", "utrecht-rich-text")))


def quote_paragraph(block: str) -> str:
    quote = lxml.html.fragment_fromstring(block)
    text = "".join(inner_html(p) for p in quote.iter("p")) or inner_html(quote)
    return paragraph("quote", (
        '<figure class="utrecht-blockquote utrecht-blockquote--distanced">\n'
        f'    <blockquote class="utrecht-blockquote__content">{text}</blockquote>\n'
        "  </figure>"))


def cta_paragraph(blocks: tuple[str, ...]) -> str:
    content = field("field_text", "text_long", ["\n".join(blocks)],
                    lead=("clearfix", "text-formatted"))
    return paragraph("call_to_action", (
        f'<div class="utrecht-spotlight-section utrecht-spotlight-section--info cta">\n'
        f"    {content}\n  </div>"))


def downloads_paragraph(downloads: tuple[Download, ...]) -> str:
    """A Downloads paragraph: its title field as a heading, then a media reference field whose
    Document media print the file field (file-link.html.twig of starterkit, no size) beside
    the theme's type-and-size line."""
    items = []
    for item in downloads:
        media = ('<div class="media media--type-document media--view-mode-default">\n'
                 + field("field_media_document", "file", [file_link(item, size=False)])
                 + "\n</div>")
        size = f"PDF, {item.size} bytes" if item.size is not None else "PDF"
        items.append(f'{use_icon("download")}\n{media}\n'
                     f'<span class="download__meta">{size}</span>')
    return paragraph("downloads", (
        '<h2 class="utrecht-heading-2 paragraph__title">Downloads</h2>\n'
        + field("field_documents", "entity_reference", items, multiple=True)))


def custom_related(node: Node) -> str:
    rows = "\n".join(
        '<div class="views-row">\n<article class="node node--type-'
        f'{clean_class(t.bundle)} node--view-mode-teaser utrecht-card" data-history-node-id="'
        f'{stable_number(t.href)}">\n  <h3 class="utrecht-heading-3 utrecht-card__title"><a '
        f'href="{esc(t.href)}" rel="bookmark"><span class="field field--name-title field--type-'
        f'string field--label-hidden">{esc(t.title)}</span></a></h3>\n  <div class="content-meta">'
        f'<span class="content-meta__type">{esc(t.kind)}</span> - <time class="content-meta__'
        f'date" datetime="{t.datetime}">{teaser_date(t, "j F Y")}</time></div>\n'
        f"  {field('field_intro', 'string_long', [esc(t.intro)])}\n</article>\n</div>"
        for t in node.related)
    return ('<div class="views-element-container block block-views block-views-blockgerelateerde'
            '-content-block-1" id="block-movisie-views-block-gerelateerde-content">\n'
            '  <h2 class="utrecht-heading-2">Lees ook</h2>\n<div><div class="view view-'
            'gerelateerde-content view-id-gerelateerde_content view-display-id-block_1 '
            f'js-view-dom-id-{token(node.url, 64).lower()}">\n  <div class="view-content">\n'
            f"{rows}\n  </div>\n</div></div>\n</div>")


def custom_most_read() -> str:
    """A "Meest gelezen" block in the content_below region, after </main>: site-wide, the same on
    every page, pointing at theme pages."""
    links = "".join(f'<li class="utrecht-link-list__item"><a class="utrecht-link-list__link '
                    f'utrecht-link" href="/themas/{slug}">{use_icon("arrow-right")}{esc(title)}'
                    "</a></li>" for title, slug in THEMES[:8])
    return ('<div class="region region-content-below">\n<div id="block-movisie-meest-gelezen" '
            'class="block block-views block-views-blockmeest-gelezen-block-1">\n'
            '  <h2 class="utrecht-heading-2">Meest bekeken thema\'s</h2>\n'
            f'  <ul class="utrecht-link-list utrecht-link-list--html-ul">{links}</ul>\n'
            "</div>\n</div>")


def custom_footer() -> str:
    menu = "".join(f'<li class="utrecht-link-list__item"><a class="utrecht-link-list__link" '
                   f'href="{p}">{esc(t)}</a></li>' for t, p in FOOTER_MENU)
    themes = "".join(f'<li class="utrecht-link-list__item"><a class="utrecht-link-list__link" '
                     f'href="/themas/{slug}">{esc(title)}</a></li>' for title, slug in THEMES)
    return f"""<footer role="contentinfo" class="utrecht-page-footer">
  <div class="utrecht-page-footer__content">
<div class="region region-footer">
<div id="block-movisie-contact" class="block block-block-content">
  <h2 class="utrecht-heading-2">Contact</h2>
  <address class="utrecht-page-footer__address--reset-address">{CONTACT_HTML}</address>
</div>
<nav id="block-movisie-footer-themas" class="block block-menu navigation menu--themas" aria-labelledby="block-movisie-footer-themas-menu">
  <h2 class="utrecht-heading-2" id="block-movisie-footer-themas-menu">Thema's</h2>
  <ul class="utrecht-link-list utrecht-link-list--html-ul">{themes}</ul>
</nav>
<div id="block-movisie-nieuwsbrief" class="block block-block-content">
  <h2 class="utrecht-heading-2">Blijf op de hoogte</h2>
  <p class="utrecht-paragraph">Ontvang maandelijks de nieuwste kennis, tools en bijeenkomsten in uw mailbox.</p>
  <a href="/nieuwsbrief" class="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--secondary-action">Aanmelden voor de nieuwsbrief</a>
</div>
<nav id="block-movisie-footer" class="block block-menu navigation menu--footer" aria-labelledby="block-movisie-footer-menu">
  <h2 class="visually-hidden" id="block-movisie-footer-menu">Footer</h2>
  <ul class="utrecht-link-list utrecht-link-list--html-ul">{menu}</ul>
</nav>
<div class="block block-movisie-copyright"><p class="utrecht-paragraph utrecht-paragraph--small">&copy; 2024 Movisie &ndash; landelijk kennisinstituut voor een samenhangende aanpak van sociale vraagstukken</p></div>
</div>
  </div>
</footer>"""  # noqa: E501


MARKUPS: dict[str, Renderer] = {
    "drupal-olivero": olivero,
    "drupal-stark": stark,
    "drupal-custom-paragraphs": custom,
}
