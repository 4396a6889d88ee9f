"""Pages of the policy library: search and read (everyone with a post, phone first), publish, edit, withdraw and
restore (the offices of the document's region). Files are served here after the scope check, never from a URL."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from regions.scoping import can_manage
from regions.views_base import paginate, service_errors_on_form

from . import services
from .forms import PolicyForm, PolicySearchForm
from .selectors import (
    can_publish,
    policy_detail,
    policy_for_change,
    policy_list,
    policy_regions,
    publishing_regions,
    source_choices,
)
from .uploads import CONTENT_TYPES, PolicyUploadLimitHandler, too_large_message

FORM_FIELDS = ("title", "issuing_body", "issued_on", "category", "region", "summary", "keywords", "body")


@login_required
def policy_list_page(request):
    """The library: search by words, filter by category and region, newest first."""
    form = PolicySearchForm(request.GET or None, regions=policy_regions(fetched_by=request.user))
    page, query = paginate(request, policy_list(fetched_by=request.user, **form.filters()), settings.ROSTER_PAGE_SIZE)
    return render(request, "policies/list.html", {
        "form": form, "page": page, "query": query, "can_publish": can_publish(request.user),
        "searching": bool(form.filters() and any(form.filters().values()))})


@login_required
def policy_detail_page(request, pk: int):
    document = policy_detail(fetched_by=request.user, pk=pk)
    paragraphs = [part.strip() for part in document.body.replace("\r\n", "\n").split("\n") if part.strip()]
    return render(request, "policies/detail.html", {
        "document": document, "paragraphs": paragraphs,
        "can_manage": can_manage(request.user, document)})


@login_required
def policy_file_download(request, pk: int):
    """The document's file, after the scope check."""
    document = policy_detail(fetched_by=request.user, pk=pk)
    if not document.file:
        raise Http404
    return policy_file_response(document)


def policy_file_response(document) -> FileResponse:
    """The file as an attachment, typed by the format its content was checked to be, never rendered in the page."""
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(handle, as_attachment=True, filename=document.file_name or document.file.name,
                            content_type=CONTENT_TYPES.get(document.file_kind, "application/octet-stream"))
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


def _file_help() -> str:
    return _("PDF, OFD, Word, Excel or plain text, at most %(limit)s MB.") % {"limit": settings.POLICY_UPLOAD_MAX_MB}


def _form(request, *, data=None, files=None, initial=None, exclude_pk=None):
    return PolicyForm(data, files, initial=initial, regions=publishing_regions(fetched_by=request.user),
                      sources=source_choices(fetched_by=request.user, exclude_pk=exclude_pk), file_help=_file_help())


def _parse_upload(request) -> bool:
    """Read the POST with the size-limit handler first (before the CSRF check reads it); True when it refused a file.

    A request whose other fields pass Django's DATA_UPLOAD_MAX_MEMORY_SIZE raises RequestDataTooBig, which the
    caller answers with the form and the size message (there is no CSRF token to check in an unread body).
    """
    request.upload_handlers.insert(0, PolicyUploadLimitHandler(request))
    request.POST  # noqa: B018 (parses the body now, through the handler)
    return getattr(request, "policy_upload_too_large", False)


def _unreadable(request, document=None):
    """The form again with the size message, for a body too large to read; nothing was read or saved."""
    form = _form(request, exclude_pk=document.pk if document else None)
    form.errors["file"] = form.error_class([too_large_message()])
    return render(request, "policies/form.html", {"form": form, "document": document}, status=413)


def _save_form(request, form, too_large: bool, save):
    """Validate, call the service, turn its errors into form errors; the document on success, else None."""
    if too_large:
        form.is_valid()
        form.add_error("file", too_large_message())
        return None
    if not form.is_valid():
        return None
    data = form.cleaned_data
    try:
        return save(data)
    except ValidationError as error:
        service_errors_on_form(form, error)
        return None


@csrf_exempt
@login_required
def policy_create_page(request):
    """Publish a document: the form on a phone, the service judges (csrf_protect runs after the upload handler)."""
    try:
        too_large = _parse_upload(request) if request.method == "POST" else False
    except RequestDataTooBig:
        if not can_publish(request.user):
            raise PermissionDenied from None
        return _unreadable(request)
    return _policy_create(request, too_large)


@csrf_protect
def _policy_create(request, too_large: bool):
    if not can_publish(request.user):
        raise PermissionDenied
    if request.method != "POST":
        return render(request, "policies/form.html", {"form": _form(request), "document": None})
    form = _form(request, data=request.POST, files=request.FILES)

    def save(data):
        return services.policy_publish(actor=request.user, file=data["file"], sources=data["sources"],
                                       **{field: data[field] for field in FORM_FIELDS})

    document = _save_form(request, form, too_large, save)
    if document is None:
        return render(request, "policies/form.html", {"form": form, "document": None})
    messages.success(request, _("Published: %(title)s.") % {"title": document.title})
    return redirect("policies:detail", document.pk)


@csrf_exempt
@login_required
def policy_edit_page(request, pk: int):
    try:
        too_large = _parse_upload(request) if request.method == "POST" else False
    except RequestDataTooBig:
        return _unreadable(request, policy_for_change(fetched_by=request.user, pk=pk))
    return _policy_edit(request, pk, too_large)


@csrf_protect
def _policy_edit(request, pk: int, too_large: bool):
    document = policy_for_change(fetched_by=request.user, pk=pk)
    if request.method != "POST":
        initial = {field: getattr(document, field) for field in FORM_FIELDS}
        initial["sources"] = list(document.sources.values_list("pk", flat=True))
        form = _form(request, initial=initial, exclude_pk=document.pk)
        return render(request, "policies/form.html", {"form": form, "document": document})
    form = _form(request, data=request.POST, files=request.FILES, exclude_pk=document.pk)

    def save(data):
        return services.policy_update(actor=request.user, document=document, file=data["file"],
                                      remove_file=data["remove_file"], sources=data["sources"],
                                      **{field: data[field] for field in FORM_FIELDS})

    saved = _save_form(request, form, too_large, save)
    if saved is None:
        return render(request, "policies/form.html", {"form": form, "document": document})
    messages.success(request, _("Saved: %(title)s.") % {"title": saved.title})
    return redirect("policies:detail", saved.pk)


def _action(request, pk: int, service, done: str):
    document = policy_for_change(fetched_by=request.user, pk=pk)
    try:
        service(actor=request.user, document=document)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done % {"title": document.title})
    return redirect("policies:detail", document.pk)


@login_required
@require_POST
def policy_withdraw_action(request, pk: int):
    return _action(request, pk, services.policy_withdraw, _("Withdrawn: %(title)s. Officers no longer see it."))


@login_required
@require_POST
def policy_restore_action(request, pk: int):
    return _action(request, pk, services.policy_restore, _("Back in the library: %(title)s."))
