"""Every interface string has its Simplified Chinese wording, and the committed .mo matches the .po."""

from pathlib import Path

import polib
from django.conf import settings

PO = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def test_every_string_is_translated():
    po = polib.pofile(str(PO))
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert not untranslated and not fuzzy, f"run `make messages`: {untranslated + fuzzy}"


def test_compiled_catalogue_matches_the_sources():
    po = {(e.msgid, e.msgstr or e.msgstr_plural.get(0, "")) for e in polib.pofile(str(PO)).translated_entries()}
    mo = {(e.msgid, e.msgstr or e.msgstr_plural.get(0, "")) for e in polib.mofile(str(MO))}
    assert po <= mo, f"locale .mo is stale; run `make messages`: {sorted(po - mo)[:5]}"
