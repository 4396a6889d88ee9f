from django import forms
from django.contrib import admin
from django.forms.models import construct_instance

from regions.admin_base import ScopedAdmin

from .batch import BatchResult
from .models import Enterprise
from .services import OPTIONAL_FIELDS, EnterpriseRow, enterprise_create, enterprise_update, enterprises_upsert


class RosterServiceForm(forms.ModelForm):
    """The admin form of a roster record: the roster service's dry run judges it (the rules and messages of the
    import and the API); the model's own validation is not run a second time, and the admin saves through the
    service (RosterServiceAdmin.save_model)."""

    def check(self, data: dict) -> BatchResult:
        raise NotImplementedError

    def clean(self):
        data = super().clean()
        if not self.errors:
            for error in self.check(data).errors:
                self.add_error(error.field if error.field in self.fields else None, error.message)
        return data

    def _post_clean(self):
        self.instance = construct_instance(self, self.instance, self._meta.fields, self._meta.exclude)


class RosterServiceAdmin(ScopedAdmin):
    """Adds and changes go through the roster services: `row_check` is their dry run, `row_save` the write."""

    def row_check(self, request, current, data: dict) -> BatchResult:
        raise NotImplementedError

    def row_save(self, request, current, data: dict):
        raise NotImplementedError

    def current(self, obj):
        """The row as stored (the form changes `obj` in place before it is saved)."""
        return None if obj is None or obj.pk is None else type(obj).objects.get(pk=obj.pk)

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = RosterServiceForm
        form_class = super().get_form(request, obj, change=change, **kwargs)
        model_admin, current = self, self.current(obj)

        def check(form, data):
            return model_admin.row_check(request, current, data)

        return type(form_class.__name__, (form_class,), {"check": check})

    def save_model(self, request, obj, form, change):
        saved = self.row_save(request, self.current(obj) if change else None, form.cleaned_data)
        obj.pk = saved.pk
        obj._state.adding = False


@admin.register(Enterprise)
class EnterpriseAdmin(RosterServiceAdmin):
    list_display = ("name", "credit_code", "kind", "region", "industry", "size_class", "is_key")
    list_filter = ("kind", "size_class", "is_key", "industry", "region__level")
    search_fields = ("name", "credit_code", "contact_name")
    list_select_related = ("region",)
    raw_id_fields = ("region",)

    def row_check(self, request, current, data):
        row = EnterpriseRow(region=data.get("region"), name=data.get("name", ""), credit_code=data.get("credit_code"),
                            values={key: data[key] for key in OPTIONAL_FIELDS if key in data}, enterprise=current)
        return enterprises_upsert(actor=request.user, rows=[row], dry_run=True, create_only=current is None)

    def row_save(self, request, current, data):
        if current is None:
            return enterprise_create(actor=request.user, **data)
        return enterprise_update(actor=request.user, enterprise=current, **data)
