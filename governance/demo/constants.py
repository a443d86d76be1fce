"""Values every part of the demo loader shares."""

from zoneinfo import ZoneInfo

TZ = ZoneInfo("Europe/Amsterdam")
# The change reason on every history row the demo writes.
REASON = "Demodata"
