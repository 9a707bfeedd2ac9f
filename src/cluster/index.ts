/**
 * cluster: real search clusters in Docker for tests, replay and the `local`
 * environment.
 * Input: an engine and version (`ClusterOptions`). Output: `Started*`
 * handles (URL, ready client, stop/dispose) for nodes owned by one process,
 * and `LocalCluster` values for the long-lived detached cluster.
 * It installs/starts Docker and builds dac's OpenSearch image through
 * scripts/ when needed; it knows nothing of detections, plans or targets.
 */
export * from "./opensearch-node.ts";
export * from "./start-cluster.ts";
export * from "./local-cluster.ts";
export * from "./cluster-status.ts";
export * from "./image-choice.ts";
export * from "./local-image.ts";
export * from "./reaper.ts";
export * from "./secure-node.ts";
export * from "./secure-users.ts";
export * from "./local-secure-files.ts";
export * from "./node-certificates.ts";
