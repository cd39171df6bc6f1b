"""The crawl-time bridges between Scrapy and the archive: the only part of the archive that
imports Scrapy, Twisted or `spiders/`. Scrapy finds them through the dotted paths in
spiders/settings.py; spiders stay unaware of them."""
