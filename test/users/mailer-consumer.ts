/** Stream-consumer module for the poller: this suite's mails only. */
export { mailerHandler as handler } from './tenant-stream-consumers.js';
