// The @support-hub/* library aliases, in one place: tsconfig.json `paths`, Jest's
// moduleNameMapper and the runtime resolver of compiled code all follow this table.
const libs = ['contracts', 'messaging', 'auth', 'persistence', 'platform', 'chassis', 'contract-copies', 'testing', 'embedded-mongo'];

exports.sourceRoots = Object.fromEntries(libs.map((lib) => [`@support-hub/${lib}`, `libs/${lib}/src`]));
