import "server-only";
import { getDb, inTransaction, type Db } from "@/lib/db";
import { recordEvent } from "./events";
import type { Role } from "@/generated/prisma/client";

export type { Role };
export type UserRecord = { id: string; tenantId: string; objectId: string; email: string | null; name: string | null };

const select = { id: true, tenantId: true, objectId: true, email: true, name: true } as const;

/** Creates or refreshes the person who just signed in; Entra's (tenant id, object id) identifies them. */
export function upsertSignedInUser(
  identity: { tenantId: string; objectId: string; email: string | null; name: string | null },
  now = new Date(),
  db: Db = getDb(),
): Promise<UserRecord> {
  const { tenantId, objectId, email, name } = identity;
  return db.user.upsert({
    where: { tenantId_objectId: { tenantId, objectId } },
    create: { tenantId, objectId, email, name, lastSignInAt: now },
    update: { email, name, lastSignInAt: now },
    select,
  });
}

export function getUser(id: string, db: Db = getDb()): Promise<UserRecord | null> {
  return db.user.findUnique({ where: { id }, select });
}

/** Roles granted inside the portal (Entra app roles and the allow-list are checked in lib/auth). */
export async function listGrantedRoles(userId: string, db: Db = getDb()): Promise<Role[]> {
  const rows = await db.userRole.findMany({ where: { userId }, select: { role: true } });
  return rows.map((r) => r.role);
}

export async function grantRole(
  userId: string,
  role: Role,
  grantedById: string | null,
  db: Db = getDb(),
): Promise<void> {
  await db.userRole.upsert({
    where: { userId_role: { userId, role } },
    create: { userId, role, grantedById },
    update: {},
  });
}

export async function revokeRole(userId: string, role: Role, db: Db = getDb()): Promise<void> {
  await db.userRole.deleteMany({ where: { userId, role } });
}

/** Who grants or revokes a role: the event records them. */
export type RoleChanger = { id: string; label: string | null };

/** An owner grants a role: the grant and its event, in one transaction. */
export async function grantRoleBy(userId: string, role: Role, by: RoleChanger): Promise<void> {
  await inTransaction(async (tx) => {
    await grantRole(userId, role, by.id, tx);
    await recordEvent(
      {
        type: "staff.role_granted",
        actor: { type: "user", ...by },
        action: "role.granted",
        subject: { type: "user", id: userId },
        after: { role },
      },
      tx,
    );
  });
}

/** An owner revokes a role: the revocation and its event, in one transaction. */
export async function revokeRoleBy(userId: string, role: Role, by: RoleChanger): Promise<void> {
  await inTransaction(async (tx) => {
    await revokeRole(userId, role, tx);
    await recordEvent(
      {
        type: "staff.role_revoked",
        actor: { type: "user", ...by },
        action: "role.revoked",
        subject: { type: "user", id: userId },
        before: { role },
      },
      tx,
    );
  });
}

export function countUsersWithRole(role: Role, db: Db = getDb()): Promise<number> {
  return db.userRole.count({ where: { role } });
}

export type UserWithRoles = UserRecord & { lastSignInAt: Date | null; grantedRoles: Role[] };

/** People who have signed in, most recent first, with the roles granted in the portal. */
export async function listUsers(
  options: { search?: string; limit?: number } = {},
  db: Db = getDb(),
): Promise<UserWithRoles[]> {
  const q = options.search?.trim();
  const rows = await db.user.findMany({
    where: q
      ? {
          OR: [
            { email: { contains: q, mode: "insensitive" } },
            { name: { contains: q, mode: "insensitive" } },
            { objectId: q },
            { tenantId: q },
          ],
        }
      : undefined,
    orderBy: [{ lastSignInAt: { sort: "desc", nulls: "last" } }, { id: "asc" }],
    take: Math.min(options.limit ?? 100, 500),
    select: { ...select, lastSignInAt: true, roles: { select: { role: true } } },
  });
  return rows.map(({ roles, ...u }) => ({ ...u, grantedRoles: roles.map((r) => r.role) }));
}
