"""URLs of the actors' bodies pages (included by actors/urls/__init__.py)."""

urlpatterns = []
