"""Each contribution's search vector kept on its row (compressed when it must be) rather than
apart in TOAST: a search ranks its results by reading each one's vector twice (the test for
every word, then the rank), and a vector in TOAST is looked up in another table each time.
At 20,000 contributions the ranking of a two-facet search's 412 results took 6 to 7 ms with
the vectors apart and 3 ms on the rows (bench/contributions.py).

Setting the storage changes only values written afterwards, so the vectors already saved are
written again (the same words: `|| ''` makes a new value, which the table then stores its
new way).
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("contributions", "0004_latest_decided_index"),
    ]

    operations = [
        migrations.RunSQL(
            [
                "ALTER TABLE contributions_contribution ALTER COLUMN search_vector SET STORAGE MAIN",
                "UPDATE contributions_contribution SET search_vector = search_vector || ''::tsvector "
                "WHERE search_vector IS NOT NULL",
            ],
            reverse_sql=[
                "ALTER TABLE contributions_contribution ALTER COLUMN search_vector SET STORAGE EXTENDED"
            ],
        ),
    ]
