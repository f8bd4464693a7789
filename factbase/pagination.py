from rest_framework.pagination import CursorPagination


class StableCursorPagination(CursorPagination):
    """Cursor pagination on a unique, immutable key so pages never skip or repeat rows."""

    ordering = "-id"
    page_size_query_param = "page_size"
    max_page_size = 200
