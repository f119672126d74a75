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
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["aria-invalid"] = "true"
                error_id = f"id_{self.add_prefix(name)}_error"
                described = widget.attrs.get("aria-describedby", "")
                widget.attrs["aria-describedby"] = f"{described} {error_id}".strip()
                css = widget.attrs.get("class", "")
                if "kern-form-input__input" in css and "--error" not in css:
                    widget.attrs["class"] = css + " kern-form-input__input--error"


class KernForm(KernFormMixin, forms.Form):
    pass


class KernModelForm(KernFormMixin, forms.ModelForm):
    pass
