"""URLs of the actors' network pages (included by actors/urls/__init__.py)."""

urlpatterns = []
