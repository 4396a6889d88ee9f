"""The pages' share of region scoping: views declare a selector or model, the mixin narrows to scope."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet

from .scoping import get_visible_or_404


class ScopedDetailMixin(LoginRequiredMixin):
    """Detail pages: the object comes from Model.objects.visible_to(user); outside scope is a 404."""

    model = None

    def get_base_queryset(self) -> QuerySet:
        return self.model.objects.all()

    def get_object(self):
        return get_visible_or_404(self.get_base_queryset(), self.request.user, pk=self.kwargs["pk"])


def service_errors_on_form(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: per field where the form has that field, else on top."""
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error.messages)


def form_submit(form, call) -> bool:
    """Validate the form and call the service with its cleaned data; True when it saved, else the service's
    refusal is on the form."""
    if not form.is_valid():
        return False
    try:
        call(form.cleaned_data)
    except ValidationError as error:
        service_errors_on_form(form, error)
        return False
    return True


class _CountedPaginator(Paginator):
    """A paginator told its row count by a query the page ran anyway, so that it does not count the rows again."""

    def __init__(self, *args, count: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.__dict__["count"] = count  # Paginator.count is a cached_property: fill its cache


def paginate(request, queryset, per_page: int, *, count: int | None = None):
    """One page of a list and the query string without the page number, for the pager links. `count`, when the
    caller already knows how many rows `queryset` has, spares the paginator's COUNT query."""
    paginator = Paginator(queryset, per_page) if count is None else _CountedPaginator(queryset, per_page, count=count)
    page = paginator.get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return page, params.urlencode()
