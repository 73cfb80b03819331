from django.urls import path

from . import views

app_name = "analysis"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.record, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.record, name="edit"),
    path("<int:pk>/file/", views.download, name="file"),
    path("<int:pk>/mark/", views.mark, name="mark"),
    path("cross/", views.cross_index, name="cross"),
    path("cross/<int:pk>/", views.cross_detail, name="cross_detail"),
    path("cross/<int:pk>/file/", views.cross_download, name="cross_file"),
]
