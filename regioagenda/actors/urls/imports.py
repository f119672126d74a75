"""URLs of the actors' imports pages (included by actors/urls/__init__.py)."""

urlpatterns = []
