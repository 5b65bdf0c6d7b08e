import { isIP } from "node:net";

/**
 * Whether a host name or address only reaches this machine: `localhost` (and `*.localhost`),
 * 127.0.0.0/8, ::1 (bracketed or not) and IPv4-mapped loopback. `0.0.0.0` and `::` listen on every
 * interface, so they are not loopback.
 */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, "$1");
  if (h === "localhost" || h.endsWith(".localhost")) return true;
  const mapped = h.startsWith("::ffff:") ? h.slice(7) : h;
  if (isIP(mapped) === 4) return mapped.split(".")[0] === "127";
  return isIP(h) === 6 && /^(0{0,4}:){1,7}0{0,3}1$|^::1$/.test(h);
}
