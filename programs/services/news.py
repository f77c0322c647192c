"""Writes for news articles and newsletter issues (ぼらんてぃあ倶楽部), audited field by field."""

from django.db import transaction

from config.core import audit

from ..models import NewsArticle, NewsletterIssue

ARTICLE_FIELDS = ["title", "body", "published_on", "is_published"]
ISSUE_FIELDS = ["number", "title", "issued_on", "pdf", "is_published"]


def article_save(*, article: NewsArticle, by) -> NewsArticle:
    before = audit.snapshot(NewsArticle.objects.get(pk=article.pk), ARTICLE_FIELDS) if article.pk else {}
    article.full_clean()
    with transaction.atomic():
        if not article.pk:
            article.created_by = by
        article.save()
        audit.record_changes(
            actor=by, action="news_save", instance=article, before=before, fields=ARTICLE_FIELDS
        )
    return article


def issue_save(*, issue: NewsletterIssue, by) -> NewsletterIssue:
    before = audit.snapshot(NewsletterIssue.objects.get(pk=issue.pk), ISSUE_FIELDS) if issue.pk else {}
    issue.full_clean()
    with transaction.atomic():
        issue.save()
        audit.record_changes(
            actor=by, action="newsletter_save", instance=issue, before=before, fields=ISSUE_FIELDS
        )
    return issue
