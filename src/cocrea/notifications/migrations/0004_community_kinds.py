from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0003_more_kinds"),
    ]

    operations = [
        migrations.AlterField(
            model_name="notification",
            name="kind",
            field=models.CharField(
                choices=[
                    ("status_changed", "Status changed"),
                    ("new_comment", "New comment"),
                    ("comment_reply", "Reply to your comment"),
                    ("idea_merged", "Idea merged"),
                    ("content_hidden", "Content hidden by a moderator"),
                    ("tier_promoted", "New tier reached"),
                    ("badge_awarded", "Badge awarded"),
                    ("reward_granted", "Reward received"),
                    ("answer_posted", "New answer to your question"),
                    ("answer_helpful", "Answer marked helpful"),
                    ("panel_invited", "Invitation to a co-creation panel"),
                ],
                max_length=20,
            ),
        ),
    ]
