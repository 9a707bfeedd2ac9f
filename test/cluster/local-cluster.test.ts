import type { ContainerInfo } from "dockerode";
import { afterEach, describe, expect, test, vi } from "vitest";
import { describeLocalContainer, waitForClusterHealth } from "../../src/cluster/local-cluster.ts";

function containerInfo(ports: ContainerInfo["Ports"], labels: Record<string, string> = {}): ContainerInfo {
  return { Id: "abc123", Image: "img:1", Ports: ports, Labels: labels } as unknown as ContainerInfo;
}

describe("describeLocalContainer", () => {
  test("takes URL and port from the published 9200 binding and image/version from labels", () => {
    const info = containerInfo(
      [
        { IP: "0.0.0.0", PrivatePort: 9300, PublicPort: 0, Type: "tcp" },
        { IP: "0.0.0.0", PrivatePort: 9200, PublicPort: 9201, Type: "tcp" },
      ],
      { "dac.image": "dac/opensearch:2.19.4", "dac.opensearch.version": "2.19.4" },
    );
    expect(describeLocalContainer(info)).toEqual({
      engine: "opensearch",
      url: "http://localhost:9201",
      port: 9201,
      containerId: "abc123",
      image: "dac/opensearch:2.19.4",
      version: "2.19.4",
      secure: false,
    });
  });

  test("a secured node (label dac.secure=true) is reached over https", () => {
    const info = containerInfo([{ IP: "0.0.0.0", PrivatePort: 9200, PublicPort: 9200, Type: "tcp" }], { "dac.secure": "true" });
    expect(describeLocalContainer(info)).toMatchObject({ url: "https://localhost:9200", secure: true });
  });

  test("a container without a published HTTP port is not usable", () => {
    expect(describeLocalContainer(containerInfo([{ IP: "", PrivatePort: 9200, PublicPort: 0, Type: "tcp" }]))).toBeUndefined();
  });
});

describe("waitForClusterHealth", () => {
  afterEach(() => vi.unstubAllGlobals());

  test("polls until the cluster reports yellow", async () => {
    const bodies = ['{"status":"red"}', '{"status":"yellow"}'];
    const fetchMock = vi.fn(async () => new Response(bodies.shift() ?? "{}", { status: 200 }));
    vi.stubGlobal("fetch", fetchMock);
    const sleeps: number[] = [];
    await waitForClusterHealth("http://x", 10_000, async (ms) => void sleeps.push(ms), () => 0);
    expect(fetchMock).toHaveBeenCalledTimes(2);
    expect(sleeps).toEqual([500]);
  });

  test("gives up after the timeout", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => { throw new Error("ECONNREFUSED"); }));
    let t = 0;
    await expect(waitForClusterHealth("http://x", 1_000, async (ms) => void (t += ms), () => t)).rejects.toThrow(/did not become healthy within 1s/);
  });
});
