"""Pages of community: notification settings, one-click unsubscribe, newsletter sign-up and
confirmation, the coordinator's newsletter, follow buttons and the report form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from regioagenda.community import moderation, queries, services
from regioagenda.community.forms import NewsletterForm, NewsletterSendForm, ReportForm, SettingsForm
from regioagenda.community.models import NotificationKind
from regioagenda.community.targets import load
from regioagenda.core import permissions
from regioagenda.core.forms import apply_errors
from regioagenda.core.http import client_address, safe_next
from regioagenda.regions.models import Agenda


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request):
    """How the person hears about each kind, and what they follow."""
    current = queries.settings_of(request.user)
    initial = {"default": current[""]}
    initial.update({f"kind_{kind}": current.get(kind, "") for kind in NotificationKind.values})
    form = SettingsForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.set_delivery(actor=request.user, kind="", delivery=form.cleaned_data["default"])
        for kind in NotificationKind.values:
            chosen = form.cleaned_data.get(f"kind_{kind}") or ""
            services.set_delivery(actor=request.user, kind=kind, delivery=chosen)
        messages.success(request, _("Ihre Einstellungen sind gespeichert."))
        return redirect("community:settings")
    return render(
        request,
        "community/settings.html",
        {
            "form": form,
            "kind_fields": [form[f"kind_{kind}"] for kind in NotificationKind.values],
            "followed": queries.followed(request.user),
        },
    )


@csrf_exempt  # RFC 8058: mail clients POST without a session or CSRF token
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET: say what the link stops and offer a button. POST: stop it at once (one click)."""
    try:
        what = services.describe_token(token)
    except signing.BadSignature:
        return render(request, "community/unsubscribe.html", {"invalid": True}, status=400)
    if request.method == "POST":
        done = services.unsubscribe(token=token)
        return render(request, "community/unsubscribe.html", {"done": done})
    return render(request, "community/unsubscribe.html", {"what": what, "token": token})


@require_POST
def newsletter_subscribe(request, slug):
    agenda = get_object_or_404(Agenda, slug=slug)
    if not agenda.is_public:
        raise PermissionDenied(_("Diese Agenda ist nicht öffentlich."))
    form = NewsletterForm(request.POST)
    if form.is_valid():
        try:
            services.subscribe(
                email=form.cleaned_data["email"],
                agenda=agenda,
                consent=form.cleaned_data["consent"],
                user=request.user if request.user.is_authenticated else None,
                address=client_address(request),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return render(request, "community/newsletter_pending.html", {"agenda": agenda})
    return render(
        request, "community/newsletter_subscribe.html", {"agenda": agenda, "form": form}, status=400
    )


@require_http_methods(["GET", "POST"])
def newsletter_confirm(request, token):
    """GET shows a button (mail scanners that open links must not confirm for anyone); POST
    confirms. A second confirmation is fine."""
    if request.method == "GET":
        return render(request, "community/newsletter_confirm.html", {"token": token})
    try:
        subscription = services.confirm(token=token)
    except services.ConfirmationInvalid as exc:
        return render(request, "community/newsletter_confirm.html", {"error": str(exc)}, status=400)
    return render(request, "community/newsletter_confirm.html", {"confirmed": subscription})


@login_required
@require_http_methods(["GET", "POST"])
def newsletter_send(request, slug):
    agenda = get_object_or_404(Agenda, slug=slug)
    permissions.require(permissions.can_send_newsletter, request.user, agenda)
    form = NewsletterSendForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.send_newsletter(
                actor=request.user,
                agenda=agenda,
                subject=form.cleaned_data["subject"],
                text=form.cleaned_data["text"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("core:job_status", job.pk)
    return render(
        request,
        "community/newsletter_send.html",
        {"agenda": agenda, "form": form, "subscribers": queries.active_subscriber_count(agenda)},
    )


@login_required
@require_POST
def follow(request, kind, pk):
    """Follow or stop following (``action=unfollow``); htmx gets the button back."""
    target, obj = load(kind, pk)
    if not target.can_view(request.user, obj):
        return HttpResponse(status=404)
    if request.POST.get("action") == "unfollow":
        services.unfollow(actor=request.user, target=obj)
    else:
        services.follow(actor=request.user, target=obj)
    if request.headers.get("HX-Request"):
        return render(
            request,
            "community/_follow_button.html",
            {"kind": kind, "id": obj.pk, "following": queries.is_following(request.user, obj)},
        )
    return redirect(safe_next(request, target.url(obj)))


@login_required
@require_http_methods(["GET", "POST"])
def report(request, kind, pk):
    target, obj = load(kind, pk)
    if not target.reportable or not target.can_view(request.user, obj):
        return HttpResponse(status=404)
    agenda = target.agenda(obj)
    permissions.require(permissions.can_report, request.user, agenda)
    form = ReportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            moderation.report(
                actor=request.user,
                target=target,
                obj=obj,
                reason=form.cleaned_data["reason"],
                text=form.cleaned_data["text"],
                address=client_address(request),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("Danke. Die Moderation sieht sich den gemeldeten Beitrag an.")
            )
            return redirect(target.url(obj))
    return render(
        request,
        "community/report.html",
        {
            "form": form,
            "agenda": agenda,
            "label": target.label,
            "excerpt": target.excerpt(obj),
            "back_url": target.url(obj),
        },
    )
