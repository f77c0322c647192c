"""News (お知らせ) and the ぼらんてぃあ倶楽部 archive: public pages; staff edit both in the admin."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from config.core.uploads import PDF_TYPES, serve_upload

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
    return serve_upload(issue.pdf, types=PDF_TYPES, download_name=f"volunteer-club-{issue.number}")


__all__ = ["NewsArticle", "news_detail", "news_index", "newsletter_index", "newsletter_pdf"]
