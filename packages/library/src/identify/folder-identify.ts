import { join } from "node:path";
import { blankIdentification } from "./blank-identification.js";
import { identifyDiffusersComponent, identifyDiffusersPipeline } from "./folder-diffusers.js";
import { identifyHfRepoFolder, identifyPeftFolder } from "./folder-hf-repo.js";
import { listFolder, readJsonFile } from "./folder-listing.js";
import { identifyFolderWeights } from "./folder-weights.js";
import { isJsonObject } from "./json-object.js";
import type { Identification } from "./types.js";

/**
 * Identifies a model folder: a diffusers pipeline (model_index.json), a diffusers component
 * (config.json with _class_name), a transformers repo (config.json), a PEFT adapter
 * (adapter_config.json), or a folder of safetensors weights. Reads config files and safetensors
 * headers only.
 */
export async function identifyFolder(dir: string): Promise<Identification> {
  const listing = await listFolder(dir);
  const json = (name: string) => (listing.files.includes(name) ? readJsonFile(join(dir, name)) : undefined);

  const modelIndex = await json("model_index.json");
  if (isJsonObject(modelIndex)) return identifyDiffusersPipeline(listing, modelIndex);
  const config = await json("config.json");
  if (isJsonObject(config) && typeof config._class_name === "string")
    return identifyDiffusersComponent(listing, config);
  if (isJsonObject(config)) return identifyHfRepoFolder(listing, config);
  const adapter = await json("adapter_config.json");
  if (isJsonObject(adapter)) return identifyPeftFolder(listing, adapter);

  const weights = await identifyFolderWeights(listing);
  if (weights) return weights;
  const id = blankIdentification("unknown");
  id.evidence.push({
    source: "folder",
    detail: "no config file and no safetensors weights in this folder",
    strength: "medium",
  });
  return id;
}
