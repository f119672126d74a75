from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from regioagenda.regions.models import Agenda, AgendaStep, AuditEvent, Programme, Region


@admin.register(Region)
class RegionAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "ags", "population", "is_current", "is_example"]
    list_filter = ["level", "kind", "is_current", "is_example"]
    search_fields = ["name", "ags"]
    raw_id_fields = ["parent", "bezirk"]
    filter_horizontal = ["members"]


@admin.register(Programme)
class ProgrammeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "coordinating_body"]
    prepopulated_fields = {"slug": ["name"]}


class AgendaStepInline(admin.TabularInline):
    model = AgendaStep
    extra = 0


@admin.register(Agenda)
class AgendaAdmin(SimpleHistoryAdmin):
    list_display = ["title", "region", "programme", "status", "current_step", "is_public"]
    list_filter = ["status", "is_public", "programme"]
    search_fields = ["title", "slug", "region__name"]
    raw_id_fields = ["region"]
    inlines = [AgendaStepInline]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["created", "agenda", "actor", "action", "detail"]
    list_filter = ["action"]
    readonly_fields = ["created", "agenda", "actor", "action", "detail"]
