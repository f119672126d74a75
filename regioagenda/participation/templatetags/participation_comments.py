"""``{% comments target %}``: the one comments block for any commentable object (an idea, an
event, a draft paragraph, later a project)."""

from django import template
from django.template.loader import render_to_string

from regioagenda.participation.queries.comments import comments_for

register = template.Library()


@register.simple_tag(takes_context=True)
def comments(context, target):
    request = context.get("request")
    user = getattr(request, "user", None)
    block = {
        "thread": comments_for(
            target, user, before=request.GET.get("kommentare_vor") if request else None
        ),
        "agenda": target.agenda,
        "comment_form": None,
        "reply_to": None,
        "saved_comment": None,
        "back_url": getattr(request, "path", ""),
    }
    return render_to_string("participation/_comments.html", block, request=request)
