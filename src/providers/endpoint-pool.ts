/** One base URL serving the model, with what the balancer knows about it. */
export interface Endpoint<Client> {
  baseURL: string;
  client: Client;
  outstanding: number;
  consecutiveFailures: number;
  /** While in the future, the endpoint is out of rotation (it failed); afterwards it gets a trial request. */
  downUntil: number;
}

/**
 * Balances requests over several base URLs of one model: the healthy endpoint with the fewest outstanding
 * requests wins (ties: the first listed). A failing endpoint is taken out for a cooldown that doubles with each
 * consecutive failure (up to `maxCooldownMs`), then tried again; a success brings it back. When all are out, the one
 * due back first is used, so requests still make progress.
 */
export class EndpointPool<Client> {
  readonly endpoints: Endpoint<Client>[];

  constructor(
    entries: Array<{ baseURL: string; client: Client }>,
    private readonly cooldownMs = 2_000,
    private readonly maxCooldownMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {
    if (entries.length === 0) throw new Error("an endpoint pool needs at least one base URL");
    this.endpoints = entries.map((entry) => ({
      ...entry,
      outstanding: 0,
      consecutiveFailures: 0,
      downUntil: 0,
    }));
  }

  pick(): Endpoint<Client> {
    const now = this.now();
    const healthy = this.endpoints.filter((endpoint) => endpoint.downUntil <= now);
    const candidates = healthy.length > 0 ? healthy : [this.earliestBack()];
    let best = candidates[0] as Endpoint<Client>;
    for (const endpoint of candidates) if (endpoint.outstanding < best.outstanding) best = endpoint;
    return best;
  }

  onSuccess(endpoint: Endpoint<Client>): void {
    endpoint.consecutiveFailures = 0;
    endpoint.downUntil = 0;
  }

  onFailure(endpoint: Endpoint<Client>): void {
    endpoint.consecutiveFailures++;
    const cooldown = Math.min(this.maxCooldownMs, this.cooldownMs * 2 ** (endpoint.consecutiveFailures - 1));
    endpoint.downUntil = this.now() + cooldown;
  }

  private earliestBack(): Endpoint<Client> {
    return this.endpoints.reduce((a, b) => (b.downUntil < a.downUntil ? b : a));
  }
}
