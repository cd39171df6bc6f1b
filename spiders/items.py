"""What a spider hands on: the page exactly as fetched, or the reason it could not be."""

import scrapy


class RawPage(scrapy.Item):
    """A fetched page under its real, canonical URL. Nothing in it has been interpreted."""

    site = scrapy.Field()
    url = scrapy.Field()  # canonical real URL after redirects, never the mirror's
    status = scrapy.Field()
    headers = scrapy.Field()  # header_fields(response.headers)
    body = scrapy.Field()  # bytes, as sent
    fetched_at = scrapy.Field()  # ISO 8601 UTC
    redirected_from = scrapy.Field()  # real URLs that redirected here, in order


def header_fields(headers) -> dict[str, str]:
    """A response's headers by lower-case name, a repeated field's values joined by commas (as
    RFC 9110 reads them): the form a raw page carries them in, and the rights are read from."""
    return {name.decode("latin-1").lower(): b", ".join(values).decode("latin-1")
            for name, values in headers.items()}


class RawDocument(RawPage):
    """A file a page offers for download (a report, a handout), fetched as it was sent: kept and
    read as a document, never as a page."""


class FetchFailure(scrapy.Item):
    """A URL that was wanted but not archived, kept so the run can report it."""

    site = scrapy.Field()
    url = scrapy.Field()
    status = scrapy.Field()  # HTTP status, or None when no response came
    # "http-error", "robots", "network", "refused" (a private address), "redirect-loop",
    # "too-large", "ignored", "noarchive" (the page asks not to be archived: spiders/base.py)
    reason = scrapy.Field()
    error = scrapy.Field()
    fetched_at = scrapy.Field()
