from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.index, name="index"),
    path("documents/<int:pk>/", views.report_page, name="report"),
    path("documents/<int:pk>/file.<str:fmt>", views.report_file, name="file"),
    path("<str:short>/", views.unit_page, name="unit"),
]
