"""The participation statistics page."""

from django.shortcuts import render

from regioagenda.core.pagecache import public_page
from regioagenda.participation.queries import statistics as queries
from regioagenda.regions.queries import agenda_for


@public_page
def statistics(request, slug):
    agenda = agenda_for(request.user, slug)
    stats = queries.statistics(agenda)
    return render(
        request,
        "participation/statistics.html",
        {"agenda": agenda, "stats": stats, "chart": queries.weekly_chart(stats)},
    )
