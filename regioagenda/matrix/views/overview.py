"""Views: overview."""

urlpatterns = []
