import { describe, expect, it } from "vitest";
import { serveCommandOptions, toStartServerOptions } from "./serve-options.js";

describe("toStartServerOptions", () => {
  it("resolves the library, the port and the tokens as the CLI gives them", () => {
    expect(toStartServerOptions({}, { MLIB_HOME: "/data/models" })).toEqual({
      root: "/data/models",
      host: "127.0.0.1",
      port: 8377,
    });
    expect(
      toStartServerOptions(
        { library: "/lib", host: "0.0.0.0", port: "9000", cors: "http://a.example, http://b.example:8080" },
        { MLIB_SERVE_TOKEN: "from-the-environment", MLIB_SERVE_READ_TOKEN: "reader-token" },
      ),
    ).toEqual({
      root: "/lib",
      host: "0.0.0.0",
      port: 9000,
      token: "from-the-environment",
      readToken: "reader-token",
      cors: ["http://a.example", "http://b.example:8080"],
    });
    expect(
      toStartServerOptions(
        { library: "/lib", token: "flag-wins-always", cors: "*" },
        { MLIB_SERVE_TOKEN: "env" },
      ),
    ).toMatchObject({
      token: "flag-wins-always",
      cors: true,
    });
  });

  it("refuses bad ports and origins in one line", () => {
    for (const port of ["http", "-1", "65536", "1.5", ""]) {
      expect(() => toStartServerOptions({ library: "/lib", port }, {}), port).toThrow(/--port must be/);
    }
    expect(() => toStartServerOptions({ library: "/lib", cors: "evil" }, {})).toThrow(/--cors: evil/);
  });

  it("declares every flag of mlib serve", () => {
    expect(serveCommandOptions.map((o) => o.flags.split(" ")[0])).toEqual([
      "--host",
      "--port",
      "--token",
      "--read-token",
      "--cors",
    ]);
  });
});
