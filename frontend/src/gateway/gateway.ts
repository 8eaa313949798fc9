// One WebSocket per tab: identify (with resume when possible), heartbeat, reconnect with backoff,
// and a resync callback whenever events may have been missed.
import type { ClientFrame, GatewayEvent, ServerFrame } from '../api/types';
import {
  backoffDelay,
  decideOnClose,
  heartbeatDead,
  isNewEvent,
  outcomeOf,
  type ResumePoint,
} from './policy';

export type ConnectionStatus = 'connecting' | 'online' | 'reconnecting' | 'stopped';

export interface GatewayOptions {
  url: string;
  token: () => Promise<string>;
  refresh: () => Promise<void>;
  onEvent: (event: GatewayEvent) => void;
  /** Called after a (re)connect that may have missed events: fetch what is missing by REST. */
  onResync: () => void;
  onStatus: (status: ConnectionStatus) => void;
  onReady?: () => void;
}

/** Ops the contract names but an older gateway may refuse (it closes with 4004). */
const OPTIONAL_OPS = new Set(['typing', 'ack', 'presence_subscribe']);

export class Gateway {
  private socket: WebSocket | null = null;
  private resume: ResumePoint | null = null;
  private attempt = 0;
  private everConnected = false;
  private stopped = true;
  private heartbeat: ReturnType<typeof setInterval> | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private unacked = 0;
  private identified = false;
  private askedToResume = false;
  private sentOptionalOp = false;
  private optionalOpsRefused = false;
  private status: ConnectionStatus = 'stopped';

  constructor(private readonly options: GatewayOptions) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    window.addEventListener('offline', this.handleOffline);
    window.addEventListener('online', this.handleOnline);
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    window.removeEventListener('offline', this.handleOffline);
    window.removeEventListener('online', this.handleOnline);
    this.clearTimers();
    const socket = this.socket;
    this.socket = null;
    socket?.close(1000, 'bye');
    this.setStatus('stopped');
  }

  /** Sends a frame when identified; typing and acks are best-effort and simply dropped otherwise. */
  send(frame: ClientFrame): boolean {
    if (!this.identified || this.socket?.readyState !== WebSocket.OPEN) return false;
    if (OPTIONAL_OPS.has(frame.op)) {
      if (this.optionalOpsRefused) return false;
      this.sentOptionalOp = true;
    }
    this.socket.send(JSON.stringify(frame));
    return true;
  }

  private readonly handleOffline = () => {
    // The browser knows the network is gone: do not wait two heartbeats to say so.
    this.dropSocket();
    this.setStatus('reconnecting');
  };

  private readonly handleOnline = () => {
    this.attempt = 0;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    if (!this.socket) this.connect();
  };

  private async connect(): Promise<void> {
    if (this.stopped) return;
    this.setStatus(this.everConnected ? 'reconnecting' : 'connecting');
    let token: string;
    try {
      token = await this.options.token();
    } catch {
      this.scheduleReconnect();
      return;
    }
    if (this.stopped || this.socket) return;
    const socket = new WebSocket(this.options.url);
    this.socket = socket;
    this.identified = false;
    this.sentOptionalOp = false;
    socket.onopen = () => {
      this.askedToResume = this.resume !== null;
      const frame: ClientFrame = this.resume
        ? { op: 'identify', token, resume: this.resume }
        : { op: 'identify', token };
      socket.send(JSON.stringify(frame));
    };
    socket.onmessage = (message) => this.handleFrame(socket, message.data as string);
    socket.onclose = (close) => this.handleClose(socket, close.code);
  }

  private handleFrame(socket: WebSocket, raw: string): void {
    if (socket !== this.socket) return;
    let frame: ServerFrame;
    try {
      frame = JSON.parse(raw) as ServerFrame;
    } catch {
      return;
    }
    switch (frame.op) {
      case 'ready':
        this.resume = { sessionId: frame.sessionId, lastEventId: 0 };
        this.onIdentified(frame.heartbeatIntervalMs, outcomeOf('ready', this.askedToResume, this.everConnected));
        break;
      case 'resumed':
        this.onIdentified(null, 'resumed');
        break;
      case 'invalid_session':
        this.resume = null;
        this.options.onResync();
        this.dropSocket();
        this.connect();
        break;
      case 'heartbeat_ack':
        this.unacked = 0;
        break;
      case 'event':
        if (this.resume) {
          if (!isNewEvent(this.resume.lastEventId, frame.eventId)) return;
          this.resume = { ...this.resume, lastEventId: frame.eventId };
        }
        this.options.onEvent(frame);
        break;
    }
  }

  private heartbeatMs = 30_000;

  private onIdentified(intervalMs: number | null, outcome: 'fresh' | 'resumed' | 'resync'): void {
    this.identified = true;
    this.everConnected = true;
    this.attempt = 0;
    if (intervalMs) this.heartbeatMs = intervalMs;
    this.startHeartbeat();
    this.setStatus('online');
    this.options.onReady?.();
    if (outcome === 'resync') this.options.onResync();
  }

  private startHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.unacked = 0;
    this.heartbeat = setInterval(() => {
      if (heartbeatDead(this.unacked)) {
        this.dropSocket();
        this.scheduleReconnect();
        return;
      }
      this.unacked++;
      this.socket?.send(JSON.stringify({ op: 'heartbeat' }));
    }, this.heartbeatMs);
  }

  private handleClose(socket: WebSocket, code: number): void {
    if (socket !== this.socket) return;
    this.socket = null;
    this.identified = false;
    if (this.heartbeat) clearInterval(this.heartbeat);
    if (code === 4004 && this.sentOptionalOp) {
      // This gateway does not accept typing/ack/presence frames yet: stop sending them.
      this.optionalOpsRefused = true;
      console.warn('Parley: the server refused typing/receipt frames; continuing without them.');
    }
    const decision = decideOnClose(code, this.stopped);
    if (decision.action === 'stop') {
      if (!this.stopped) console.warn(`Parley: not reconnecting: ${decision.reason}.`);
      this.setStatus(this.stopped ? 'stopped' : 'reconnecting');
      return;
    }
    if (decision.action === 'refresh-then-reconnect') {
      this.options.refresh().then(
        () => this.scheduleReconnect(),
        () => this.setStatus('stopped'),
      );
      return;
    }
    if (!decision.resume) this.resume = null;
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.retryTimer) return;
    this.setStatus('reconnecting');
    if (typeof navigator !== 'undefined' && navigator.onLine === false) return; // wait for 'online'
    const delay = backoffDelay(this.attempt++, Math.random());
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connect();
    }, delay);
  }

  private dropSocket(): void {
    const socket = this.socket;
    this.socket = null;
    this.identified = false;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    if (socket) {
      socket.onclose = null;
      socket.onmessage = null;
      socket.close();
    }
  }

  private clearTimers(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.heartbeat = null;
    this.retryTimer = null;
  }

  private setStatus(status: ConnectionStatus): void {
    if (this.status === status) return;
    this.status = status;
    this.options.onStatus(status);
  }
}

export function gatewayUrl(): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/ws`;
}
