import type { Model } from "../pricing/types.js";
import type { Endpoint } from "./billing-adjust.js";

/**
 * A host's ids that name an endpoint, as Amazon Bedrock's inference profiles do: `global.` is the global
 * cross-region profile; `us.`, `eu.`, `apac.`, `jp.`, `au.`, `ca.` and `us-gov.` are geographic profiles,
 * billed as regional. A bare model id (`anthropic.claude-…`) is called in one region: regional too.
 */
const GLOBAL = /^global\./;
const REGIONAL = /^(?:us|eu|apac|jp|au|ca|us-gov)\./;

const variants = new WeakMap<Model, Map<Endpoint, Model>>();

/**
 * The model as a run prices it when named `name`: a host listing named by an id that says its endpoint
 * is priced at that endpoint, whatever --endpoint says (the id is what the request is sent to). Other
 * names, and models whose prices do not differ by endpoint, are the model itself.
 */
export function withNamedEndpoint(model: Model, name: string): Model {
  const key = name.trim().toLowerCase();
  if (key === model.id || !model.prices.some((period) => period.regional)) return model;
  const endpoint: Endpoint | undefined = GLOBAL.test(key)
    ? "global"
    : REGIONAL.test(key)
      ? "regional"
      : undefined;
  if (endpoint === undefined) return model;
  const known = variants.get(model) ?? new Map<Endpoint, Model>();
  variants.set(model, known);
  const variant = known.get(endpoint) ?? { ...model, namedEndpoint: endpoint };
  known.set(endpoint, variant);
  return variant;
}
