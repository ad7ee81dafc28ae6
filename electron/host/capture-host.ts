/** Live capture through libpcap (`cap`), for the main thread. */
import type { CaptureAvailability, CaptureInterface, CaptureOptions, Result, SessionInfo } from '../../core/api';
import { err } from '../../core/result';

export class CaptureHost {
  async availability(): Promise<CaptureAvailability> {
    return { available: false, reason: 'live capture is not in this build yet', notes: [] };
  }
  async interfaces(): Promise<Result<CaptureInterface[], string>> {
    return err('live capture is not in this build yet');
  }
  async checkFilter(_iface: string, _filter: string): Promise<string | null> {
    return 'live capture is not in this build yet';
  }
  async start(_o: CaptureOptions): Promise<Result<SessionInfo, string>> {
    return err('live capture is not in this build yet');
  }
  async stop(): Promise<void> {}
}
