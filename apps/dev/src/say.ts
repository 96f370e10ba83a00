/** Short one-line launcher messages on stdout (the Nest apps log JSON; these stay human). */
export function say(message: string): void {
  process.stdout.write(`[npm start] ${message}\n`);
}
