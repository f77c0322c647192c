"""The staff pages of the import (取り込み): upload, preview, confirm. The work is in config.core.imports."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from . import imports
from .forms import ImportConfirmForm, ImportUploadForm
from .models import ImportLog
from .roles import capability_required


def _kinds():
    return [(i.kind, i.label) for i in imports.importers()]


@capability_required("personal_data")
def import_home(request):
    form = ImportUploadForm(kinds=_kinds(), initial={"kind": request.GET.get("kind", "")})
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES, kinds=_kinds())
        if form.is_valid():
            importer = imports.get_importer(form.cleaned_data["kind"])
            try:
                log = imports.preview_upload(
                    importer=importer, upload=form.cleaned_data["file"], by=request.user
                )
            except ValidationError as exc:
                form.add_error("file", exc)
            else:
                return redirect("core:import_preview", log.pk)
    logs = ImportLog.objects.select_related("created_by", "imported_by")[:20]
    labels = dict(_kinds())
    return render(
        request,
        "core/imports/home.html",
        {"form": form, "importers": imports.importers(), "logs": logs, "labels": labels},
    )


@require_GET
@capability_required("personal_data")
def import_template(request, kind):
    importer = imports.get_importer(kind)
    if importer is None:
        raise Http404
    return imports.template_response(importer)


@capability_required("personal_data")
def import_preview(request, pk):
    log = get_object_or_404(ImportLog, pk=pk)
    importer = imports.get_importer(log.kind)
    form = ImportConfirmForm()
    if request.method == "POST":
        form = ImportConfirmForm(request.POST)
        if form.is_valid():
            try:
                log = imports.import_file(
                    log=log,
                    by=request.user,
                    allow_partial=form.cleaned_data["allow_partial"],
                    report_progress=True,
                )
            except imports.PreviewChanged as exc:
                messages.warning(request, exc.messages[0])
                return redirect("core:import_preview", log.pk)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request,
                    _("取り込みました：新規 %(create)s件、更新 %(update)s件、変更なし %(skip)s件。")
                    % {"create": log.created_count, "update": log.updated_count, "skip": log.skipped_count},
                )
                return redirect("core:import_preview", log.pk)
    writing = log.preview.get("create", 0) + log.preview.get("update", 0)
    return render(
        request,
        "core/imports/preview.html",
        {
            "log": log,
            "importer": importer,
            "preview": log.preview,
            "form": form,
            "writing": writing,
            "estimate": imports.estimate_seconds(importer, log),
        },
    )


@require_POST
@capability_required("personal_data")
def import_cancel(request, pk):
    log = get_object_or_404(ImportLog, pk=pk)
    imports.discard(log=log, by=request.user)
    messages.info(request, _("取り込みをやめました。確認のために預かった内容は消しました。"))
    return redirect("core:import_home")


@require_GET
@capability_required("personal_data")
def import_progress(request, pk):
    """How far a running import has got, as JSON for static/js/import-progress.js to show beside the button."""
    log = get_object_or_404(ImportLog, pk=pk)
    response = JsonResponse(imports.progress_of(log))
    response["Cache-Control"] = "no-store"
    return response
