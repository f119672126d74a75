"""Views: indicators."""

urlpatterns = []
