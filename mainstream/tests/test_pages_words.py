"""On the demo year, the pages users read show names, percentages and ROC dates.

The demo data is loaded and the site is crawled from the scorecard and the public zone by following links, as the
office, a unit liaison and an anonymous visitor. No page answers 500, and the visible text (scripts, attributes and
URLs aside) holds no rule id (training.physical_rate), no raw record number (#36), no raw fraction (0.1471) and
no Western date (2021-03-05; import help that lists the accepted formats aside).
"""

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlparse

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

RULE_ID = re.compile(
    r"\b(?:mechanism|training|statistics|analysis|impact|budget|measures|publicity|reports)\.[a-z_]+\b"
)
RAW_ID = re.compile(r"#\d+")
RAW_FRACTION = re.compile(r"(?<![\d.])0\.\d{2,}\b")
WESTERN_DATE = re.compile(r"(?<!或 )(?<![\d/])(?:19|20)\d\d-\d{1,2}-\d{1,2}\b")
SKIP = ("logout", "/admin/", "format=", "download", ".ics", ".odt", ".pdf", ".ods", ".xlsx", "/file", "template")
PAGES_PER_USER = 120


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.text, self._skip = [], [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "a":
            self.links += [v for k, v in attrs if k == "href" and v]

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


def _crawl(client):
    """Visit up to PAGES_PER_USER pages of distinct shapes (/x/1/ and /x/2/ count once); yield (url, response)."""
    queue, seen, shapes = ["/scorecard/", "/help/", "/zone/"], set(), set()
    while queue and len(shapes) < PAGES_PER_USER:
        url = queue.pop(0)
        shape = re.sub(r"\d+", "N", urlparse(url).path)
        if url in seen or shape in shapes or any(s in url for s in SKIP):
            continue
        seen.add(url)
        shapes.add(shape)
        response = client.get(url)
        yield url, response
        if response.status_code != 200 or "text/html" not in response.headers.get("Content-Type", ""):
            continue
        page = _Page()
        page.feed(response.content.decode())
        response.visible_text = " ".join(page.text)
        for href in page.links:
            target = urlparse(urljoin(url, href))
            if target.netloc in ("", "testserver") and target.path.startswith("/"):
                queue.append(target.path + (f"?{target.query}" if target.query else ""))


@pytest.mark.django_db
def test_pages_read_in_names_percentages_and_roc_dates(settings, registry):
    settings.DEBUG = False
    settings.MAINSTREAM_AS_OF = "111/10/31"
    call_command("setup", demo=True, stdout=open("/dev/null", "w"))
    problems = []
    for username in ("office", "labor", None):
        client = Client(raise_request_exception=False)
        if username:
            client.force_login(get_user_model().objects.get(username=username))
        visited = 0
        for url, response in _crawl(client):
            visited += 1
            if response.status_code >= 500:
                problems.append((username, url, "500"))
            text = getattr(response, "visible_text", "")
            for name, pattern in (
                ("rule id", RULE_ID),
                ("raw id", RAW_ID),
                ("fraction", RAW_FRACTION),
                ("western date", WESTERN_DATE),
            ):
                problems += [(username, url, name, m) for m in sorted(set(pattern.findall(text)))[:3]]
        assert visited > 20, username
    assert problems == []


@pytest.mark.django_db
def test_the_demo_fits_every_text_column(registry):
    """SQLite does not enforce a CharField's max_length; PostgreSQL does. Every text the demo stores fits its column,
    so a too-short column (a lexicon category of 23 characters in a varchar(20)) fails here and not first on PG."""
    from django.apps import apps
    from django.db import models

    call_command("setup", demo=True, stdout=open("/dev/null", "w"))
    too_long = []
    for model in apps.get_models():
        fields = [f for f in model._meta.concrete_fields if isinstance(f, models.CharField) and f.max_length]
        for f in fields:
            for value in model.objects.exclude(**{f.name: None}).values_list(f.name, flat=True).distinct():
                if isinstance(value, str) and len(value) > f.max_length:
                    too_long.append((model._meta.label, f.name, f.max_length, value[:40]))
    assert too_long == []
