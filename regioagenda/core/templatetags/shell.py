from django import template
from django.urls import translate_url

register = template.Library()


@register.simple_tag(takes_context=True)
def url_in_language(context, language):
    """This page's address in another language, worked out while the page's language is active.

    Django's set_language translates ``next`` in the language of the switch request, which cannot
    resolve an English path; so the form carries the already translated address instead.
    """
    request = context["request"]
    url = translate_url(request.get_full_path(), language)
    return url
