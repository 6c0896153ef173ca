/** Request schemas of the insurance endpoints (full zod, parsed by the route handlers). */
import { z } from 'zod';

export { coverageFormSchema } from '@/lib/insurance/coverage-input';

export const deskEligibilityBodySchema = z.object({
  appointmentId: z.string().trim().min(1, 'Name the appointment.').max(64),
});
