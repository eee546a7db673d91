// Placeholder until the ingest work lands: the living demo (seed + live traffic through the SDK).
export async function startDemo(_opts: { baseUrl: string }): Promise<{ stop: () => Promise<void> }> {
  return { stop: async () => undefined };
}
