// Who is who in a run: the observer holds keepalive and must notice; the peer is the one the fault strikes.

export type Role = 'server' | 'client';

export interface Roles {
  observer: Role;
  peer: Role;
}

/** The fault strikes one side; the other side is the one that must notice. */
export function rolesFor(faultTarget: Role): Roles {
  return faultTarget === 'client' ? { observer: 'server', peer: 'client' } : { observer: 'client', peer: 'server' };
}
