"""`{{ form.q|search_field }}`: a staff list's search field in Bootstrap markup, built in Python.

crispy-forms renders each field through a dozen nested templates and Django a template per <option>; on the staff
lists, rendered on every search, that was a fifth of the page's time (issue 16). Text, date and number inputs and
selects are built here with the same markup (label, control, help, errors, aria-describedby); any other widget falls
back to crispy's `as_crispy_field`.
"""

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms, template
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()

INPUTS = (forms.TextInput, forms.DateInput, forms.NumberInput, forms.EmailInput)


def _options(choices, selected: set[str]):
    """The <option>s, escaped here rather than through format_html per option (a group select has hundreds)."""
    rows = []
    for value, label in choices:
        if isinstance(label, (list, tuple)):  # an option group
            rows.append(f'<optgroup label="{conditional_escape(value)}">{_options(label, selected)}</optgroup>')
            continue
        value = "" if value is None else str(value)
        flag = " selected" if value in selected else ""
        rows.append(f'<option value="{conditional_escape(value)}"{flag}>{conditional_escape(label)}</option>')
    return mark_safe("".join(rows))


@register.filter
def search_field(field):
    widget = field.field.widget
    is_select = type(widget) is forms.Select
    if not (is_select or isinstance(widget, INPUTS)) or getattr(widget, "input_type", "") in (
        "checkbox",
        "radio",
        "file",
    ):
        return as_crispy_field(field)
    field_id = field.id_for_label
    described = []
    if field.help_text:
        described.append(f"{field_id}_helptext")
    if field.errors:
        described.append(f"{field_id}_error")
    attrs = {"aria-describedby": " ".join(described)} if described else {}
    if field.errors:
        attrs["aria-invalid"] = "true"
    if is_select:
        attrs = {k: v for k, v in widget.attrs.items() if k != "class" and v not in (None, False)} | attrs
        value = field.value()
        values = value if isinstance(value, (list, tuple)) else [value]
        selected = {"" if v is None else str(v) for v in values}
        control = format_html(
            '<select name="{}" class="select form-select{}" id="{}"{}>{}</select>',
            field.html_name,
            " is-invalid" if field.errors else "",
            field_id,
            format_html_join("", ' {}="{}"', attrs.items()),
            _options(widget.choices, selected),  # what the widget renders (a form may narrow it to fewer columns)
        )
    else:
        css = widget.attrs.get("class", "")
        attrs["class"] = f"{css} form-control{' is-invalid' if field.errors else ''}".strip()
        control = field.as_widget(attrs=attrs)
    required = mark_safe('<span class="asteriskField">*</span>') if field.field.required else ""
    help_html = (
        format_html('<div id="{}_helptext" class="form-text">{}</div>', field_id, field.help_text)
        if field.help_text
        else ""
    )
    errors = (
        format_html(
            '<div id="{}_error" class="invalid-feedback d-block">{}</div>',
            field_id,
            format_html_join("", "<strong>{}</strong> ", ((e,) for e in field.errors)),
        )
        if field.errors
        else ""
    )
    return format_html(
        '<div id="div_{}" class="mb-3"><label for="{}" class="form-label">{}{}</label>{}{}{}</div>',
        field_id,
        field_id,
        field.label,
        required,
        control,
        errors,
        help_html,
    )
