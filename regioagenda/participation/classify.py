"""Matrix fields proposed for a new idea by the classifier of the existing concepts."""

from django.utils.html import strip_tags

from regioagenda.sources.classifier import classifier_for_active_framework, predicted_set


def propose_fields(*, title: str, body: str) -> list[str]:
    """The field keys the classifier assigns to an idea's text (one or two, best first); [] when
    the text names no field. The author or a moderator confirms or changes them."""
    text = f"{title}. {strip_tags(body)}".strip()
    if not text.strip(". "):
        return []
    scores = classifier_for_active_framework().classify([text])[0]
    return predicted_set(scores)
