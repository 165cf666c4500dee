#!/usr/bin/env bash
# Runs one ioc-wall screen on a kiosk PC or a Raspberry Pi: Chromium full screen on the screen's
# address, quiet (no first-run pages, infobars, translate offers or "restore pages?" bubble after a
# power cut), the display never blanking, and the browser started again whenever it exits.
#
#   scripts/kiosk/launch-kiosk.sh http://ioc.langson.local:8080/wall/led-dong-kinh
#   scripts/kiosk/launch-kiosk.sh "http://10.0.0.5:8080/wall/main?token=iocs_…"   # internal screen, once
#
# Environment:
#   IOC_KIOSK_PROFILE   browser profile folder (default ~/.config/ioc-kiosk); keeps the screen's
#                       token, its service worker and its offline data across reboots
#   IOC_KIOSK_BROWSER   the browser to run (default: chromium, chromium-browser or google-chrome)
#   IOC_KIOSK_WAIT      seconds to wait for the server before the first start (default 60)
#   IOC_KIOSK_EXTRA     extra browser flags, space-separated
set -u

url="${1:-}"
if [[ -z "$url" || ! "$url" =~ ^https?://[^/]+/wall/[a-z0-9][a-z0-9-]*  ]]; then
  echo "cách dùng / usage: $0 http(s)://<server>[:port]/wall/<screen-id>[?token=…]" >&2
  exit 64
fi
origin="$(printf '%s' "$url" | sed -E 's#^(https?://[^/]+).*#\1#')"
profile="${IOC_KIOSK_PROFILE:-$HOME/.config/ioc-kiosk}"
wait_seconds="${IOC_KIOSK_WAIT:-60}"

browser="${IOC_KIOSK_BROWSER:-}"
if [[ -z "$browser" ]]; then
  for candidate in chromium chromium-browser google-chrome google-chrome-stable; do
    if command -v "$candidate" >/dev/null 2>&1; then browser="$candidate"; break; fi
  done
fi
if [[ -z "$browser" ]]; then
  echo "không tìm thấy Chromium / Chromium not found: apt-get install chromium (Raspberry Pi OS: chromium-browser)" >&2
  exit 69
fi

log() { printf '%s ioc-kiosk: %s\n' "$(date '+%F %T')" "$*" >&2; }

# The display must never blank or power down (X11). Under Wayland (Raspberry Pi OS Bookworm's
# default) blanking is a system setting: raspi-config → Display Options → Screen Blanking → No.
keep_display_awake() {
  if [[ -n "${DISPLAY:-}" ]] && command -v xset >/dev/null 2>&1; then
    xset s off 2>/dev/null
    xset s noblank 2>/dev/null
    xset -dpms 2>/dev/null
  fi
}

# After a power cut Chromium remembers it "crashed" and offers to restore pages in a bubble over the
# screen. Tell it the last exit was clean before every start.
mark_clean_exit() {
  local prefs="$profile/Default/Preferences"
  [[ -f "$prefs" ]] || return 0
  sed -i -e 's/"exited_cleanly":[ ]*false/"exited_cleanly":true/g' \
         -e 's/"exit_type":[ ]*"[A-Za-z]*"/"exit_type":"Normal"/g' "$prefs"
}

# A first start needs the server once (the page, then its data are kept on this machine); later
# starts boot from what was kept, so do not wait long.
wait_for_server() {
  command -v curl >/dev/null 2>&1 || return 0
  local waited=0
  until curl -fs -m 3 -o /dev/null "$origin/api/v1/version" 2>/dev/null; do
    if (( waited >= wait_seconds )); then
      log "máy chủ chưa trả lời sau ${waited} s, vẫn mở / server not answering after ${waited} s, starting anyway"
      return 0
    fi
    sleep 3
    waited=$((waited + 3))
  done
}

flags=(
  --kiosk "--user-data-dir=$profile"
  --no-first-run --no-default-browser-check --noerrdialogs --disable-infobars
  --disable-session-crashed-bubble --hide-crash-restore-bubble
  --disable-translate "--disable-features=Translate,TranslateUI,MediaRouter,OverscrollHistoryNavigation,TouchpadOverscrollHistoryNavigation"
  --overscroll-history-navigation=0 --disable-pinch
  --disable-component-update --check-for-update-interval=31536000 --password-store=basic
  --autoplay-policy=no-user-gesture-required
  # A wall is always in front: never throttle its timers or its rendering.
  --disable-background-timer-throttling --disable-renderer-backgrounding --disable-backgrounding-occluded-windows
  # Service workers (offline boot, the watchdog) need a secure origin; a server on the city LAN
  # over plain HTTP is one for this screen only.
  "--unsafely-treat-insecure-origin-as-secure=$origin"
)
# shellcheck disable=SC2206
[[ -n "${IOC_KIOSK_EXTRA:-}" ]] && flags+=(${IOC_KIOSK_EXTRA})

mkdir -p "$profile"
keep_display_awake
wait_for_server

stopping=0
trap 'stopping=1; [[ -n "${pid:-}" ]] && kill "$pid" 2>/dev/null' INT TERM

delay=2
while (( ! stopping )); do
  mark_clean_exit
  keep_display_awake
  started=$(date +%s)
  log "mở / starting $browser on $url"
  "$browser" "${flags[@]}" "$url" &
  pid=$!
  wait "$pid"
  code=$?
  pid=""
  (( stopping )) && break
  # A browser that dies at once again and again is not helped by hammering it: back off to a minute.
  if (( $(date +%s) - started > 60 )); then delay=2; else delay=$(( delay * 2 > 60 ? 60 : delay * 2 )); fi
  log "Chromium thoát (mã $code), mở lại sau ${delay} s / exited with $code, restarting in ${delay} s"
  sleep "$delay"
done
log "dừng / stopped"
