"""The archive's database and files: schema and migrations, records stored page by page, WARC
captures, the crawl lock. Plain library code: no Scrapy, no Twisted, nothing of `spiders/`."""
