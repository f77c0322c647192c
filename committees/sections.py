"""The members' comments section of a plan item's page, registered with plans.hooks (plans never imports us)."""

from django.template.loader import render_to_string

from . import selectors
from .forms import AnswerForm, CommentForm


def plan_item_comments_section(request, item) -> str:
    """Comments for members and staff; nothing at all for the public."""
    if not selectors.can_see_unpublished(request.user):
        return ""
    return render_to_string(
        "committees/_plan_item_comments.html",
        {
            "item": item,
            "comments": selectors.item_comments(item.pk),
            "form": CommentForm(),
            "answer_form": AnswerForm(),
        },
        request=request,
    )
