"""Views: rounds."""

urlpatterns = []
