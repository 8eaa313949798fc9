// Placeholder so the interface compiles; replaced by the implementation in the next commit.
import type { KeyStore } from './keystore';
import type { TrustStore } from './trust';
import { E2eeError, type E2ee, type E2eeApi, type Identity } from './types';

export class E2eeClient implements E2ee {
  constructor(
    readonly api: E2eeApi,
    readonly identity: () => Promise<Identity>,
    readonly store: KeyStore,
    readonly trust: TrustStore,
  ) {}
  private no(): never {
    throw new E2eeError('unsupported', 'not implemented yet');
  }
  async userId() { return (await this.identity()).userId; }
  async ensureDevice(): Promise<never> { this.no(); }
  async encryptFor(): Promise<never> { this.no(); }
  async encryptEdit(): Promise<never> { this.no(); }
  async send(): Promise<never> { this.no(); }
  async sendEdit(): Promise<never> { this.no(); }
  async decrypt(): Promise<never> { this.no(); }
  async safetyNumber(): Promise<never> { this.no(); }
  async keyChanges(): Promise<never> { this.no(); }
  async acknowledgeKeyChange(): Promise<never> { this.no(); }
  async keysChanged(): Promise<never> { this.no(); }
  onKeyChange(): () => void { return () => undefined; }
  async hasBackup(): Promise<never> { this.no(); }
  async backupStatus(): Promise<never> { this.no(); }
  async setUpBackup(): Promise<never> { this.no(); }
  async restoreBackup(): Promise<never> { this.no(); }
  async forgetDevice(): Promise<never> { this.no(); }
}
