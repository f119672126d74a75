"""URLs of the actors' coverage pages (included by actors/urls/__init__.py)."""

urlpatterns = []
