from django.urls import path

from . import views

app_name = "evaluation"
urlpatterns = [
    path("scorecard/", views.scorecard, name="scorecard"),
    path("scorecard/<str:unit>/<str:tool>/", views.cell, name="cell"),
    path("todo/<str:unit>/", views.unit_todo, name="unit"),
]
