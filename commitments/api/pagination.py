"""Cursor pagination in a stable order: each endpoint orders by a unique key (the OGP
identifier, the code or the row id), so a page never skips or repeats a record as data changes."""

from __future__ import annotations

from rest_framework.pagination import CursorPagination


class StableCursorPagination(CursorPagination):
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 500
    ordering = "pk"

    def get_ordering(self, request, queryset, view):
        return (getattr(view, "cursor_ordering", self.ordering),)
