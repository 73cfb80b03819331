from django.urls import path

from . import views, views_history

app_name = "evaluation"
urlpatterns = [
    path("scorecard/", views.scorecard, name="scorecard"),
    path("scorecard/<str:unit>/<str:tool>/", views.cell, name="cell"),
    path("todo/<str:unit>/", views.unit_todo, name="unit"),
    path("changes/", views_history.changes, name="changes"),
    path("todo/<str:unit>/progress/", views_history.progress, name="progress"),
]
