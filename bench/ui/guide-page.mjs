// The browser side of bench/ui/guide-grid.mjs: what is injected into the page, and each measurement
// taken in it. Everything in a page.evaluate runs in Chromium, not in Node.
/* global window, document, requestAnimationFrame -- these functions run in Chromium (page.evaluate) */

/**
 * Injected before the app's own scripts: wraps WebSocket so the first `guide.query` answer is stamped
 * (performance.now(), mark `guide:data`) the moment its message event is dispatched, before the app's
 * client parses it. Requests are matched to answers by id; the answer's text is kept (not parsed: a
 * parse here would be counted in the figure) so its size can be read afterwards.
 */
function instrument() {
  const queries = new Set();
  const bench = { dataAt: null, answer: null };
  Object.defineProperty(window, '__guideBench', { value: bench });
  const Native = window.WebSocket;
  const send = Native.prototype.send;
  Native.prototype.send = function (data) {
    if (typeof data === 'string' && data.includes('"name":"guide.query"')) {
      const id = /"id":(\d+)/.exec(data);
      if (id) queries.add(Number(id[1]));
    }
    return send.call(this, data);
  };
  window.WebSocket = class extends Native {
    constructor(...a) {
      super(...a);
      // Added before the client sets onmessage, so it runs first.
      this.addEventListener('message', (e) => {
        if (bench.dataAt !== null || typeof e.data !== 'string') return;
        const now = performance.now();
        // The server writes {"type":"result","id":N,...}: the id is read from the head alone.
        const head = /^\{"type":"result","id":(\d+)/.exec(e.data.slice(0, 48));
        if (!head || !queries.has(Number(head[1]))) return;
        bench.dataAt = now;
        bench.answer = e.data;
        performance.mark('guide:data', { startTime: now });
      });
    }
  };
}

export async function benchPage(context, serve) {
  const page = await context.newPage();
  await page.addInitScript(instrument);
  // The token travels in the fragment once, then lives in session storage (as in tests/e2e).
  await page.goto(serve.url);
  return page;
}

/**
 * Opens /guide in the page and waits for the grid's `guide:painted` mark (GuideGrid.tsx: taken in a
 * task queued from the requestAnimationFrame that follows the first commit holding a programme cell,
 * so after the frame with that cell was painted). Data to paint = painted − guide:data.
 */
export async function measurePaint(page) {
  const origin = new URL(page.url()).origin;
  await page.goto(`${origin}/guide`);
  await page.waitForFunction(() => performance.getEntriesByName('guide:painted').length > 0, null, {
    timeout: 60_000,
  });
  return page.evaluate(() => {
    const bench = window.__guideBench;
    const painted = performance.getEntriesByName('guide:painted')[0].startTime;
    const answer = JSON.parse(bench.answer);
    const channels = answer.result?.channels ?? [];
    return {
      dataToPaint: painted - bench.dataAt,
      navToPaint: painted,
      rows: channels.length,
      programmes: channels.reduce((n, c) => n + c.programmes.length, 0),
      bytes: bench.answer.length,
    };
  });
}

const frames = (page, n) =>
  page.evaluate(
    (n) =>
      new Promise((done) => {
        const next = (left) => (left === 0 ? done() : requestAnimationFrame(() => next(left - 1)));
        next(n);
      }),
    n,
  );

/**
 * Waits until the rendered rows have their programmes (no loading skeleton) and two frames passed.
 * Two frames first, so the rows of the new scroll position are the ones checked.
 */
async function settle(page, where) {
  await frames(page, 2);
  await page
    .waitForFunction(
      () => {
        const grid = document.querySelector('.guide-scroller');
        return !!grid && !grid.querySelector('.guide-gap.skeleton');
      },
      null,
      { timeout: 30_000, polling: 100 },
    )
    .catch(async () => {
      const left = await page.evaluate(
        () => document.querySelectorAll('.guide-scroller .guide-gap.skeleton').length,
      );
      console.warn(`  ${where}: ${left} cells still loading after 30 s; counted as they were`);
    });
  await frames(page, 2);
}

/** Element counts (the whole document, and the grid alone) at scroll positions along both axes. */
export async function nodeCounts(page) {
  const positions = [
    ['opened (now)', null, null],
    ['rows 25 %', 0.25, null],
    ['rows 50 %', 0.5, null],
    ['rows 75 %', 0.75, null],
    ['last row', 1, null],
    ['last row, time 50 %', 1, 0.5],
    ['rows 50 %, last half hour', 0.5, 1],
    ['first row, first half hour', 0, 0],
  ];
  const out = [];
  for (const [where, y, x] of positions) {
    await page.evaluate(
      ([y, x]) => {
        const grid = document.querySelector('.guide-scroller');
        if (y !== null) grid.scrollTop = y * (grid.scrollHeight - grid.clientHeight);
        if (x !== null) grid.scrollLeft = x * (grid.scrollWidth - grid.clientWidth);
      },
      [y, x],
    );
    await settle(page, where);
    out.push({
      where,
      ...(await page.evaluate(() => ({
        document: document.getElementsByTagName('*').length,
        grid: document.querySelector('.guide-scroller').getElementsByTagName('*').length,
      }))),
    });
  }
  return out;
}

/**
 * Scrolls the grid from a requestAnimationFrame loop for `seconds`: down (and back up at the end) at
 * 1,500 px/s and sideways at 600 px/s, a brisk flick-scroll through rows and hours, with programmes
 * loading as they come into view. Returns every frame's delta (ms) when `record`. Without `move`, the
 * same loop standing still: the baseline of what this machine drops with the grid idle on screen.
 */
function scrollFor(page, seconds, record, move = true) {
  return page.evaluate(
    ([seconds, record, move]) =>
      new Promise((done) => {
        const grid = document.querySelector('.guide-scroller');
        const deltas = [];
        let vy = move ? 1500 : 0;
        let vx = move ? 600 : 0;
        let travelledY = 0;
        let travelledX = 0;
        const t0 = performance.now();
        let last = t0;
        const frame = (t) => {
          const dt = t - last;
          last = t;
          if (dt > 0 && t > t0) {
            if (record) deltas.push(dt);
            const maxY = grid.scrollHeight - grid.clientHeight;
            const maxX = grid.scrollWidth - grid.clientWidth;
            let y = grid.scrollTop + (vy * dt) / 1000;
            let x = grid.scrollLeft + (vx * dt) / 1000;
            if (y >= maxY || y <= 0) vy = -vy;
            if (x >= maxX || x <= 0) vx = -vx;
            y = Math.max(0, Math.min(maxY, y));
            x = Math.max(0, Math.min(maxX, x));
            travelledY += Math.abs(y - grid.scrollTop);
            travelledX += Math.abs(x - grid.scrollLeft);
            grid.scrollTop = y;
            grid.scrollLeft = x;
          }
          if (t - t0 < seconds * 1000) requestAnimationFrame(frame);
          else done({ deltas, travelledY, travelledX });
        };
        requestAnimationFrame(frame);
      }),
    [seconds, record, move],
  );
}

const FRAME = 1000 / 60;

/** Frames dropped during a scripted scroll: rAF deltas over 1.5 frames, each worth round(d/16.7) − 1. */
export async function measureScroll(page, seconds) {
  await settle(page, 'before the scroll');
  // Where the main thread's time went during the scroll (CDP's cumulative durations, in seconds).
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const metrics = async () =>
    Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const m0 = await metrics();
  const { deltas, travelledY, travelledX } = await scrollFor(page, seconds, true);
  const m1 = await metrics();
  await cdp.detach();
  const spent = (name) => (m1[name] ?? 0) - (m0[name] ?? 0);
  const mainThread = {
    task: spent('TaskDuration'),
    script: spent('ScriptDuration'),
    layout: spent('LayoutDuration'),
    style: spent('RecalcStyleDuration'),
  };
  const { rowHeight, pxPerHour } = await page.evaluate(() => {
    const rows = [...document.querySelectorAll('.guide-scroller .guide-row')];
    const ticks = [...document.querySelectorAll('.guide-scroller .guide-tick')];
    return {
      rowHeight: rows[0]?.getBoundingClientRect().height ?? 1,
      pxPerHour: 2 * (ticks[0]?.getBoundingClientRect().width ?? 1),
    };
  });
  const droppedIn = (list) =>
    list.filter((d) => d > 1.5 * FRAME).reduce((n, d) => n + Math.max(1, Math.round(d / FRAME) - 1), 0);
  const long = deltas.filter((d) => d > 1.5 * FRAME);
  const dropped = droppedIn(deltas);
  const idle = await scrollFor(page, seconds, true, false);
  const sorted = [...deltas].sort((a, b) => a - b);
  const expected = Math.round((seconds * 1000) / FRAME);
  return {
    seconds,
    frames: deltas.length,
    expected,
    longFrames: long.length,
    dropped,
    droppedShare: dropped / expected,
    idleDropped: droppedIn(idle.deltas),
    worst: sorted[sorted.length - 1] ?? 0,
    p95: sorted[Math.floor(sorted.length * 0.95)] ?? 0,
    mainThread,
    rowsScrolled: Math.round(travelledY / rowHeight),
    hoursScrolled: travelledX / pxPerHour,
  };
}

/** The renderer's JS heap (CDP Performance.getMetrics, JSHeapUsedSize) around `seconds` of scrolling. */
export async function soak(page, seconds) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const metrics = async () =>
    Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const gc = () => cdp.send('HeapProfiler.collectGarbage');
  const before = (await metrics()).JSHeapUsedSize;
  await gc();
  const beforeGc = (await metrics()).JSHeapUsedSize;
  await scrollFor(page, seconds, false);
  const after = (await metrics()).JSHeapUsedSize;
  await gc();
  const end = await metrics();
  await cdp.detach();
  return {
    seconds,
    before,
    beforeGc,
    after,
    afterGc: end.JSHeapUsedSize,
    nodesAfter: end.Nodes,
    listenersAfter: end.JSEventListeners,
  };
}
