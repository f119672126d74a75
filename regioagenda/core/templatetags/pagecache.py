"""``{% per_version "name" part … %}…{% endper_version %}``: a piece of a page rendered once per
data version, language and day (``core.pagecache.fragment``).

Only around markup that depends on no viewer — no permission checks, no names of the signed-in
user, no forms of their own — so that a signed-in user's page renders its heavy, shared parts
from the cache. ``part`` values name what the piece depends on besides the data (the agenda's id,
the round's id).
"""

from django import template
from django.utils.safestring import mark_safe

from regioagenda.core import pagecache

register = template.Library()


class PerVersionNode(template.Node):
    def __init__(self, nodelist, name, parts):
        self.nodelist = nodelist
        self.name = name
        self.parts = parts

    def render(self, context):
        name = self.name.resolve(context)
        parts = [part.resolve(context) for part in self.parts]
        html = pagecache.fragment(
            context.get("request"), name, *parts, render=lambda: self.nodelist.render(context)
        )
        return mark_safe(html)  # rendered by this template; placeholders filled in


@register.tag("per_version")
def per_version(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% per_version %} needs a name.")
    nodelist = parser.parse(("endper_version",))
    parser.delete_first_token()
    return PerVersionNode(
        nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(b) for b in bits[2:]]
    )
