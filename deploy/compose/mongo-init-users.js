// Run by the mongo image once, when its data volume is empty (/docker-entrypoint-initdb.d), as
// the root user: one user per service with readWrite on that service's database only, so a
// service can neither read nor damage another's data. Passwords from the environment.
for (const service of ['workspace', 'invitation', 'case', 'access']) {
  const variable = `${service.toUpperCase()}_MONGO_PASSWORD`;
  const password = process.env[variable];
  if (!password) throw new Error(`${variable} is not set`);
  const database = `support-hub-${service}`;
  db.getSiblingDB(database).createUser({ user: database, pwd: password, roles: [{ role: 'readWrite', db: database }] });
}
