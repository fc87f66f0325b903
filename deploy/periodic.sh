#!/bin/sh
# The systemd timers' schedule for a container platform (compose's "periodic" service):
# worker_heartbeat every minute, stations_tick and careers_tick every 5 minutes, housing_tick every 15 minutes, ledger_remind at 08:30,
# community_remind at 18:00, ledger_live_snapshot at 23:50 and clearsessions at 03:10 (Asia/Shanghai). One process,
# no cron daemon; a failed run is logged and retried at its next slot.
set -u
export TZ=Asia/Shanghai
last_day_remind="" last_day_events="" last_day_sessions="" last_day_snapshot=""
while :; do
  now_min=$(date +%M) now_hm=$(date +%H:%M) today=$(date +%F)
  youthcity worker_heartbeat || echo "periodic: worker_heartbeat failed" >&2
  if [ $((10#$now_min % 5)) -eq 0 ]; then youthcity stations_tick || echo "periodic: stations_tick failed" >&2; fi
  if [ $((10#$now_min % 5)) -eq 0 ]; then youthcity careers_tick || echo "periodic: careers_tick failed" >&2; fi
  if [ $((10#$now_min % 15)) -eq 0 ]; then youthcity housing_tick || echo "periodic: housing_tick failed" >&2; fi
  if [ "$now_hm" \> "08:29" ] && [ "$last_day_remind" != "$today" ]; then
    youthcity ledger_remind && last_day_remind=$today || echo "periodic: ledger_remind failed" >&2
  fi
  if [ "$now_hm" \> "23:49" ] && [ "$last_day_snapshot" != "$today" ]; then
    youthcity ledger_live_snapshot && last_day_snapshot=$today || echo "periodic: ledger_live_snapshot failed" >&2
  fi
  if [ "$now_hm" \> "17:59" ] && [ "$last_day_events" != "$today" ]; then
    youthcity community_remind && last_day_events=$today || echo "periodic: community_remind failed" >&2
  fi
  if [ "$now_hm" \> "03:09" ] && [ "$last_day_sessions" != "$today" ]; then
    youthcity clearsessions && last_day_sessions=$today || echo "periodic: clearsessions failed" >&2
  fi
  sleep $((60 - $(date +%-S)))
done
