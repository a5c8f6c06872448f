import KeylessCredentials
import KeylessModel

/// `long-lived-aws-keys`: a stored long-lived AWS access key is handed to the job.
package enum LongLivedAWSKeys: WorkflowRule {
    package static let rule = Rule("long-lived-aws-keys", .workflow, .error, title: "Long-lived AWS access keys",
        explanation: "The workflow hands on a stored AWS access key (from `secrets.*` or `vars.*`, a literal key, or an input fed from those): through the action's `aws-access-key-id` / `aws-secret-access-key` inputs, `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` (or another name fed from an AWS key secret) in `env:` at any level, including `services` and `container`, the inputs of an action, a secret passed to a reusable workflow, or a `run:` script (`aws configure set`, a credentials file, `$GITHUB_ENV`). Each finding is the line where the stored value enters. Session credentials from an earlier step, dummy keys for moto, LocalStack or MinIO, and AWS's documented example keys are not findings. Such a key never expires and works from anywhere. Assume a role with OIDC instead.",
        source: RuleSource.awsDoc)

    package static func check(_ context: WorkflowContext, report: inout RuleReport) {
        for entry in context.credentials.storedKeyEntries {
            report.add(line: entry.location.line, column: entry.location.column, message(entry) + (entry.via.map { " (inside \($0))" } ?? ""))
        }
    }

    /// What the finding says, by how the key enters.
    static func message(_ e: CredentialEntry) -> String {
        let from: String
        if case .storedKey(let reference) = e.value { from = reference } else { from = "a stored value" }
        switch e.channel {
        case .credentialsInput(let input):
            return "the step signs in with a long-lived access key ('\(input)' from \(from)); assume a role with OIDC instead"
        case .env(_, let name):
            return "\(name) is set from \(from): a long-lived access key"
        case .actionInput(let action, let input):
            return "input '\(input)' of \(action) is given \(from): a long-lived access key"
        case .reusableSecret(let callee, let name):
            return "the job passes \(from) as secret '\(name)' to the reusable workflow \(callee): a long-lived access key"
        case .script(let use):
            return "the script hands \(from) to \(use.rawValue): a long-lived access key"
        }
    }

    /// Secret names shaped like an AWS access key's (kept for `migrate` until it adopts `KeylessCredentials`).
    package static func looksLikeAWSKey(_ name: String) -> Bool { KeyValueRules.isKeyShaped(name) }
}
