"""Lists at city size: every list page is paginated, sorted and filtered on the server (issue 16, item 3).

A view builds a :class:`Listing` from the request and hands the template ``listing``: the page of items, the links of
the pages and the sort links of each column (with the ``aria-sort`` state), every link keeping the other query
parameters (filters, year). Templates include ``_pager.html`` and ``_sort.html``; no script is needed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator

PER_PAGE = 100


@dataclass(frozen=True)
class SortLink:
    label: str
    url: str
    state: str  # ascending | descending | none (aria-sort)

    @property
    def arrow(self) -> str:
        return {"ascending": "▲", "descending": "▼"}.get(self.state, "")


@dataclass
class Listing:
    page: Page
    base: dict[str, str]
    sort: str

    @property
    def items(self) -> Sequence[Any]:
        return self.page.object_list

    @property
    def total(self) -> int:
        return self.page.paginator.count

    def url(self, **changes: Any) -> str:
        query = {**self.base, "sort": self.sort, **{k: str(v) for k, v in changes.items()}}
        return "?" + urlencode({k: v for k, v in query.items() if v not in ("", None)})

    @property
    def previous_url(self) -> str:
        return self.url(page=self.page.previous_page_number()) if self.page.has_previous() else ""

    @property
    def next_url(self) -> str:
        return self.url(page=self.page.next_page_number()) if self.page.has_next() else ""

    @property
    def first_url(self) -> str:
        return self.url(page=1)

    @property
    def last_url(self) -> str:
        return self.url(page=self.page.paginator.num_pages)

    def sort_link(self, key: str, label: str) -> SortLink:
        """The column's link: sorted by ``key`` ascending, or descending when it already is ascending."""
        if self.sort == key:
            return SortLink(label, self.url(sort=f"-{key}", page=1), "ascending")
        if self.sort == f"-{key}":
            return SortLink(label, self.url(sort=key, page=1), "descending")
        return SortLink(label, self.url(sort=key, page=1), "none")

    def sort_links(self, columns: Sequence[tuple[str, str]]) -> dict[str, SortLink]:
        return {key: self.sort_link(key, label) for key, label in columns}


def listing_of(
    request, items: Sequence[Any], *, sort: str, per_page: int = PER_PAGE, keep: Sequence[str] = ()
) -> Listing:  # type: ignore[no-untyped-def]
    """One page of ``items`` (already filtered and sorted) and the links that keep the query parameters ``keep``
    (every parameter but ``page``/``sort``/``format`` when ``keep`` is empty)."""
    names = keep or [k for k in request.GET if k not in ("page", "sort", "format")]
    base = {k: request.GET.get(k, "") for k in names}
    page = Paginator(items, per_page).get_page(request.GET.get("page"))
    return Listing(page, base, sort)
