"""Site-wide actors URLs (site_activities)."""

urlpatterns = []
