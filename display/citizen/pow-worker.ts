/** Searches the proof of work off the page's thread, so the form stays responsive while it runs. */
import { solve, type PowReply, type PowRequest } from './pow';

const post = (reply: PowReply) => self.postMessage(reply);

self.addEventListener('message', (event: MessageEvent<PowRequest>) => {
  const { challenge, difficulty } = event.data;
  void solve(challenge, difficulty, (tried) => post({ type: 'progress', tried })).then((nonce) =>
    post({ type: 'done', nonce }),
  );
});
