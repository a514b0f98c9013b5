/**
 * The phone's network connectivity as wx.getNetworkType / onNetworkStatusChange
 * report it. Offline here is also what the transport consults: an offline phone
 * sends nothing.
 */
export type NetworkType = 'wifi' | '2g' | '3g' | '4g' | '5g' | 'unknown' | 'none';

export interface ConnectivityState {
  networkType: NetworkType;
  isConnected: boolean;
  /** dBm, as getNetworkType reports (wifi: 0–100 strength in the client; we keep one number). */
  signalStrength: number;
  weakNet: boolean;
  hasSystemProxy: boolean;
}

export class Connectivity {
  private state: ConnectivityState = { networkType: 'wifi', isConnected: true, signalStrength: 99, weakNet: false, hasSystemProxy: false };
  private lastOnlineType: NetworkType = 'wifi';
  private readonly listeners = new Set<(s: ConnectivityState) => void>();

  get current(): Readonly<ConnectivityState> {
    return this.state;
  }

  get online(): boolean {
    return this.state.isConnected;
  }

  /** Goes offline (`networkType: 'none'`) or back online with the previous type. */
  setOffline(offline: boolean): void {
    if (offline === !this.state.isConnected) return;
    if (offline) {
      this.lastOnlineType = this.state.networkType;
      this.update({ networkType: 'none', isConnected: false });
    } else {
      this.update({ networkType: this.lastOnlineType, isConnected: true });
    }
  }

  /** Sets the network type; `'none'` means offline. */
  setType(type: NetworkType): void {
    if (type === this.state.networkType) return;
    if (type !== 'none') this.lastOnlineType = type;
    this.update({ networkType: type, isConnected: type !== 'none' });
  }

  setSignal(patch: Partial<Pick<ConnectivityState, 'signalStrength' | 'weakNet' | 'hasSystemProxy'>>): void {
    this.state = { ...this.state, ...patch };
  }

  /** Called on every change of networkType / isConnected. Returns an unsubscribe function. */
  onChange(fn: (s: ConnectivityState) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private update(patch: Partial<ConnectivityState>): void {
    this.state = { ...this.state, ...patch };
    for (const fn of [...this.listeners]) fn(this.state);
  }
}
