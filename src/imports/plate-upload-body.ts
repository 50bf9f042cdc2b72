import type { IncomingMessage } from 'node:http';

// The plate-reader upload routes: POST /api/v1/instrument-feeds, POST /api/v1/plates/:id/readings.
const UPLOAD_PATH = /^\/api\/v1\/(?:instrument-feeds|plates\/[^/?]+\/readings)\/?(?:\?|$)/;
// A text export (any charset: the bytes decide), or an Excel workbook sent as the body.
const UPLOAD_TYPE =
  /^(?:text\/[^;]+|application\/octet-stream|application\/vnd\.openxmlformats-officedocument\.spreadsheetml\.sheet)\s*(?:;|$)/i;

/**
 * The body-parser `type` test of the upload routes' raw parser: true for a POST to an upload
 * route with a text or workbook body, which then reaches the controller as a Buffer, undecoded.
 */
export function isPlateUploadBody(req: IncomingMessage): boolean {
  if (req.method !== 'POST') return false;
  const type = req.headers['content-type'];
  return type !== undefined && UPLOAD_TYPE.test(type) && UPLOAD_PATH.test(req.url ?? '');
}
