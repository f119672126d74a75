"""URLs of the actors' forum pages (included by actors/urls/__init__.py)."""

urlpatterns = []
