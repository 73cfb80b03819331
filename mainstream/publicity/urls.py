from django.urls import path

from . import views

app_name = "publicity"
urlpatterns = [
    path("", views.index, name="index"),
    path("read/", views.read, name="read"),
    path("api/check/", views.api_check, name="api_check"),
    path("new/", views.publication_new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/file/", views.publication_file, name="file"),
    path("<int:pk>/<str:action>/", views.publication_action, name="action"),
    path("checklist/", views.checklist, name="checklist"),
    path("lexicon/", views.lexicon, name="lexicon"),
    path("lexicon/<int:pk>/", views.lexicon_edit, name="lexicon_edit"),
]
