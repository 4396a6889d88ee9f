"""django-import-export resources that write a checked roster file in bulk.

They receive clean rows (model values, foreign keys as ids) from roster_import.checks, which has already applied
every rule with set-based queries, so the resources only find existing rows by natural key and write:

- `use_bulk` with `batch_size` 1000: bulk_create / bulk_update in batches instead of a save() per row;
- `skip_diff`: no deepcopy and no HTML diff of every row; unchanged rows are still skipped (`skip_unchanged`), by
  comparing the imported fields with a snapshot taken when the existing instance is loaded;
- `report_skipped` off: a re-import of the same file reports 0 new, 0 changed and keeps no per-row results;
- existing rows are loaded by natural key in a few chunked queries (PreloadedInstanceLoader), never one per row;
  `force_init_instance` stays off because re-importing must find the rows it created the first time;
- `clean_model_instances` off: full_clean() per row would query the unique constraints row by row.
"""

from __future__ import annotations

from collections.abc import Callable

from import_export import fields, resources, widgets
from import_export.instance_loaders import BaseInstanceLoader

from enterprises.models import Enterprise
from officers.models import Assignment, Officer

from .checks import PROGRESS_EVERY, chunked
from .choices import RosterKind

BATCH_SIZE = 1000


class PreloadedInstanceLoader(BaseInstanceLoader):
    """Loads every existing row the dataset names, by natural key, in chunked queries before the first row."""

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        self.instances = resource.existing_instances(dataset)

    def get_instance(self, row):
        return self.instances.get(self.resource.row_key(row))


class BulkRosterResource(resources.ModelResource):
    natural_key: tuple[str, ...] = ()

    def __init__(self, *, actor=None, progress: Callable[[int], None] | None = None):
        super().__init__()
        self.actor = actor
        self.progress = progress
        self.rows_done = 0

    def row_key(self, row) -> tuple:
        return tuple(row[column] for column in self.natural_key)

    def existing_instances(self, dataset) -> dict[tuple, object]:
        raise NotImplementedError

    def _values(self, instance) -> tuple:
        return tuple(getattr(instance, field.attribute) for field in self.get_import_fields() if field.attribute)

    def after_init_instance(self, instance, new, row, **kwargs):
        if not new:
            instance._roster_before = self._values(instance)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        before = getattr(instance, "_roster_before", None)
        return before is not None and not import_validation_errors and before == self._values(instance)

    def after_import_row(self, row, row_result, **kwargs):
        self.rows_done += 1
        if self.progress is not None and self.rows_done % PROGRESS_EVERY == 0:
            self.progress(self.rows_done)


def _bulk_meta(model, field_names, id_fields):
    return type("Meta", (), {
        "model": model,
        "fields": field_names,
        "import_id_fields": id_fields,
        "instance_loader_class": PreloadedInstanceLoader,
        "use_bulk": True,
        "batch_size": BATCH_SIZE,
        "skip_diff": True,
        "skip_unchanged": True,
        "report_skipped": False,
        "force_init_instance": False,
        "clean_model_instances": False,
        "skip_html_diff": True,
    })


def _id_field(name: str) -> fields.Field:
    return fields.Field(attribute=f"{name}_id", column_name=name, widget=widgets.IntegerWidget())


class EnterpriseResource(BulkRosterResource):
    region = _id_field("region")
    natural_key = ("credit_code",)

    Meta = _bulk_meta(Enterprise, ("credit_code", "name", "region", "kind", "industry", "size_class", "is_key",
                                   "address", "contact_name", "contact_phone"), ("credit_code",))

    def existing_instances(self, dataset):
        found = {}
        for chunk in chunked(dataset["credit_code"] if dataset.height else []):
            found.update({(e.credit_code,): e for e in Enterprise.objects.filter(credit_code__in=chunk)})
        return found


class OfficerResource(BulkRosterResource):
    user = _id_field("user")
    backing_unit = _id_field("backing_unit")
    natural_key = ("user",)

    Meta = _bulk_meta(Officer, ("user", "name", "phone", "backing_unit", "title"), ("user",))

    def existing_instances(self, dataset):
        found = {}
        for chunk in chunked(dataset["user"] if dataset.height else []):
            found.update({(o.user_id,): o for o in Officer.objects.filter(user_id__in=chunk)})
        return found


class AssignmentResource(BulkRosterResource):
    officer = _id_field("officer")
    enterprise = _id_field("enterprise")
    managing_region = _id_field("managing_region")
    commanding_region = _id_field("commanding_region")
    start_date = fields.Field(attribute="start_date", column_name="start_date", widget=widgets.DateWidget())
    end_date = fields.Field(attribute="end_date", column_name="end_date", widget=widgets.DateWidget())
    natural_key = ("officer", "enterprise", "start_date")

    Meta = _bulk_meta(Assignment, ("officer", "enterprise", "start_date", "end_date", "managing_region",
                                   "commanding_region"), ("officer", "enterprise", "start_date"))

    def get_bulk_update_fields(self):
        return ["end_date", "managing_region"]

    def existing_instances(self, dataset):
        found = {}
        for chunk in chunked(set(dataset["officer"]) if dataset.height else []):
            for assignment in Assignment.objects.filter(officer_id__in=chunk):
                found[(assignment.officer_id, assignment.enterprise_id, assignment.start_date)] = assignment
        return found

    def before_save_instance(self, instance, row, **kwargs):
        if instance.pk is None:
            instance.created_by = self.actor


RESOURCES = {
    RosterKind.ENTERPRISES: EnterpriseResource,
    RosterKind.OFFICERS: OfficerResource,
    RosterKind.ASSIGNMENTS: AssignmentResource,
}
