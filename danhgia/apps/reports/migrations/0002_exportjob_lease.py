from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="exportjob", name="lease_until", field=models.DateTimeField(blank=True, null=True)
        ),
        migrations.AddField(
            model_name="exportjob", name="attempts", field=models.PositiveSmallIntegerField(default=0)
        ),
    ]
