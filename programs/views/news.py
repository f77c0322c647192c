"""News (お知らせ) and the ぼらんてぃあ倶楽部 archive: public pages; staff edit both in the admin."""

from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render

from config.core.uploads import content_type_of

from .. import selectors
from ..models import NewsArticle, NewsletterIssue


def news_index(request):
    page = Paginator(selectors.public_news(), 20).get_page(request.GET.get("page"))
    return render(request, "programs/news/index.html", {"page": page})


def news_detail(request, pk):
    article = get_object_or_404(selectors.public_news(), pk=pk)
    return render(request, "programs/news/detail.html", {"article": article})


def newsletter_index(request):
    years = selectors.newsletter_years()
    try:
        fy = int(request.GET.get("fy") or (years[0] if years else 0))
    except ValueError:
        fy = years[0] if years else 0
    return render(
        request,
        "programs/news/newsletter.html",
        {
            "years": years,
            "fy": fy,
            "issues": selectors.newsletter_archive(fy) if fy else [],
        },
    )


def newsletter_pdf(request, pk):
    issue = get_object_or_404(NewsletterIssue.objects.filter(is_published=True), pk=pk)
    if not issue.pdf:
        raise Http404
    handle = issue.pdf.open("rb")
    if content_type_of(handle.read(16)) != "application/pdf":
        raise Http404
    handle.seek(0)
    response = FileResponse(
        handle, content_type="application/pdf", filename=f"volunteer-club-{issue.number}.pdf"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


__all__ = ["NewsArticle", "news_detail", "news_index", "newsletter_index", "newsletter_pdf"]
