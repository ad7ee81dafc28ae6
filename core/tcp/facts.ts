/**
 * What the TCP tracker concludes about one packet, filled into a reused object.
 * Codes come from ./vocabulary (states, role bits, analysis bits).
 */
export class PacketFacts {
  /** tcp.stream; −1 when the frame is not tracked TCP. */
  stream = -1;
  /** Sent by the connection's client (the SYN sender, or the side the tracker chose when no SYN was seen). */
  fromClient = false;
  /** Sequence and acknowledgement numbers relative to each direction's base, as Wireshark shows them. */
  relSeq = 0;
  relAck = 0;
  /**
   * The segment's length was unknown (a first IP fragment, a header longer than its segment), so
   * relSeq and relAck are the raw numbers, as Wireshark shows them then.
   */
  rawNumbers = false;
  /** Role bits (PACKET_ROLES). */
  roles = 0;
  /** Analysis bits (ANALYSIS_FLAGS). */
  analysis = 0;
  /** Each endpoint's state code (TCP_STATES) after this packet. */
  clientState = 0;
  serverState = 0;
  /** Window in bytes after scaling (tcp.window_size); −1 when the scale is unknown. */
  windowSize = -1;

  reset(): void {
    this.stream = -1;
    this.fromClient = false;
    this.relSeq = 0;
    this.relAck = 0;
    this.rawNumbers = false;
    this.roles = 0;
    this.analysis = 0;
    this.clientState = 0;
    this.serverState = 0;
    this.windowSize = -1;
  }
}
