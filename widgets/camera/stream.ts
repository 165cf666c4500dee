/**
 * Opening one camera's stream in the tile's element. HLS through hls.js (loaded only here, on the
 * first HLS camera, never by a screen without one), or the browser's own HLS where it has no Media
 * Source Extensions (iPhone Safari); MJPEG in an `<img>`. Each reports progress and failure to
 * the tile's `SignalWatch`; nothing here throws into the page.
 */
import type { HlsConfig } from 'hls.js';
import type { StreamEvents, StreamHandle } from './signal';

/** Thrown when this browser can play no HLS: the tile falls back to the camera's MJPEG. */
export class NoHlsSupport extends Error {}

/** A camera is live or lost within seconds: few retries inside hls.js, the watch retries the rest. */
function quickPolicy(timeoutMs: number): HlsConfig['fragLoadPolicy'] {
  return {
    default: {
      maxTimeToFirstByteMs: timeoutMs,
      maxLoadTimeMs: timeoutMs * 2,
      timeoutRetry: { maxNumRetry: 1, retryDelayMs: 0, maxRetryDelayMs: 0 },
      errorRetry: { maxNumRetry: 1, retryDelayMs: 500, maxRetryDelayMs: 1000 },
    },
  };
}

const HLS_CONFIG: Partial<HlsConfig> = {
  // A wall shows the present: a short buffer, close to the live edge, no worker of a blob URL
  // needing a looser CSP than the map's.
  maxBufferLength: 8,
  backBufferLength: 4,
  liveSyncDurationCount: 2,
  lowLatencyMode: false,
  fragLoadPolicy: quickPolicy(8000),
  playlistLoadPolicy: quickPolicy(5000),
  manifestLoadPolicy: quickPolicy(5000),
};

function hasMse(): boolean {
  return typeof window !== 'undefined' && ('MediaSource' in window || 'ManagedMediaSource' in window);
}

/** Reports progress as the playback time advances; failure on error or end (a camera never ends). */
function watchVideo(video: HTMLVideoElement, events: StreamEvents): () => void {
  let last = -1;
  const onTime = () => {
    if (video.currentTime > last) {
      last = video.currentTime;
      events.progress();
    }
  };
  const onError = () => events.failed(video.error?.message || `media error ${video.error?.code ?? ''}`.trim());
  const onEnded = () => events.failed('ended');
  video.addEventListener('timeupdate', onTime);
  video.addEventListener('error', onError);
  video.addEventListener('ended', onEnded);
  return () => {
    video.removeEventListener('timeupdate', onTime);
    video.removeEventListener('error', onError);
    video.removeEventListener('ended', onEnded);
  };
}

function play(video: HTMLVideoElement, events: StreamEvents): void {
  video.muted = true; // muted video may start without a click (kiosks have no one to click)
  video.play().catch((error: unknown) => {
    // Replaced by the next attempt's source: not a failure of the camera.
    if (!(error instanceof DOMException && error.name === 'AbortError')) events.failed(String(error));
  });
}

export function openHls(video: HTMLVideoElement, url: string, events: StreamEvents): StreamHandle {
  let stopped = false;
  let destroy: (() => void) | null = null;
  const unwatch = watchVideo(video, events);
  if (hasMse()) {
    import('hls.js').then(
      ({ default: Hls }) => {
        if (stopped) return;
        if (!Hls.isSupported()) return events.failed('no-hls');
        const hls = new Hls(HLS_CONFIG);
        hls.on(Hls.Events.ERROR, (_event, data) => {
          if (data.fatal) events.failed(`${data.type}: ${data.details}`);
        });
        hls.loadSource(url);
        hls.attachMedia(video);
        destroy = () => hls.destroy();
        play(video, events);
      },
      () => events.failed('hls.js could not load'),
    );
  } else if (video.canPlayType('application/vnd.apple.mpegurl')) {
    video.src = url;
    play(video, events);
    destroy = () => {
      video.removeAttribute('src');
      video.load();
    };
  } else {
    unwatch();
    throw new NoHlsSupport('this browser plays no HLS');
  }
  return {
    stop() {
      stopped = true;
      unwatch();
      destroy?.();
      video.pause();
    },
  };
}

/**
 * MJPEG: the browser draws each part of the multipart answer; a broken stream fires `error`. A
 * picture that freezes without an error cannot be seen from here: only a closed one counts.
 */
export function openMjpeg(img: HTMLImageElement, url: string, events: StreamEvents): StreamHandle {
  const onError = () => events.failed('mjpeg error');
  img.addEventListener('error', onError);
  // A fresh address per attempt: the browser must not answer a retry from its cache.
  img.src = `${url}${url.includes('?') ? '&' : '?'}t=${Date.now()}`;
  const timer = setInterval(() => {
    if (img.naturalWidth > 0) events.progress();
  }, 1000);
  return {
    stop() {
      clearInterval(timer);
      img.removeEventListener('error', onError);
      img.removeAttribute('src');
    },
  };
}
