import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("evaluation", "0003_explanations_in_english"),
        ("registry", "0005_observation_pending_approval"),
    ]

    operations = [
        migrations.CreateModel(
            name="IndicatorRollup",
            fields=[
                ("indicator", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True,
                                                   related_name="+", serialize=False, to="registry.indicator")),
                ("province_id", models.IntegerField(blank=True, null=True)),
                ("periods", models.JSONField(default=dict)),
                ("updated_at", models.DateTimeField()),
            ],
            options={
                "verbose_name": "tổng hợp chỉ số theo kỳ",
                "verbose_name_plural": "tổng hợp chỉ số theo kỳ",
            },
        ),
    ]
