/**
 * Observers of the app's own appointment writes (book, reschedule, cancel) through any SchedulingProvider,
 * told after the EHR accepted the write. Used by the legacy-EHR bridge (lib/bridge) to send the clinic's
 * EHR its SIU messages. Listeners are registered once per process at start-up; a failing listener is
 * logged and never undoes or fails the write.
 */
import { log } from '@/lib/logger';
import type { Tenant } from '@/lib/tenancy/tenant';
import type { SchedulingProvider } from './provider';
import type { Appointment } from './types';

export interface AppointmentWrite {
  kind: 'booked' | 'rescheduled' | 'cancelled';
  appointment: Appointment;
}

export type AppointmentWriteListener = (tenant: Tenant, write: AppointmentWrite) => Promise<void>;

// On globalThis: Next bundles the start-up hook (which registers listeners) and the route handlers
// (which book) separately, each with its own copy of this module; one process must share one set.
const globalForListeners = globalThis as typeof globalThis & {
  __appointmentWriteListeners?: Set<AppointmentWriteListener>;
};
const listeners = (globalForListeners.__appointmentWriteListeners ??= new Set<AppointmentWriteListener>());

export function onAppointmentWrite(listener: AppointmentWriteListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

async function tell(tenant: Tenant, write: AppointmentWrite): Promise<void> {
  for (const listener of listeners)
    await listener(tenant, write).catch((error: unknown) =>
      log().error({ err: error instanceof Error ? error.message : 'unknown' }, 'appointment write listener failed'),
    );
}

/** The provider, with its book/reschedule/cancel reported to the listeners once they succeed. */
export function observedProvider(tenant: Tenant, provider: SchedulingProvider): SchedulingProvider {
  return new Proxy(provider, {
    get(target, property, receiver): unknown {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      const kind = { book: 'booked', reschedule: 'rescheduled', cancel: 'cancelled' }[String(property)] as
        AppointmentWrite['kind'] | undefined;
      const method = value as (...args: unknown[]) => unknown;
      if (!kind) return method.bind(target);
      return async (...args: unknown[]): Promise<Appointment> => {
        const appointment = (await method.apply(target, args)) as Appointment;
        if (listeners.size > 0) await tell(tenant, { kind, appointment });
        return appointment;
      };
    },
  });
}
