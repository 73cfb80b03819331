from django.urls import path

from . import views

app_name = "budget"
urlpatterns = [
    path("", views.index, name="index"),
    path("totals/", views.totals, name="totals"),
    path("guidance/", views.guidance, name="guidance"),
    path("new/", views.record, name="new"),
    path("submit/", views.submit, name="submit"),
    path("<int:pk>/edit/", views.record, name="edit"),
    path("<int:pk>/delete/", views.delete, name="delete"),
]
