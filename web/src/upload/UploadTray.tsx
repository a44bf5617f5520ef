/** Placeholder: the tray of uploads in progress is built with the upload queue. */
export function UploadTray() {
  return null;
}
