"""URLs of the matrix, below ``agenden/<slug>/matrix/``; each topic's views module lists its own."""

from regioagenda.matrix.views import indicators, overview, rounds, survey

app_name = "matrix"

urlpatterns = [
    *overview.urlpatterns,
    *rounds.urlpatterns,
    *indicators.urlpatterns,
    *survey.urlpatterns,
]
