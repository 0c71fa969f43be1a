// mingo publishes these entry points through package.json "exports", which this repository's
// node10 module resolution does not read (Node and Jest do): their own types, under those names.
declare module 'mingo/updater' {
  export { update } from 'mingo/types/updater';
}

declare module 'mingo/operators/update' {
  export * from 'mingo/types/operators/update';
}

declare module 'mingo/query' {
  export { Query } from 'mingo/types/query';
}

declare module 'mingo/operators/query' {
  export * from 'mingo/types/operators/query';
}
