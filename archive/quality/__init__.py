"""How well a crawl extracted: per-run field coverage, drift alarms when a site's rules stop
finding what they found before, and the coverage report."""
