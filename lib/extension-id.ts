/**
 * The manifest `key` pins the Chrome extension id, so the OAuth redirect URL an administrator registers
 * (https://<id>.chromiumapp.org/...) stays the same for unpacked, e2e and zipped builds.
 * The private half is not needed by anyone (Chrome only hashes the public key) and is not kept.
 */
export const CHROME_PUBLIC_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAshAVSAq1KkhZHK6Zz3ig9GmAv1OI43oWOuW5tZDh/cwAoLI63s8ES/nOyhRGVMePjSo3qdbulbYSsoFEcVUs4RNbAP0l54choBuf8eP1FdmInZM8+0HIxqMBQUZj8VDpJGtx6A7/JV4AA2lNJ3Urlrlm+W8IjM6TsCDUeR+zn346nbcrqMTS3By78kI0hXHPfyI5VLAUTIFoDmZHramu5ydIQtV0X4ug1d8bgmlSH0Bv7nxJ6yBrH5DITeB37K3zFBY+l/D8IO0dygph+dXsr+LspBK3NvJC0DaEunH/B6WwJCedf6F2S0lVVUeOybTl3Ikx8dDStTkZ16ccIYDiEQIDAQAB';
export const CHROME_EXTENSION_ID = 'eblcloncnfncckfofpnfbcbflhpihkip';
export const GECKO_ID = 'nowbridge@nowbridge.example';
