"""URLs of the actors' activities pages (included by actors/urls/__init__.py)."""

urlpatterns = []
