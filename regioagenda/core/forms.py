"""Form helpers: KERN styling and accessible error wiring for every form of the platform."""

from django import forms


class KernFormMixin:
    """Give widgets the KERN classes and link hints and errors to their inputs for screen readers."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "kern-form-check__checkbox"
            elif isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
                css = ""
            elif isinstance(widget, forms.Select):
                css = "kern-form-input__select"
            else:
                css = "kern-form-input__input"
            if css:
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
            described = []
            if field.help_text:
                described.append(f"id_{self.add_prefix(name)}_helptext")
            if described:
                widget.attrs.setdefault("aria-describedby", " ".join(described))

    def full_clean(self):
        super().full_clean()
        self._mark_errors()

    def add_error(self, field, error):
        super().add_error(field, error)
        # Errors a view adds after validation (from a service) get the same wiring.
        if hasattr(self, "cleaned_data"):
            self._mark_errors()

    def _mark_errors(self):
        """Flag inputs with errors and point them to their message (idempotent)."""
        for name in self.errors:
            if name not in self.fields:
                continue
            widget = self.fields[name].widget
            widget.attrs["aria-invalid"] = "true"
            error_id = f"id_{self.add_prefix(name)}_error"
            described = widget.attrs.get("aria-describedby", "").split()
            if error_id not in described:
                widget.attrs["aria-describedby"] = " ".join([*described, error_id])
            css = widget.attrs.get("class", "")
            if "kern-form-input__input" in css and "--error" not in css:
                widget.attrs["class"] = css + " kern-form-input__input--error"


def apply_errors(form, exc, *, name_for=None):
    """Put a service's ValidationError onto ``form``, so the user sees it where they acted.

    Errors about a field the form shows go to that field (``name_for`` maps the service's key
    to the form's field name); errors about unknown or hidden inputs go above the form.
    """
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for key, errors in exc.error_dict.items():
        name = name_for(key) if name_for else key
        field = form.fields.get(name)
        form.add_error(None if field is None or field.widget.is_hidden else name, errors)


class KernForm(KernFormMixin, forms.Form):
    pass


class KernModelForm(KernFormMixin, forms.ModelForm):
    pass
