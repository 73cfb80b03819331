from django.urls import path

from . import views, views_documents

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("city/<int:year>/", views.city, name="city"),
    path("city/<int:year>/download.<str:fmt>", views.city_download, name="city_download"),
    path("city/<int:year>/adopt/", views.city_adopt, name="city_adopt"),
    path("city/<int:year>/pdf/", views_documents.city_pdf, name="city_pdf"),
    path("documents/<int:pk>/", views_documents.document, name="document"),
    path("documents/<int:pk>/status.json", views_documents.document_status, name="document_status"),
    path("documents/<int:pk>/file", views_documents.document_file, name="document_file"),
    path("penalties/", views.penalties, name="penalties"),
    path("penalties/record/", views.penalty_record, name="penalty_record"),
    path("penalties/<int:pk>/outcome/", views.penalty_outcome, name="penalty_outcome"),
    path("penalties/<int:pk>/file/", views.penalty_file, name="penalty_file"),
    path("rewards/<str:round_key>/", views.rewards, name="rewards"),
    path("rewards/<str:round_key>/adjust/", views.reward_adjust, name="reward_adjust"),
    path("feedback/", views.feedback, name="feedback"),
    path("feedback/new/", views.feedback_create, name="feedback_create"),
    path("feedback/<int:pk>/", views.questionnaire, name="questionnaire"),
    path("feedback/<int:pk>/answer/", views.questionnaire_answer, name="questionnaire_answer"),
    path("feedback/<int:pk>/publish/", views.questionnaire_publish, name="questionnaire_publish"),
    path("published/<int:pk>/", views.publish, name="publish"),
    path("<str:short>/<int:year>/compare/", views.compare, name="compare"),
    path("<str:short>/<int:year>/plan/items/", views.item_save, name="item_save"),
    path("<str:short>/<int:year>/<str:kind>/", views.detail, name="detail"),
    path("<str:short>/<int:year>/<str:kind>/download.<str:fmt>", views.download, name="download"),
    path("<str:short>/<int:year>/<str:kind>/pdf/", views_documents.report_pdf, name="report_pdf"),
    path("<str:short>/<int:year>/<str:kind>/narrative/", views.narrative_save, name="narrative"),
    path("<str:short>/<int:year>/<str:kind>/adopt/", views.adopt, name="adopt"),
]
