export { baseName } from "./base-name.js";
export { normalizeName } from "./normalize-name.js";
export { parseQuantization } from "./parse-quantization.js";
