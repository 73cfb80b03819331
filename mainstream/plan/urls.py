from django.urls import path

from . import views

app_name = "plan"
urlpatterns = [
    path("", views.index, name="index"),
    path("upload/", views.upload, name="upload"),
    path("confirm/", views.confirm, name="confirm"),
    path("coverage/", views.coverage, name="coverage"),
    path("interpretations/", views.interpretations, name="interpretations"),
]
