export { EXIT } from "./cli-error.js";
export { main } from "./main.js";
