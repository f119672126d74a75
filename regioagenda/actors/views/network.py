"""The network page: graph of organisations, people, activities and bodies, as SVG and tables."""

from django.shortcuts import render
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
    context = {
        "agenda": agenda,
        "actors_nav": actors_context.actors_nav(request.user, agenda),
        "form": form,
        "filtered": any(filters.values()),
        "node_querystring": _querystring(request, "knoten"),
        "edge_querystring": _querystring(request, "kanten"),
        **queries.network_page(
            agenda,
            request.user,
            node_page=request.GET.get("knoten"),
            edge_page=request.GET.get("kanten"),
            **filters,
        ),
    }
    return render(request, "actors/network/page.html", context)
