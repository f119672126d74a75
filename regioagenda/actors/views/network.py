"""The network page: graph of organisations, people, activities and bodies, as SVG and tables."""

from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from regioagenda.actors import context as actors_context
from regioagenda.actors.forms.activities import NetworkFilterForm
from regioagenda.actors.queries import network as queries
from regioagenda.actors.views.activities import _querystring
from regioagenda.core import permissions
from regioagenda.core.pagecache import public_page
from regioagenda.regions.queries import agenda_for


@require_GET
@public_page
def network(request, slug):
    agenda = agenda_for(request.user, slug, check=permissions.can_view_public_actors)
    form = NetworkFilterForm(request.GET or None)
    filters = form.filters() if request.GET else {"field": "", "sector": ""}
    shared = {
        "agenda": agenda,
        "filtered": any(filters.values()),
        "node_querystring": _querystring(request, "knoten"),
        "edge_querystring": _querystring(request, "kanten"),
    }
    # The graph and its tables: per data version and viewer class, not per viewer.
    body = queries.network_body(
        request,
        agenda,
        template="actors/network/_graph.html",
        context=shared,
        filters=filters,
        node_page=request.GET.get("knoten"),
        edge_page=request.GET.get("kanten"),
    )
    context = {
        **shared,
        "actors_nav": actors_context.actors_nav(request.user, agenda),
        "form": form,
        "body": mark_safe(body),  # rendered by actors/network/_graph.html
    }
    return render(request, "actors/network/page.html", context)
