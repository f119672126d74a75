"""A service's ValidationError lands on the form where the user acted, wired for screen readers."""

from django import forms
from django.core.exceptions import ValidationError

from regioagenda.core.forms import KernForm, apply_errors


class Sample(KernForm):
    name = forms.CharField(help_text="Wie die Organisation heißt.")
    reason_mobility = forms.CharField(required=False)
    parent = forms.IntegerField(widget=forms.HiddenInput, required=False)


def bound():
    form = Sample({"name": "Stadtwerke"})
    assert form.is_valid()
    return form


def test_a_field_error_is_shown_at_the_field_and_linked_once():
    form = bound()
    apply_errors(form, ValidationError({"name": "Gibt es schon."}))
    apply_errors(form, ValidationError({"name": "Noch ein Grund."}))
    attrs = form.fields["name"].widget.attrs
    assert form.errors["name"] == ["Gibt es schon.", "Noch ein Grund."]
    assert attrs["aria-invalid"] == "true"
    assert attrs["aria-describedby"].split() == ["id_name_helptext", "id_name_error"]
    assert "kern-form-input__input--error" in attrs["class"]


def test_errors_about_hidden_or_unknown_inputs_go_above_the_form():
    form = bound()
    apply_errors(form, ValidationError({"parent": "Anderer Faden.", "other": "Unbekannt."}))
    assert form.non_field_errors() == ["Anderer Faden.", "Unbekannt."]


def test_plain_errors_go_above_the_form_and_keys_can_be_mapped():
    form = bound()
    apply_errors(form, ValidationError("Allgemein."))
    apply_errors(
        form, ValidationError({"mobility": "Begründung fehlt."}), name_for="reason_{}".format
    )
    assert form.non_field_errors() == ["Allgemein."]
    assert form.errors["reason_mobility"] == ["Begründung fehlt."]
    assert form.fields["reason_mobility"].widget.attrs["aria-invalid"] == "true"
