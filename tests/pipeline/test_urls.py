"""Every spelling of a page's URL collapses to one before it is followed or stored."""

import pytest

from pipeline.urls import UrlRules

CANON = UrlRules(
    canonical_host="www.canonsociaalwerk.eu",
    aliases=("canonsociaalwerk.eu", "www.canonsociaalwerk.be", "canonsociaalwerk.nl"),
    drop_params=("cps",),
    rewrites=((r"^/(\w+)/details_verwant\.php\?verwant=(\d+)$", r"/\1/details.php?canon_id=\2"),),
)
CANONICAL = "https://www.canonsociaalwerk.eu/nl/details.php?canon_id=45"


@pytest.mark.parametrize("spelling", [
    "https://www.canonsociaalwerk.eu/nl/details.php?canon_id=45",
    "http://www.canonsociaalwerk.eu/nl/details.php?canon_id=45",
    "http://canonsociaalwerk.eu/nl/details.php?cps=3&canon_id=45",
    "https://www.canonsociaalwerk.be/nl/details.php?canon_id=45&cps=3",
    "HTTP://CanonSociaalWerk.NL:80/nl/details.php?canon_id=45#top",
    "https://www.canonsociaalwerk.eu/nl/details_verwant.php?cps=7&verwant=45",
    "https://www.canonsociaalwerk.eu//nl/details.php?utm_source=x&canon_id=45",
])
def test_every_spelling_of_a_window_url_is_one_url(spelling):
    assert CANON.canonicalise(spelling) == CANONICAL


def test_query_parameters_are_sorted():
    rules = UrlRules(canonical_host="www.movisie.nl")
    assert rules.canonicalise("https://www.movisie.nl/zoek?b=2&a=1") == (
        "https://www.movisie.nl/zoek?a=1&b=2")


def test_parameters_of_other_sites_are_kept():
    assert CANON.canonicalise("https://www.youtube.com/watch?v=abc&cps=1") == (
        "https://www.youtube.com/watch?cps=1&v=abc")


def test_other_hosts_keep_their_host_and_scheme():
    assert CANON.canonicalise("http://www.movisie.nl/artikel/x") == "http://www.movisie.nl/artikel/x"
    assert not CANON.is_own("https://www.movisie.nl/")
    assert CANON.is_own("http://canonsociaalwerk.nl/")


def test_a_non_default_port_is_kept_off_site():
    assert CANON.canonicalise("http://example.org:8080/a") == "http://example.org:8080/a"
