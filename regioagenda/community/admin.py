"""Community in the Django admin, for the platform's operators: read-mostly, because reports,
blocks and newsletters are handled on the agenda's pages (which audit them) and consent records
must not be edited."""

from django.contrib import admin

from regioagenda.community.models import (
    Follow,
    NewsletterSubscription,
    Notification,
    NotificationSetting,
    Report,
)


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Follow)
class FollowAdmin(ReadOnly):
    list_display = ["user", "agenda", "target_type", "target_id", "created"]
    list_filter = ["target_type"]
    raw_id_fields = ["user", "agenda"]


@admin.register(NotificationSetting)
class NotificationSettingAdmin(ReadOnly):
    list_display = ["user", "kind", "delivery"]
    list_filter = ["kind", "delivery"]


@admin.register(Notification)
class NotificationAdmin(ReadOnly):
    list_display = ["recipient", "kind", "subject", "created", "digest", "sent_at"]
    list_filter = ["kind", "digest"]
    search_fields = ["subject", "recipient__email"]
    date_hierarchy = "created"


@admin.register(NewsletterSubscription)
class NewsletterSubscriptionAdmin(ReadOnly):
    list_display = ["email", "agenda", "consented_at", "confirmed_at", "unsubscribed_at"]
    list_filter = ["agenda"]
    search_fields = ["email"]
    exclude = ["token_hash"]


@admin.register(Report)
class ReportAdmin(ReadOnly):
    list_display = ["agenda", "target_type", "target_id", "reason", "status", "created"]
    list_filter = ["status", "reason", "target_type"]
