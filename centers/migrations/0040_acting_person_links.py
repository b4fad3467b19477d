# The registration's cancel link, the feedback link, a pilot school's results link and a returned application's
# resubmission link now carry opaque tokens too (centers.privacy.person_links): four new purposes.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("centers", "0039_library_words_after_upgrades"),
    ]

    operations = [
        migrations.AlterField(
            model_name="personlink",
            name="purpose",
            field=models.CharField(
                choices=[
                    ("record", "a teacher's record"),
                    ("confirm_subscription", "confirming a subscription"),
                    ("unsubscribe", "unsubscribing"),
                    ("confirm_registration", "confirming a registration"),
                    ("cancel_registration", "cancelling a registration"),
                    ("feedback", "feedback on a meeting"),
                    ("pilot_result", "a pilot school's results"),
                    ("application_revision", "resubmitting a returned application"),
                ],
                max_length=40,
                verbose_name="purpose",
            ),
        ),
    ]
