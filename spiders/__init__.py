"""Scrapy spiders: they decide which URLs to fetch and hand each raw page on, nothing more."""
