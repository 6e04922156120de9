/**
 * The published packages the upstream lane drives, pinned: exact version, the registry's tarball
 * integrity (checked against what npm installed) and the Node major the release needs. A release
 * is named `<package>@<version>`, e.g. `openclaw@2026.5.28`.
 */
export interface PinnedRelease {
  readonly name: string;
  readonly version: string;
  /** `dist.integrity` of the tarball, as the registry publishes it. */
  readonly integrity: string;
  /** The Node major to run it under (its `engines.node` floor is above this machine's Node 20). */
  readonly nodeMajor: 22 | 24;
  /** `engines.node` as published, for messages. */
  readonly engines: string;
  /**
   * From 2026.9 the Codex extension is its own package, installed into OpenClaw's state dir with
   * `openclaw plugins install npm:<name>@<version>` (a local tarball is refused as untrusted).
   */
  readonly codexPlugin?: PinnedPackage;
}

export interface PinnedPackage {
  readonly name: string;
  readonly version: string;
  /** `dist.integrity` of the tarball, as the registry publishes it. */
  readonly integrity: string;
}

export interface PinnedNode {
  readonly version: string;
  readonly integrity: string;
}

export const PINNED_RELEASES: Readonly<Record<string, PinnedRelease>> = {
  "openclaw@2026.4.26": {
    name: "openclaw",
    version: "2026.4.26",
    integrity: "sha512-KBKI7gu9d/6NxBfqnojTFcHNJvrOyyYGJ6oczaBKF7zUHVKdm78zZNQOBmwiaHQMrvhjNRo0ry9xXtaAJwhV3A==",
    nodeMajor: 22,
    engines: ">=22.14.0",
  },
  "openclaw@2026.5.26": {
    name: "openclaw",
    version: "2026.5.26",
    integrity: "sha512-ne6ESyXmspmWO7JlSAWFp1ACmk/um2bnEGnEkiHd4BK62XRUt82DBCCpBGcLsMKA+zNG9G938dA+zCNJCKvUFA==",
    nodeMajor: 22,
    engines: ">=22.19.0",
  },
  "openclaw@2026.5.27": {
    name: "openclaw",
    version: "2026.5.27",
    integrity: "sha512-2N93zhdAo88KAbHt6T7KvYXf4s7XIkYXBgv1npYpn7e1Y9FvrtgtpsA38my9rtFW+70uXEojRPX5/OqnuDqJPw==",
    nodeMajor: 22,
    engines: ">=22.19.0",
  },
  "openclaw@2026.5.28": {
    name: "openclaw",
    version: "2026.5.28",
    integrity: "sha512-p7jGN9wzCrqEvHNI6Y7+eh6DWoYDzJ1iQGKTm8xqQ2uQ9/2mY1CCf87WoZeb0+m3eHKSGchlI3tN33fE1lMtEA==",
    nodeMajor: 22,
    engines: ">=22.19.0",
  },
  "openclaw@2026.9.5": {
    name: "openclaw",
    version: "2026.9.5",
    integrity: "sha512-TCO/ImVLh5HkF4tdfo7iriIa7kT6iYkIr/jR5ZOkePGFGhUx5Oe7DE716Y1DzzG2teRAVDdCjgJDu1A24Yta7w==",
    nodeMajor: 24,
    engines: ">=24.16.0 <25 || >=26.1.0",
    // The newest release with a matching plugin: 2026.9.6 has none, and its state migration then
    // asks the registry for @openclaw/codex@2026.9.6 on every run.
    codexPlugin: {
      name: "@openclaw/codex",
      version: "2026.9.5",
      integrity: "sha512-lZ6GELyDj0R/xUu5L8rjOPW2ijfKc4YrRLqAMcScvSAq+zIP4v4aMYAzUfjQIgyXSuJJeUGRV/T8WLi40sLAxw==",
    },
  },
};

/** The npm `node` package per major (its preinstall fetches the platform binary, `node-<os>-<arch>`). */
export const PINNED_NODES: Readonly<Record<22 | 24, PinnedNode>> = {
  22: { version: "22.23.3", integrity: "sha512-DefCzy9Twv55AA4RQcOnUd6iQtqmnsJ6twWGasZ33F7BKJEMUJ1KVoumiVSRRNVRHKhBtsoPTvNKMxsE1TG0+Q==" },
  24: { version: "24.21.0", integrity: "sha512-GquwdXTr1CyRzrHsP+GVYnKj/yxIX7kUpyGMKu30fKJa9Hqtp9GP/Zu4BXY3gLIQVc/H5eWdMQmBgMBx5veCbw==" },
};

export class UnknownReleaseError extends Error {
  constructor(release: string) {
    super(`release "${release}" is not pinned; pinned: ${Object.keys(PINNED_RELEASES).join(", ")} (add it to harness/upstream/releases.ts with its registry integrity)`);
    this.name = "UnknownReleaseError";
  }
}

export function pinnedRelease(release: string): PinnedRelease {
  const pinned = PINNED_RELEASES[release];
  if (pinned === undefined) throw new UnknownReleaseError(release);
  return pinned;
}
