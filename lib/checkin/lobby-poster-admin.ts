/**
 * Administrators' side of the lobby posters: the printable poster of a location (its signed link as a
 * QR code) and rotating the location's key, which voids every poster printed before. Both audited.
 */
import QRCode from 'qrcode';
import { recordAudit } from '@/lib/audit/record-audit';
import { AppError } from '@/lib/errors';
import type { Location } from '@/lib/scheduling/types';
import type { CheckInDeps, StaffActor } from './check-in-deps';
import { posterUrl, rotatePosterKey, signPosterLink } from './lobby-poster';

export interface LobbyPoster {
  location: Location;
  url: string;
  /** The QR code of `url`, as an SVG document. */
  qrSvg: string;
  expires: string;
}

function requireAdmin(actor: StaffActor): void {
  if (actor.role !== 'admin') throw new AppError('forbidden', 'staff.adminManagesPosters');
}

async function locationOf(deps: Pick<CheckInDeps, 'provider'>, locationId: string): Promise<Location> {
  const location = (await deps.provider.listLocations()).find((candidate) => candidate.id === locationId);
  if (!location) throw new AppError('not_found', 'clinic.locationNotFound');
  return location;
}

export async function getLobbyPoster(
  deps: Pick<CheckInDeps, 'database' | 'provider' | 'appBaseUrl' | 'now'>,
  actor: StaffActor,
  locationId: string,
): Promise<LobbyPoster> {
  requireAdmin(actor);
  const location = await locationOf(deps, locationId);
  const link = await signPosterLink(deps.database, {
    tenantId: actor.tenant.id,
    locationId: location.id,
    now: deps.now?.() ?? new Date(),
  });
  const url = posterUrl(deps.appBaseUrl, actor.tenant.slug, link);
  const qrSvg = await QRCode.toString(url, { errorCorrectionLevel: 'M', margin: 2, width: 320, type: 'svg' });
  return { location, url, qrSvg, expires: new Date(link.expires * 1000).toISOString() };
}

export async function rotateLobbyPoster(
  deps: Pick<CheckInDeps, 'database' | 'provider' | 'now'>,
  actor: StaffActor,
  locationId: string,
): Promise<void> {
  requireAdmin(actor);
  const location = await locationOf(deps, locationId);
  await rotatePosterKey(deps.database, {
    tenantId: actor.tenant.id,
    locationId: location.id,
    now: deps.now?.() ?? new Date(),
  });
  await recordAudit(deps.database, {
    tenantId: actor.tenant.id,
    actor: { type: 'staff', id: actor.staffId, role: actor.role },
    action: 'checkin.poster_rotate',
    outcome: 'success',
    origin: actor.origin,
    detail: { locationId: location.id },
  });
}
