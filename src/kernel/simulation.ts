/**
 * The clock and event queue: a binary heap keyed on (time, insertion sequence).
 *
 * The heap lives in parallel typed arrays (time, sequence, slot) so the hot loop
 * touches no objects; callbacks live in a plain array indexed by slot, recycled
 * through a free list. The sequence breaks ties, so events at the same time fire in
 * the order they were scheduled and a seed gives the same run on every machine.
 *
 * An event for the current instant (`at(now)`: the site's recomputation after every
 * change, half of a run's events) skips the heap: it joins a first-in first-out queue
 * of the instant. The order is the heap's own: every heap entry at the current time
 * was scheduled before the clock reached it, so before anything in that queue, and
 * fires first; the queue then fires in scheduling order.
 *
 * A handle is `generation * SLOT_SPACE + slot`. A slot's generation is bumped when its
 * event fires or is cancelled, so a stale handle never matches the slot's next
 * occupant. A slot whose generation would overflow is retired, not reused, so no
 * handle is ever issued twice.
 */

export type Handle = number;

type Callback = () => void;

const SLOT_SPACE = 2 ** 26; // at most ~67 million events pending at once
const GEN_LIMIT = 2 ** 27; // SLOT_SPACE * GEN_LIMIT = 2^53: handles stay exact integers
const INITIAL_CAPACITY = 64;
// Cancelled events stay in the heap until popped; rebuild once they outnumber the
// live ones (and are at least this many), so a model that keeps re-arming timers (a
// battery's bound, at every dispatch) keeps the heap as shallow as its live events.
// The rebuild is linear in the heap, which is at most twice the dead it drops.
const COMPACT_MIN_DEAD = 16;

export class Simulation {
  private clock = 0;
  private firedCount = 0;
  private live = 0;
  private dead = 0; // cancelled entries still in the heap
  private seq = 0;
  private stopped = false;
  private running = false;

  // heap, in parallel arrays; entries [0, size)
  private size = 0;
  private heapTime = new Float64Array(INITIAL_CAPACITY).fill(Infinity); // see popRoot
  private heapSeq = new Float64Array(INITIAL_CAPACITY);
  private heapSlot = new Int32Array(INITIAL_CAPACITY);

  // slots
  private fns: (Callback | null)[] = [];
  private slotGen = new Int32Array(INITIAL_CAPACITY);
  private freeSlots = new Int32Array(INITIAL_CAPACITY);
  private freeTop = 0;
  private slotsMade = 0;
  /** Slots of the current instant's events, in scheduling order: [nowHead, nowTail). */
  private nowSlots = new Int32Array(INITIAL_CAPACITY);
  private nowHead = 0;
  private nowTail = 0;
  /** 1 for a slot whose event waits in that queue, not in the heap. */
  private inNow = new Uint8Array(INITIAL_CAPACITY);

  /** Seconds since the scenario start. */
  get now(): number {
    return this.clock;
  }

  /** Scheduled events not yet fired nor cancelled. */
  get pending(): number {
    return this.live;
  }

  /** Events fired so far. */
  get fired(): number {
    return this.firedCount;
  }

  /** Schedules `fn` at absolute time `t` (seconds, finite, not before `now`). */
  at(t: number, fn: () => void): Handle {
    if (!(t >= this.clock) || t === Infinity) {
      throw new RangeError(`Simulation.at: expected a finite time >= now (${this.clock}), found ${t}`);
    }
    return this.push(t, fn);
  }

  /**
   * Schedules `fn` at the current instant, after what is already scheduled for it: what `at(now, fn)`
   * does, without the heap's path. A caller that only ever asks for now (the site's recomputation after
   * each change, src/site.ts) then does not carry the heap's sift-up, which the JIT would otherwise
   * compile again into every function that it inlines the call into.
   */
  atNow(fn: () => void): Handle {
    const slot = this.takeSlot(fn);
    this.seq++;
    this.live++;
    return this.queueNow(slot);
  }

  /** Schedules `fn` after `dt` seconds (finite, >= 0). */
  after(dt: number, fn: () => void): Handle {
    if (!(dt >= 0) || dt === Infinity) {
      throw new RangeError(`Simulation.after: expected a finite delay >= 0, found ${dt}`);
    }
    return this.push(this.clock + dt, fn);
  }

  /** Cancels a pending event; true if it was pending. Stale handles return false. */
  cancel(h: Handle): boolean {
    if (!Number.isSafeInteger(h) || h < 0) return false;
    const slot = h % SLOT_SPACE;
    const gen = (h - slot) / SLOT_SPACE;
    if (slot >= this.slotsMade || this.slotGen[slot] !== gen || this.fns[slot] === null) {
      return false;
    }
    this.fns[slot] = null;
    this.slotGen[slot] = gen + 1; // the slot itself is freed when its entry pops
    this.live--;
    if (this.inNow[slot] === 1) return true; // the instant's queue skips it when it comes
    this.dead++;
    if (this.dead >= COMPACT_MIN_DEAD && this.dead > this.live) this.compact();
    return true;
  }

  /**
   * Fires events with time <= `until` in (time, scheduling order), then sets `now` to
   * `until`, or leaves it at the last fired event's time if `stop()` was called.
   * `run(Infinity)` runs until the queue is empty and leaves `now` at the last event.
   */
  run(until: number): void {
    if (this.running) throw new Error('Simulation.run: already running (called from a handler)');
    if (!(until >= this.clock)) {
      throw new RangeError(`Simulation.run: expected an end time >= now (${this.clock}), found ${until}`);
    }
    this.running = true;
    this.stopped = false;
    try {
      while (!this.stopped) {
        let slot: number;
        // The heap's entries at the current time first (unused positions hold +Infinity), then the instant's queue.
        if (this.heapTime[0] === this.clock) {
          slot = this.heapSlot[0];
          this.popRoot();
        } else if (this.nowHead < this.nowTail) {
          slot = this.nowSlots[this.nowHead++];
          this.inNow[slot] = 0;
          if (this.nowHead === this.nowTail) this.nowHead = this.nowTail = 0;
          if (this.fns[slot] === null) {
            this.freeSlot(slot);
            continue;
          }
        } else {
          if (this.size === 0) break;
          const t = this.heapTime[0];
          if (t > until) break;
          slot = this.heapSlot[0];
          this.popRoot();
          if (this.fns[slot] !== null) this.clock = t;
        }
        const fn = this.fns[slot];
        if (fn === null) {
          this.dead--;
          this.freeSlot(slot);
          continue;
        }
        // Retire the handle before the call, so the handler sees its own event as done.
        this.fns[slot] = null;
        this.slotGen[slot]++;
        this.freeSlot(slot);
        this.live--;
        this.firedCount++;
        fn();
      }
      if (!this.stopped && until !== Infinity) this.clock = until;
    } finally {
      this.running = false;
    }
  }

  /** Makes the current `run()` return after the event being handled. */
  stop(): void {
    this.stopped = true;
  }

  /** `slot`'s event joins the current instant's queue (see the class comment); returns its handle. */
  private queueNow(slot: number): Handle {
    if (this.nowTail === this.nowSlots.length) this.growNow();
    this.nowSlots[this.nowTail++] = slot;
    this.inNow[slot] = 1;
    return this.slotGen[slot] * SLOT_SPACE + slot;
  }

  /** A free slot (a recycled one first) holding `fn`. */
  private takeSlot(fn: Callback): number {
    let slot: number;
    if (this.freeTop > 0) {
      slot = this.freeSlots[--this.freeTop];
    } else {
      if (this.slotsMade >= SLOT_SPACE) {
        throw new RangeError(`Simulation: more than ${SLOT_SPACE} events pending`);
      }
      slot = this.slotsMade++;
      if (slot >= this.slotGen.length) this.grow();
    }
    this.fns[slot] = fn;
    return slot;
  }

  private push(t: number, fn: Callback): Handle {
    const slot = this.takeSlot(fn);
    const s = this.seq++;
    this.live++;
    if (t === this.clock) return this.queueNow(slot);

    // Sift up with a hole. Every entry already in the heap has a smaller sequence,
    // so an equal time stops the climb: ties stay in scheduling order.
    const ht = this.heapTime;
    const hs = this.heapSeq;
    const hl = this.heapSlot;
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = ht[p];
      if (pt <= t) break;
      ht[i] = pt;
      hs[i] = hs[p];
      hl[i] = hl[p];
      i = p;
    }
    ht[i] = t;
    hs[i] = s;
    hl[i] = slot;
    return this.slotGen[slot] * SLOT_SPACE + slot;
  }

  /**
   * Removes the root; the last entry sinks from the top with a hole. Unused heap
   * positions hold +Infinity, so the right child needs no bounds check, and the
   * smaller child is picked without a branch: which child is smaller is a coin
   * toss the CPU cannot predict, and this loop is most of the kernel's time.
   */
  private popRoot(): void {
    const n = --this.size;
    const ht = this.heapTime;
    const hs = this.heapSeq;
    const hl = this.heapSlot;
    const t = ht[n];
    const s = hs[n];
    const sl = hl[n];
    ht[n] = Infinity;
    if (n === 0) return;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      const lt = ht[c];
      const rt = ht[c + 1];
      c += +(rt < lt);
      if (rt === lt && hs[c + 1] < hs[c]) c++; // ties are rare: this branch predicts well
      const ct = ht[c];
      if (t < ct || (t === ct && s < hs[c])) break;
      ht[i] = ct;
      hs[i] = hs[c];
      hl[i] = hl[c];
      i = c;
    }
    ht[i] = t;
    hs[i] = s;
    hl[i] = sl;
  }

  private freeSlot(slot: number): void {
    if (this.slotGen[slot] < GEN_LIMIT) this.freeSlots[this.freeTop++] = slot;
  }

  private grow(): void {
    const cap = this.slotGen.length * 2;
    const copy = <A extends Float64Array | Int32Array | Uint8Array>(a: A, make: (n: number) => A): A => {
      const b = make(cap);
      b.set(a);
      return b;
    };
    this.heapTime = copy(this.heapTime, (n) => new Float64Array(n).fill(Infinity));
    this.heapSeq = copy(this.heapSeq, (n) => new Float64Array(n));
    this.heapSlot = copy(this.heapSlot, (n) => new Int32Array(n));
    this.slotGen = copy(this.slotGen, (n) => new Int32Array(n));
    this.freeSlots = copy(this.freeSlots, (n) => new Int32Array(n));
    this.inNow = copy(this.inNow, (n) => new Uint8Array(n));
  }

  /** Room at the tail of the instant's queue: its live part moved to the front, doubled when full. */
  private growNow(): void {
    const live = this.nowTail - this.nowHead;
    const q = live * 2 > this.nowSlots.length ? new Int32Array(this.nowSlots.length * 2) : this.nowSlots;
    q.set(this.nowSlots.subarray(this.nowHead, this.nowTail));
    this.nowSlots = q;
    this.nowHead = 0;
    this.nowTail = live;
  }

  /** Drops cancelled entries from the heap and rebuilds it in O(n). */
  private compact(): void {
    const ht = this.heapTime;
    const hs = this.heapSeq;
    const hl = this.heapSlot;
    let n = 0;
    for (let i = 0; i < this.size; i++) {
      const slot = hl[i];
      if (this.fns[slot] === null) {
        this.freeSlot(slot);
        continue;
      }
      ht[n] = ht[i];
      hs[n] = hs[i];
      hl[n] = slot;
      n++;
    }
    ht.fill(Infinity, n, this.size);
    this.size = n;
    this.dead = 0;
    for (let i = (n >> 1) - 1; i >= 0; i--) this.siftDown(i, n);
  }

  private siftDown(start: number, n: number): void {
    const ht = this.heapTime;
    const hs = this.heapSeq;
    const hl = this.heapSlot;
    const t = ht[start];
    const s = hs[start];
    const sl = hl[start];
    const half = n >> 1;
    let i = start;
    while (i < half) {
      let c = 2 * i + 1;
      const r = c + 1;
      if (r < n && (ht[r] < ht[c] || (ht[r] === ht[c] && hs[r] < hs[c]))) c = r;
      if (t < ht[c] || (t === ht[c] && s < hs[c])) break;
      ht[i] = ht[c];
      hs[i] = hs[c];
      hl[i] = hl[c];
      i = c;
    }
    ht[i] = t;
    hs[i] = s;
    hl[i] = sl;
  }
}
