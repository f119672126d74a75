from django.contrib import admin

from regioagenda.sources.models import FieldSummary, Passage, SourceDocument, Statement


@admin.register(SourceDocument)
class SourceDocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "agenda", "doc_type", "year", "status", "page_count", "is_example"]
    list_filter = ["status", "doc_type", "is_example"]
    search_fields = ["title", "publisher", "original_name"]
    raw_id_fields = ["agenda", "job", "uploaded_by", "version"]
    readonly_fields = ["token", "extension", "size", "detected_kind", "created", "analysed"]


@admin.register(Passage)
class PassageAdmin(admin.ModelAdmin):
    list_display = ["document", "order", "page_start", "field", "state"]
    list_filter = ["state"]
    raw_id_fields = ["document", "field"]
    search_fields = ["text"]


@admin.register(Statement)
class StatementAdmin(admin.ModelAdmin):
    list_display = ["kind", "text", "passage"]
    raw_id_fields = ["passage"]


@admin.register(FieldSummary)
class FieldSummaryAdmin(admin.ModelAdmin):
    list_display = ["agenda", "field", "is_curated", "updated"]
    raw_id_fields = ["agenda", "field", "edited_by"]
