/** Azure clouds: the ARM endpoint and the Entra ID authority host change together. */
export const CLOUDS = {
  public: { arm: 'https://management.azure.com', authorityHost: 'https://login.microsoftonline.com' },
  china: { arm: 'https://management.chinacloudapi.cn', authorityHost: 'https://login.chinacloudapi.cn' },
  usgov: { arm: 'https://management.usgovcloudapi.net', authorityHost: 'https://login.microsoftonline.us' },
} as const;

export type CloudName = keyof typeof CLOUDS;

export function isCloudName(value: string): value is CloudName {
  return Object.hasOwn(CLOUDS, value);
}
