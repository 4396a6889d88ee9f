"""Signals of the enterprises app, for the apps above it that keep a copy of an enterprise's fields."""

from django.dispatch import Signal

# Sent by enterprises_upsert after it wrote enterprises whose region changed, with `moved`: {enterprise id: new
# region id}. Daily reports keep their enterprise's region and follow it (reports/signals.py).
enterprises_moved = Signal()
