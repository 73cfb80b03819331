from django.urls import path

from . import views

app_name = "training"
urlpatterns = [
    path("", views.index, name="index"),
    path("units/<str:unit>/", views.unit_page, name="unit"),
    path("oversight/<str:share>/", views.share_page, name="share"),
    path("courses/", views.courses, name="courses"),
    path("courses/new/", views.course_edit, name="course_new"),
    path("courses/<int:pk>/", views.course_detail, name="course"),
    path("courses/<int:pk>/edit/", views.course_edit, name="course_edit"),
    path("import/", views.upload, name="upload"),
    path("policy/", views.policy, name="policy"),
    path("import/jobs/<int:pk>/", views.job_page, name="job"),
    path("import/jobs/<int:pk>/status.json", views.job_status, name="job_status"),
]
