import { preset } from "../../tooling/config/vitest.preset.mjs";

export default preset();
