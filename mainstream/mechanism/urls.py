from django.urls import path

from . import views

app_name = "mechanism"
urlpatterns = [
    path("", views.index, name="index"),
    path("taskforces/<str:code>/", views.taskforce, name="taskforce"),
    path("taskforces/<str:code>/calendar.ics", views.calendar, name="calendar"),
    path("taskforces/<str:code>/meetings/new/", views.meeting_new, name="meeting_new"),
    path("meetings/<int:meeting_id>/", views.meeting, name="meeting"),
    path("meetings/<int:meeting_id>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:meeting_id>/minutes/", views.minutes, name="minutes"),
    path("meetings/<int:meeting_id>/minutes/file/", views.minutes_file, name="minutes_file"),
    path("meetings/<int:meeting_id>/agenda/", views.agenda_add, name="agenda_add"),
    path("liaisons/", views.liaisons, name="liaisons"),
    path("liaisons/<int:liaison_id>/", views.liaison, name="liaison"),
    path("penalties/", views.penalties, name="penalties"),
    path("notices/", views.notices, name="notices"),
    path("notices/<int:notice_id>/read/", views.notice_read, name="notice_read"),
    path("notices/<int:notice_id>/readers/", views.notice_readers, name="notice_readers"),
]
