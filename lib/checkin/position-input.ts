/** The position a phone sends with a geofenced check-in, as it arrives from the browser. */
import { z } from 'zod';

/**
 * The phone's reading as it arrives from the browser. Anything but a number (null is JSON's NaN, a
 * string, nothing) becomes NaN, so that the use-case refuses it with an audit entry like any bad position.
 */
const reading = z
  .unknown()
  .optional()
  .transform((value) => (typeof value === 'number' ? value : Number.NaN));
export const positionInputSchema = z.object({ latitude: reading, longitude: reading, accuracy: reading });
