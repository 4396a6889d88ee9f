from django.core.management.base import BaseCommand

from regions.models import Region
from regions.services import region_tree_load


class Command(BaseCommand):
    help = "Load Hunan's region tree (province, cities, counties, industrial parks); safe to run again."

    def handle(self, *args, **options):
        created = region_tree_load()
        self.stdout.write(f"regions: {created} created, {Region.objects.count()} in total")
