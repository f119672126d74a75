def shell(request):
    """What the page shell needs on every page."""
    # django-htmx's {% htmx_script %} looks for this name (Django 6 spells it so).
    return {"csp_nonce": getattr(request, "csp_nonce", "")}
