from django.http import Http404


def consultation(request, *a, **k):
    raise Http404


def draft_create(request, *a, **k):
    raise Http404


def draft(request, *a, **k):
    raise Http404


def draft_edit(request, *a, **k):
    raise Http404


def version_create(request, *a, **k):
    raise Http404


def versions(request, *a, **k):
    raise Http404


def paragraph(request, *a, **k):
    raise Http404


def verdict(request, *a, **k):
    raise Http404


def summary(request, *a, **k):
    raise Http404


def summary_csv(request, *a, **k):
    raise Http404
