from django.urls import path

from . import views
from .upload import table_upload

app_name = "statistics"
urlpatterns = [
    path("", views.index, name="index"),
    path("entries/", views.entries, name="entries"),
    path("tables/upload/", table_upload, name="table_upload"),
    path("chartbook/", views.chartbook, name="chartbook"),
    path("new/", views.record, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.record, name="edit"),
    path("<int:pk>/delete/", views.delete, name="delete"),
]
