"""The mirror behaves like the real web servers it stands in for."""

import subprocess
import sys
import urllib.error
import urllib.request

import pytest

from mirror import MirrorServer


def fetch(mirror, host, path, **headers):
    request = urllib.request.Request(mirror.url + path, headers={"Host": host, **headers})
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.mark.parametrize("host", ["www.movisie.nl", "www.socialevraagstukken.nl",
                                  "www.zorgwelzijn.nl", "www.canonsociaalwerk.eu"])
def test_every_site_answers_on_its_real_host_with_html_and_validators(mirror, host):
    status, headers, body = fetch(mirror, host, "/")
    assert status == 200
    assert headers["Content-Type"].startswith("text/html")
    assert headers["ETag"] and headers["Last-Modified"]
    assert b"<html" in body.lower()


@pytest.mark.parametrize("host", ["www.movisie.nl", "www.socialevraagstukken.nl",
                                  "www.zorgwelzijn.nl", "www.canonsociaalwerk.eu"])
def test_every_site_has_a_robots_txt(mirror, host):
    status, headers, body = fetch(mirror, host, "/robots.txt")
    assert status == 200 and headers["Content-Type"].startswith("text/plain")
    assert b"Disallow:" in body


def test_a_matching_etag_gets_304_without_a_body(mirror):
    _, headers, _ = fetch(mirror, "www.movisie.nl", "/")
    status, _, body = fetch(mirror, "www.movisie.nl", "/", **{"If-None-Match": headers["ETag"]})
    assert status == 304 and body == b""


def test_a_stale_etag_gets_the_page(mirror):
    status, _, body = fetch(mirror, "www.movisie.nl", "/", **{"If-None-Match": '"stale"'})
    assert status == 200 and body


def test_if_modified_since_the_last_modification_gets_304(mirror):
    _, headers, _ = fetch(mirror, "www.zorgwelzijn.nl", "/")
    since = {"If-Modified-Since": headers["Last-Modified"]}
    assert fetch(mirror, "www.zorgwelzijn.nl", "/", **since)[0] == 304
    older = {"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"}
    assert fetch(mirror, "www.zorgwelzijn.nl", "/", **older)[0] == 200


def test_an_unknown_path_is_a_404(mirror):
    assert fetch(mirror, "www.movisie.nl", "/bestaat-niet/")[0] == 404


def test_an_unknown_host_is_refused(mirror):
    assert fetch(mirror, "www.example.org", "/")[0] == 404


def test_alias_hosts_serve_the_same_pages(mirror):
    assert fetch(mirror, "canonsociaalwerk.eu", "/")[2] == fetch(
        mirror, "www.canonsociaalwerk.eu", "/")[2]


def test_paths_outside_the_site_folder_are_not_served(mirror):
    assert fetch(mirror, "www.movisie.nl", "/../site.json")[0] == 404
    assert fetch(mirror, "www.movisie.nl", "/%2e%2e/site.json")[0] == 404


def test_every_request_is_logged(fresh_mirror):
    fetch(fresh_mirror, "www.movisie.nl", "/robots.txt")
    assert fresh_mirror.requested("www.movisie.nl", "/robots.txt")
    assert not fresh_mirror.requested("www.movisie.nl", "/")


@pytest.mark.parametrize("choice, said", [
    ("canon=php-9999", "no markup 'php-9999' for canon; markups: php-2006"),
    ("kanon=php-2006", "no site 'kanon'; sites: canon, movisie"),
    ("canon", "--markup takes SITE=MARKUP"),
])
def test_an_unknown_markup_is_refused_naming_those_there_are(choice, said):
    done = subprocess.run([sys.executable, "-m", "mirror", "--port", "0", "--markup", choice],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert said in done.stderr and "Traceback" not in done.stderr


def test_a_page_in_a_platform_markup_is_served_under_its_real_url():
    with MirrorServer(markups={"canon": "php-2006"}) as mirror:
        status, headers, body = fetch(mirror, "www.canonsociaalwerk.eu",
                                      "/nl/details.php?canon_id=18")
    assert status == 200 and "charset=windows-1252" in headers["Content-Type"]
    assert b"<table" in body and b"<h1" not in body
