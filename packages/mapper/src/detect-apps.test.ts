import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { detectApps } from "./detect-apps.js";
import { tempDirs } from "./test-utils/temp-dirs.js";

describe("detectApps", () => {
  const tmp = tempDirs();

  async function layout(home: string, entries: string[]) {
    for (const entry of entries) {
      const full = path.join(home, entry);
      if (entry.endsWith("/")) await mkdir(full, { recursive: true });
      else {
        await mkdir(path.dirname(full), { recursive: true });
        await writeFile(full, "");
      }
    }
  }

  it("finds installs at their usual places, tells Forge from A1111, and skips look-alikes", async () => {
    const home = await tmp();
    const ollamaDir = path.join(home, "big-disk", "ollama");
    const lmsHome = path.join(home, "elsewhere", "lms");
    await layout(home, [
      "ComfyUI/models/checkpoints/",
      "ComfyUI/main.py",
      "Documents/ComfyUI/models/",
      "stable-diffusion-webui/models/Stable-diffusion/",
      "stable-diffusion-webui-forge/models/Stable-diffusion/",
      "stable-diffusion-webui-forge/modules_forge/",
      ".lmstudio/models/",
      "elsewhere/lms/models/",
      "big-disk/ollama/",
      ".ollama/models/blobs/",
    ]);
    await writeFile(path.join(home, ".lmstudio-home-pointer"), `${lmsHome}\n`);
    const found = await detectApps({ OLLAMA_MODELS: ollamaDir }, home);
    expect(found).toEqual([
      { app: "comfyui", name: "ComfyUI", target: path.join(home, "ComfyUI"), via: "default" },
      {
        app: "a1111",
        name: "AUTOMATIC1111 WebUI",
        target: path.join(home, "stable-diffusion-webui"),
        via: "default",
      },
      {
        app: "forge",
        name: "Stable Diffusion WebUI Forge",
        target: path.join(home, "stable-diffusion-webui-forge"),
        via: "default",
      },
      { app: "lmstudio", name: "LM Studio", target: path.join(lmsHome, "models"), via: "pointer" },
      { app: "lmstudio", name: "LM Studio", target: path.join(home, ".lmstudio", "models"), via: "default" },
      { app: "ollama", name: "Ollama", target: ollamaDir, via: "env" },
      { app: "ollama", name: "Ollama", target: path.join(home, ".ollama", "models"), via: "default" },
    ]);
  });

  it("reports a webui with modules_forge as Forge only, and nothing for an empty home", async () => {
    const home = await tmp();
    expect(await detectApps({}, home)).toEqual([]);
    await layout(home, [
      "stable-diffusion-webui/models/Stable-diffusion/",
      "stable-diffusion-webui/modules_forge/",
    ]);
    expect((await detectApps({ OLLAMA_MODELS: path.join(home, "missing") }, home)).map((a) => a.app)).toEqual(
      ["forge"],
    );
  });
});
