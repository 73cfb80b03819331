from django.urls import path

from . import public

app_name = "statdb"
urlpatterns = [
    path("", public.tables, name="tables"),
    path("compare/", public.compare, name="compare"),
    path("api/tables/", public.api_tables, name="api_tables"),
    path("api/tables/<str:code>/", public.api_table, name="api_table"),
    path("api/openapi.json", public.openapi, name="openapi"),
    path("<str:code>/", public.query, name="query"),
    path("<str:code>/data.<str:fmt>", public.download, name="download"),
]
