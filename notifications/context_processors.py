from django.utils.functional import SimpleLazyObject


def unread(request):
    """`unread_notices` for the header's badge: one COUNT, run only when a page shows the badge, once per request."""
    from .selectors import unread_notice_count

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notices": 0}
    return {"unread_notices": SimpleLazyObject(lambda: unread_notice_count(user=user))}
