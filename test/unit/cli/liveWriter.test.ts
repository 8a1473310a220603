/** The terminal writer: redraws in place with cursor-up and clear, throttled to ~10 Hz, on a fake clock. */
import * as assert from 'node:assert/strict';
import { CLEAR_DOWN, cursorUp, LiveWriter, type LiveClock, type TerminalSize } from '../../../src/cli/liveWriter';

/** A clock whose time moves only when the test says; timers fire in time order as it passes them. */
class FakeClock implements LiveClock {
  time = 0;
  #timers: { at: number; fn: () => void; live: boolean }[] = [];

  now(): number {
    return this.time;
  }

  after(ms: number, fn: () => void): { cancel(): void } {
    const timer = { at: this.time + ms, fn, live: true };
    this.#timers.push(timer);
    return { cancel: () => (timer.live = false) };
  }

  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const next = this.#timers.filter((t) => t.live && t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (next === undefined) break;
      next.live = false;
      this.time = next.at;
      next.fn();
    }
    this.time = end;
  }

  get pending(): number {
    return this.#timers.filter((t) => t.live).length;
  }
}

class FakeTerminal {
  readonly writes: string[] = [];
  constructor(
    readonly columns: number,
    readonly rows: number,
  ) {}
  write(chunk: string): boolean {
    this.writes.push(chunk);
    return true;
  }
}

function setup(block: () => readonly string[] = () => ['agent a', 'footer']) {
  const clock = new FakeClock();
  const terminal = new FakeTerminal(40, 12);
  const sizes: TerminalSize[] = [];
  const writer = new LiveWriter(terminal, clock, (size) => {
    sizes.push(size);
    return block();
  });
  return { clock, terminal, writer, sizes };
}

describe('cli: live writer', () => {
  it('draws the first block at once, then redraws it in place: cursor up over it, clear down, the new block', () => {
    let n = 0;
    const { clock, terminal, writer } = setup(() => [`agent a ${n}`, `footer ${n}`]);
    writer.update();
    assert.deepEqual(terminal.writes, ['agent a 0\nfooter 0\n']);
    n = 1;
    clock.advance(150);
    writer.update();
    assert.equal(terminal.writes[1], `${cursorUp(2)}${CLEAR_DOWN}agent a 1\nfooter 1\n`);
    assert.equal(cursorUp(2), '\x1b[2A\r');
    assert.equal(CLEAR_DOWN, '\x1b[J');
  });

  it('throttles redraws to one per 100 ms however many updates come', () => {
    const { clock, terminal, writer } = setup();
    writer.update();
    for (let i = 0; i < 30; i += 1) {
      clock.advance(3);
      writer.update();
    }
    assert.equal(terminal.writes.length, 1, 'nothing more within the first 100 ms');
    clock.advance(10);
    assert.equal(terminal.writes.length, 2, 'one redraw at 100 ms for all of them');
    for (let i = 0; i < 50; i += 1) {
      writer.update();
      clock.advance(10);
    }
    // 500 ms of updates every 10 ms: about 5 redraws, never one per update.
    assert.ok(terminal.writes.length >= 6 && terminal.writes.length <= 8, `${terminal.writes.length} writes`);
  });

  it('redraws once a second with no event, so elapsed time moves', () => {
    const { clock, terminal, writer, sizes } = setup();
    writer.update();
    clock.advance(999);
    assert.equal(terminal.writes.length, 1);
    clock.advance(1);
    assert.equal(terminal.writes.length, 2);
    clock.advance(3000);
    assert.equal(terminal.writes.length, 5);
    assert.deepEqual(
      sizes.map((s) => s.now),
      [0, 1000, 2000, 3000, 4000],
    );
    assert.deepEqual(sizes[0], { columns: 40, rows: 12, now: 0 });
  });

  it('prints log lines above the block, as plain text, and moves up only over the block', () => {
    const { clock, terminal, writer } = setup();
    writer.update();
    writer.log('warning: \x1b[31mred\x1b[0m text');
    writer.log('staged create src/a.ts');
    clock.advance(100);
    assert.equal(terminal.writes[1], `${cursorUp(2)}${CLEAR_DOWN}warning: [31mred [0m text\nstaged create src/a.ts\nagent a\nfooter\n`);
  });

  it('moves up by as many lines as it drew last, when the block grows or shrinks', () => {
    let lines = ['a', 'b', 'c'];
    const { clock, terminal, writer } = setup(() => lines);
    writer.update();
    lines = ['a'];
    clock.advance(100);
    writer.update();
    lines = ['a', 'b'];
    clock.advance(100);
    writer.update();
    assert.equal(terminal.writes[1], `${cursorUp(3)}${CLEAR_DOWN}a\n`);
    assert.equal(terminal.writes[2], `${cursorUp(1)}${CLEAR_DOWN}a\nb\n`);
  });

  it('finish draws the last block and then writes nothing, with no timer left', () => {
    let n = 0;
    const { clock, terminal, writer } = setup(() => [`block ${n}`]);
    writer.update();
    n = 1;
    writer.update();
    writer.finish();
    assert.equal(terminal.writes.at(-1), `${cursorUp(1)}${CLEAR_DOWN}block 1\n`, 'the final state, not throttled away');
    const count = terminal.writes.length;
    writer.update();
    writer.log('late');
    clock.advance(5000);
    assert.equal(terminal.writes.length, count);
    assert.equal(clock.pending, 0);
  });
});
