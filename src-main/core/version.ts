// The app's version, shown by status.get, the CLI and the desktop's About.
export const VERSION = '0.1.0';
