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

declare module 'mingo/aggregator' {
  export { Aggregator } from 'mingo/types/aggregator';
}

declare module 'mingo/operators/pipeline' {
  export * from 'mingo/types/operators/pipeline';
}

declare module 'mingo/operators/accumulator' {
  export * from 'mingo/types/operators/accumulator';
}

declare module 'mingo/operators/expression' {
  export * from 'mingo/types/operators/expression';
}

declare module 'mingo/operators/projection' {
  export * from 'mingo/types/operators/projection';
}

declare module 'mingo/operators/window' {
  export * from 'mingo/types/operators/window';
}

declare module 'mingo/lazy' {
  export { Lazy } from 'mingo/types/lazy';
}
