from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("access", "0002_rule_editor_role"),
    ]

    operations = [
        migrations.AlterField(
            model_name="roleassignment",
            name="role",
            field=models.CharField(
                choices=[
                    ("member", "party member / civil servant (own review)"),
                    ("secretary", "cell secretary / unit head"),
                    ("verifier", "advisory body (verification)"),
                    ("decider", "competent level (decision)"),
                    ("viewer", "organising committee (read only)"),
                    ("rule_editor", "rule editor (rule lab)"),
                    ("consultee", "consulted unit (writes the unit's opinion on a draft)"),
                    ("editorial", "editorial team (synthesis of a consultation)"),
                    ("administrator", "administrator"),
                ],
                max_length=16,
                verbose_name="role",
            ),
        ),
    ]
