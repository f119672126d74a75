"""URLs of the actors' register pages (included by actors/urls/__init__.py)."""

urlpatterns = []
