"""The rich-text widget: a plain textarea with the marker the editor script looks for."""

import json
import re

from django import forms
from django.template import Context, Template
from django.utils import translation

from regioagenda.core import html
from regioagenda.core.forms import KernForm
from regioagenda.core.widgets import RichTextarea


class _Form(KernForm):
    text = forms.CharField(label="Text", widget=RichTextarea(attrs={"rows": 7}), help_text="Hilfe")


def test_widget_renders_a_marked_textarea_with_name_labels_and_allowlist():
    with translation.override("de"):
        rendered = str(_Form(initial={"text": "<p>Hallo</p>"})["text"])
    # Still a textarea with the field's name and value: the form works without the script.
    assert rendered.startswith("<textarea")
    assert 'name="text"' in rendered
    assert 'rows="7"' in rendered
    assert "&lt;p&gt;Hallo&lt;/p&gt;</textarea>" in rendered
    assert 'aria-describedby="id_text_helptext"' in rendered
    assert "data-richtext" in rendered
    # The editor offers exactly what the sanitiser keeps.
    tags = re.search(r'data-richtext-tags="([^"]*)"', rendered).group(1).split()
    assert set(tags) == html.ALLOWED_TAGS
    schemes = re.search(r'data-richtext-schemes="([^"]*)"', rendered).group(1).split()
    assert set(schemes) == html.ALLOWED_URL_SCHEMES
    labels = json.loads(
        re.search(r'data-richtext-labels="([^"]*)"', rendered)
        .group(1)
        .replace("&quot;", '"')
        .replace("&amp;", "&")
    )
    assert labels["bold"] == "Fett"
    assert labels["toolbar"] == "Textformat"


def test_every_long_text_uses_the_rich_text_widget():
    from regioagenda.actors.forms.forum import PostForm, ThreadForm
    from regioagenda.sources.forms import SummaryForm

    for form, name in [(SummaryForm, "text"), (ThreadForm, "body"), (PostForm, "body")]:
        assert isinstance(form.base_fields[name].widget, RichTextarea), form.__name__


def test_template_tags_render_assets_with_the_nonce_and_the_marker():
    template = Template(
        "{% load rich_text %}{% rich_text_assets %}|<textarea{% rich_text_attrs %}>"
    )
    rendered = template.render(Context({"csp_nonce": "abc123"}))
    assert 'nonce="abc123"' in rendered
    assert "vendor/editor/editor.js" in rendered
    assert "regioagenda/editor.css" in rendered
    assert '<textarea data-richtext=""' in rendered
