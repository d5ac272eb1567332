/** What the client tells us about the device it signs in from. */
export interface DeviceInfo {
  deviceName?: string | null;
  userAgent?: string | null;
  ip?: string | null;
}
