"""The archive: what the crawl hands over is stored, proven and published.

Its parts, each a folder, in the order data flows through them (docs/architecture.md):

- `archive/crawl/`: the crawl-time bridges from Scrapy into the archive (item pipeline, capture
  and crawl-state middlewares, the run extension, the crawl process). The only part that imports
  Scrapy, Twisted or `spiders/`.
- `archive/storage/`: the database and the files: schema and migrations, storing records, WARC
  captures, the crawl lock. Plain library code.
- `archive/quality/`: how well a run extracted: coverage, drift alarms, the field report.
- `archive/publication/`: Datasette and its plugins, exports.
- On top: `archive/cli.py` (the `archive` command), `archive/reextract.py` (records rebuilt from
  the captures) and `archive/workers.py` (extraction in worker processes, for both).
"""
