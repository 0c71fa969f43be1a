/** SUT_NODE_ARGS: extra node flags for every process a test or bench starts, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile. */
export function extraNodeArgs(): string[] {
  return process.env.SUT_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
}
