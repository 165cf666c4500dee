/**
 * `npm run bench:soak`: does a screen's memory stay flat under load? Starts the server (simulator
 * off), opens a screen in headless Chromium, drives it with the domains' own event generators
 * through the batch ingest API at a high rate (an accelerated day: hundreds of events a second),
 * and samples the page's JS heap every few seconds over the DevTools protocol, after a forced
 * garbage collection. Prints heap over time and its slope after warm-up.
 *
 * The verdict comes from two heap snapshots (after warm-up, at the end): the JS heap's own
 * growth is mostly V8's optimised code for the first many minutes (it tiers up hot functions,
 * and levels off), which is not a leak; what must stay flat is everything else — objects,
 * strings, arrays, closures. Exits 1 when that grows faster than the tolerance, when the DOM
 * keeps growing, or on a page error. The largest growths by constructor are printed to start a
 * hunt from.
 *
 *   npm run bench:soak -- --minutes 3 --rate 800 --screen main --sample 10 --tolerance 0.25
 *   npm run bench:soak -- --screen led-dong-kinh --size 768x384
 */
import type { CDPSession } from 'playwright-core';
import { arg, cpuSeconds, ingestPoster, moderatorHeaders, startBenchServer } from './bench-support';
import { launchBrowser } from '../e2e/harness';
import { domains } from '../server/domains/index';
import { loadFixtures } from '../server/fixtures/fixtures';
import { seededRandom } from '../server/feeds/simulator/random';
import type { IngestEvent } from '../server/domains/domain';
import { dashboardTopics, loadConfig, loadWidgetManifests } from '../server/config/load-config';

const minutes = arg('minutes', 3);
const targetRate = arg('rate', 800);
const sampleSeconds = arg('sample', 10);
const screenId = arg('screen', 'main');
const size = arg('size', '1920x1080');
const warmupMinutes = arg('warmup', Math.min(1, minutes / 3));
/** MB per minute the JS objects (the heap without compiled code) may grow after warm-up. */
const toleranceMbPerMinute = arg('tolerance', 0.25);
/** DOM nodes per minute the page may gain after warm-up (widgets redraw; they must not pile up). */
const nodeTolerancePerMinute = arg('node-tolerance', 50);
const TICK_MS = 100;
const BATCH = 2000;

interface Sample {
  seconds: number;
  heapMb: number;
  nodes: number;
  listeners: number;
  events: number;
  /** JSON size of the topics the screen shows, as the server holds them: data that grows is not a leak. */
  dataKb: number;
}

/** Least-squares slope of y over x. */
function slope(points: ReadonlyArray<{ x: number; y: number }>): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((sum, p) => sum + p.x, 0) / n;
  const my = points.reduce((sum, p) => sum + p.y, 0) / n;
  const sxy = points.reduce((sum, p) => sum + (p.x - mx) * (p.y - my), 0);
  const sxx = points.reduce((sum, p) => sum + (p.x - mx) ** 2, 0);
  return sxx === 0 ? 0 : sxy / sxx;
}

async function heap(cdp: CDPSession): Promise<Pick<Sample, 'heapMb' | 'nodes' | 'listeners'>> {
  // Twice: the first pass may only free what the second can then reclaim.
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? Number.NaN;
  return {
    heapMb: metric('JSHeapUsedSize') / 1_048_576,
    nodes: metric('Nodes'),
    listeners: metric('JSEventListeners'),
  };
}

type HeapCensus = Map<string, { count: number; bytes: number }>;

/** A heap snapshot summed by kind and constructor (self sizes): enough to see what keeps growing. */
async function census(cdp: CDPSession): Promise<HeapCensus> {
  await cdp.send('HeapProfiler.collectGarbage');
  const chunks: string[] = [];
  const onChunk = (event: { chunk: string }) => chunks.push(event.chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  const snapshot = JSON.parse(chunks.join('')) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
    nodes: number[];
    strings: string[];
  };
  const fields = snapshot.snapshot.meta.node_fields;
  const kinds = snapshot.snapshot.meta.node_types[0];
  const [typeAt, nameAt, sizeAt] = [fields.indexOf('type'), fields.indexOf('name'), fields.indexOf('self_size')];
  const out: HeapCensus = new Map();
  for (let i = 0; i < snapshot.nodes.length; i += fields.length) {
    const kind = kinds[snapshot.nodes[i + typeAt]!]!;
    const name = ['object', 'closure', 'native', 'array'].includes(kind)
      ? snapshot.strings[snapshot.nodes[i + nameAt]!]!.slice(0, 70)
      : '';
    const key = name ? `${kind} ${name}` : kind;
    const entry = out.get(key) ?? { count: 0, bytes: 0 };
    entry.count++;
    entry.bytes += snapshot.nodes[i + sizeAt]!;
    out.set(key, entry);
  }
  return out;
}

/** Bytes of the JS objects in a census: not compiled code, not the renderer's own (native) objects. */
function objectBytes(census: HeapCensus): number {
  let bytes = 0;
  for (const [key, entry] of census) if (key !== 'code' && !key.startsWith('native ')) bytes += entry.bytes;
  return bytes;
}

function printCensusDiff(before: HeapCensus, after: HeapCensus): void {
  const rows = [...after].map(([key, now]) => {
    const then = before.get(key) ?? { count: 0, bytes: 0 };
    return { key, bytes: now.bytes - then.bytes, count: now.count - then.count };
  });
  rows.sort((a, b) => b.bytes - a.bytes);
  console.log(
    `\nheap snapshot diff (after warm-up → end), largest growth first:\n${pad('KB', 9)} ${pad('count', 8)}  kind and constructor`,
  );
  for (const row of rows.slice(0, 15))
    console.log(`${pad((row.bytes / 1024).toFixed(1), 9)} ${pad(row.count, 8)}  ${row.key}`);
}

const pad = (value: string | number, width: number) => String(value).padStart(width);
const clock = (seconds: number) => {
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
};

async function main(): Promise<void> {
  const [width, height] = size.split('x').map(Number) as [number, number];
  console.log(
    `soak: screen ${screenId} ${width}×${height}, ${minutes} min at ~${targetRate} events/s, heap sampled every ${sampleSeconds} s (warm-up ${Number(warmupMinutes.toFixed(2))} min)`,
  );
  const server = await startBenchServer();
  // The generators approve reports, which only a person may: post as a signed-in admin.
  const { post, close } = ingestPoster(server.url, 4, await moderatorHeaders(server));
  const postAll = async (events: IngestEvent[]) => {
    let accepted = 0;
    for (let i = 0; i < events.length; i += BATCH) {
      const chunk = events.slice(i, i + BATCH);
      if (await post(JSON.stringify(chunk))) accepted += chunk.length;
    }
    return accepted;
  };

  // The domains' own generators keep every lifecycle valid (a report is created before it is closed).
  const context = { fixtures: loadFixtures(), timeZone: 'Asia/Ho_Chi_Minh', now: Date.now };
  const random = seededRandom(20261128);
  const generators = domains.map((domain) => domain.createSimulator(context, random));
  const history = generators.flatMap((generator) => generator.seed(Date.now()));
  history.sort((a, b) => Number(new Date(a.time ?? 0)) - Number(new Date(b.time ?? 0)));
  const seeded = await postAll(history);
  console.log(`seeded ${seeded} events of history`);

  const browser = await launchBrowser();
  const page = await browser.newPage({ viewport: { width, height } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const url = server.screenUrl(screenId);
  await page.goto(url);
  await page.waitForFunction(
    () =>
      [...document.querySelectorAll('[data-widget-id]')].length > 0 &&
      [...document.querySelectorAll('[data-widget-id]')].every((el) => el.getAttribute('data-state') === 'live'),
    null,
    { timeout: 60_000 },
  );
  // The topics this screen's dashboard reads, to tell growing data from a leak.
  const config = await loadConfig();
  // A screen on a playlist has no single dashboard: the soak drives the main wall's.
  const dashboard = config.dashboards.get(config.screens.get(screenId)?.dashboard ?? 'main')!;
  const topics = [...dashboardTopics(dashboard, await loadWidgetManifests())];
  const token = /[?&]token=([^&]+)/.exec(url)?.[1];
  const dataKb = async () => {
    let bytes = 0;
    for (const topic of topics) {
      const response = await fetch(`${server.url}/api/v1/topics/${topic}`, {
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
      bytes += (await response.text()).length;
    }
    return bytes / 1024;
  };
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');

  // Drive: every tick, as many generator steps as keep the rate near the target.
  let sent = 0;
  let failed = 0;
  let factor = 1000;
  let driving = true;
  const started = performance.now();
  const cpuBefore = cpuSeconds(server.pid());
  const driver = (async () => {
    let windowStart = performance.now();
    let windowEvents = 0;
    while (driving) {
      const tickStart = performance.now();
      const now = Date.now();
      const events = generators.flatMap((generator) => generator.step(now, TICK_MS, factor));
      if (events.length > 0) {
        const ok = await post(JSON.stringify(events));
        if (ok) sent += events.length;
        else failed += events.length;
        windowEvents += events.length;
      }
      const elapsed = performance.now() - windowStart;
      if (elapsed >= 2000) {
        // Generators are random and not linear at every rate: steer the volume towards the target.
        const actual = (windowEvents * 1000) / elapsed;
        factor = Math.min(100_000, Math.max(10, factor * Math.min(2, Math.max(0.5, targetRate / Math.max(1, actual)))));
        windowStart = performance.now();
        windowEvents = 0;
      }
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, TICK_MS - (performance.now() - tickStart))));
    }
  })();

  const samples: Sample[] = [];
  console.log(
    `\n${pad('time', 6)} ${pad('heap MB', 9)} ${pad('data KB', 9)} ${pad('DOM nodes', 10)} ${pad('listeners', 10)} ${pad('events', 10)}`,
  );
  const end = started + minutes * 60_000;
  let censusBefore: { at: number; census: HeapCensus } | null = null;
  for (let next = started; next <= end; next += sampleSeconds * 1000) {
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - performance.now())));
    if (!censusBefore && performance.now() - started >= warmupMinutes * 60_000)
      censusBefore = { at: performance.now(), census: await census(cdp) };
    const sample = {
      seconds: (performance.now() - started) / 1000,
      events: sent,
      dataKb: await dataKb(),
      ...(await heap(cdp)),
    };
    samples.push(sample);
    console.log(
      `${pad(clock(sample.seconds), 6)} ${pad(sample.heapMb.toFixed(2), 9)} ${pad(sample.dataKb.toFixed(0), 9)} ${pad(sample.nodes, 10)} ${pad(sample.listeners, 10)} ${pad(sample.events, 10)}`,
    );
  }
  const censusAfter = censusBefore ? { at: performance.now(), census: await census(cdp) } : null;
  driving = false;
  await driver;
  const seconds = (performance.now() - started) / 1000;
  const cpu = cpuSeconds(server.pid()) - cpuBefore;
  const state = await page.evaluate(() => ({
    connection: document.querySelector('.wall')?.getAttribute('data-connection') ?? null,
    widgets: [...document.querySelectorAll('[data-widget-id]')].map((el) => el.getAttribute('data-state')),
  }));

  const warm = samples.filter((sample) => sample.seconds >= warmupMinutes * 60);
  const heapSlope = slope(warm.map((sample) => ({ x: sample.seconds / 60, y: sample.heapMb })));
  const nodeSlope = slope(warm.map((sample) => ({ x: sample.seconds / 60, y: sample.nodes })));
  const dataSlope = slope(warm.map((sample) => ({ x: sample.seconds / 60, y: sample.dataKb })));
  const first = warm[0];
  const last = warm.at(-1);
  console.log(
    `\nevents: ${sent} accepted, ${failed} refused, ${(sent / seconds).toFixed(0)} events/s over ${seconds.toFixed(0)} s; server CPU ${((cpu / seconds) * 100).toFixed(0)} % of a core`,
  );
  if (first && last) {
    console.log(
      `after warm-up: heap ${first.heapMb.toFixed(2)} → ${last.heapMb.toFixed(2)} MB, slope ${heapSlope >= 0 ? '+' : ''}${heapSlope.toFixed(3)} MB/min; DOM nodes ${first.nodes} → ${last.nodes} (${nodeSlope >= 0 ? '+' : ''}${nodeSlope.toFixed(1)}/min); topic data ${first.dataKb.toFixed(0)} → ${last.dataKb.toFixed(0)} KB (${dataSlope >= 0 ? '+' : ''}${dataSlope.toFixed(1)} KB/min)`,
    );
  }
  let objectGrowth: number | null = null;
  if (censusBefore && censusAfter) {
    printCensusDiff(censusBefore.census, censusAfter.census);
    const codeBefore = censusBefore.census.get('code')?.bytes ?? 0;
    const codeAfter = censusAfter.census.get('code')?.bytes ?? 0;
    const span = (censusAfter.at - censusBefore.at) / 60_000;
    objectGrowth = (objectBytes(censusAfter.census) - objectBytes(censusBefore.census)) / 1_048_576 / span;
    console.log(
      `\nJS objects (heap without compiled code): ${(objectBytes(censusBefore.census) / 1_048_576).toFixed(2)} → ${(objectBytes(censusAfter.census) / 1_048_576).toFixed(2)} MB in ${span.toFixed(1)} min, ${objectGrowth >= 0 ? '+' : ''}${objectGrowth.toFixed(3)} MB/min (tolerance ${toleranceMbPerMinute}); compiled code ${(codeBefore / 1_048_576).toFixed(2)} → ${(codeAfter / 1_048_576).toFixed(2)} MB`,
    );
  }
  console.log(
    `screen at the end: connection ${state.connection}, widgets ${JSON.stringify(Object.fromEntries(state.widgets.map((w) => [w, state.widgets.filter((x) => x === w).length])))}; page errors: ${errors.length}`,
  );

  await browser.close();
  close();
  await server.dispose();

  const failures: string[] = [];
  if (objectGrowth === null || warm.length < 3)
    failures.push('too few samples after warm-up to judge: run longer or sample more often');
  if (objectGrowth !== null && objectGrowth > toleranceMbPerMinute)
    failures.push(`the JS objects keep growing (${objectGrowth.toFixed(3)} MB/min after warm-up)`);
  if (warm.length >= 3 && nodeSlope > nodeTolerancePerMinute)
    failures.push(`the DOM keeps growing (${nodeSlope.toFixed(1)} nodes/min after warm-up)`);
  if (errors.length > 0) failures.push(`page errors:\n  ${errors.slice(0, 5).join('\n  ')}`);
  for (const failure of failures) console.error(`FAIL: ${failure}`);
  if (failures.length === 0) console.log('PASS: memory flat after warm-up (beyond compiled code)');
  process.exit(failures.length > 0 ? 1 : 0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
