"""Plans pages: public overview and progress (no personal data, ever), staff PDCA, manual entries and the report."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from config.core import pagecache
from config.core.dates import current_fiscal_year, fiscal_year_label
from config.core.exports import FORMATS, XLSX_TYPE, Column, export_response
from config.core.forms import save_valid
from config.core.roles import can, capability_required

from . import charts, hooks, metrics, reports, selectors, services
from .forms import CopyYearForm, EvaluationForm, ManualEntryForm

BY_CHOICES = {"pillar": gettext_lazy("気球くんプランの柱ごと"), "goal": gettext_lazy("第四次の基本目標ごと")}


def _year(request, fy: int | None = None) -> tuple[int, list[int]]:
    years = selectors.plan_years()
    if fy is None:
        try:
            fy = int(request.GET.get("fy", ""))
        except ValueError:
            fy = (
                current_fiscal_year()
                if current_fiscal_year() in years
                else (years[0] if years else current_fiscal_year())
            )
    if years and fy not in years:
        raise Http404
    return fy, years


def overview(request):
    return render(request, "plans/overview.html", {**selectors.overview(), "years": selectors.plan_years()})


@pagecache.cached_per_person()
def progress(request):
    fy, years = _year(request)
    by = request.GET.get("by") if request.GET.get("by") in BY_CHOICES else "pillar"
    rows = selectors.year_progress(fy)
    return render(
        request,
        "plans/progress.html",
        {
            "fy": fy,
            "fy_label": fiscal_year_label(fy),
            "years": selectors.year_choices(years),
            "by": by,
            "by_choices": BY_CHOICES,
            "groups": selectors.grouped(rows, by),
            "counts": selectors.status_counts(rows),
            "today": timezone.localdate(),
            "is_staff": can(request.user, "staff_pages"),
        },
    )


def progress_print(request, fy: int):
    fy, _years = _year(request, fy)
    rows = selectors.year_progress(fy)
    return render(
        request,
        "plans/progress_print.html",
        {"fy": fy, "fy_label": fiscal_year_label(fy), "rows": rows, "today": timezone.localdate()},
    )


def _num(value):
    return None if value is None else float(value)


EXPORT_COLUMNS = [
    Column("section", gettext_lazy("取り組み"), lambda r: f"{r[0].item.section_no}. {r[0].item.section}"),
    Column("item", gettext_lazy("項目"), lambda r: r[0].item.name),
    Column("detail", gettext_lazy("内容"), lambda r: r[0].item.detail),
    Column("pillar", gettext_lazy("気球くんプランの柱"), lambda r: str(r[0].item.pillar or "")),
    Column("target_text", gettext_lazy("目標値（記載のとおり）"), lambda r: r[1].target.text),
    Column("target", gettext_lazy("目標の数値"), lambda r: _num(r[1].target.value)),
    Column("unit", gettext_lazy("単位"), lambda r: r[1].target.unit),
    Column("source", gettext_lazy("実績の出どころ"), lambda r: str(r[1].metric_label)),
    Column("actual", gettext_lazy("実績"), lambda r: _num(r[1].actual)),
    Column("percent", gettext_lazy("達成率（%）"), lambda r: r[1].percent),
    Column("status", gettext_lazy("状況"), lambda r: str(r[1].status_label)),
    Column("grade", gettext_lazy("評価"), lambda r: r[0].evaluation.grade if r[0].evaluation else ""),
    Column(
        "do", gettext_lazy("Do（実施したこと）"), lambda r: r[0].evaluation.do_text if r[0].evaluation else ""
    ),
    Column(
        "check",
        gettext_lazy("Check（点検・評価）"),
        lambda r: r[0].evaluation.check_text if r[0].evaluation else "",
    ),
    Column(
        "action",
        gettext_lazy("Action（改善）"),
        lambda r: r[0].evaluation.action_text if r[0].evaluation else "",
    ),
]


def progress_export(request, fy: int, fmt: str):
    if fmt not in FORMATS:
        raise Http404
    fy, _years = _year(request, fy)
    rows = [(row, target) for row in selectors.year_progress(fy) for target in row.targets]
    return export_response(rows, EXPORT_COLUMNS, fmt, _("計画の進捗_%(fy)s年度") % {"fy": fy}, request=request, personal=False)


def item_detail(request, pk: int):
    item = selectors.get_item(pk)
    row = selectors.item_progress(item)
    is_staff = can(request.user, "staff_pages")
    targets = [(t, charts.line_chart(t, item.active_months)) for t in row.targets]
    return render(
        request,
        "plans/item.html",
        {
            "row": row,
            "item": row.item,
            "targets": targets,
            "fy_label": fiscal_year_label(item.fiscal_year),
            "months": selectors.FY_MONTHS,
            "is_staff": is_staff,
            "evaluation_form": EvaluationForm(instance=row.evaluation) if is_staff else None,
            "entry_form": ManualEntryForm() if is_staff else None,
            "extra_sections": hooks.item_sections(request, row.item),
        },
    )


@capability_required("staff_pages")
def evaluation_edit(request, pk: int):
    item = selectors.get_item(pk)
    form = EvaluationForm(request.POST or None, instance=getattr(item, "evaluation", None))
    if request.method == "POST" and form.is_valid():
        services.evaluation_save(
            item=item, **{k: form.cleaned_data[k] for k in services.EVALUATION_FIELDS}, by=request.user
        )
        messages.success(request, _("PDCA評価を保存しました。"))
        return redirect("plans:item", pk=item.pk)
    return render(
        request,
        "plans/evaluation_form.html",
        {"item": item, "form": form, "fy_label": fiscal_year_label(item.fiscal_year)},
    )


@capability_required("staff_pages")
def entry_create(request, pk: int):
    target = selectors.get_target(pk)
    note_only = metrics.get(target.metric_key) is not None  # the metric counts; staff add a note beside it
    form = ManualEntryForm(request.POST or None)
    if note_only:
        del form.fields["value"]
    def create(data):
        return services.manual_entry_create(
            target=target,
            entered_on=data["entered_on"],
            value=data.get("value"),
            note=data["note"],
            by=request.user,
        )

    if save_valid(request, form, create, success=_("実績を記録しました。")):
        return redirect("plans:item", pk=target.item_id)
    return render(
        request,
        "plans/entry_form.html",
        {"target": target, "item": target.item, "form": form, "note_only": note_only},
    )


@capability_required("staff_pages")
@pagecache.cached_per_person()
def report(request, fy: int):
    fy, _years = _year(request, fy)
    rows = reports.report_rows(selectors.year_progress(fy))
    return render(request, "plans/report.html", {"fy": fy, "fy_title": selectors.fy_title(fy), "rows": rows})


@capability_required("staff_pages")
def report_xlsx(request, fy: int):
    fy, _years = _year(request, fy)
    title = selectors.fy_title(fy)
    content = reports.report_xlsx(title, reports.report_rows(selectors.year_progress(fy)))
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(
        True, _("事業報告_%(fy)s年度.xlsx") % {"fy": fy}
    )
    return response


@capability_required("staff_pages")
@require_POST
def copy_year(request):
    years = selectors.plan_years()
    form = CopyYearForm(request.POST, years=selectors.year_choices(years))
    if form.is_valid():
        try:
            created = services.copy_year(from_fy=form.cleaned_data["from_fy"], by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("%(n)s件の項目を翌年度にコピーしました。") % {"n": len(created)})
            return redirect(f"{_progress_url()}?fy={form.cleaned_data['from_fy'] + 1}")
    return redirect(_progress_url())


def _progress_url() -> str:
    return reverse("plans:progress")
