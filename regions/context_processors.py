from .scoping import scope_for


def scope(request):
    """The signed-in user's scope, for the navigation (what menu entries to show)."""
    user = getattr(request, "user", None)
    return {"scope": scope_for(user) if user is not None else None}
