#!/usr/bin/env node
// The installed command: Node (>= 22.18) runs the TypeScript sources directly by stripping their types.
import '../lab/cli/main.ts';
