import { type JsonLinkRegistry, type MapperModel, openJsonLinkRegistry } from "@ml/mapper";
import type { ModelLibrary } from "../store/model-library.js";
import { toMapperModel } from "./to-mapper-model.js";

/** The registry of every link mlib made into apps: durable state, kept at `<root>/.mlib/links.json`. */
export function openLibraryLinks(library: ModelLibrary): Promise<JsonLinkRegistry> {
  return openJsonLinkRegistry(library.paths.links);
}

/** Every library model as the mapper sees it (pages through the index, reads each metadata.json). */
export async function mapperModels(library: ModelLibrary): Promise<MapperModel[]> {
  const models: MapperModel[] = [];
  const page = 1000;
  for (let offset = 0; ; offset += page) {
    const { items } = library.list({ limit: page, offset, sort: "name" });
    for (const item of items) models.push(toMapperModel(await library.get(item.id)));
    if (items.length < page) return models;
  }
}
