from django.urls import path

from regioagenda.core import views

app_name = "core"

urlpatterns = [
    path("aufgaben/<uuid:job_id>/", views.job_status, name="job_status"),
]
