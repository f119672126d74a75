"""The actors part in the Django admin, for the platform's operators.

Personal data is changed through the platform's pages (they keep the consent history and the
audit trail); the admin shows it read-only where a careless edit would bypass those rules.
"""

from django.contrib import admin

from regioagenda.actors.models import (
    Activity,
    ActivityLink,
    Body,
    BodyMember,
    ConsentRecord,
    Invitation,
    Organisation,
    Person,
    Post,
    Thread,
)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "agenda", "sector", "is_example"]
    list_filter = ["sector", "is_example"]
    search_fields = ["name"]
    raw_id_fields = ["agenda", "region"]


class ConsentInline(admin.TabularInline):
    model = ConsentRecord
    extra = 0
    can_delete = False
    readonly_fields = ["purpose", "given_on", "source", "withdrawn_on", "recorded_by", "created"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["__str__", "agenda", "organisation", "visibility", "is_anonymised"]
    list_filter = ["visibility", "is_anonymised", "is_example"]
    search_fields = ["name", "email"]
    raw_id_fields = ["agenda", "organisation", "region", "user"]
    readonly_fields = ["is_anonymised", "anonymised_on"]
    inlines = [ConsentInline]


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ["name", "agenda", "kind", "field_key"]
    list_filter = ["kind"]
    raw_id_fields = ["agenda"]


@admin.register(BodyMember)
class BodyMemberAdmin(admin.ModelAdmin):
    list_display = ["person", "body", "role", "start", "end"]
    raw_id_fields = ["body", "person"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "agenda", "role", "created", "expires", "accepted", "revoked"]
    raw_id_fields = ["agenda", "body", "person", "created_by", "accepted_by"]
    readonly_fields = ["token_hash"]


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["title", "agenda", "kind", "scope", "status", "merged_into"]
    list_filter = ["kind", "scope", "status", "is_example"]
    search_fields = ["title", "description"]
    raw_id_fields = ["agenda", "responsible", "merged_into", "created_by"]
    filter_horizontal = ["organisations", "bodies"]


@admin.register(ActivityLink)
class ActivityLinkAdmin(admin.ModelAdmin):
    list_display = ["agenda", "activity", "created"]
    raw_id_fields = ["agenda", "activity", "created_by"]


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    list_display = ["title", "agenda", "field_key", "last_activity", "is_closed", "is_pinned"]
    list_filter = ["is_closed", "is_pinned"]
    raw_id_fields = ["agenda", "author"]


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["thread", "author", "created", "hidden"]
    raw_id_fields = ["thread", "parent", "author", "hidden_by"]
