"""The offline mirror of the four sites: their pages, served over real HTTP on loopback, so the
unchanged spiders can crawl the sites' real URLs where the live web cannot be reached."""

from mirror.server import SITES_DIR, MirrorServer, seed_urls

__all__ = ["SITES_DIR", "MirrorServer", "seed_urls"]
