"""/admin/jobs says when each job runs in words, in both languages, not as cron fields."""

from complaint_console.jobs import delivery, digest, rollup
from complaint_console.states.admin_jobs import _counts_text


def test_schedules_in_words():
    assert delivery.JOB.schedule_text("en") == "every 30 s" and delivery.JOB.schedule_text("zh") == "每 30 秒"
    assert rollup.JOB.schedule_text("en") == "every Monday at 06:00 (Asia/Shanghai)"
    assert rollup.JOB.schedule_text("zh") == "每周一 06:00（Asia/Shanghai）"
    assert digest.JOB.schedule_text("zh") == "每天 08:00（Asia/Shanghai）"
    assert "=" not in rollup.JOB.schedule_text("en")


def test_what_a_run_did_in_words():
    assert _counts_text({"sent": 3, "closed": 0}, "zh") == "已发送 3 · 已关闭 0"
    assert _counts_text({"weeks_frozen": 1, "new_thing": 2}, "en") == "weeks frozen 1 · new_thing 2"
