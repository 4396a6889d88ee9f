from django.utils.functional import SimpleLazyObject


def background(request):
    """`background` for the freshness stamps: read (one query) only by a page that shows a stamp."""
    from .selectors import background_state

    return {"background": SimpleLazyObject(background_state)}
