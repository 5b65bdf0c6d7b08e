// Key signatures are data: each says which tensor names (and shapes) make a kind of model, so a
// new model family is a table row, not new code. Patterns are matched against full tensor names:
//   `#` matches one number segment (`layers.#.` matches `layers.12.`, `blocks_#_` matches `blocks_3_`)
//   `*` matches any run of characters
//   anything else is literal (`input_blocks.0.0.weight` means exactly that tensor).
import type { ModelType } from "../types.js";

/** What a signature or a refinement sets on the answer. */
export interface SignatureFields {
  type?: ModelType;
  subtype?: string | null;
  architecture?: string | null;
  baseModel?: string | null;
  /** Base models the structure cannot tell apart; the file name may pick one of them. */
  baseCandidates?: string[];
  /** How the weights are packaged: "checkpoint" (UNet + VAE + text encoder), "unet", ... */
  packaging?: string;
  contextLength?: number;
  /** Anything else worth keeping in `fields` (LoRA algorithm, upscale factor ...). */
  extra?: Record<string, string | number>;
}

/** Conditions a refinement can wait for; all given ones must hold. */
export interface RefinementGate {
  /** Every pattern has a matching tensor. */
  when?: string[];
  /** No pattern has a matching tensor. */
  absent?: string[];
  /** The first tensor matching `key` has `dim` equal to `is`. */
  whereShape?: { key: string; dim: number; is: number };
}

export type Refinement = RefinementGate &
  (
    | {
        /** Set fields when the gate holds. `because` becomes the evidence text. */
        set: SignatureFields;
        because: string;
      }
    | {
        /** Look up dimension `dim` of the first tensor matching `shape` in `values`. */
        shape: string;
        dim: number;
        values: Readonly<Record<string, SignatureFields>>;
        /** Evidence text; `{value}` and `{key}` are filled in. */
        because: string;
        /** When no value matches: evidence text, and the confidence is lowered. */
        otherwise?: string;
      }
    | {
        /** Read dimension `dim` of the first tensor matching `shape` into `contextLength`. */
        shape: string;
        dim: number;
        contextLengthOffset?: number;
        because: string;
      }
    | {
        /** When at least `atLeast` tensors match `count`. */
        count: string;
        atLeast: number;
        set: SignatureFields;
        because: string;
      }
  );

export interface KeySignature {
  /** Stable id, kept in `fields.signature` so answers can be traced to a rule. */
  id: string;
  /** What a match means, in words: becomes the first evidence entry. */
  describe: string;
  /** The highest priority match wins: LoRA over the model it adapts, checkpoint over VAE ... */
  priority: number;
  /** Confidence of a full match; refinements that cannot decide lower it. */
  confidence: number;
  /** Every pattern must match some tensor. */
  all: string[];
  /** At least one must match, when given. */
  any?: string[];
  /** None may match. */
  none?: string[];
  set: SignatureFields & { type: ModelType };
  /** Applied in order; later ones override earlier ones. */
  refine?: Refinement[];
}
