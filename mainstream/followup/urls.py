from django.urls import path

from . import views

app_name = "followup"
urlpatterns = [
    path("deadlines/", views.deadlines, name="deadlines"),
    path("reminders/", views.reminders, name="reminders"),
    path("reminders/new/", views.reminder_new, name="reminder_new"),
    path("reminders/<str:batch>/", views.reminder_batch, name="reminder_batch"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]
