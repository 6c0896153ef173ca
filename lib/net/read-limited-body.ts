/**
 * A request body as text, refused as soon as it is known to be over a byte limit (from Content-Length,
 * or while streaming) without buffering more than the limit. The caller says what the refusal is (the
 * app's API answers with its own 413, the FHIR sandbox with an OperationOutcome).
 */
export async function readLimitedBody(request: Request, maxBytes: number, tooLarge: () => Error): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? '');
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
