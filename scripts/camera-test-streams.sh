#!/bin/sh
# A local test stream for config/dashboards/cameras.yaml: ffmpeg's test pattern as a live HLS
# stream (1 s segments), served at http://127.0.0.1:8888/cameras/<any id>/index.m3u8 with CORS.
# Stop it with Ctrl-C. Needs ffmpeg and python3.
set -eu
dir=$(mktemp -d)
mkdir -p "$dir/live"
trap 'kill 0; rm -rf "$dir"' INT TERM EXIT
ffmpeg -loglevel error -re -f lavfi -i "testsrc=size=640x360:rate=15" -c:v libx264 -preset ultrafast \
  -tune zerolatency -g 15 -pix_fmt yuv420p -f hls -hls_time 1 -hls_list_size 6 \
  -hls_flags delete_segments "$dir/live/index.m3u8" &
cd "$dir"
python3 - <<'PY'
import http.server, os
class Handler(http.server.SimpleHTTPRequestHandler):
    def translate_path(self, path):
        # /cameras/<id>/<file> → live/<file>: every camera shows the same test pattern.
        parts = path.split('?')[0].split('/')
        return os.path.join(os.getcwd(), 'live', parts[-1]) if path.startswith('/cameras/') else '/nonexistent'
    def end_headers(self):
        self.send_header('Access-Control-Allow-Origin', '*')
        self.send_header('Cache-Control', 'no-cache')
        super().end_headers()
print('camera test streams: http://127.0.0.1:8888/cameras/<id>/index.m3u8')
http.server.ThreadingHTTPServer(('127.0.0.1', 8888), Handler).serve_forever()
PY
