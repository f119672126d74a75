"""``{% follow_state kind id as following %}``: whether the viewer follows a thing, for
``community/_follow_button.html`` when the page did not pass ``following`` itself."""

from django import template

from regioagenda.community import queries
from regioagenda.community.targets import targets

register = template.Library()


@register.simple_tag(takes_context=True)
def follow_state(context, kind, pk, known=None):
    if known is not None and known != "":
        return bool(known)
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    try:
        target = targets.get(str(kind))
    except Exception:
        return False
    obj = target.queryset().filter(pk=pk).first()
    return obj is not None and queries.is_following(user, obj)
