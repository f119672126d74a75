"""Site-wide actors URLs (site_invitations)."""

urlpatterns = []
