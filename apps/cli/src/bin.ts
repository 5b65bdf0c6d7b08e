#!/usr/bin/env node
import { main } from "./main.js";

// A second Ctrl-C during a long hash or verify still ends the process at once.
process.exitCode = await main(process.argv.slice(2));
