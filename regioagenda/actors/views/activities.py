"""Pages of the activity landscape: per agenda (list, detail, form, delete, merge, unlink) and
programme-wide (landscape, link with one's own agenda)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from regioagenda.actors import context as actors_context
from regioagenda.actors.forms import activities as forms
from regioagenda.actors.queries import activities as queries
from regioagenda.actors.services import activities as services
from regioagenda.core import once, pagecache, permissions
from regioagenda.core.forms import apply_errors
from regioagenda.core.http import safe_next
from regioagenda.regions.queries import agenda_for


def _querystring(request, *drop):
    """The current filters without the page number (for pagination links)."""
    pairs = [
        (key, value)
        for key, values in request.GET.lists()
        if key not in ("seite", *drop)
        for value in values
        if value
    ]
    return urlencode(pairs)


def _base_context(request, agenda):
    return {
        "agenda": agenda,
        "actors_nav": actors_context.actors_nav(request.user, agenda),
        "can_manage": permissions.can_manage_activities(request.user, agenda),
    }


# Per agenda -------------------------------------------------------------------------------------


@require_GET
def activity_list(request, slug):
    agenda = agenda_for(request.user, slug, check=permissions.can_view_activities)
    form = forms.ActivityFilterForm(request.GET or None, agenda=agenda)
    filters = form.filters() if request.GET else {}
    context = {
        **_base_context(request, agenda),
        "form": form,
        "querystring": _querystring(request),
        "filtered": bool(filters),
    }

    def results() -> dict:
        return queries.activity_list(
            agenda, user=request.user, page=request.GET.get("seite"), **filters
        )

    if request.htmx and request.htmx.target == "activity-results":
        return render(request, "actors/activities/list.html#results", {**context, **results()})
    if pagecache.caching():
        # The table depends on the data and the viewer's class (queries.list_visibility), not
        # on the viewer: rendered once per data version and class, shared within the class.
        context["results_html"] = mark_safe(  # rendered by the results partial
            pagecache.fragment(
                request,
                "actors-activity-list",
                agenda.pk,
                agenda.slug,
                queries.list_visibility(agenda, request.user),
                request.GET.urlencode(),
                render=lambda: render_to_string(
                    "actors/activities/list.html#results",
                    {**context, **results()},
                    request=request,
                ),
            )
        )
    else:
        context.update(results())
    context["duplicates"] = queries.agenda_duplicates(agenda, request.user)
    return render(request, "actors/activities/list.html", context)


@require_GET
def activity_detail(request, slug, pk):
    agenda = agenda_for(request.user, slug, check=permissions.can_view_activities)
    activity = queries.get_activity(agenda, pk, request.user)
    if activity.merged_into_id is not None:
        target_slug, target_pk = queries.merge_target(agenda, activity.merged_into)
        messages.info(
            request,
            _("„%(title)s“ wurde mit „%(original)s“ zusammengeführt. Sie sehen jetzt diese.")
            % {"title": activity.title, "original": activity.merged_into.title},
        )
        return redirect("actors:activity", target_slug, target_pk)
    detail = queries.activity_detail(agenda, activity, request.user)
    context = {
        **_base_context(request, agenda),
        **detail,
        "can_edit": permissions.can_manage_activities(request.user, activity.agenda)
        and activity.agenda_id == agenda.pk,
        "can_unlink": detail["is_linked"]
        and permissions.can_manage_activities(request.user, agenda),
        "link_form": forms.LinkForm(agendas=detail["link_targets"])
        if detail["link_targets"]
        else None,
    }
    return render(request, "actors/activities/detail.html", context)


def _form_page(request, agenda, form, activity=None, status=200):
    context = {**_base_context(request, agenda), "form": form, "activity": activity}
    return render(request, "actors/activities/form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def activity_create(request, slug):
    agenda = agenda_for(request.user, slug, check=permissions.can_manage_activities)
    form = forms.ActivityForm(request.POST or None, agenda=agenda)
    if request.method == "POST":
        if form.is_valid():
            try:
                activity = services.create_activity(
                    actor=request.user,
                    agenda=agenda,
                    form_token=once.token_from(request.POST),
                    **form.service_arguments(),
                )
            except once.AlreadySubmitted as done:
                messages.info(request, done.message())
                if done.object_id:
                    return redirect("actors:activity", agenda.slug, done.object_id)
                return redirect("actors:activities", agenda.slug)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(
                    request, _("„%(title)s“ wurde angelegt.") % {"title": activity.title}
                )
                return redirect("actors:activity", agenda.slug, activity.pk)
        return _form_page(request, agenda, form, status=400)
    return _form_page(request, agenda, form)


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request, slug, pk):
    agenda = agenda_for(request.user, slug, check=permissions.can_manage_activities)
    activity = queries.get_own_activity(agenda, pk)
    if activity.merged_into_id is not None:
        return redirect("actors:activity", agenda.slug, activity.pk)
    form = forms.ActivityForm(
        request.POST or None, agenda=agenda, initial=forms.ActivityForm.initial_from(activity)
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                services.update_activity(
                    actor=request.user, activity=activity, **form.service_arguments()
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(
                    request, _("„%(title)s“ wurde gespeichert.") % {"title": activity.title}
                )
                return redirect("actors:activity", agenda.slug, activity.pk)
        activity.refresh_from_db()
        return _form_page(request, agenda, form, activity, status=400)
    return _form_page(request, agenda, form, activity)


@login_required
@require_http_methods(["GET", "POST"])
def activity_delete(request, slug, pk):
    agenda = agenda_for(request.user, slug, check=permissions.can_manage_activities)
    activity = queries.get_own_activity(agenda, pk)
    error = ""
    if request.method == "POST":
        title = activity.title
        try:
            services.delete_activity(actor=request.user, activity=activity)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("„%(title)s“ wurde gelöscht.") % {"title": title})
            return redirect("actors:activities", agenda.slug)
    context = {**_base_context(request, agenda), "activity": activity, "error": error}
    return render(request, "actors/activities/delete.html", context, status=400 if error else 200)


@login_required
@require_POST
def activity_merge(request, slug, pk):
    """Merge the agenda's activity ``pk`` (the duplicate) into the posted ``original``."""
    agenda = agenda_for(request.user, slug, check=permissions.can_view_activities)
    duplicate = queries.get_own_activity(agenda, pk)
    back = safe_next(request, reverse("actors:activity", args=[agenda.slug, pk]))
    form = forms.MergeForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["original"]))
        return redirect(back)
    original = queries.visible_activity(request.user, form.cleaned_data["original"])
    if original is None:
        messages.error(
            request,
            _(
                "Die Aktivität Nr. %(pk)d gibt es nicht, oder sie gehört zu einer Agenda, die "
                "Sie nicht sehen dürfen. Nichts wurde zusammengeführt."
            )
            % {"pk": form.cleaned_data["original"]},
        )
        return redirect(back)
    try:
        result = services.merge_activities(
            actor=request.user, duplicate=duplicate, original=original
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(back)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
        return redirect(back)
    messages.success(request, result.message())
    return redirect("actors:activity", *queries.merge_target(agenda, result.original))


@login_required
@require_POST
def activity_unlink(request, slug, pk):
    agenda = agenda_for(request.user, slug, check=permissions.can_manage_activities)
    activity = queries.get_activity(agenda, pk, request.user)
    try:
        services.unlink_activity(actor=request.user, agenda=agenda, activity=activity)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("actors:activities", agenda.slug)
    messages.success(
        request,
        _("Die Verknüpfung mit „%(title)s“ wurde gelöst.") % {"title": activity.title},
    )
    return redirect("actors:activities", agenda.slug)


# Programme-wide --------------------------------------------------------------------------------


@require_GET
def landscape(request):
    form = forms.LandscapeFilterForm(request.GET or None, user=request.user)
    filters = form.filters() if request.GET else {}
    context = {
        "form": form,
        "querystring": _querystring(request),
        "filtered": bool(filters),
        **queries.landscape(request.user, page=request.GET.get("seite"), **filters),
    }
    if request.htmx and request.htmx.target == "landscape-results":
        return render(request, "actors/activities/landscape.html#results", context)
    return render(request, "actors/activities/landscape.html", context)


@login_required
@require_POST
def activity_link(request, pk):
    """Link activity ``pk`` with one of the user's agendas (chosen in the posted form)."""
    activity = queries.visible_activity(request.user, pk)
    if activity is None:
        # Same answer for "does not exist" and "not yours to see": nothing is revealed.
        raise Http404(
            _(
                "Diese Aktivität gibt es nicht, oder sie gehört zu einer Agenda, die Sie nicht "
                "sehen dürfen. Sie kann deshalb nicht verknüpft werden."
            )
        )
    mine = list(queries.manageable_agendas(request.user))
    if not mine:
        raise PermissionDenied(permissions.reason(permissions.can_manage_activities))
    form = forms.LinkForm(request.POST, agendas=mine)
    back = safe_next(request, reverse("actors_site:activities"))
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(back)
    agenda = next(a for a in mine if a.pk == form.cleaned_data["agenda"])
    try:
        services.link_activity(
            actor=request.user, agenda=agenda, activity=activity, note=form.cleaned_data["note"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(back)
    messages.success(
        request,
        _("„%(title)s“ ist jetzt mit der Agenda „%(agenda)s“ verknüpft.")
        % {"title": activity.title, "agenda": agenda.title},
    )
    return redirect(back)
