export { main } from "./main.js";
export { EXIT } from "./cli-error.js";
