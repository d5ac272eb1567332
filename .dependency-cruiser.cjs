// Module boundaries (issue 13), checked by `npm run lint` through scripts/check-boundaries.mjs, which adds the
// one rule dependency-cruiser cannot express: no cycle between feature folders (its `circular` rule sees files).
//
// Features are the folders under src/ other than common/: account, activity, admin, auth, cli, config,
// database, health, http, logging, mail, metrics, oauth, password-reset, redis, retention, revocation,
// sessions, throttling, users (and any folder added later: the rules match src/<anything but common>/).
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'common-imports-no-feature',
      comment:
        'src/common/ is the shared base every feature builds on; importing a feature from it makes every feature depend on that one.',
      severity: 'error',
      from: { path: '^src/common/' },
      to: { path: '^src/(?!common/)[^/]+/' },
    },
    {
      name: 'client-imports-no-server',
      comment:
        'The browser SDK (client/), the NestJS integration package (nest/) and the account page ship without the server: importing src/ would drag it into their bundles.',
      severity: 'error',
      from: { path: '^(client|nest|account-page)/' },
      to: { path: '^src/' },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import the cruiser cannot resolve is an edge it cannot judge: fail rather than pass it unseen.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Specs may wire anything to anything; the boundaries are about the code that ships.
    // (client/boundaries.spec.ts keeps its own, stricter, import check of the SDK.)
    exclude: { path: ['(^|/)(dist|coverage)/', '\\.(e2e-)?spec\\.ts$'] },
    tsPreCompilationDeps: true,
    // nodenext: relative imports are written with .js and resolve to the .ts beside them.
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'],
      extensionAlias: { '.js': ['.ts', '.js'] },
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
  },
};
