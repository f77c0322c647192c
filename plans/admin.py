from django.contrib import admin

from config.core.forms import NormalizedModelForm

from . import services
from .models import Approach, BasicGoal, Evaluation, ManualEntry, Pillar, Plan, PlanItem, Target, WelfareIssue


class TargetInline(admin.TabularInline):
    model = Target
    form = NormalizedModelForm
    extra = 0


@admin.register(PlanItem)
class PlanItemAdmin(admin.ModelAdmin):
    form = NormalizedModelForm
    list_display = ["fiscal_year", "section_no", "name", "detail", "pillar"]
    list_filter = ["fiscal_year", "pillar", "goals"]
    search_fields = ["name", "detail"]
    filter_horizontal = ["approaches", "goals"]
    inlines = [TargetInline]

    def save_model(self, request, obj, form, change):
        services.plan_item_save(
            item=obj, by=request.user, changed=list(form.changed_data), created=not change
        )

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            obj.delete()
        for obj in instances:
            obj.full_clean()
            obj.save()
        formset.save_m2m()
        services.targets_saved(
            item=form.instance, by=request.user, changed=instances, deleted=list(formset.deleted_objects)
        )


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    form = NormalizedModelForm
    list_display = ["name", "start_fiscal_year", "end_fiscal_year"]


for model in (WelfareIssue, BasicGoal, Approach, Pillar):
    admin.site.register(
        model, type(f"{model.__name__}Admin", (admin.ModelAdmin,), {"form": NormalizedModelForm})
    )


@admin.register(ManualEntry)
class ManualEntryAdmin(admin.ModelAdmin):
    """Entries are made on the item page (audited by the service); the admin only shows them."""

    form = NormalizedModelForm
    list_display = ["target", "entered_on", "value", "entered_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Evaluation)
class EvaluationAdmin(ManualEntryAdmin):
    """Evaluations are written on the item page (audited by the service); the admin only shows them."""

    list_display = ["item", "grade", "updated_by", "updated_at"]
