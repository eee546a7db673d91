import type { Server } from "socket.io";
import { TOPICS, type ChangeMessage, type Topic } from "./topics";

// Route handlers (bundled by Next) and server.ts share the io instance through globalThis.
const g = globalThis as unknown as {
  __wardenIo?: Server;
  __wardenThrottle?: Map<Topic, { timer: NodeJS.Timeout | null; pending: ChangeMessage | null; last: number }>;
};

export function setIo(io: Server | undefined): void {
  g.__wardenIo = io;
}

export function getIo(): Server | undefined {
  return g.__wardenIo;
}

function emit(msg: ChangeMessage): void {
  g.__wardenIo?.to(`perm:${TOPICS[msg.topic]}`).emit("change", msg);
}

/** Announces a committed change to everyone allowed to see the topic. Call after the transaction returns. */
export function publish(topic: Topic, id?: string): void {
  emit({ topic, id, at: Date.now() });
}

/**
 * Like publish, but at most one message per topic per `intervalMs` however fast changes arrive (ingest can
 * commit hundreds of batches a second); the last change in a window is always delivered.
 */
export function publishThrottled(topic: Topic, intervalMs = 300, id?: string): void {
  g.__wardenThrottle ??= new Map();
  const state = g.__wardenThrottle.get(topic) ?? { timer: null, pending: null, last: 0 };
  g.__wardenThrottle.set(topic, state);
  const msg: ChangeMessage = { topic, id, at: Date.now() };
  const wait = state.last + intervalMs - msg.at;
  if (wait <= 0 && !state.timer) {
    state.last = msg.at;
    emit(msg);
    return;
  }
  state.pending = msg;
  state.timer ??= setTimeout(() => {
    state.timer = null;
    state.last = Date.now();
    if (state.pending) emit(state.pending);
    state.pending = null;
  }, Math.max(wait, 0));
}
