"""The enterprise roster as a spreadsheet, in the roster page's order and under its filters."""

from django.utils.translation import gettext_lazy as _

from spreadsheets.lists import ExportColumn, ListExport

ENTERPRISE_ROSTER_EXPORT = ListExport(title=_("Enterprises"), columns=(
    ExportColumn(_("Name"), lambda e: e.name, width=34),
    ExportColumn(_("Unified social credit code"), lambda e: e.credit_code or "", width=22),
    ExportColumn(_("Region"), lambda e: e.region.name, width=12),
    ExportColumn(_("Kind"), lambda e: e.get_kind_display(), width=10),
    ExportColumn(_("Industry"), lambda e: e.get_industry_display(), width=18),
    ExportColumn(_("Size class"), lambda e: e.get_size_class_display(), width=10),
    ExportColumn(_("Key enterprise"), lambda e: _("Yes") if e.is_key else "", width=8),
    ExportColumn(_("Contact person"), lambda e: e.contact_name, width=10),
    ExportColumn(_("Contact phone"), lambda e: e.contact_phone, width=14),
    ExportColumn(_("Address"), lambda e: e.address, width=30),
    ExportColumn(_("Officers"), lambda e: e.active_officer_count, width=8),
))
