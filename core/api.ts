/**
 * The contract between the Electron main process and the renderer (DESIGN.md, shape).
 * Types only, no runtime dependencies: the preload exposes exactly `SynfinApi` as `window.synfin`;
 * the end-to-end tests provide the same object from the real host services.
 *
 * The renderer never holds all packets and never names a file path: files arrive from the main
 * process (dialog, drop, command line, OS open-file event) and the renderer asks for the rows it
 * shows, the detail of the packet it selected and the ladder of the connection it selected.
 * Errors are values (Electron carries only an error's message across IPC).
 */
import type { Result } from './result';
import type { FlowJson } from './report';
import type { AnalysisFlag, PacketRole, TcpState } from './tcp/vocabulary';

export type { Result };

/** What is open. */
export interface SessionInfo {
  /** Increases with each file or capture opened: replies for an older session are stale. */
  sessionId: number;
  /** File name for display (no directories), or the capture's interface for live captures. */
  title: string;
  source: 'file' | 'capture';
  format: string;
  /** 'loading' while the worker reads; rows already read can be asked for. */
  phase: 'loading' | 'ready' | 'cancelled' | 'failed';
  packets: number;
  connections: number;
  /** Epoch seconds of the first packet (null before any). */
  firstTime: number | null;
  /** Warnings from reading the file (truncated last record, skipped block …), one line each. */
  warnings: string[];
  /** The read error that stopped reading early, if any (everything before it is kept). */
  error: string | null;
  /** A capture that has not been saved yet (asked about on close/quit). */
  unsaved: boolean;
}

export interface OpenError {
  /** The file's name as the user knows it. */
  file: string;
  message: string;
}

/** Pushed at most 20 times a second while a file is read, a filter runs or a capture grows. */
export interface Progress {
  sessionId: number;
  phase: 'reading' | 'filtering' | 'capturing' | 'done';
  /** 0…100 where known (−1 for live captures). */
  percent: number;
  packets: number;
  connections: number;
  bytes: number;
}

/** Which packets the list shows: all, those matching a filter, those of one connection, or both. */
export interface ViewSpec {
  filter: string;
  stream: number | null;
}

export interface ViewInfo {
  sessionId: number;
  viewId: number;
  /** Rows in this view (grows while loading or capturing). */
  count: number;
  /** Connections that have at least one packet in this view, when a filter is set. */
  connectionCount: number;
}

export interface FilterError {
  message: string;
  /** Character range in the filter text that the message is about. */
  start: number;
  end: number;
}

export type FilterCheck = { ok: true } | ({ ok: false } & FilterError);

export interface PacketRow {
  /** Index in the view. */
  index: number;
  frame: number;
  /** Epoch seconds; relative and delta (to the previous displayed row) for the time formats. */
  time: number;
  relative: number;
  delta: number;
  src: string;
  dst: string;
  protocol: string;
  length: number;
  info: string;
  stream: number | null;
  roles: PacketRole[];
  analysis: AnalysisFlag[];
  /** Each endpoint's state after this packet (TCP only). */
  states: { client: TcpState; server: TcpState } | null;
  /** Malformed or cut short at capture. */
  problem: string | null;
}

export type ConnectionSortKey =
  | 'stream' | 'client' | 'server' | 'start' | 'duration' | 'packets'
  | 'bytesClientToServer' | 'bytesServerToClient' | 'handshake' | 'teardown' | 'irtt' | 'analysis';

export interface ConnectionQuery {
  sort: ConnectionSortKey;
  descending: boolean;
  from: number;
  to: number;
  /** Restrict to connections with a packet matching the current view's filter. */
  viewId: number | null;
}

export interface ConnectionRow extends FlowJson {
  /** Sum of the analysis counts, for sorting and a compact column. */
  analysisTotal: number;
  /** Role checks that failed, with the real numbers ("SYN-ACK ack 1001 ≠ client ISN 999 + 1"). */
  notes: { frame: number; message: string }[];
}

export interface ConnectionPage {
  total: number;
  rows: ConnectionRow[];
}

/** One node of the packet details tree; [start, start+length) are the bytes it covers. */
export interface DetailNode {
  label: string;
  field?: string;
  start: number;
  length: number;
  children?: DetailNode[];
}

/** A plain-language account of a handshake, teardown or reset packet, with the real numbers. */
export interface Explanation {
  /** e.g. "Step 2 of 3 — SYN-ACK". */
  title: string;
  /** One or more short paragraphs. */
  text: string[];
  /** What was checked, and whether it held ("ack 1 = client's seq 0 + 1"). */
  checks: { ok: boolean; text: string }[];
  /** What is unusual here (retransmitted SYN, never answered, RST instead of FIN …). */
  unusual: string[];
}

export interface PacketDetail {
  frame: number;
  tree: DetailNode[];
  bytes: Uint8Array;
  explanation: Explanation | null;
}

export type LadderRow =
  | {
      kind: 'packet';
      frame: number;
      /** Seconds since the connection's first packet. */
      time: number;
      fromClient: boolean;
      /** TCP flags as the CLI prints them ("SYN,ACK"). */
      flags: string;
      seq: number;
      ack: number | null;
      len: number;
      roles: PacketRole[];
      analysis: AnalysisFlag[];
      /** Set where that endpoint's state changed with this packet. */
      clientState: TcpState | null;
      serverState: TcpState | null;
    }
  | {
      kind: 'fold';
      /** Stable id to expand it with. */
      id: number;
      firstFrame: number;
      lastFrame: number;
      packets: number;
      bytesClientToServer: number;
      bytesServerToClient: number;
    };

export interface Ladder {
  stream: number;
  client: string;
  server: string;
  /** States before the first packet (e.g. CLOSED / LISTEN, or ESTABLISHED when picked up mid-stream). */
  initialStates: { client: TcpState; server: TcpState };
  rows: LadderRow[];
  /** Total packets in the connection (folded ones included). */
  packets: number;
}

export interface CaptureInterface {
  name: string;
  description: string | null;
  addresses: string[];
  loopback: boolean;
  up: boolean;
}

export interface CaptureOptions {
  interface: string;
  /** BPF capture filter, checked by libpcap before the capture starts. */
  filter: string;
  packetLimit: number | null;
  durationLimitSeconds: number | null;
}

export interface CaptureAvailability {
  available: boolean;
  /** Why capture cannot run here and how to fix it for this platform. */
  reason: string | null;
  /** What `cap` fixes that users might expect to set (snaplen, promiscuous mode). */
  notes: string[];
}

/** Commands from the menus that the renderer carries out. */
export type UiCommand =
  | { kind: 'focus-filter' }
  | { kind: 'time-format'; format: 'relative' | 'absolute' | 'delta' }
  | { kind: 'theme'; theme: 'system' | 'light' | 'dark' }
  | { kind: 'show-shortcuts' }
  | { kind: 'show-about'; version: string };

export interface RecentFile {
  /** Opaque token for openRecent; the renderer never sees or sends paths. */
  id: number;
  name: string;
  /** Directory shown as a hint. */
  where: string;
}

export interface SynfinApi {
  /** The main process shows its Open dialog; null when the user cancelled. */
  openDialog(): Promise<Result<SessionInfo, OpenError> | null>;
  openRecent(id: number): Promise<Result<SessionInfo, OpenError>>;
  recentFiles(): Promise<RecentFile[]>;
  /** Opens the bundled sample capture (first start). */
  openSample(): Promise<Result<SessionInfo, OpenError>>;
  /**
   * True once, at Synfin's first start: launched with no file, and no file ever opened (the recent
   * list is empty). The renderer then opens the sample and selects its first connection.
   */
  firstStart(): Promise<boolean>;
  cancelLoading(): Promise<void>;
  closeFile(): Promise<void>;
  session(): Promise<SessionInfo | null>;

  setView(spec: ViewSpec): Promise<Result<ViewInfo, FilterError>>;
  checkFilter(text: string): Promise<FilterCheck>;
  rows(viewId: number, from: number, to: number): Promise<PacketRow[]>;
  /** Index in the view of a frame (or of the nearest displayed frame after it), −1 if none. */
  indexOfFrame(viewId: number, frame: number): Promise<number>;
  connections(query: ConnectionQuery): Promise<ConnectionPage>;
  connection(stream: number): Promise<ConnectionRow | null>;
  packetDetail(frame: number): Promise<PacketDetail | null>;
  ladder(stream: number, expandedFolds: number[]): Promise<Ladder | null>;

  captureAvailability(): Promise<CaptureAvailability>;
  interfaces(): Promise<Result<CaptureInterface[], string>>;
  checkCaptureFilter(iface: string, filter: string): Promise<string | null>;
  startCapture(options: CaptureOptions): Promise<Result<SessionInfo, string>>;
  stopCapture(): Promise<void>;

  /** Each returns an unsubscribe function. */
  onSession(fn: (info: SessionInfo | null) => void): () => void;
  onProgress(fn: (p: Progress) => void): () => void;
  onCommand(fn: (c: UiCommand) => void): () => void;
}

/**
 * What the host services (electron/host) answer, in any process: the part of the contract that
 * needs no window. The main process adds dialogs, recent files, menus and event pushes; the
 * end-to-end tests bind the same host object to a page in Chromium.
 */
export type HostApi = Omit<
  SynfinApi,
  'openDialog' | 'openRecent' | 'recentFiles' | 'openSample' | 'firstStart' | 'onSession' | 'onProgress' | 'onCommand'
> & {
  /** Opens a capture file the main process (or a test) chose; never a path from the renderer. */
  openFile(path: string): Promise<Result<SessionInfo, OpenError>>;
};

/** Pushes from the host to whoever shows them (batched: at most 20 a second). */
export interface HostEvents {
  session(info: SessionInfo | null): void;
  progress(p: Progress): void;
}

/** Push batching limit (DESIGN.md: at most 20 pushes a second, never one message per packet). */
export const MAX_PUSHES_PER_SECOND = 20;
