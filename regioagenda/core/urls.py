from django.urls import path
from django.utils.translation import gettext_lazy as _

from regioagenda.core import views

app_name = "core"

urlpatterns = [
    path(_("aufgaben/<uuid:job_id>/"), views.job_status, name="job_status"),
]
