from django.urls import path

from . import views

app_name = "impact"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.record, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.record, name="edit"),
    path("<int:pk>/file/", views.download, name="file"),
    path("<int:pk>/suggestions/", views.suggestion, name="suggestion"),
    path("<int:pk>/confirm/", views.confirm, name="confirm"),
    path("experts/", views.experts, name="experts"),
]
