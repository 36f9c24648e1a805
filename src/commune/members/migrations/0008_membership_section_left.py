"""Who left a section since an instant, in one index range (a recall petition's lost
signatures)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('communes', '0002_own_tables'),
        ('members', '0007_people_unique_per_commune'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='membership',
            index=models.Index(fields=['section', 'ended_at'], name='membership_section_left'),
        ),
    ]
