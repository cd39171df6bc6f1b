"""Zorg+Welzijn as WordPress themes would print it.

The site runs tagDiv's Newspaper theme (site-notes.md; the mirror's pages come in its older
single template and, from 2021, in a newer one with the share bar, "Leestijd: N min." from the
Reading Time WP plugin, a closing "Tekst door: Name", the article's URL, the image credit and an
"Ontdek meer" teaser block). The markups:

- newspaper: Newspaper 10 as the site would serve it: the older pages in the classic single
  template (td_module_single: td-post-header, td-post-title, td-module-meta-info,
  td-post-author-name, td-post-date time.entry-date, td-post-content, td_block_related_posts),
  the newer ones in a tagDiv Cloud Library template (tdc-zone/tdc-row/vc_column, tdb_title,
  tdb_single_post_share, tdb_single_content, tdb_single_related and the sidebar's flex blocks
  inside the template's own <article>).
- newspaper-classic: every page in the classic single template, as before the Cloud Library.
- twentytwentyfour: the block theme's single.html on WordPress 6.8, no SEO plugin.
- twentytwenty: Twenty Twenty on WordPress 6.2 with Yoast SEO and Jetpack's related posts.

The post's own HTML (the_content) is the same in all of them: the paragraphs and headings of the
mirror's text, Reading Time WP's span before them, "Tekst door:", the URL and the credit that the
editors typed after them, and the paywall plugin's message on a premium piece.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import cache

from mirror.platforms import Page, Rendered, expected_records
from mirror.platforms import wordpress as wp

SITE = "zorgwelzijn"
HOME = "https://www.zorgwelzijn.nl/"
NAME = "Zorg+Welzijn"
TAGLINE = "Vakblad voor sociaal werkers"
POLICY = HOME + "privacy-en-cookies/"
# The day the pages were served: Newspaper's top bar prints it, as every Newspaper site does.
SERVED = datetime(2025, 12, 1, 8, 30, tzinfo=wp.AMSTERDAM)
MENU = [("Nieuws", HOME + "nieuws-zorg-welzijn/"), ("Sociaal werk", HOME + "category/sociaal-"
        "werk/"), ("Jeugd", HOME + "category/jeugd/"), ("Ouderen", HOME + "category/ouderen/"),
        ("Inspiratie", HOME + "category/inspiratie/"), ("Movisie", HOME + "movisie/")]

BLOG_NEWSPAPER = wp.Blog(name=NAME, home=HOME, description=TAGLINE, version="5.6.2")
BLOG_TT4 = wp.Blog(name=NAME, home=HOME, description=TAGLINE, version="6.8.1")
BLOG_TT20 = wp.Blog(name=NAME, home=HOME, description=TAGLINE, version="6.2.2")


# --- the article behind a mirror page ---------------------------------------------------------


@dataclass
class Teaser:
    """Another article, as a related-posts or most-read module shows it."""

    title: str
    url: str
    published: datetime
    authors: list[str]
    excerpt: str
    reading: str | None
    category: wp.Term | None = None


@dataclass
class Article:
    post: wp.Post
    reading: str | None  # what Reading Time WP prints: "4", "< 1"; None on the older pages
    premium: bool
    older: bool  # the older single template: byline and date under the title
    paywall: str = ""
    related: list[Teaser] = field(default_factory=list)


def first(page: Page, xpath: str) -> str | None:
    found = page.original.xpath(xpath)
    return str(found[0]).strip() if found else None


def terms(page: Page, article, prefix: str, base: str) -> list[wp.Term]:
    """Categories or tags from post_class(), named by the page's own links to them."""
    names = {a.get("href"): a.text_content().strip()
             for a in page.original.xpath(f"//a[contains(@href, '/{base}/')]")}

    def name(slug: str, url: str) -> str:
        fallback = slug.replace("-", " ")
        return names.get(url) or (fallback.capitalize() if base == "category" else fallback)

    return wp.post_class_terms(article, prefix, f"{HOME}{base}/", name)


def thumbnail(page: Page) -> wp.Image | None:
    image = page.original.xpath("//div[contains(@class, 'td-post-featured-image')]//img")
    if not image:
        return None
    link = image[0].getparent()
    caption = page.original.xpath("string(//div[contains(@class, 'td-post-featured-image')]"
                                  "//figcaption)").strip()
    return wp.Image(src=image[0].get("src"), full=link.get("href") or image[0].get("src"),
                    width=int(image[0].get("width") or 696),
                    height=int(image[0].get("height") or 464), caption=caption)


def excerpt_of(text: str, words: int = 25) -> str:
    """Newspaper's excerpt: the first words, cut without an ellipsis."""
    return " ".join(text.split()[:words])


@cache
def printed_reading_time(url: str) -> str | None:
    """What Reading Time WP prints on another archived page ("4", "< 1")."""
    page = wp.archived_page(SITE, url.removeprefix(HOME))
    if page is None:
        return None
    found = page.xpath("//span[@class='rt-time']/text()")
    return found[0].strip() if found else None


def teaser_of(record: dict) -> Teaser:
    return Teaser(title=record["title"], url=record["url"],
                  published=wp.timestamp(record["published"]),
                  authors=[a["name"] for a in record["authors"]],
                  excerpt=excerpt_of(record["body_text"]),
                  reading=printed_reading_time(record["url"]))


def related(page: Page) -> list[Teaser]:
    """The "Ontdek meer" block's teasers as the page lists them."""
    records = expected_records(SITE)
    teasers = []
    for module in page.original.xpath("//div[contains(@class, 'td_module_related_posts')]"):
        url = module.xpath("string(.//h3/a/@href)")
        category = module.xpath(".//a[contains(@class, 'td-post-category')]")
        record = records.get(url)
        if record is None:
            continue
        teaser = teaser_of(record)
        if category:
            teaser.category = wp.Term(name=category[0].text_content().strip(),
                                      slug=category[0].get("href").rstrip("/").rsplit("/")[-1],
                                      url=category[0].get("href"))
        teasers.append(teaser)
    return teasers


def article_from(page: Page) -> Article:
    original = page.original
    element = original.xpath("//article[contains(@class, 'type-post')]")[0]
    record = page.record
    content = original.xpath("//div[contains(@class, 'td-post-content')]")[0]
    count = original.xpath("string(//div[contains(@class, 'td-post-comments')])")
    byline = {a.text_content().strip(): a.get("href")
              for a in original.xpath("//div[contains(@class, 'td-post-author-name')]/a")}
    post = wp.Post(
        id=int(element.get("id").split("-")[-1]),
        url=page.url,
        title=record["title"],
        published=wp.timestamp(first(page, "//meta[@property='article:published_time']/@content")
                               or record["published"]),
        modified=wp.timestamp(first(page, "//meta[@property='article:modified_time']/@content")
                              or record["modified"]),
        authors=[wp.Person(name=a["name"], url=byline.get(a["name"]) or
                           wp.author_posts_url(HOME, a["name"])) for a in record["authors"]],
        content=wp.content_html(content, drop=(
            ".//div[contains(@class, 'td-post-featured-image')]",
            ".//span[contains(@class, 'rt-reading-time')]",
            ".//div[contains(@class, 'paywall')]")),
        excerpt=first(page, "//meta[@name='description']/@content") or "",
        categories=terms(page, element, "category-", "category"),
        tags=terms(page, element, "tag-", "tag"),
        thumbnail=thumbnail(page),
        comment_count=int(re.sub(r"\D", "", count) or 0),
    )
    paywall = original.xpath("//div[contains(@class, 'paywall')]")
    return Article(
        post=post,
        reading=first(page, "//span[@class='rt-time']/text()"),
        premium=bool(original.xpath("//*[contains(@class, 'premium-content-slogan')]")),
        older=bool(original.xpath("//div[contains(@class, 'td-post-author-name')]")),
        paywall=paywall_message(post) if paywall else "",
        related=related(page),
    )


def paywall_message(post: wp.Post) -> str:
    """What a membership plugin puts in place of a premium article's text (the markup of Paid
    Memberships Pro 3's content message; which plugin the site runs was never seen)."""
    login = f"{HOME}mijn-account/?redirect_to={post.url}"
    return (
        '<div class="pmpro"><div class="pmpro_card pmpro_content_message"><div class="pmpro_'
        'card_content"><h3>Dit is een premium artikel</h3><p>Lees verder met een abonnement op '
        "Zorg+Welzijn en krijg onbeperkt toegang tot alle artikelen, dossiers en het magazine."
        f'</p><p><a class="pmpro_btn" href="{HOME}abonneren/">Neem een abonnement</a></p></div>'
        f'<div class="pmpro_card_actions">Al abonnee? <a href="{login}">Log in</a> om het '
        "volledige artikel te lezen.</div></div></div>")


def the_content(article: Article) -> str:
    """the_content(): Reading Time WP's span before the text, the paywall after what a
    visitor may read."""
    before = wp.reading_time(article.reading) if article.reading else ""
    return f"{before}\n{article.post.content}\n{article.paywall}".strip()


def others(article: Article) -> list[dict]:
    """The other archived articles: the most-read lists and the post navigation name them."""
    return [record for url, record in expected_records(SITE).items() if url != article.post.url]


def most_read(article: Article, count: int = 4) -> list[Teaser]:
    """A most-read list: the newest other articles (no view counts are known)."""
    records = others(article)
    records.sort(key=lambda r: r["published"] or "", reverse=True)
    return [teaser_of(record) for record in records[:count]]


def neighbours(article: Article) -> tuple[Teaser | None, Teaser | None]:
    """the_post_navigation(): the articles published just before and just after this one."""
    previous, following = wp.adjacent_posts(others(article),
                                            article.post.published.date().isoformat())
    return (teaser_of(previous) if previous else None,
            teaser_of(following) if following else None)


# --- tagDiv Newspaper: what every page of the theme prints ------------------------------------
# Modelled on Newspaper's loop-single.php and td_module_single_base (get_title, get_author,
# get_date, get_comments, get_image, the sharing bars, td_block_related_posts) as public copies
# of the theme show them (e.g. github.com/bichocj/wp-content-cna themes/Newspaper), and on the
# Cloud Library's tdb_* blocks as scrapers of Newspaper sites select them (tdb-title-text,
# tdb_single_content ... td-post-content tagdiv-type > div.tdb-block-inner, tdb-author-name-wrap,
# tdb-block-inner td-fix-index > time.entry-date). Dutch labels are guessed translations.

TD_VERSION = "10.3.9.1"
TD_SELECTORS = [
    "body", "p", "a", ".td-header-wrap", ".td-header-menu-wrap", ".sf-menu > li > a",
    ".td-post-title .entry-title", ".td-post-content p", ".td-post-content h2",
    ".td-post-content h3", ".td-module-meta-info", ".td-post-author-name", ".td-post-date",
    ".td-post-sharing", ".td-social-sharing-button", ".td_block_related_posts",
    ".td-related-title", ".td_module_related_posts .entry-title", ".td-excerpt",
    ".td-read-more a", ".td-footer-wrapper", ".td-sub-footer-container", ".td-main-sidebar",
    ".td_block_template_1 .td-block-title", ".td-category .entry-category a", ".td-crumb-container",
    ".td-post-featured-image", ".td-a-rec", ".td-adspot-title", ".td-scroll-up",
    ".td-menu-background", ".td-search-background", ".td-mobile-content", ".td_module_flex",
    ".td-module-thumb", ".td-image-wrap", ".tdb-title-text", ".tdb-block-inner",
    ".tdb_single_content", ".tdb_single_post_share", ".tdb_single_related", ".tdb-tags",
]


def td_head(article: Article, cloud: bool) -> str:
    blog = BLOG_NEWSPAPER
    post = article.post
    theme = HOME + "wp-content/themes/Newspaper/"
    plugins = HOME + "wp-content/plugins/"
    image = article.post.thumbnail.full if article.post.thumbnail else ""
    lines = [
        '<meta charset="UTF-8" />',
        '<meta name="viewport" content="width=device-width, initial-scale=1.0">',
        f'<link rel="pingback" href="{HOME}xmlrpc.php" />',
        wp.yoast_head(blog, post, version="15.9", image=image),
        "<link rel='dns-prefetch' href='//fonts.googleapis.com' />",
        wp.feed_links(blog, post),
        wp.emoji_loader(blog, html5=False),
        wp.stylesheet(HOME + "wp-includes/css/dist/block-library/style.min.css",
                      "wp-block-library", blog.version, html5=False),
        wp.stylesheet(plugins + "reading-time-wp/rt-reading-time.css", "rt-reading-time",
                      "2.0.7", html5=False),
        wp.stylesheet(plugins + "td-composer/td-multi-purpose/style.css",
                      "td-plugin-multi-purpose", "cb6bc8b1f7e7f7f3d2a4d2f0b9b4c0f1", html5=False),
        wp.stylesheet("https://fonts.googleapis.com/css?family=Open+Sans%3A300italic%2C400%2C"
                      "400italic%2C600%2C600italic%2C700%7CRoboto%3A300%2C400%2C400italic%2C500"
                      "%2C500italic%2C700%2C900&display=swap", "google-fonts-style",
                      TD_VERSION, html5=False),
        wp.stylesheet(theme + "style.css", "td-theme", TD_VERSION, html5=False),
        wp.stylesheet(plugins + "td-composer/legacy/Newspaper/assets/css/td_legacy_main.css",
                      "td-legacy-framework-front-style", "cb6bc8b1f7e7f7f3d2a4d2f0b9b4c0f1",
                      html5=False),
    ]
    if cloud:
        lines.append(wp.stylesheet(plugins + "td-cloud-library/assets/css/tdb_less_front.css",
                                   "tdb_front_style", "4d6bd9b8fcf1f6ec0e0d03e3ce2d6b3f",
                                   html5=False))
    lines += [
        wp.script(HOME + "wp-includes/js/jquery/jquery.min.js", "jquery-core", "3.5.1",
                  html5=False),
        wp.script(HOME + "wp-includes/js/jquery/jquery-migrate.min.js", "jquery-migrate",
                  "3.3.2", html5=False),
        wp.rest_links(blog, post, canonical=False),
        "<!--[if lt IE 9]><script src=\"https://cdnjs.cloudflare.com/ajax/libs/html5shiv/3.7.3/"
        "html5shiv.js\"></script><![endif]-->",
        "<script>\n\twindow.tdb_global_vars = {\"wpRestUrl\":\"https:\\/\\/www.zorgwelzijn.nl\\/"
        "wp-json\\/\",\"permalinkStructure\":\"\\/%postname%\\/\"};\n\twindow.tdb_p_autoload_vars"
        " = {\"isAjax\":false,\"isAdminBarShowing\":false,\"autoloadScrollPercent\":50,"
        "\"postAutoloadStatus\":\"off\",\"origPostEditUrl\":null};\n</script>",
        "<script>\n\tvar tdBlocksArray = []; //here we store all the items for the current page"
        "\n\tfunction tdBlock() {\n\t\tthis.id = '';\n\t\tthis.block_type = 1; //block type id "
        "(1-234 etc)\n\t\tthis.atts = '';\n\t\tthis.td_column_number = '';\n\t\tthis.td_current_"
        "page = 1; //\n\t\tthis.post_count = 0; //from wp\n\t\tthis.found_posts = 0; //from wp\n"
        "\t\tthis.max_num_pages = 0; //from wp\n\t\tthis.td_filter_value = ''; //current live "
        "filter value\n\t\tthis.is_ajax_running = false;\n\t\tthis.td_user_action = ''; // load "
        "more or infinite loader (used by the animation)\n\t\tthis.header_color = '';\n\t\tthis."
        "ajax_pagination_infinite_stop = ''; //show load more at page x\n\t}\n\t// td_js_generator"
        " - mini detector\n\t(function(){\n\t\tvar htmlTag = document.getElementsByTagName(\"html"
        "\")[0];\n\t\tif ( navigator.userAgent.indexOf(\"MSIE 10.0\") > -1 ) {\n\t\t\thtmlTag."
        "className += ' ie10';\n\t\t}\n\t})();\n\tvar tdLocalCache = {};\n\tvar td_viewport_"
        "interval_list=[{\"limitBottom\":767,\"sidebarWidth\":228},{\"limitBottom\":1018,"
        "\"sidebarWidth\":300},{\"limitBottom\":1140,\"sidebarWidth\":324}];\n\tvar td_ajax_url="
        f"\"https:\\/\\/www.zorgwelzijn.nl\\/wp-admin\\/admin-ajax.php?td_theme_name=Newspaper&v="
        f"{TD_VERSION}\";\n\tvar td_get_template_directory_uri=\"https:\\/\\/www.zorgwelzijn.nl\\/"
        "wp-content\\/plugins\\/td-composer\\/legacy\\/common\";\n\tvar tds_snap_menu=\"\";\n\tvar"
        " tds_logo_on_sticky=\"\";\n\tvar tds_header_style=\"\";\n\tvar td_please_wait=\"Even "
        "geduld aub...\";\n\tvar td_email_user_pass_incorrect=\"Gebruiker of wachtwoord "
        "onjuist!\";\n\tvar td_email_user_incorrect=\"E-mail of gebruikersnaam onjuist!\";\n\t"
        "var td_email_incorrect=\"E-mail onjuist!\";\n\tvar tds_more_articles_on_post_enable="
        "\"\";\n\tvar td_magnific_popup_translation_tPrev=\"Vorige (Linker pijltoets)\";\n\tvar "
        "td_magnific_popup_translation_tNext=\"Volgende (Rechter pijltoets)\";\n\tvar td_"
        "magnific_popup_translation_tCounter=\"%curr% van %total%\";\n\tvar td_magnific_popup_"
        "translation_ajax_tError=\"De inhoud van %url% kan niet worden geladen.\";\n\tvar td_"
        "magnific_popup_translation_image_tError=\"De afbeelding #%curr% kon niet worden "
        "geladen.\";\n\tvar tdDateNamesI18n={\"month_names\":[\"januari\",\"februari\",\"maart\","
        "\"april\",\"mei\",\"juni\",\"juli\",\"augustus\",\"september\",\"oktober\",\"november\","
        "\"december\"],\"month_names_short\":[\"jan\",\"feb\",\"mrt\",\"apr\",\"mei\",\"jun\","
        "\"jul\",\"aug\",\"sep\",\"okt\",\"nov\",\"dec\"],\"day_names\":[\"zondag\",\"maandag\","
        "\"dinsdag\",\"woensdag\",\"donderdag\",\"vrijdag\",\"zaterdag\"],\"day_names_short\":"
        "[\"zo\",\"ma\",\"di\",\"wo\",\"do\",\"vr\",\"za\"]};\n</script>",
        '<style id="td-theme-inline-css">' + wp.filler_css("", TD_SELECTORS, rounds=16)
        + "</style>",
        "<!-- Global site tag (gtag.js) - Google Analytics -->\n<script async src=\"https://www."
        "googletagmanager.com/gtag/js?id=UA-1234567-1\"></script>\n<script>\n  window.dataLayer "
        "= window.dataLayer || [];\n  function gtag(){dataLayer.push(arguments);}\n  gtag('js', "
        "new Date());\n  gtag('config', 'UA-1234567-1', { 'anonymize_ip': true });\n</script>",
        f'<link rel="icon" href="{HOME}wp-content/uploads/2021/01/cropped-favicon-32x32.png" '
        'sizes="32x32" />',
        '<style type="text/css" id="wp-custom-css">.td-post-content p { font-size: 17px; } '
        ".premium-content-slogan { background: #e5004f; color: #fff; padding: 2px 6px; }</style>",
    ]
    return "\n".join(lines)


def td_menu(items: list[tuple[str, str]], menu_id: str) -> str:
    return "".join(
        f'<li id="menu-item-{menu_id}{n}" class="menu-item menu-item-type-taxonomy menu-item-'
        f'object-category td-menu-item td-normal-menu menu-item-{menu_id}{n}"><a href="{url}">'
        f"{wp.esc(name)}</a></li>" for n, (name, url) in enumerate(items))


def td_header() -> str:
    """Newspaper's header style 1 with its top bar, which prints the day the page is served."""
    day = f"{wp.local(SERVED).strftime('%A')}"
    days = {"Monday": "maandag", "Tuesday": "dinsdag", "Wednesday": "woensdag",
            "Thursday": "donderdag", "Friday": "vrijdag", "Saturday": "zaterdag",
            "Sunday": "zondag"}
    served = f"{days[day]}, {wp.date_long(SERVED)}"
    return (
        '<div class="td-scroll-up"><i class="td-icon-menu-up"></i></div>'
        '<div class="td-menu-background"></div><div id="td-mobile-nav"><div class="td-mobile-'
        'container"><div class="td-menu-socials-wrap"><div class="td-mobile-close"><a href="#" '
        'aria-label="Sluiten"><i class="td-icon-close-mobile"></i></a></div></div><div class="td-'
        'mobile-content"><div class="menu-hoofdmenu-container"><ul id="menu-hoofdmenu" class="td-'
        f'mobile-main-menu">{td_menu(MENU, "m")}</ul></div></div></div></div>'
        '<div class="td-search-background"></div><div class="td-search-wrap-mob"><div class="td-'
        'drop-down-search"><form method="get" class="td-search-form" action="'
        f'{HOME}"><div class="td-search-input"><span>Zoeken</span><input id="td-header-search-'
        'mob" type="text" value="" name="s" autocomplete="off" /></div></form></div></div>'
        '<div id="td-outer-wrap" class="td-theme-wrap"><div class="tdc-header-wrap ">'
        '<div class="td-header-wrap td-header-style-1 "><div class="td-header-top-menu-full td-'
        'container-wrap "><div class="td-container td-header-row td-header-top-menu"><div class'
        '="top-bar-style-1"><div class="td-header-sp-top-menu"><div class="td_data_time"><div>'
        f'{served}</div></div><div class="menu-top-container"><ul id="menu-top" class="top-header'
        f'-menu"><li class="menu-item"><a href="{HOME}mijn-account/">Inloggen</a></li><li class='
        f'"menu-item"><a href="{HOME}abonneren/">Abonneren</a></li><li class="menu-item"><a '
        f'href="{HOME}nieuwsbrief/">Nieuwsbrief</a></li></ul></div></div></div></div></div>'
        '<div class="td-banner-wrap-full td-logo-wrap-full td-container-wrap "><div class="td-'
        'container td-header-row td-header-header"><div class="td-header-sp-logo"><a class="td-'
        f'main-logo" href="{HOME}"><img class="td-retina-data" src="{HOME}wp-content/uploads/'
        '2021/01/logo-zorgwelzijn.png" alt="Zorg+Welzijn" title="Zorg+Welzijn" width="272" '
        'height="90"/><span class="td-visual-hidden">Zorg+Welzijn</span></a></div><div class="'
        'td-header-sp-recs"><div class="td-header-rec-wrap"><div class="td-a-rec td-a-rec-id-'
        'header  tdi_1 td_block_template_1"><div class="td-all-devices"><a href="#"><img src="'
        f'{HOME}wp-content/uploads/2021/02/banner-728x90.jpg" width="728" height="90" alt="" />'
        '</a></div></div></div></div></div></div><div class="td-header-menu-wrap-full td-'
        'container-wrap "><div class="td-header-menu-wrap td-header-gradient "><div class="td-'
        'container td-header-row td-header-main-menu"><div id="td-header-menu" role="navigation">'
        '<div id="td-top-mobile-toggle"><a href="#" aria-label="mobile-toggle"><i class="td-icon-'
        'font td-icon-mobile"></i></a></div><div class="menu-hoofdmenu-container"><ul id="menu-'
        f'hoofdmenu-1" class="sf-menu">{td_menu(MENU, "")}</ul></div></div><div class="header-'
        'search-wrap"><div class="td-search-btns-wrap"><a id="td-header-search-button" href="#" '
        'role="button" class="dropdown-toggle " data-toggle="dropdown" aria-label="Zoeken"><i '
        'class="td-icon-search"></i></a></div></div></div></div></div></div></div>')


def td_share(post: wp.Post, where: str) -> str:
    """The sharing bar (td_social_sharing_article_top/bottom) with the site's label."""
    link = post.url.replace(":", "%3A").replace("/", "%2F")
    title = post.title.replace(" ", "%20")
    networks = [
        ("facebook", "Facebook", f"https://www.facebook.com/sharer.php?u={link}"),
        ("twitter", "Twitter", f"https://twitter.com/intent/tweet?text={title}&amp;url={link}"
                               "&amp;via=zorgwelzijn"),
        ("linkedin", "Linkedin", f"https://www.linkedin.com/shareArticle?mini=true&amp;url="
                                 f"{link}&amp;title={title}"),
        ("whatsapp", "WhatsApp", f"https://api.whatsapp.com/send?text={title}%20%0A%0A%20{link}"),
        ("mail", "Email", f"mailto:?subject={title}&amp;body={link}"),
    ]
    buttons = "".join(
        f'<a class="td-social-sharing-button td-social-sharing-button-js td-social-network '
        f'td-social-{key}" href="{href}" title="{label}"><div class="td-social-but-icon"><i '
        f'class="td-icon-{key}"></i></div></a>' for key, label, href in networks)
    return (
        f'<div class="td-post-sharing-{where}"><div id="td_social_sharing_article_{where}" '
        'class="td-post-sharing td-ps-bg td-ps-notext td-post-sharing-style1 "><div class="td-'
        'post-sharing-visible"><div class="td-social-sharing-button td-social-sharing-button-js '
        'td-social-handler td-social-share-text"><div class="td-social-but-icon"><i class="td-'
        'icon-share"></i></div><div class="td-social-but-text">Delen op Social Media</div></div>'
        f"{buttons}</div></div></div>")


def td_featured_image(post: wp.Post) -> str:
    """td_module_single_base::get_image(): a figure with the caption when there is one."""
    image = post.thumbnail
    if image is None:
        return ""
    tag = (f'<a href="{image.full}" data-caption="{wp.attr(image.caption)}"><img '
           f'width="{image.width}" height="{image.height}" class="entry-thumb td-modal-image" '
           f'src="{image.src}" alt="" title="{wp.attr(post.title)}"/></a>')
    if image.caption:
        tag = (f'<figure>{tag}<figcaption class="wp-caption-text">{wp.esc(image.caption)}'
               "</figcaption></figure>")
    return f'<div class="td-post-featured-image">{tag}</div>'


def td_inline_ad(content: str, after: int = 2) -> str:
    """Newspaper's inline ad spot, put after the after-th paragraph with its spot title."""
    ad = ('<div class="td-a-rec td-a-rec-id-content_inline  tdi_2 td_block_template_1"><span '
          'class="td-adspot-title">- Advertentie -</span><div class="td-all-devices"><a href="#">'
          f'<img src="{HOME}wp-content/uploads/2021/02/banner-300x250.jpg" width="300" height='
          '"250" alt="" /></a></div></div>')
    parts = content.split("</p>")
    if len(parts) <= after + 1:
        return content
    return "</p>".join(parts[:after]) + "</p>" + ad + "</p>".join(parts[after:])


def td_byline(article: Article) -> str:
    """get_author() and get_date() in td-module-meta-info (Newspaper 8 on); the view counter
    is switched off, as no count of the site is known."""
    post = article.post
    author = ""
    if post.authors:
        person = post.authors[0]
        author = (f'<div class="td-post-author-name"><div class="td-author-by">Door</div> '
                  f'<a href="{person.url}">{wp.esc(person.name)}</a><div class="td-author-line">'
                  " - </div></div>")
    return (f'<div class="td-module-meta-info">{author}<span class="td-post-date"><time '
            f'class="entry-date updated td-module-date" datetime="{wp.iso(post.published)}" >'
            f"{wp.date_long(post.published)}</time></span></div>")


def td_actions(article: Article) -> str:
    """What the site adds above the title of its older articles: the bookmark prompt of its
    account plugin and the comment count as "Reacties7" (site-notes.md)."""
    post = article.post
    return (f'<div class="zw-artikel-acties"><div class="zw-bewaar"><a href="{HOME}mijn-account/'
            f'?bewaar={post.id}" rel="nofollow"><i class="td-icon-bookmark"></i>Artikel bewaren'
            '</a><span>Maak een gratis account aan of log in om artikelen te bewaren.</span>'
            f'</div><div class="td-post-comments"><a href="{post.url}#comments"><i class="td-'
            f'icon-comments"></i>Reacties{post.number_of_comments}</a></div></div>')


def td_tags(post: wp.Post) -> str:
    tags = "".join(f'<li><a href="{t.url}">{wp.esc(t.name)}</a></li>' for t in post.tags)
    return (f'<div class="td-post-source-tags"><ul class="td-tags td-post-small-box clearfix">'
            f"<li><span>TAGS</span></li>{tags}</ul></div>")


def td_next_prev(article: Article) -> str:
    previous, following = neighbours(article)
    cells = []
    for teaser, side, label in ((previous, "prev", "Vorig artikel"),
                                (following, "next", "Volgend artikel")):
        if teaser:
            cells.append(f'<div class="td-block-span6 td-post-{side}-post"><div class="td-post-'
                         f'next-prev-content"><span>{label}</span><a href="{teaser.url}">'
                         f"{wp.esc(teaser.title)}</a></div></div>")
    return f'<div class="td-block-row td-post-next-prev">{"".join(cells)}</div>'


def td_item_scope(post: wp.Post) -> str:
    """get_item_scope_meta(): the schema.org metadata Newspaper prints in the article footer."""
    author = ""
    if post.authors:
        author = (f'<span class="td-page-meta" itemprop="author" itemscope itemtype="https://'
                  f'schema.org/Person"><meta itemprop="name" content="'
                  f'{wp.attr(post.authors[0].name)}"></span>')
    return (f'{author}<meta itemprop="datePublished" content="{wp.iso(post.published)}">'
            f'<meta itemprop="dateModified" content="{wp.iso(post.modified)}">'
            f'<meta itemscope itemprop="mainEntityOfPage" itemType="https://schema.org/WebPage" '
            f'itemid="{post.url}"/><span class="td-page-meta" itemprop="publisher" itemscope '
            f'itemtype="https://schema.org/Organization"><meta itemprop="name" content="{NAME}">'
            f'</span><meta itemprop="headline " content="{wp.attr(post.title)}">')


def td_excerpt(teaser: Teaser) -> str:
    """An excerpt as Newspaper prints it, Reading Time WP's label before it."""
    before = f"Leestijd: {wp.esc(teaser.reading)} min. " if teaser.reading else ""
    return before + wp.esc(teaser.excerpt)


def thumb_url(title: str, size: str) -> str:
    """A teaser's featured image in a thumbnail size ("218x150"), as Newspaper's modules show
    it: an upload named after the article's title."""
    return f"{HOME}wp-content/uploads/2021/03/{wp.sanitize_title(title)[:40]}-{size}.jpg"


def td_related(article: Article, cloud: bool) -> str:
    """td_block_related_posts, its title set to "Ontdek meer"; the Cloud Library's
    tdb_single_related prints the same modules in its own wrapper."""
    modules = "".join(
        '<div class="td-related-span4"><div class="td_module_related_posts td-animation-stack '
        'td_mod_related_posts"><div class="td-module-image"><div class="td-module-thumb"><a '
        f'href="{t.url}" rel="bookmark" class="td-image-wrap" title="{wp.attr(t.title)}"><img '
        f'class="entry-thumb" src="{thumb_url(t.title, "218x150")}" alt="" width="218" '
        'height="150"/></a></div>'
        + (f'<a href="{t.category.url}" class="td-post-category">{wp.esc(t.category.name)}</a>'
           if t.category else "")
        + '</div><div class="item-details"><h3 class="entry-title td-module-title"><a href="'
        f'{t.url}" rel="bookmark" title="{wp.attr(t.title)}">{wp.esc(t.title)}</a></h3><div '
        f'class="td-excerpt">{td_excerpt(t)}</div><div class="td-read-more"><a href="{t.url}">'
        "Lees verder &raquo;</a></div></div></div></div>" for t in article.related)
    if not modules:
        return ""
    more = article.related[0].category.url if article.related[0].category else HOME
    wrapper = ("td_block_wrap tdb_single_related tdi_17 td_with_ajax_pagination td-pb-border-top"
               " td_block_template_1 tdb-single-related-posts" if cloud else
               "td_block_wrap td_block_related_posts tdi_3 td_with_ajax_pagination td-pb-border-"
               "top td_block_template_1")
    return (f'<div class="{wrapper}" data-td-block-uid="tdi_3"><h4 class="td-related-title '
            'td-block-title"><a id="tdi_4" class="td-related-left td-cur-simple-item" data-td_'
            'filter_value="" data-td_block_id="tdi_3" href="#">Ontdek meer</a></h4><div id="tdi_3"'
            f' class="td_block_inner"><div class="td-related-row">{modules}</div></div><div '
            f'class="td-next-prev-wrap"><a href="{more}" class="td-ajax-next-page">Volledig '
            "overzicht bekijken?</a></div></div>")


def td_comments(article: Article) -> str:
    """Newspaper's comments.php: its own fields with placeholders, no notes, its title."""
    post = article.post
    fields = [
        '<div class="clearfix"></div><div class="comment-form-input-wrap td-form-comment">'
        '<textarea placeholder="Reactie:" id="comment" name="comment" cols="45" rows="8" '
        'aria-required="true"></textarea><div class="td-warning-comment">Vul alsjeblieft je '
        "reactie in!</div></div>",
        '<div class="comment-form-input-wrap td-form-author"><input class="" id="author" '
        'name="author" placeholder="Naam:*" type="text" value="" size="30"  aria-required='
        "'true' /><div class=\"td-warning-author\">Vul hier je naam in</div></div>",
        '<div class="comment-form-input-wrap td-form-email"><input class="" id="email" '
        'name="email" placeholder="E-mail:*" type="text" value="" size="30"  aria-required='
        "'true' /><div class=\"td-warning-email-error\">Je hebt een onjuist e-mailadres "
        'ingevoerd!</div><div class="td-warning-email">Vul hier je e-mailadres in</div></div>',
        '<div class="comment-form-input-wrap td-form-url"><input class="" id="url" name="url" '
        'placeholder="Website:" type="text" value="" size="30" /></div>',
    ]
    form = wp.comment_form(BLOG_NEWSPAPER, post, html5=False, novalidate=False, notes="",
                           custom_fields=fields, strings=wp.FormStrings(
                               title_reply="LAAT EEN REACTIE ACHTER",
                               label_submit="Reactie plaatsen"))
    return f'<div class="comments" id="comments">{form}</div>'


def td_flex_module(teaser: Teaser) -> str:
    """A td_module_flex_1 of the flex blocks: title, "Door" author, date, excerpt."""
    author = ""
    if teaser.authors:
        author = (f'<span class="td-post-author-name"><span class="td-author-by">Door</span> '
                  f'<a href="{wp.author_posts_url(HOME, teaser.authors[0])}">'
                  f"{wp.esc(teaser.authors[0])}</a> <span>-</span> </span>")
    return (
        '<div class="td_module_flex td_module_flex_1 td_module_wrap td-animation-stack td-cpt-'
        'post"><div class="td-module-container td-category-pos-"><div class="td-image-container">'
        f'<div class="td-module-thumb"><a href="{teaser.url}" rel="bookmark" class="td-image-wrap'
        f' " title="{wp.attr(teaser.title)}"><span class="entry-thumb td-thumb-css" style="'
        f"background-image: url('{thumb_url(teaser.title, '324x160')}')\"></span></a></div>"
        '</div><div class="td-module-meta-info"><h3 class="'
        f'entry-title td-module-title"><a href="{teaser.url}" rel="bookmark" title="'
        f'{wp.attr(teaser.title)}">{wp.esc(teaser.title)}</a></h3><div class="td-editor-date">'
        f'<span class="td-author-date">{author}<span class="td-post-date"><time class="entry-'
        f'date updated td-module-date" datetime="{wp.iso(teaser.published)}" >'
        f"{wp.date_long(teaser.published)}</time></span></span></div><div class=\"td-excerpt\">"
        f"{td_excerpt(teaser)}</div></div></div></div>")


def td_most_read(article: Article, uid: str) -> str:
    modules = "".join(td_flex_module(t) for t in most_read(article))
    return (f'<div class="td_block_wrap td_flex_block_1 {uid} td-pb-border-top td_block_'
            f'template_1 td_flex_block" data-td-block-uid="{uid}"><div class="td-block-title-wrap">'
            '<h4 class="td-block-title"><span>Meest gelezen</span></h4></div><div id="'
            f'{uid}" class="td_block_inner td-mc1-wrap">{modules}</div></div>')


def td_footer() -> str:
    columns = "".join(
        f'<div class="td-pb-span4"><aside class="td_block_template_1 widget widget_nav_menu">'
        f'<h4 class="block-title"><span>{title}</span></h4><ul>' + "".join(
            f'<li><a href="{HOME}{path}/">{label}</a></li>' for label, path in links)
        + "</ul></aside></div>"
        for title, links in (
            ("Over ons", (("Redactie", "redactie"), ("Adverteren", "adverteren"),
                          ("Contact", "contact"))),
            ("Service", (("Abonneren", "abonneren"), ("Nieuwsbrief", "nieuwsbrief"),
                         ("Mijn account", "mijn-account"))),
            ("Voorwaarden", (("Privacy en cookies", "privacy-en-cookies"),
                             ("Algemene voorwaarden", "algemene-voorwaarden")))))
    return (
        '<div class="td-footer-wrapper td-container-wrap td-footer-template-2"><div class="td-'
        f'container"><div class="td-pb-row">{columns}</div></div></div><div class="td-sub-footer'
        '-container td-container-wrap "><div class="td-container"><div class="td-pb-row"><div '
        'class="td-pb-span td-sub-footer-menu"></div><div class="td-pb-span td-sub-footer-'
        'copy">&copy; Copyright 2021 &#8211; Zorg+Welzijn. Alle rechten voorbehouden.</div>'
        "</div></div></div></div><!--close td-outer-wrap-->")


def td_footer_scripts() -> str:
    theme = HOME + "wp-content/plugins/td-composer/legacy/Newspaper/js/"
    return "\n".join((
        wp.cookie_law_info_bar(POLICY),
        wp.comment_reply_script(BLOG_NEWSPAPER, html5=False),
        wp.script(theme + "tagdiv_theme.min.js", "td-site-min", TD_VERSION, html5=False),
        wp.script(HOME + "wp-content/plugins/td-cloud-library/assets/js/js_files_for_front.min.js",
                  "tdb_js_files_for_front", "4d6bd9b8fcf1f6ec0e0d03e3ce2d6b3f", html5=False),
        wp.script(HOME + "wp-includes/js/wp-embed.min.js", "wp-embed", BLOG_NEWSPAPER.version,
                  html5=False),
        "<script type=\"text/javascript\">\n\tvar block_tdi_3 = new tdBlock();\n\tblock_tdi_3.id = "
        "\"tdi_3\";\n\tblock_tdi_3.atts = '{\"limit\":3,\"ajax_pagination\":\"next_prev\",\"live"
        "_filter\":\"cur_post_same_categories\",\"td_ajax_filter_type\":\"td_custom_related\","
        "\"class\":\"tdi_3\",\"td_column_number\":3,\"block_type\":\"td_block_related_posts\"}';\n"
        "\tblock_tdi_3.td_column_number = \"3\";\n\tblock_tdi_3.block_type = \"td_block_related_"
        "posts\";\n\ttdBlocksArray.push(block_tdi_3);\n</script>",
    ))


def td_classic_article(article: Article) -> str:
    """loop-single.php (Newspaper 10, single template default)."""
    post = article.post
    categories = "".join(f'<li class="entry-category"><a href="{t.url}">{wp.esc(t.name)}</a>'
                         "</li>" for t in post.categories)
    slogan = '<span class="premium-content-slogan">Premium</span>' if article.premium else ""
    return (
        f'<article id="post-{post.id}" class="{wp.post_class(post)}" itemscope itemtype="https:'
        f'//schema.org/Article"><div class="td-post-header">{td_actions(article)}<ul class="td-'
        f'category">{categories}</ul><header class="td-post-title">{slogan}<h1 class="entry-'
        f'title">{wp.esc(post.title)}</h1>{td_byline(article)}</header></div>'
        f'{td_share(post, "top")}<div class="td-post-content tagdiv-type">'
        f"{td_featured_image(post)}{td_inline_ad(the_content(article))}</div><footer>"
        f'{td_tags(post)}{td_share(post, "bottom")}{td_next_prev(article)}'
        f"{td_item_scope(post)}</footer></article>{td_related(article, cloud=False)}"
        f"{td_comments(article)}")


def td_crumbs(post: wp.Post) -> str:
    """td_page_generator::get_single_breadcrumbs()."""
    crumbs = [f'<span><a title="" class="entry-crumb" href="{HOME}">Home</a></span>']
    for term in post.categories[:1]:
        crumbs.append(f'<span><a title="Bekijk alle berichten in {wp.attr(term.name)}" class="'
                      f'entry-crumb" href="{term.url}">{wp.esc(term.name)}</a></span>')
    return ' <i class="td-icon-right td-bread-sep"></i> '.join(crumbs)


def td_classic_page(article: Article) -> str:
    sidebar = (f'<aside class="td_block_template_1 widget widget_block">'
               f"{td_most_read(article, 'tdi_21')}</aside>")
    return (
        '<div class="td-main-content-wrap td-container-wrap"><div class="td-container td-post-'
        f'template-default "><div class="td-crumb-container"><div class="entry-crumbs">'
        f"{td_crumbs(article.post)}</div></div><div class=\"td-pb-row\"><div class"
        '="td-pb-span8 td-main-content" role="main"><div class="td-ss-main-content">'
        f'{td_classic_article(article)}</div></div><div class="td-pb-span4 td-main-sidebar" '
        f'role="complementary"><div class="td-ss-main-sidebar">{sidebar}</div></div></div></div>'
        "</div>")


def tdc_block(kind: str, uid: str, inner: str, extra: str = "") -> str:
    """A Cloud Library block: its wrapper, its scoped style and tdb-block-inner."""
    return (f'<div class="td_block_wrap {kind} {uid} td-pb-border-top td_block_template_1'
            f'{extra}" data-td-block-uid="{uid}"><style>.{uid}{{margin-bottom:24px!important}}'
            f'</style><div class="tdb-block-inner td-fix-index">{inner}</div></div>')


def tdc_row(uid: str, columns: list[tuple[str, str]]) -> str:
    """A Cloud Library row: tdc-row, vc_row with its element style, vc_columns."""
    cells = "".join(
        f'<div class="vc_column {uid}c{n}  wpb_column vc_column_container tdc-column td-pb-'
        f'{span}"><div class="wpb_wrapper">{inner}</div></div>'
        for n, (span, inner) in enumerate(columns))
    return (f'<div id="{uid}" class="tdc-row stretch_row_1200 td-stretch-content"><div class="'
            f'vc_row {uid}r  wpb_row td-pb-row tdc-element-style"><div class="{uid}_rand_style '
            f'td-element-style"></div>{cells}</div></div>')


def tdc_inner_row(uid: str, inner: str) -> str:
    return (f'<div class="vc_row_inner {uid}  vc_row vc_inner wpb_row td-pb-row"><div class="'
            f'vc_column_inner {uid}c  wpb_column vc_column_container tdc-inner-column td-pb-'
            f'span12"><div class="vc-column-inner"><div class="wpb_wrapper">{inner}</div></div>'
            "</div></div>")


def td_cloud_page(article: Article) -> str:
    """A tagDiv Cloud Library single-post template (the article element is the template's:
    template-id-N, tdb_templates): a title row, then the share block, the featured image and
    tdb_single_content in an inner row, "Ontdek meer"; the sidebar's blocks stand straight in
    their column. As on the seed, no byline, date, tags or comment form are printed."""
    post = article.post
    image = post.thumbnail
    featured = (tdc_block("tdb_single_featured_image", "tdi_14", f'<img width="{image.width}" '
                          f'height="{image.height}" class="entry-thumb" src="{image.src}" alt="" '
                          f'title="{wp.attr(post.title)}"/>', " tdb-content-horiz-left")
                if image else "")
    slogan = '<span class="premium-content-slogan">Premium</span>' if article.premium else ""
    title = tdc_block("tdb_title", "tdi_8", f'{slogan}<h1 class="tdb-title-text">'
                      f'{wp.esc(post.title)}</h1><div></div><div class="tdb-title-line"></div>',
                      " tdb-single-title")
    main = (
        f'<div class="td_block_wrap tdb_single_post_share tdi_13 td-pb-border-top td_block_'
        f'template_1">{td_share(post, "top")}</div>'
        + featured
        + tdc_inner_row("tdi_50", tdc_block("tdb_single_content", "tdi_15", the_content(article),
                                            " td-post-content tagdiv-type"))
        + td_related(article, cloud=True))
    sidebar = (td_most_read(article, "tdi_21")
               + tdc_block("td_block_ad_box", "tdi_22", '<div class="td-a-rec td-a-rec-id-'
                           'custom_ad_1"><span class="td-adspot-title">- Advertentie -</span>'
                           f'<img src="{HOME}wp-content/uploads/2021/02/banner-300x600.jpg" '
                           'width="300" height="600" alt="" /></div>'))
    return (
        '<div id="tdb-autoload-page" data-autoload="off" data-autoload-org-post-id="'
        f'{post.id}" data-autoload-type="" data-autoload-count="5"><div class="td-main-content-'
        'wrap td-container-wrap"><div class="tdc-content-wrap"><article id="template-id-31279" '
        'class="post-31279 tdb_templates type-tdb_templates status-publish post" itemscope '
        'itemtype="https://schema.org/Article"><div id="tdi_1" class="tdc-zone"><div class="'
        'tdc_zone tdi_2  wpb_row td-pb-row"  >'
        + tdc_row("tdi_3", [("span8", title), ("span4", "")])
        + tdc_row("tdi_9", [("span8", main), ("span4", sidebar)])
        + f"</div></div>{td_item_scope(post)}</article></div></div></div>")


def newspaper_page(article: Article, cloud: bool) -> Rendered:
    post = article.post
    template = ("tdb_template_31279 tdb-template" if cloud else
                "td-standard-pack global-block-template-1 single_template_13")
    classes = wp.body_class(post, template, "td-animation-stack-type0", "td-full-layout")
    body = "\n".join((
        td_header(),
        td_cloud_page(article) if cloud else td_classic_page(article),
        td_footer(),
        td_footer_scripts(),
    ))
    return Rendered(wp.document("nl-NL", td_head(article, cloud), classes, body,
                                doctype="<!doctype html >",
                                body_extra=' itemscope="itemscope" itemtype="https://schema.org/'
                                           'WebPage"'))


def newspaper(page: Page) -> Rendered:
    """The site as it is: older articles in the classic template, newer in a Cloud template."""
    article = article_from(page)
    return newspaper_page(article, cloud=not article.older)


def newspaper_classic(page: Page) -> Rendered:
    """Every article in the classic single template, as before the Cloud Library."""
    return newspaper_page(article_from(page), cloud=False)


# --- Twenty Twenty-Four -----------------------------------------------------------------------


def tt4_featured_image(post: wp.Post) -> str:
    """The post-featured-image block: no caption, whatever the image has."""
    image = post.thumbnail
    if image is None:
        return ""
    return ('<figure style="margin-bottom:var(--wp--preset--spacing--40);" class="wp-block-post-'
            f'featured-image"><img width="{image.width}" height="{image.height}" src="'
            f'{image.src}" class="attachment-post-thumbnail size-post-thumbnail wp-post-image" '
            'alt="" style="object-fit:cover;" decoding="async" fetchpriority="high" /></figure>')


def tt4_meta(article: Article) -> str:
    """parts/post-meta: date "M j, Y" — door author in category. A premium piece is credited to
    no one in its record, so its byline is left out (WordPress would print an account name)."""
    post = article.post
    byline = wp.block_post_author_name(post.authors[0]) if post.authors else ""
    return wp.tt4_post_meta(post, byline)


def tt4_query(title: str, teasers: list[Teaser], meta: bool) -> str:
    """A Query Loop block: title, date and author when asked, and the excerpt (Reading Time WP
    puts its label before every excerpt) with its "Lees verder" link."""
    items = []
    for n, teaser in enumerate(teasers, start=1):
        details = ""
        if meta:
            details = (f'<div class="wp-block-post-date has-small-font-size"><time datetime="'
                       f'{wp.iso(teaser.published)}">{wp.date_short_us(teaser.published)}</time>'
                       "</div>" + (f'<div class="wp-block-post-author-name has-small-font-size">'
                                   f"{wp.esc(teaser.authors[0])}</div>" if teaser.authors else ""))
        category = (wp.block_post_terms([teaser.category], "category", extra=" has-small-font-"
                                        "size") if teaser.category else "")
        items.append(
            f'<li class="wp-block-post post-{9000 + n} post type-post status-publish format-'
            f'standard hentry">{category}<h3 class="wp-block-post-title has-medium-font-size"><a '
            f'href="{teaser.url}" target="_self">{wp.esc(teaser.title)}</a></h3>{details}<div '
            f'class="wp-block-post-excerpt"><p class="wp-block-post-excerpt__excerpt">'
            f'{td_excerpt(teaser)} </p><p class="wp-block-post-excerpt__more-text"><a class="wp-'
            f'block-post-excerpt__more-link" href="{teaser.url}">Lees verder &raquo;</a></p></div>'
            "</li>")
    if not items:
        return ""
    return ('<div class="wp-block-query is-layout-flow wp-block-query-is-layout-flow"><h2 '
            f'class="wp-block-heading has-large-font-size">{title}</h2><ul class="wp-block-post-'
            'template is-layout-grid wp-container-core-post-template-is-layout-1 wp-block-post-'
            f'template-is-layout-grid">{"".join(items)}</ul></div>')


def tt4_main(article: Article) -> str:
    post = article.post
    previous, following = neighbours(article)
    content = wp.block_post_content(replace(post, content=the_content(article)),
                                    " alignfull has-global-padding is-layout-constrained wp-"
                                    "block-post-content-is-layout-constrained")
    return (
        '<main class="wp-block-group alignfull is-layout-flow wp-block-group-is-layout-flow">'
        '<div class="wp-block-group has-global-padding is-layout-constrained wp-block-group-is-'
        'layout-constrained" style="margin-bottom:var(--wp--preset--spacing--40);padding-top:'
        f'var(--wp--preset--spacing--50)">{tt4_featured_image(post)}<div class="wp-block-group '
        'is-vertical is-content-justification-stretch is-layout-flex wp-container-core-group-is-'
        'layout-3 wp-block-group-is-layout-flex" style="padding-top:0;padding-bottom:0">'
        f'{wp.block_post_title(post, " has-x-large-font-size")}{tt4_meta(article)}</div></div>'
        f'{content}<div class="wp-block-group has-global-padding is-layout-constrained wp-block-'
        'group-is-layout-constrained" style="margin-top:var(--wp--preset--spacing--40);padding-'
        'bottom:var(--wp--preset--spacing--50)">'
        + wp.block_post_terms(post.tags, "post_tag", separator="  ", extra=" is-style-pill")
        + '<div class="wp-block-group is-layout-constrained wp-block-group-is-layout-constrained">'
        '<div style="height:var(--wp--preset--spacing--40)" aria-hidden="true" class="wp-block-'
        'spacer"></div><hr class="wp-block-separator has-text-color has-base-3-color has-alpha-'
        'channel-opacity has-base-3-background-color has-background is-style-wide" style="margin'
        '-bottom:var(--wp--preset--spacing--40)"/>'
        + tt4_query("Ontdek meer", article.related, meta=False)
        + wp.block_comments(BLOG_TT4, post, wp.comments_title(post))
        + wp.tt4_post_navigation((previous.title, previous.url) if previous else None,
                                 (following.title, following.url) if following else None)
        + tt4_query("Meest gelezen", most_read(article), meta=True)
        + "</div></div></main>")


def twentytwentyfour(page: Page) -> Rendered:
    """Twenty Twenty-Four's single.html on WordPress 6.8 with no SEO plugin: the dates are in
    the post-date block's <time> and nowhere in the head."""
    article = article_from(page)
    post = article.post
    extra = wp.stylesheet(HOME + "wp-content/plugins/reading-time-wp/rt-reading-time.css",
                          "rt-reading-time", "2.0.16")
    footer = [("Over", [("Redactie", HOME + "redactie/"), ("Adverteren", HOME + "adverteren/")]),
              ("Service", [("Abonneren", HOME + "abonneren/"),
                           ("Nieuwsbrief", HOME + "nieuwsbrief/")]),
              ("Privacy", [("Privacy en cookies", POLICY)])]
    return Rendered(wp.tt4_document(BLOG_TT4, post, MENU, tt4_main(article), footer,
                                    wp.complianz_banner(POLICY), head_extra=extra))


# --- Twenty Twenty ----------------------------------------------------------------------------


def tt20_svg(name: str) -> str:
    digest = wp.digest(name)
    path = " ".join(f"M{int(digest[i:i + 2], 16) % 18},{int(digest[i + 2:i + 4], 16) % 19} "
                    f"L{int(digest[i + 4:i + 6], 16) % 18},{int(digest[i + 6:i + 8], 16) % 19}"
                    for i in range(0, 24, 8))
    return (f'<svg class="svg-icon" aria-hidden="true" role="img" focusable="false" xmlns="http:'
            f'//www.w3.org/2000/svg" width="18" height="19" viewBox="0 0 18 19"><path '
            f'fill="" d="{path} Z"></path></svg>')


def tt20_meta_item(kind: str, label: str, icon: str, text: str) -> str:
    reader = f'<span class="screen-reader-text">{label}</span>' if label else ""
    return (f'<li class="post-{kind} meta-wrapper"><span class="meta-icon">{reader}'
            f'{tt20_svg(icon)}</span><span class="meta-text">{text}</span></li>')


def tt20_header_meta(article: Article) -> str:
    """twentytwenty_get_post_meta() single-top: author, date (as link text, no <time>) and the
    comments link."""
    post = article.post
    items = []
    if post.authors:
        person = post.authors[0]
        items.append(tt20_meta_item("author", "Auteur van bericht", "user",
                                    f'Door <a href="{person.url}">{wp.esc(person.name)}</a>'))
    items.append(tt20_meta_item("date", "Berichtdatum", "calendar",
                                f'<a href="{post.url}">{wp.date_long(post.published)}</a>'))
    count = post.number_of_comments
    said = "Geen reacties" if count == 0 else (f"{count} reactie" if count == 1 else
                                               f"{count} reacties")
    items.append(tt20_meta_item("comment-link", "", "comment",
                                f'<a href="{post.url}#respond">{said}<span class="screen-reader-'
                                f'text"> op {wp.esc(post.title)}</span></a>'))
    return ('<div class="post-meta-wrapper post-meta-single post-meta-single-top"><ul class="'
            f'post-meta">{"".join(items)}</ul></div>')


def jetpack_related(article: Article) -> str:
    """Jetpack's related posts, which it appends to the_content; the server-rendered list of the
    Related Posts block (guessed markup: jp-relatedposts-i2)."""
    items = "".join(
        f'<li class="jp-related-posts-i2__post" id="related-posts-item-{n}"><a id="related-posts'
        f'-item-{n}-label" href="{t.url}" class="jp-related-posts-i2__post-link">'
        f'{wp.esc(t.title)}</a><dl class="jp-related-posts-i2__post-defs"><dt>Datum</dt><dd '
        f'class="jp-related-posts-i2__post-date">{wp.date_long(t.published)}</dd><dt>Context'
        f'</dt><dd class="jp-related-posts-i2__post-context">In '
        f'&quot;{wp.esc(t.category.name if t.category else "Nieuws")}&quot;</dd></dl></li>'
        for n, t in enumerate(article.related, start=1))
    if not items:
        return ""
    return ('<nav class="jp-relatedposts-i2" data-layout="grid" aria-label="Ontdek meer"><h3 '
            'class="jp-relatedposts-headline"><em>Ontdek meer</em></h3><ul class="jp-related-'
            f'posts-i2__list" role="list" data-post-count="{len(article.related)}">{items}</ul>'
            "</nav>")


def tt20_article(article: Article) -> str:
    post = article.post
    categories = wp.category_list(post, separator=" ")
    image = post.thumbnail
    featured = ""
    if image:
        caption = (f'<figcaption class="wp-caption">{wp.esc(image.caption)}</figcaption>'
                   if image.caption else "")
        featured = (f'<figure class="featured-media"><div class="featured-media-inner section-'
                    f'inner"><img width="{image.width}" height="{image.height}" src="{image.src}"'
                    ' class="attachment-post-thumbnail size-post-thumbnail wp-post-image" alt="" '
                    f'decoding="async" />{caption}</div></figure>')
    tags = wp.tag_list(post)
    bottom = ('<div class="post-meta-wrapper post-meta-single post-meta-single-bottom"><ul '
              f'class="post-meta">{tt20_meta_item("tags", "Tags", "tag", tags)}</ul></div>'
              if tags else "")
    previous, following = neighbours(article)
    navigation = "".join(
        f'<a class="{side}-post" href="{t.url}"><span class="arrow" aria-hidden="true">{arrow}'
        f'</span><span class="title"><span class="title-inner">{wp.esc(t.title)}</span></span>'
        "</a>" for t, side, arrow in ((previous, "previous", "&larr;"),
                                      (following, "next", "&rarr;")) if t)
    form = wp.comment_form(BLOG_TT20, post, strings=wp.FormStrings(
        title_reply_before='<h2 id="reply-title" class="comment-reply-title">',
        title_reply_after="</h2>", class_form="section-inner thin max-percentage"))
    return (
        f'<article class="{wp.post_class(post)}" id="post-{post.id}"><header class="entry-header'
        ' has-text-align-center header-footer-group"><div class="entry-header-inner section-'
        'inner medium"><div class="entry-categories"><span class="screen-reader-text">'
        f'Categorieën</span><div class="entry-categories-inner">{categories}</div></div><h1 '
        f'class="entry-title">{wp.esc(post.title)}</h1>{tt20_header_meta(article)}</div>'
        f'</header>{featured}<div class="post-inner thin "><div class="entry-content">'
        f"{the_content(article)}{jetpack_related(article)}</div></div><div class=\"section-"
        f'inner">{bottom}</div><nav class="pagination-single section-inner" aria-label="Bericht">'
        f'<hr class="styled-separator is-style-wide" aria-hidden="true" /><div class="pagination'
        f'-single-inner">{navigation}</div><hr class="styled-separator is-style-wide" '
        f'aria-hidden="true" /></nav><div class="comments-wrapper section-inner">{form}</div>'
        "</article>")


def tt20_widgets(article: Article) -> str:
    """The footer widget areas: widgets are divs in an <aside>."""
    rows = "".join(
        f'<li><a href="{t.url}">{wp.esc(t.title)}</a><span class="post-date">'
        f"{wp.date_long(t.published)}</span>"
        + (f" &middot; Door {wp.esc(t.authors[0])}" if t.authors else "")
        + (f" &middot; Leestijd: {wp.esc(t.reading)} min." if t.reading else "") + "</li>"
        for t in most_read(article))
    return (
        '<div class="footer-nav-widgets-wrapper header-footer-group"><div class="footer-inner '
        'section-inner"><aside class="footer-widgets-outer-wrapper"><div class="footer-widgets-'
        'wrapper"><div class="footer-widgets column-one grid-item"><div class="widget widget_'
        'recent_entries"><div class="widget-content"><h2 class="widget-title subheading heading-'
        f'size-3">Meest gelezen</h2><nav aria-label="Meest gelezen"><ul>{rows}</ul></nav></div>'
        '</div></div><div class="footer-widgets column-two grid-item"><div class="widget widget_'
        'text"><div class="widget-content"><div class="textwidget"><p>Zorg+Welzijn is het '
        "vakblad voor sociaal werkers.</p></div></div></div></div></div></aside></div></div>")


def tt20_head(article: Article) -> str:
    blog = BLOG_TT20
    post = article.post
    theme = HOME + "wp-content/themes/twentytwenty/"
    return "\n".join((
        '<meta charset="UTF-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1.0" >',
        '<link rel="profile" href="https://gmpg.org/xfn/11">',
        wp.yoast_head(blog, post, version="20.8",
                      image=post.thumbnail.full if post.thumbnail else ""),
        "<link rel='dns-prefetch' href='//stats.wp.com' />",
        wp.feed_links(blog, post),
        wp.emoji_loader(blog),
        wp.stylesheet(HOME + "wp-includes/css/dist/block-library/style.min.css",
                      "wp-block-library", blog.version),
        wp.inline_style("classic-theme-styles", wp.CLASSIC_THEME_STYLES),
        wp.inline_style("global-styles", wp.global_styles()),
        wp.stylesheet(HOME + "wp-content/plugins/jetpack/modules/related-posts/related-posts.css",
                      "jetpack_related-posts", "20211209"),
        wp.stylesheet(HOME + "wp-content/plugins/reading-time-wp/rt-reading-time.css",
                      "rt-reading-time", "2.0.16"),
        wp.stylesheet(theme + "style.css", "twentytwenty-style", "2.2"),
        wp.inline_style("twentytwenty-style", wp.filler_css(".has-", [
            "accent-color", "primary-color", "secondary-color", "subtle-background-color",
            "background-color", "accent-background-color", "primary-background-color"],
            rounds=3) + wp.filler_css("body:not(.overlay-header) ", [
                ".primary-menu > li > a", ".primary-menu > li > .icon", ".modal-menu a",
                ".footer-menu a", ".footer-widgets a", "#site-footer .wp-block-button.is-style-"
                "outline", ".wp-block-pullquote:before", ".singular:not(.overlay-header) .entry-"
                "header a", ".archive-header a", ".header-footer-group .color-accent"],
                rounds=4)),
        wp.stylesheet(theme + "print.css", "twentytwenty-print-style", "2.2", media="print"),
        wp.script(theme + "assets/js/index.js", "twentytwenty-js", "2.2",
                  extra=" async"),
        wp.rest_links(blog, post, canonical=False),
        "<script>document.documentElement.className = document.documentElement.className."
        "replace( 'no-js', 'js' );</script>",
        '<style id="custom-background-css">body.custom-background { background-color: #f5efe0;'
        " }</style>",
    ))


def twentytwenty(page: Page) -> Rendered:
    """Twenty Twenty (src/wp-content/themes/twentytwenty: singular.php, template-parts/
    content.php, entry-header.php, footer-menus-widgets.php, inc/template-tags.php)."""
    article = article_from(page)
    post = article.post
    menu = "".join(f'<li class="menu-item menu-item-type-taxonomy menu-item-object-category">'
                   f'<a href="{url}">{wp.esc(name)}</a></li>' for name, url in MENU)
    body = "\n".join((
        '<a class="skip-link screen-reader-text" href="#site-content">Ga naar de inhoud</a>',
        '<header id="site-header" class="header-footer-group"><div class="header-inner section-'
        'inner"><div class="header-titles-wrapper"><div class="header-titles"><div class="site-'
        f'title faux-heading"><a href="{HOME}">{NAME}</a></div><div class="site-description">'
        f'{TAGLINE}</div></div><button class="toggle nav-toggle mobile-nav-toggle" data-toggle-'
        'target=".menu-modal" data-toggle-body-class="showing-menu-modal" aria-expanded="false" '
        'data-set-focus=".close-nav-toggle"><span class="toggle-inner"><span class="toggle-icon">'
        f'{tt20_svg("ellipsis")}</span><span class="toggle-text">Menu</span></span></button></div>'
        '<div class="header-navigation-wrapper"><nav class="primary-menu-wrapper" aria-label="'
        f'Horizontaal"><ul class="primary-menu reset-list-style">{menu}</ul></nav></div></div>'
        "</header>",
        '<main id="site-content">',
        tt20_article(article),
        "</main><!-- #site-content -->",
        tt20_widgets(article),
        '<footer id="site-footer" class="header-footer-group"><div class="section-inner"><div '
        f'class="footer-credits"><p class="footer-copyright">&copy; 2023 <a href="{HOME}">{NAME}'
        f'</a></p><p class="privacy-policy"><a class="privacy-policy-link" href="{POLICY}" '
        'rel="privacy-policy">Privacy en cookies</a></p><p class="powered-by-wordpress"><a '
        'href="https://nl.wordpress.org/">Ondersteund door WordPress</a></p></div><a class="to-'
        'the-top" href="#site-header"><span class="to-the-top-long">Naar boven <span class="arrow'
        '" aria-hidden="true">&uarr;</span></span></a></div></footer>',
        wp.cookieyes_banner(POLICY),
        wp.comment_reply_script(BLOG_TT20),
        wp.script("https://stats.wp.com/e-202345.js", "jetpack-stats", "202345",
                  extra=' defer="defer" data-wp-strategy="defer"'),
    ))
    classes = wp.body_class(post, "wp-embed-responsive", "singular", "enable-search-modal",
                            "has-post-thumbnail" if post.thumbnail else "missing-post-thumbnail",
                            "has-single-pagination", "showing-comments", "show-avatars",
                            "footer-top-visible")
    return Rendered(wp.document("nl-NL", tt20_head(article), classes, body,
                                html_class="no-js"))


MARKUPS = {
    "newspaper": newspaper,
    "newspaper-classic": newspaper_classic,
    "twentytwentyfour": twentytwentyfour,
    "twentytwenty": twentytwenty,
}
