from django.contrib import admin

from regioagenda.core.models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["label", "kind", "state", "progress", "created_by", "created"]
    list_filter = ["state", "kind"]
    readonly_fields = [f.name for f in Job._meta.fields]
