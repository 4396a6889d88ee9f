from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from regions.views_base import form_submit

from .forms import NotificationSettingsForm
from .models import NotificationSettings
from .selectors import inbox, unread_notice_count
from .services import notice_open, notices_mark_all_read, notification_settings_update

INBOX_PAGE_SIZE = 25


@login_required
def inbox_page(request):
    """The user's own notices, newest first; unread ones stand out."""
    page = Paginator(inbox(user=request.user), INBOX_PAGE_SIZE).get_page(request.GET.get("page"))
    # The count is the header badge's too (this context wins over the context processor's lazy one).
    return render(request, "notifications/inbox.html", {"page": page, "notices": page.object_list,
                                                        "unread_notices": unread_notice_count(user=request.user)})


@login_required
def notice_open_page(request, pk: int):
    """Opening a notice reads it and follows its link (another's notice is a 404)."""
    notice = get_object_or_404(inbox(user=request.user), pk=pk)
    url = notice_open(user=request.user, notice=notice)
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure()):
        return redirect(url)
    return redirect("notifications:inbox")


@require_POST
@login_required
def mark_all_read_page(request):
    count = notices_mark_all_read(user=request.user)
    messages.success(request, _("%(count)d notices marked read.") % {"count": count})
    return redirect("notifications:inbox")


@login_required
def settings_page(request):
    """How the user is told: channels per event, quiet hours, the morning digest, the mobile number."""
    instance = NotificationSettings.objects.filter(user=request.user).first() or NotificationSettings(
        user=request.user)
    form = NotificationSettingsForm(request.POST or None, instance=instance)
    if request.method == "POST" and form_submit(form, lambda data: notification_settings_update(
            user=request.user, mobile=data["mobile"], channels=form.channels(), quiet_start=data["quiet_start"],
            quiet_end=data["quiet_end"], sms_digest=data["sms_digest"])):
        messages.success(request, _("Your notification settings are saved."))
        return redirect("notifications:settings")
    return render(request, "notifications/settings.html", {"form": form}, status=400 if form.errors else 200)
