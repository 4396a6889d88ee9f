from django.db import connection

from regions.models import Region


def test_subtree_lookup_uses_an_index_on_postgres(regions, require_postgres):
    queryset = Region.objects.filter(path__startswith=regions.changsha.path).values("id")
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Index" in plan and "path" in plan, plan
