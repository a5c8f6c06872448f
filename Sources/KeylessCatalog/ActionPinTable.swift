import KeylessModel

/// The one table of pinned actions. Each SHA was read from the release tag in the action's own
/// repository with `git rev-parse 'TAG^{commit}'` on a snapshot taken in 2026-11, and each runtime
/// from `runs.using` in that tag's `action.yml`. Offline tools cannot confirm a SHA belongs to a tag:
/// re-read them here when bumping a version.
enum ActionPinTable {
    static let table = ActionPins(
        pins: [
            ActionPin(
                repository: "actions/checkout", version: "v7.0.1", sha: "3d3c42e5aac5ba805825da76410c181273ba90b1",
                runtime: "node24", source: "tag v7.0.1 of https://github.com/actions/checkout"),
            ActionPin(
                repository: "aws-actions/configure-aws-credentials", version: "v6.2.3",
                sha: "e6de054238d6b7531b4efff3b6587d9aade6a06c", runtime: "node24",
                source: "tag v6.2.3 of https://github.com/aws-actions/configure-aws-credentials"),
            // Used by the repository's own action.yml and examples/ (checked by ActionTests), read the same
            // way from snapshots taken in 2026-12 (`fetch github:OWNER/REPO`, then `git rev-parse`).
            ActionPin(
                repository: "github/codeql-action", version: "v4.36.2", sha: "8aad20d150bbac5944a9f9d289da16a4b0d87c1e",
                runtime: "node24", source: "tag v4.36.2 of https://github.com/github/codeql-action (upload-sarif/action.yml)"),
            ActionPin(
                repository: "actions/upload-artifact", version: "v7.0.0", sha: "bbbca2ddaa5d8feaa63e36b76fdaad77386f024f",
                runtime: "node24", source: "tag v7.0.0 of https://github.com/actions/upload-artifact"),
            ActionPin(
                repository: "actions/download-artifact", version: "v8.0.1", sha: "3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c",
                runtime: "node24", source: "tag v8.0.1 of https://github.com/actions/download-artifact"),
        ],
        majors: [
            ActionMajor(repository: "actions/checkout", major: "v2", runtime: "node12"),
            ActionMajor(repository: "actions/checkout", major: "v3", runtime: "node16"),
            ActionMajor(repository: "actions/checkout", major: "v4", runtime: "node20"),
            ActionMajor(repository: "actions/checkout", major: "v5", runtime: "node24"),
            ActionMajor(repository: "actions/checkout", major: "v6", runtime: "node24"),
            ActionMajor(repository: "actions/checkout", major: "v7", runtime: "node24"),
            ActionMajor(repository: "aws-actions/configure-aws-credentials", major: "v1", runtime: "node12"),
            ActionMajor(repository: "aws-actions/configure-aws-credentials", major: "v2", runtime: "node16"),
            ActionMajor(repository: "aws-actions/configure-aws-credentials", major: "v3", runtime: "node16"),
            ActionMajor(repository: "aws-actions/configure-aws-credentials", major: "v4", runtime: "node20"),
            // v5 still declares node20; v6 is the first major on node24.
            ActionMajor(repository: "aws-actions/configure-aws-credentials", major: "v5", runtime: "node20"),
            ActionMajor(repository: "aws-actions/configure-aws-credentials", major: "v6", runtime: "node24"),
        ])
}
