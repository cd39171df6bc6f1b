"""Sociale Vraagstukken as three WordPress themes would print it.

The real site's theme was never seen (site-notes.md): it is WordPress, lists "Door Name, Name",
prints its own "Reacties op dit artikel (N)" over numbered reactions and the core comment form.
So each markup is a theme WordPress sites of its era really run, with what the site adds:

- twentyseventeen: Twenty Seventeen 3.x on WordPress 6.4, HTML5 comments (Walker_Comment::
  html5_comment), its own heading "2 reacties op “Title”", Co-Authors Plus in the byline,
  Yoast SEO in the head, WP-PostViews' count and the bios after the text, Complianz banner.
- classic-xhtml: a custom theme of the Twenty Ten era on WordPress 5.2 without html5 support, so
  the older comment format (Walker_Comment::comment: cite.fn, the date as link text, no <time>),
  the site's own "Reacties op dit artikel (N)", "Door Name, Name" and both dates as text, widgets
  as <li>, no SEO plugin, a cookie bar without a dialog role.
- twentytwentyfour: Twenty Twenty-Four's single-with-sidebar template on WordPress 6.8: core
  blocks (wp-block-post-title, -post-date "okt 7, 2013", -post-content, the comments blocks),
  Co-Authors Plus blocks for byline and bios (bios in the sidebar <aside>, where the theme puts
  the author biography), no <article>, CookieYes.

docs/platforms/wordpress.md says what each is modelled on and what is guessed.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from functools import cache

from mirror.platforms import Page, Rendered, expected_records, has_class
from mirror.platforms import wordpress as wp

SITE = "socialevraagstukken"
BLOG_NAME = "Sociale Vraagstukken"
HOME = "https://www.socialevraagstukken.nl/"
TAGLINE = "Podium voor wetenschap, beleid en praktijk"
POLICY = HOME + "privacyverklaring/"


# --- the post behind a mirror page ------------------------------------------------------------


@cache
def archive_title(path: str) -> str | None:
    """The name of a tag or topic as its archive page titles it ("Housing First Archieven")."""
    page = wp.archived_page(SITE, path)
    if page is None:
        return None
    title = page.findtext(".//title") or ""
    return title.split(" Archieven")[0].strip() or None


def terms(article, prefix: str, base: str) -> list[wp.Term]:
    """The article's categories or tags, read from its post_class() and named as their archive
    pages name them."""
    return wp.post_class_terms(
        article, prefix, f"{HOME}{base}/",
        lambda slug, url: archive_title(f"{base}/{slug}") or slug.replace("-", " "))


def people(page: Page) -> list[wp.Person]:
    """The record's authors with the archive links the page gives them."""
    links = {a.text_content().strip(): a.get("href")
             for a in page.original.xpath("//a[contains(@href, '/author/')]")}
    return [wp.Person(name=author["name"],
                      url=links.get(author["name"]) or wp.author_posts_url(HOME, author["name"]),
                      bio=author["bio"])
            for author in page.record["authors"]]


def comments(page: Page) -> list[wp.Comment]:
    """The record's reactions as a tree, with their ids and paragraphs from the page."""
    items = page.original.xpath(f"//li[{has_class('comment')}]")
    by_position: dict[int, wp.Comment] = {}
    roots: list[wp.Comment] = []
    for reaction in page.record["reactions"]:
        position = reaction["position"]
        item = items[position - 1] if position <= len(items) else None
        comment = wp.Comment(
            id=int(item.get("id").split("-")[-1]) if item is not None else 9000 + position,
            author=reaction["author"],
            posted=datetime.fromisoformat(reaction["posted"]),
            html=comment_html(item, reaction["text"]),
        )
        by_position[position] = comment
        parent = by_position.get(reaction["parent"]) if reaction["parent"] else None
        (parent.children if parent else roots).append(comment)
    return roots


def comment_html(item, text: str) -> str:
    """comment_text(): the paragraphs as the page holds them, or the record's text wpautop'd."""
    if item is not None:
        content = item.xpath(".//*[contains(@class, 'comment-content')]")
        if content:
            return wp.content_html(content[0])
    return "".join(f"<p>{wp.esc(part)}</p>" for part in text.split("\n\n"))


def post_from(page: Page) -> wp.Post:
    original = page.original
    article = original.xpath("//article[contains(@class, 'type-post')]")[0]
    published = original.xpath("//time[contains(@class, 'published')]/@datetime")
    modified = original.xpath("//time[contains(@class, 'updated')]/@datetime")
    record = page.record
    content = original.xpath("//div[contains(@class, 'entry-content')]")[0]
    first = content.xpath("string(p[1])").strip()
    return wp.Post(
        id=int(article.get("id").split("-")[-1]),
        url=page.url,
        title=record["title"],
        published=wp.timestamp(published[0] if published else record["published"]),
        modified=wp.timestamp(modified[0] if modified else record["modified"]),
        authors=people(page),
        content=wp.content_html(content),
        excerpt=re.sub(r"\s+", " ", first),
        categories=terms(article, "category-", "vraagstukken"),
        tags=terms(article, "tag-", "tag"),
        comments=comments(page),
    )


# --- what the page prints around the post -----------------------------------------------------

BLOG_TT17 = wp.Blog(name=BLOG_NAME, home=HOME, description=TAGLINE, version="6.4.3")
BLOG_CLASSIC = wp.Blog(name=BLOG_NAME, home=HOME, description=TAGLINE, version="5.2.4")
BLOG_TT4 = wp.Blog(name=BLOG_NAME, home=HOME, description=TAGLINE, version="6.8.1")


def others(post: wp.Post) -> list[dict]:
    """The other archived articles: the sidebars and the post navigation name them."""
    return [record for url, record in expected_records(SITE).items() if url != post.url]


def most_read(post: wp.Post, count: int = 5) -> list[dict]:
    """WP-PostViews' most viewed posts: its widget prints each with its byline and date."""
    return sorted(others(post), key=lambda record: -(record["view_count"] or 0))[:count]


def neighbours(post: wp.Post) -> tuple[dict | None, dict | None]:
    """the_post_navigation(): the posts published just before and just after this one."""
    return wp.adjacent_posts(others(post), post.published.date().isoformat())


def record_date(record: dict) -> datetime:
    return wp.timestamp(record["published"])


def menu(page: Page) -> list[tuple[str, str]]:
    """The topics of the site's main menu, as today's page lists them."""
    return [(a.text_content().strip(), a.get("href"))
            for a in page.original.xpath("//nav//a[contains(@href, '/vraagstukken/')]")]


def menu_items(page: Page, first_id: int = 1871) -> str:
    """wp_nav_menu(): one li per item, with its type and object classes."""
    items = [f'<li id="menu-item-{first_id}" class="menu-item menu-item-type-custom '
             f'menu-item-object-custom menu-item-home menu-item-{first_id}">'
             f'<a href="{HOME}">Home</a></li>']
    for offset, (name, url) in enumerate(menu(page), start=1):
        number = first_id + offset
        items.append(f'<li id="menu-item-{number}" class="menu-item menu-item-type-taxonomy '
                     f'menu-item-object-category menu-item-{number}"><a href="{url}">'
                     f"{wp.esc(name)}</a></li>")
    return "".join(items)


def svg_sprite(names: list[str]) -> str:
    """A theme's inline SVG icon sprite (Twenty Seventeen prints one in wp_footer)."""
    symbols = []
    for index, name in enumerate(names):
        digest = wp.digest(name)
        points = " ".join(f"{int(digest[i:i + 2], 16) % 32}.{int(digest[i + 2], 16)}"
                          for i in range(0, 28, 4))
        path = f"M{points} c{points} s{points} z m{points} l{points} q{points} z"
        symbols.append(f'<symbol id="icon-{name}" viewBox="0 0 {24 + index % 8} 32">'
                       f"<path class=\"path1\" d=\"{path}\"></path></symbol>")
    return ('<svg style="position: absolute; width: 0; height: 0; overflow: hidden;" '
            'version="1.1" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/'
            '1999/xlink">\n<defs>\n' + "\n".join(symbols) + "\n</defs>\n</svg>")


ICONS = ["behance", "deviantart", "medium", "slideshare", "snapchat-ghost", "yelp", "vine",
         "vk", "search", "close", "menu", "angle-down", "folder-open", "twitter", "facebook",
         "facebook-official", "facebook-square", "youtube", "youtube-play", "vimeo", "linkedin",
         "instagram", "envelope-o", "mail-reply", "hashtag", "arrow-left", "arrow-right",
         "chain", "pinterest", "pinterest-p", "tumblr", "google-plus", "rss", "spotify",
         "wordpress", "github", "flickr", "dribbble", "dropbox", "foursquare", "thumb-tack",
         "arrow-right", "pencil", "skype", "soundcloud", "stumbleupon", "twitch", "xing"]


def icon(name: str) -> str:
    return (f'<svg class="icon icon-{name}" aria-hidden="true" role="img"> <use href="#icon-'
            f'{name}" xlink:href="#icon-{name}"></use> </svg>')


# --- Twenty Seventeen -------------------------------------------------------------------------


def tt17_head(post: wp.Post) -> str:
    blog = BLOG_TT17
    theme = blog.url("wp-content/themes/twentyseventeen/")
    plugins = blog.url("wp-content/plugins/")
    return "\n".join((
        '<meta charset="UTF-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<link rel="profile" href="https://gmpg.org/xfn/11">',
        "<script>\n(function(html){html.className = html.className.replace(/\\bno-js\\b/,'js')})"
        "(document.documentElement);\n</script>",
        wp.yoast_head(blog, post),
        "<link rel='dns-prefetch' href='//fonts.googleapis.com' />",
        "<link href='https://fonts.gstatic.com' crossorigin rel='preconnect' />",
        wp.feed_links(blog, post),
        wp.emoji_loader(blog),
        wp.stylesheet(blog.url("wp-includes/css/dist/block-library/style.min.css"),
                      "wp-block-library", blog.version),
        wp.inline_style("wp-block-library-theme", wp.filler_css(
            ".wp-block-", ["audio figcaption", "code", "embed figcaption", "image figcaption",
                           "pullquote", "quote", "search__button", "separator", "table thead",
                           "template-part.has-background", "video figcaption"])),
        wp.inline_style("classic-theme-styles", wp.CLASSIC_THEME_STYLES),
        wp.inline_style("global-styles", wp.global_styles()),
        wp.stylesheet(plugins + "complianz-gdpr/assets/css/cookieblocker.min.css", "cmplz-general",
                      "1710165264"),
        wp.stylesheet(plugins + "simple-author-box/assets/css/simple-author-box.min.css",
                      "sab-plugin", "2.52"),
        wp.stylesheet("https://fonts.googleapis.com/css?family=Libre+Franklin%3A300%2C300i%2C400"
                      "%2C400i%2C600%2C600i%2C800%2C800i&subset=latin%2Clatin-ext&display=fallback",
                      "twentyseventeen-fonts", "6.4.3"),
        wp.stylesheet(theme + "style.css", "twentyseventeen-style", "20231107"),
        wp.stylesheet(theme + "assets/css/blocks.css", "twentyseventeen-block-style", "20220912"),
        "<!--[if lt IE 9]>\n" + wp.stylesheet(theme + "assets/css/ie8.css", "twentyseventeen-ie8",
                                              "20161202") + "\n<![endif]-->",
        wp.script(blog.url("wp-includes/js/jquery/jquery.min.js"), "jquery-core", "3.7.1"),
        wp.script(blog.url("wp-includes/js/jquery/jquery-migrate.min.js"), "jquery-migrate",
                  "3.4.1"),
        "<!--[if lt IE 9]>\n" + wp.script(theme + "assets/js/html5.js", "html5", "20161020")
        + "\n<![endif]-->",
        wp.rest_links(blog, post, canonical=False),
        '<style type="text/css">.cmplz-hidden { display: none !important; }</style>',
        '<style type="text/css">' + wp.filler_css(".saboxplugin-wrap ", [
            "", ".saboxplugin-gravatar img", ".saboxplugin-authorname a", ".saboxplugin-desc",
            ".saboxplugin-web", ".saboxplugin-socials", "a.sab-profile-edit"], rounds=3)
        + "</style>",
    ))


def tt17_byline(post: wp.Post) -> str:
    """twentyseventeen_posted_on(), its author link replaced by coauthors_posts_links() as a
    child theme does for a journal with several authors per piece."""
    blog_time = (f'<time class="entry-date published" datetime="{wp.iso(post.published)}">'
                 f"{wp.date_long(post.published)}</time>")
    if post.modified != post.published:
        blog_time += (f'<time class="updated" datetime="{wp.iso(post.modified)}">'
                      f"{wp.date_long(post.modified)}</time>")
    else:
        blog_time = blog_time.replace('"entry-date published"', '"entry-date published updated"')
    return (f'<span class="posted-on"><span class="screen-reader-text">Geplaatst op</span> '
            f'<a href="{post.url}" rel="bookmark">{blog_time}</a></span><span class="byline"> '
            f'door <span class="author vcard">{wp.coauthors_links(post.authors)}</span></span>')


def simple_author_box(post: wp.Post) -> str:
    """Simple Author Box, which appends one box per author to the_content()."""
    boxes = []
    for person in post.authors:
        if not person.bio:
            continue
        boxes.append(
            '<div class="saboxplugin-wrap" itemtype="http://schema.org/Person" itemscope '
            'itemprop="author"><div class="saboxplugin-tab"><div class="saboxplugin-gravatar">'
            f"{wp.avatar(person.name, 100)}</div><div class=\"saboxplugin-authorname\">"
            f'<a href="{person.url}" class="vcard author" rel="author"><span class="fn">'
            f'{wp.esc(person.name)}</span></a></div><div class="saboxplugin-desc"><div '
            f'itemprop="description"><p>{wp.esc(person.bio)}</p>\n</div></div>'
            '<div class="clearfix"></div></div></div>')
    return "".join(boxes)


def tt17_entry_footer(post: wp.Post) -> str:
    """twentyseventeen_entry_footer(): categories and tags with their icons."""
    categories, tags = wp.category_list(post), wp.tag_list(post)
    parts = ['<footer class="entry-footer"><span class="cat-tags-links">']
    if categories:
        parts.append(f'<span class="cat-links">{icon("folder-open")}<span class="screen-reader-'
                     f'text">Categorieën</span>{categories}</span>')
    if tags:
        parts.append(f'<span class="tags-links">{icon("hashtag")}<span class="screen-reader-'
                     f'text">Tags</span>{tags}</span>')
    parts.append("</span></footer> <!-- .entry-footer -->")
    return "".join(parts)


def tt17_article(post: wp.Post, views: int | None) -> str:
    counted = (f'<div class="post-views-count"><p>Dit artikel is {views} keer bekeken.</p></div>'
               if views is not None else "")
    return (
        f'<article id="post-{post.id}" class="{wp.post_class(post)}">\n'
        f'<header class="entry-header">\n<div class="entry-meta">{tt17_byline(post)}</div>'
        f'<!-- .entry-meta --><h1 class="entry-title">{wp.esc(post.title)}</h1></header>'
        f'<!-- .entry-header -->\n\n<div class="entry-content">\n{post.content}\n'
        f"{simple_author_box(post)}</div><!-- .entry-content -->\n{counted}\n"
        f"{tt17_entry_footer(post)}\n</article><!-- #post-{post.id} -->\n")


def tt17_comments(post: wp.Post) -> str:
    listing = ""
    if post.comments:
        heading = wp.comments_title(post).replace("&#8220;", "&ldquo;").replace(
            "&#8221;", "&rdquo;")
        listing = (f'<h2 class="comments-title">\n{heading}\n</h2>\n<ol class="comment-list">\n'
                   + wp.html5_comments(post, style="ol", avatar_size=100,
                                       reply_text=icon("mail-reply") + "Beantwoorden")
                   + "</ol>\n")
    return (f'<div id="comments" class="comments-area">\n{listing}'
            f"{wp.comment_form(BLOG_TT17, post)}\n</div><!-- #comments -->\n")


def tt17_navigation(post: wp.Post) -> str:
    previous, following = neighbours(post)
    links = []
    if previous:
        links.append(
            f'<div class="nav-previous"><a href="{previous["url"]}" rel="prev"><span class="'
            'screen-reader-text">Vorig bericht</span><span aria-hidden="true" class="nav-'
            f'subtitle">Vorige</span> <span class="nav-title"><span class="nav-title-icon-'
            f'wrapper">{icon("arrow-left")}</span>{wp.esc(previous["title"])}</span></a></div>')
    if following:
        links.append(
            f'<div class="nav-next"><a href="{following["url"]}" rel="next"><span class="'
            'screen-reader-text">Volgend bericht</span><span aria-hidden="true" class="nav-'
            f'subtitle">Volgende</span> <span class="nav-title">{wp.esc(following["title"])}'
            f'<span class="nav-title-icon-wrapper">{icon("arrow-right")}</span></span></a></div>')
    return ('<nav class="navigation post-navigation" aria-label="Berichten">\n<h2 class="screen-'
            'reader-text">Bericht navigatie</h2>\n<div class="nav-links">' + "".join(links)
            + "</div>\n</nav>")


def views_widget(post: wp.Post, item: str = "li") -> str:
    """WP-PostViews' "Most Viewed" widget with a template that adds the byline and the date."""
    rows = []
    for record in most_read(post):
        names = ", ".join(f'<a href="{wp.author_posts_url(HOME, a["name"])}">'
                          f'{wp.esc(a["name"])}</a>' for a in record["authors"])
        rows.append(f'<{item}><a href="{record["url"]}" title="{wp.attr(record["title"])}">'
                    f'{wp.esc(record["title"])}</a><br />Door {names} &middot; '
                    f"{wp.date_long(record_date(record))} &middot; {record['view_count']} keer "
                    f"gelezen</{item}>")
    return "<ul>\n" + "\n".join(rows) + "\n</ul>"


def search_form(html5: bool = True) -> str:
    """get_search_form()."""
    if not html5:
        return (f'<form role="search" method="get" id="searchform" class="searchform" '
                f'action="{HOME}"><div><label class="screen-reader-text" for="s">Zoeken naar:'
                '</label><input type="text" value="" name="s" id="s" /><input type="submit" '
                'id="searchsubmit" value="Zoeken" /></div></form>')
    return (f'<form role="search" method="get" class="search-form" action="{HOME}">\n<label '
            'for="search-form-1"><span class="screen-reader-text">Zoeken naar:</span></label>\n'
            '<input type="search" id="search-form-1" class="search-field" placeholder="Zoeken '
            '&hellip;" value="" name="s" />\n<button type="submit" class="search-submit">'
            f'{icon("search")}<span class="screen-reader-text">Zoeken</span></button>\n</form>')


# register_sidebar() of the two classic themes (twentyseventeen/functions.php and
# twentyten/functions.php): Twenty Seventeen's widgets are sections, Twenty Ten's list items.
TT17_SIDEBAR = wp.Sidebar(before_widget='<section id="%1$s" class="widget %2$s">',
                          after_widget="</section>", before_title='<h2 class="widget-title">',
                          after_title="</h2>")
TWENTYTEN_SIDEBAR = wp.Sidebar(before_widget='<li id="%1$s" class="widget-container %2$s">',
                               after_widget="</li>", before_title='<h3 class="widget-title">',
                               after_title="</h3>")


def site_widgets(page: Page, post: wp.Post, sidebar: wp.Sidebar, html5: bool = True) -> str:
    """The widgets the site puts in a classic theme's sidebar, as that theme's sidebar prints
    them: the search form, WP-PostViews' most read and the topics of the main menu."""
    topics = "".join(f'<li class="cat-item"><a href="{url}">{wp.esc(name)}</a></li>'
                     for name, url in menu(page))
    return (sidebar.widget("search-2", "widget_search", search_form(html5))
            + sidebar.widget("views-2", "widget_views", views_widget(post), "Meest gelezen")
            + sidebar.widget("categories-2", "widget_categories", f"<ul>{topics}</ul>",
                             "Vraagstukken"))


def tt17_sidebar(page: Page, post: wp.Post) -> str:
    about = TT17_SIDEBAR.widget(
        "text-3", "widget_text", '<div class="textwidget"><p>Sociale Vraagstukken is een '
        "initiatief van TSS, RMO, SCP, Tilburg University en Movisie.</p></div>",
        "Over Sociale Vraagstukken")
    return ('<aside id="secondary" class="widget-area" aria-label="Blog zijbalk">'
            f"{site_widgets(page, post, TT17_SIDEBAR)}{about}</aside>")


def tt17_header(page: Page) -> str:
    image = HOME + "wp-content/uploads/2017/05/header-sociale-vraagstukken.jpg"
    return (
        f'<header id="masthead" class="site-header">\n<div class="custom-header">\n<div class="'
        f'custom-header-media"><div id="wp-custom-header" class="wp-custom-header"><img src="'
        f'{image}" width="2000" height="1200" alt="" /></div></div>\n<div class="site-branding">'
        f'<div class="wrap"><div class="site-branding-text"><p class="site-title"><a href="'
        f'{HOME}" rel="home">{BLOG_NAME}</a></p><p class="site-description">{TAGLINE}</p></div>'
        "</div></div></div>\n"
        '<div class="navigation-top"><div class="wrap"><nav id="site-navigation" class="main-'
        'navigation" aria-label="Bovenste menu"><button class="menu-toggle" aria-controls="top-'
        f'menu" aria-expanded="false">{icon("bars")}{icon("close")}Menu</button><div class="menu-'
        f'hoofdmenu-container"><ul id="top-menu" class="menu">{menu_items(page)}</ul></div>'
        f'</nav></div></div>\n</header><!-- #masthead -->')


def tt17_footer() -> str:
    blog = BLOG_TT17
    theme = blog.url("wp-content/themes/twentyseventeen/assets/js/")
    return "\n".join((
        '<footer id="colophon" class="site-footer"><div class="wrap"><aside class="widget-area" '
        'aria-label="Footer"><div class="widget-column footer-widget-1"><section id="text-4" '
        'class="widget widget_text"><div class="textwidget"><p><a href="'
        f'{HOME}feed/">RSS</a> | <a href="https://twitter.com/socvraagstukken">Twitter</a> | '
        f'<a href="{POLICY}">Privacyverklaring</a></p></div></section></div></aside>'
        '<div class="site-info"><a href="https://wordpress.org/" class="imprint">Ondersteund '
        "door WordPress</a></div></div></footer>",
        "</div><!-- .site-content-contain -->\n</div><!-- #page -->",
        wp.complianz_banner(POLICY),
        wp.inline_script("twentyseventeen-global", 'var twentyseventeenScreenReaderText = '
                         '{"quote":"<svg class=\\"icon icon-quote-right\\" aria-hidden=\\"true\\"'
                         ' role=\\"img\\"> <use href=\\"#icon-quote-right\\"><\\/use> <\\/svg>",'
                         '"expand":"Submenu uitvouwen","collapse":"Submenu invouwen","icon":'
                         '"<svg class=\\"icon icon-angle-down\\"><\\/svg>"};'),
        wp.script(theme + "skip-link-focus-fix.js", "twentyseventeen-skip-link-focus-fix",
                  "20161114"),
        wp.script(theme + "navigation.js", "twentyseventeen-navigation", "20161203"),
        wp.script(theme + "global.js", "twentyseventeen-global", "20211130"),
        wp.script(theme + "jquery.scrollTo.js", "jquery-scrollto", "2.1.3"),
        wp.comment_reply_script(blog),
        wp.inline_script("cmplz-cookiebanner", "var complianz = " + json.dumps({
            "prefix": "cmplz_", "user_banner_id": "1", "set_cookies": [], "block_ajax_content":
            "", "banner_version": "27", "version": "6.5.6", "store_consent": "", "do_not_track":
            "", "consenttype": "optin", "region": "eu", "geoip": "", "dismiss_timeout": "",
            "disable_cookiebanner": "", "soft_cookiewall": "", "dismiss_on_scroll": "",
            "cookie_expiry": "365", "url": HOME + "wp-json/complianz/v1/", "locale":
            "lang=nl&locale=nl_NL", "set_cookies_on_root": "", "cookie_domain": "",
            "current_policy_id": "14", "cookie_path": "/", "categories": {
                "statistics": "statistieken", "marketing": "marketing"},
            "tcf_active": "", "placeholdertext": "Klik om {category} cookies te accepteren en "
            "deze inhoud in te schakelen", "css_file": HOME + "wp-content/uploads/complianz/css/"
            "banner-{banner_id}-{type}.css?v=27", "page_links": {"eu": {"cookie-statement": {
                "title": "Cookiebeleid ", "url": POLICY}}}, "tm_categories": "", "forceEnableStats":
            "", "preview": "", "clean_cookies": "", "aria_label": "Klik om {category} cookies "
            "te accepteren en deze inhoud in te schakelen"}, ensure_ascii=False) + ";"),
        wp.script(HOME + "wp-content/plugins/complianz-gdpr/cookiebanner/js/complianz.min.js",
                  "cmplz-cookiebanner", "1710165264"),
        svg_sprite(ICONS),
    ))


def twentyseventeen(page: Page) -> Rendered:
    """Twenty Seventeen (WordPress/wordpress-develop src/wp-content/themes/twentyseventeen):
    single.php, template-parts/post/content.php, comments.php, inc/template-tags.php."""
    post = post_from(page)
    body = "\n".join((
        '<div id="page" class="site">',
        '<a class="skip-link screen-reader-text" href="#content">Ga naar de inhoud</a>',
        tt17_header(page),
        '<div class="site-content-contain">\n<div id="content" class="site-content">',
        '<div class="wrap">\n<div id="primary" class="content-area">\n<main id="main" '
        'class="site-main">',
        tt17_article(post, page.record["view_count"]),
        tt17_comments(post),
        tt17_navigation(post),
        "</main><!-- #main -->\n</div><!-- #primary -->",
        tt17_sidebar(page, post),
        "</div><!-- .wrap -->\n</div><!-- #content -->",
        tt17_footer(),
    ))
    classes = wp.body_class(post, "group-blog", "has-header-image", "has-sidebar",
                            "colors-light")
    return Rendered(wp.document("nl-NL", tt17_head(post), classes, body, html_class="no-js "
                                "no-svg"))


# --- a custom classic theme of the Twenty Ten era, without html5 support ----------------------


def classic_head(post: wp.Post) -> str:
    blog = BLOG_CLASSIC
    theme = blog.url("wp-content/themes/socialevraagstukken/")
    return "\n".join((
        '<meta charset="UTF-8" />',
        f"<title>{wp.esc(post.title)} | {BLOG_NAME}</title>",
        '<link rel="profile" href="http://gmpg.org/xfn/11" />',
        f'<link rel="stylesheet" type="text/css" media="all" href="{theme}style.css" />',
        f'<link rel="pingback" href="{blog.url("xmlrpc.php")}" />',
        "<link rel='dns-prefetch' href='//s.w.org' />",
        wp.feed_links(blog, post),
        wp.emoji_loader(blog, html5=False),
        wp.stylesheet(blog.url("wp-includes/css/dist/block-library/style.min.css"),
                      "wp-block-library", blog.version, html5=False),
        wp.stylesheet(blog.url("wp-content/plugins/wp-postviews/postviews-custom.css"),
                      "wp-postviews", "1.76.1", html5=False),
        wp.stylesheet(blog.url("wp-content/plugins/cookie-law-info/public/css/cookie-law-info-"
                               "public.css"), "cookie-law-info", "1.8.2", html5=False),
        wp.stylesheet(blog.url("wp-content/plugins/cookie-law-info/public/css/cookie-law-info-"
                               "gdpr.css"), "cookie-law-info-gdpr", "1.8.2", html5=False),
        wp.script(blog.url("wp-includes/js/jquery/jquery.js"), "jquery-core", "1.12.4-wp",
                  html5=False),
        wp.script(blog.url("wp-includes/js/jquery/jquery-migrate.min.js"), "jquery-migrate",
                  "1.4.1", html5=False),
        wp.inline_script("cookie-law-info", "var Cli_Data = " + json.dumps({
            "nn_cookie_ids": [], "cookielist": [], "ccpaEnabled": "", "ccpaRegionBased": "",
            "ccpaBarEnabled": "", "ccpaType": "gdpr", "js_blocking": "", "custom_integration": "",
            "triggerDomRefresh": ""}) + ";\nvar cli_cookiebar_settings = " + json.dumps({
                "animate_speed_hide": "500", "animate_speed_show": "500", "background": "#FFF",
                "border": "#b1a6a6c2", "border_on": "", "button_1_button_colour": "#000",
                "button_1_button_hover": "#000000", "button_1_link_colour": "#fff",
                "button_1_as_button": "1", "button_1_new_win": "", "font_family": "inherit",
                "header_fix": "", "notify_animate_hide": "1", "notify_animate_show": "",
                "notify_div_id": "#cookie-law-info-bar", "notify_position_horizontal": "right",
                "notify_position_vertical": "bottom", "scroll_close": "",
                "scroll_close_reload": "", "accept_close_reload": "", "reject_close_reload": "",
                "showagain_tab": "1", "showagain_background": "#fff", "showagain_border":
                "#000", "showagain_div_id": "#cookie-law-info-again", "showagain_x_position":
                "100px", "text": "#000", "show_once_yn": "", "show_once": "10000",
                "logging_on": "", "as_popup": "", "popup_overlay": "1", "bar_heading_text": "",
                "cookie_bar_as": "banner", "popup_showagain_position": "bottom-right",
                "widget_position": "left"}) + ";", html5=False),
        wp.script(blog.url("wp-content/plugins/cookie-law-info/public/js/cookie-law-info-public"
                           ".js"), "cookie-law-info", "1.8.2", html5=False),
        wp.rest_links(blog, post),
        '<style type="text/css">' + wp.filler_css("#", [
            "wrapper", "header", "masthead", "branding", "site-title", "site-description",
            "access", "access .menu-header", "main", "container", "content", "primary",
            "secondary", "footer", "colophon", "site-info", "site-generator", "comments",
            "respond", "entry-author-info", "nav-above", "nav-below"], rounds=4) + "</style>",
    ))


def classic_meta(post: wp.Post) -> str:
    """The byline as the site's listings print it ("Door Name, Name") and both dates as text,
    run together as in those listings (also when they are the same day); without html5 support
    there is no <time>."""
    names = ", ".join(f'<span class="author vcard"><a class="url fn n" href="{person.url}" '
                      f'title="Bekijk alle berichten van {wp.attr(person.name)}">'
                      f"{wp.esc(person.name)}</a></span>" for person in post.authors)
    dates = (f'<span class="entry-date">{wp.date_long(post.published)}</span>'
             f'<span class="entry-date-modified">{wp.date_long(post.modified)}</span>')
    return (f'<span class="meta-prep meta-prep-author">Door</span> {names} <span class="meta-sep">'
            f'|</span> <a href="{post.url}" title="{wp.time_short(post.published)}" '
            f'rel="bookmark">{dates}</a>')


def classic_bios(post: wp.Post) -> str:
    """The site's bios after the text, all in one paragraph as the seed shows them."""
    bios = " ".join(wp.esc(person.bio) for person in post.authors if person.bio)
    return f'<div class="auteursinfo"><p>{bios}</p></div>' if bios else ""


def classic_utility(post: wp.Post) -> str:
    """twentyten_posted_in(): categories, tags and the permalink."""
    return (f'<div class="entry-utility">Dit bericht is geplaatst in {wp.category_list(post)} en '
            f'getagd {wp.tag_list(post)}. Bookmark de <a href="{post.url}" title="Permalink naar '
            f'{wp.attr(post.title)}" rel="bookmark">permalink</a>.</div><!-- .entry-utility -->')


def classic_navigation(post: wp.Post, where: str) -> str:
    previous, following = neighbours(post)
    before = (f'<a href="{previous["url"]}" rel="prev"><span class="meta-nav">&larr;</span> '
              f'{wp.esc(previous["title"])}</a>') if previous else ""
    after = (f'<a href="{following["url"]}" rel="next">{wp.esc(following["title"])} '
             f'<span class="meta-nav">&rarr;</span></a>') if following else ""
    return (f'<div id="nav-{where}" class="navigation"><div class="nav-previous">{before}</div>'
            f'<div class="nav-next">{after}</div></div><!-- #nav-{where} -->')


def classic_comments(post: wp.Post) -> str:
    """The site's own heading over Walker_Comment::comment() (ul.children for replies)."""
    listing = ""
    if post.comments:
        listing = (f'<h3 id="comments-title">Reacties op dit artikel '
                   f"({post.number_of_comments})</h3>\n<ol class=\"commentlist\">\n"
                   f"{wp.xhtml_comments(post, style='ul', avatar_size=40)}</ol>\n")
    form = wp.comment_form(BLOG_CLASSIC, post, html5=False, novalidate=False,
                           strings=wp.FormStrings(title_reply="Reageer"))
    return f'<div id="comments">\n{listing}{form}\n</div><!-- #comments -->'


def classic_sidebar(page: Page, post: wp.Post) -> str:
    """Twenty Ten's widget area: widgets are list items, not asides."""
    return ('<div id="primary" class="widget-area" role="complementary"><ul class="xoxo">'
            f"{site_widgets(page, post, TWENTYTEN_SIDEBAR, html5=False)}"
            "</ul></div><!-- #primary .widget-area -->")


def classic_chrome(page: Page) -> str:
    return (
        '<div id="header"><div id="masthead"><div id="branding" role="banner">'
        f'<div id="site-title"><span><a href="{HOME}" title="{BLOG_NAME}" rel="home">'
        f'{BLOG_NAME}</a></span></div><div id="site-description">{TAGLINE}</div>'
        f'<img src="{HOME}wp-content/themes/socialevraagstukken/images/headers/path.jpg" '
        'width="940" height="198" alt="" /></div><!-- #branding -->'
        '<div id="access" role="navigation"><div class="skip-link screen-reader-text"><a '
        'href="#content" title="Spring naar inhoud">Spring naar inhoud</a></div><div '
        f'class="menu-header"><ul id="menu-hoofdmenu" class="menu">{menu_items(page)}</ul></div>'
        "</div><!-- #access --></div><!-- #masthead --></div><!-- #header -->")


def classic_xhtml(page: Page) -> Rendered:
    """A site theme built on Twenty Ten (src/wp-content/themes/twentyten: loop-single.php,
    comments.php) that does not declare html5 support, so core prints the XHTML comment
    format; the byline, dates, bios and comment heading are the site's own."""
    post = post_from(page)
    views = page.record["view_count"]
    counted = (f'<div class="postviews"><p>Dit artikel is {views} keer bekeken.</p></div>'
               if views is not None else "")
    article = (
        f'<div id="post-{post.id}" class="{wp.post_class(post)}">\n'
        f'<h1 class="entry-title">{wp.esc(post.title)}</h1>\n'
        f'<div class="entry-meta">{classic_meta(post)}</div><!-- .entry-meta -->\n'
        f'<div class="entry-content">\n{post.content}\n</div><!-- .entry-content -->\n'
        f"{classic_bios(post)}\n{counted}\n{classic_utility(post)}\n"
        f"</div><!-- #post-## -->\n")
    body = "\n".join((
        '<div id="wrapper" class="hfeed">',
        classic_chrome(page),
        '<div id="main">\n<div id="container">\n<div id="content" role="main">',
        classic_navigation(post, "above"),
        article,
        classic_navigation(post, "below"),
        classic_comments(post),
        "</div><!-- #content -->\n</div><!-- #container -->",
        classic_sidebar(page, post),
        "</div><!-- #main -->",
        '<div id="footer" role="contentinfo"><div id="colophon"><div id="site-info">'
        f'<a href="{HOME}" title="{BLOG_NAME}" rel="home">{BLOG_NAME}</a> is een initiatief '
        "van TSS, RMO, SCP, Tilburg University en Movisie.</div><div id=\"site-generator\">"
        '<a href="https://wordpress.org/" title="Semantisch persoonlijk publicatieplatform">'
        "Trots aangedreven door WordPress</a></div></div><!-- #colophon --></div><!-- #footer -->",
        "</div><!-- #wrapper -->",
        wp.cookie_law_info_bar(POLICY),
        wp.comment_reply_script(BLOG_CLASSIC, html5=False),
        wp.script(BLOG_CLASSIC.url("wp-includes/js/wp-embed.min.js"), "wp-embed",
                  BLOG_CLASSIC.version, html5=False),
    ))
    doctype = '<!DOCTYPE html>'
    return Rendered(wp.document("nl-NL", classic_head(post), wp.body_class(post), body,
                                doctype=doctype, html_class=""))


# --- Twenty Twenty-Four, single-with-sidebar ---------------------------------------------------


def tt4_meta(post: wp.Post) -> str:
    """parts/post-meta (patterns/hidden-post-meta.php): date "M j, Y", a dash, "door", the
    authors (the Co-Authors Plus block standing in for post-author-name) and "in" the topic;
    the site adds the modified date, which the post-date block prints only when it is later."""
    modified = ""
    if post.modified > post.published:
        modified = ('<p class="has-small-font-size has-contrast-2-color has-text-color">'
                    "bijgewerkt</p>" + wp.block_post_date(post, wp.date_long(post.modified),
                                                          modified=True))
    return wp.tt4_post_meta(post, wp.coauthors_block(post.authors), modified)


def tt4_sidebar(post: wp.Post) -> str:
    """parts/sidebar in an <aside> (patterns/hidden-sidebar.php): "Over de auteur" with the
    Co-Authors Plus block for the biographies, then the site's most read posts and topics."""
    heading = "Over de auteurs" if len(post.authors) > 1 else "Over de auteur"
    about = ""
    if any(person.bio for person in post.authors):
        about = (
            '<div class="wp-block-group is-layout-constrained wp-block-group-is-layout-'
            'constrained" style="margin-top:0;margin-bottom:0"><div class="wp-block-group is-'
            'vertical is-layout-flex wp-container-core-group-is-layout-6 wp-block-group-is-layout'
            f'-flex"><h2 class="wp-block-heading" style="font-size:1.6rem">{heading}</h2>'
            f"{wp.coauthors_block(post.authors, inline=False, bios=True)}</div></div>"
            '<hr class="wp-block-separator has-text-color has-contrast-color has-alpha-channel-'
            'opacity has-contrast-background-color has-background is-style-wide"/>')
    popular = "".join(
        f'<li class="wp-block-post post-{index} post type-post status-publish format-standard '
        f'hentry"><h3 class="wp-block-post-title has-small-font-size"><a href="{record["url"]}" '
        f'target="_self">{wp.esc(record["title"])}</a></h3><div class="wp-block-post-date has-'
        f'x-small-font-size"><time datetime="{wp.iso(record_date(record))}">'
        f"{wp.date_short_us(record_date(record))}</time></div>"
        '<div class="wp-block-post-author-name has-x-small-font-size">'
        + ", ".join(wp.esc(a["name"]) for a in record["authors"]) + "</div></li>"
        for index, record in enumerate(most_read(post), start=1))
    return (
        '<aside class="wp-block-template-part"><div class="wp-block-group is-layout-flow wp-'
        'block-group-is-layout-flow" style="padding-right:0;padding-left:0">' + about
        + '<div class="wp-block-group is-layout-constrained wp-block-group-is-layout-constrained'
        '"><h2 class="wp-block-heading" style="font-size:1.6rem">Meest gelezen</h2><div class="'
        'wp-block-query is-layout-flow wp-block-query-is-layout-flow"><ul class="wp-block-post-'
        f'template is-layout-flow wp-block-post-template-is-layout-flow">{popular}</ul></div>'
        '</div><hr class="wp-block-separator has-text-color has-contrast-color has-alpha-channel'
        '-opacity has-contrast-background-color has-background is-style-wide"/><form role="'
        f'search" method="get" action="{HOME}" class="wp-block-search__button-outside wp-block-'
        'search__text-button wp-block-search"><label class="wp-block-search__label screen-reader'
        '-text" for="wp-block-search__input-1">Zoeken</label><div class="wp-block-search__inside'
        '-wrapper " style="width: 100%"><input class="wp-block-search__input" id="wp-block-'
        'search__input-1" placeholder="Zoeken..." value="" type="search" name="s" required '
        '/><button aria-label="Zoeken" class="wp-block-search__button wp-element-button" '
        'type="submit" >Zoeken</button></div></form></div></aside>')


def tt4_main(post: wp.Post, views: int | None) -> str:
    counted = (f"<p>Dit artikel is {views} keer bekeken.</p>" if views is not None else "")
    previous, following = neighbours(post)
    return (
        '<main class="wp-block-group is-layout-constrained wp-block-group-is-layout-constrained"'
        ' style="margin-top:0vh;margin-bottom:0vh;padding-top:10vh;padding-bottom:8vh"><div '
        'class="wp-block-columns alignwide is-layout-flex wp-container-core-columns-is-layout-1 '
        'wp-block-columns-is-layout-flex" style="padding-right:var(--wp--preset--spacing--40);'
        'padding-left:var(--wp--preset--spacing--40)"><div class="wp-block-column is-layout-'
        'flow wp-block-column-is-layout-flow" style="flex-basis:70%"><div class="wp-block-group '
        'is-layout-constrained wp-block-group-is-layout-constrained">'
        f'{wp.block_post_title(post, " has-x-large-font-size")}{tt4_meta(post)}'
        '<div style="height:var(--wp--preset--spacing--10)" aria-hidden="true" class="wp-block-'
        'spacer"></div></div><div class="wp-block-group is-layout-constrained wp-block-group-is-'
        'layout-constrained">'
        + wp.block_post_content(post, " is-layout-constrained wp-block-post-content-is-layout-"
                                      "constrained")
        + counted
        + wp.block_post_terms(post.tags, "post_tag", separator="  ")
        + '</div><div class="wp-block-group is-layout-constrained wp-block-group-is-layout-'
        'constrained"><div style="height:4rem" aria-hidden="true" class="wp-block-spacer"></div>'
        + wp.block_comments(BLOG_TT4, post, wp.comments_title(post))
        + '<div style="height:4rem" aria-hidden="true" class="wp-block-spacer"></div>'
        + wp.tt4_post_navigation(
            (previous["title"], previous["url"]) if previous else None,
            (following["title"], following["url"]) if following else None)
        + '</div></div><div class="wp-block-column is-layout-flow wp-block-column-is-layout-'
        f'flow" style="flex-basis:30%">{tt4_sidebar(post)}</div></div></main>')


def twentytwentyfour(page: Page) -> Rendered:
    """Twenty Twenty-Four's single-with-sidebar template on WordPress 6.8."""
    post = post_from(page)
    cookieyes = wp.stylesheet(HOME + "wp-content/plugins/cookie-law-info/lite/frontend/css/"
                              "script.min.css", "cookie-law-info", "3.2.10")
    footer = [("Over", [("Over ons", HOME + "over-ons/"), ("Colofon", HOME + "colofon/")]),
              ("Privacy", [("Privacyverklaring", POLICY), ("Contact", HOME + "contact/")]),
              ("Sociaal", [("Twitter/X", "https://twitter.com/socvraagstukken"),
                           ("RSS", HOME + "feed/")])]
    return Rendered(wp.tt4_document(BLOG_TT4, post, menu(page),
                                    tt4_main(post, page.record["view_count"]), footer,
                                    wp.cookieyes_banner(POLICY), head_extra=cookieyes,
                                    template="single-with-sidebar"))


MARKUPS = {
    "twentyseventeen": twentyseventeen,
    "classic-xhtml": classic_xhtml,
    "twentytwentyfour": twentytwentyfour,
}
