"""The scheduled jobs: name, schedule and function. A job function takes the engine and
the time it runs for, does its work in its own sessions, and returns counts to show."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from complaint_console.settings import get_settings

JobFunc = Callable[[sa.Engine, datetime], dict[str, int]]


@dataclass(frozen=True)
class Job:
    name: str
    label_key: str
    func: JobFunc
    every: timedelta | None = None  # an interval job, or
    cron: dict = field(default_factory=dict)  # a cron job in BUSINESS_TZ (e.g. day_of_week="mon", hour=6)
    catch_up: bool = False  # run at start when its last scheduled time passed without a run

    def trigger(self) -> BaseTrigger:
        settings = get_settings()
        tz = ZoneInfo(settings.business_tz)
        if self.every is not None:
            return IntervalTrigger(seconds=settings.jobs_tick_seconds or int(self.every.total_seconds()), timezone=tz)
        return CronTrigger(timezone=tz, **self.cron)

    def previous_fire(self, now: datetime) -> datetime | None:
        """The latest scheduled time at or before `now` (None for interval jobs: always due)."""
        if self.every is not None:
            return None
        trigger, fire, last = self.trigger(), None, None
        start = now - timedelta(days=8)
        fire = trigger.get_next_fire_time(None, start)
        while fire is not None and fire <= now:
            last = fire
            fire = trigger.get_next_fire_time(fire, fire + timedelta(seconds=1))
        return last

    def schedule_text(self, lang: str = "en") -> str:
        """When the job runs, in words: "every 30 s", "every Monday at 06:00 (Asia/Shanghai)", "每天 08:00…"."""
        from complaint_console.i18n.catalogue import translate

        if self.every is not None:
            return translate("jobs_admin.every_seconds", lang).format(n=int(self.every.total_seconds()))
        at = f"{int(self.cron.get('hour', 0)):02d}:{int(self.cron.get('minute', 0)):02d}"
        tz = get_settings().business_tz
        if "day_of_week" in self.cron:
            day = translate(f"weekday.{self.cron['day_of_week']}", lang)
            return translate("jobs_admin.weekly", lang).format(day=day, time=at, tz=tz)
        return translate("jobs_admin.daily", lang).format(time=at, tz=tz)
