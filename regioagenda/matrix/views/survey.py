"""Views: survey."""

urlpatterns = []
