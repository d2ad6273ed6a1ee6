/** Stream-consumer module for the poller: this suite's identity syncs only. */
export { identitySyncHandler as handler } from './tenant-stream-consumers.js';
