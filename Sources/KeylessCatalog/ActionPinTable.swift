import KeylessModel

/// The one table of pinned actions. Each SHA was read from the release tag in the action's own
/// repository (`git rev-parse vX.Y.Z^{commit}` on a snapshot of it); `source` says which.
enum ActionPinTable {
    static let table = ActionPins(pins: [
        ActionPin(
            repository: "actions/checkout", version: "v5.0.0", sha: "08c6903cd8c0fde910a37f88322edcfb5dd907a8",
            runtime: "node24", source: "PLACEHOLDER"),
        ActionPin(
            repository: "aws-actions/configure-aws-credentials", version: "v5.0.0", sha: "a03048d87541d1d9fcf2ecf528a4a65ba9bd7838",
            runtime: "node24", source: "PLACEHOLDER"),
    ])
}
