import KeylessSyntax
import KeylessIaC
import KeylessDocs
import KeylessGenerator
import KeylessModel

extension FailureMode {
    static func longLivedKeysStillUsed(_ ref: Reference) -> FailureMode {
        let id = "long-lived-keys-still-used"
        // The secrets of a repository the configuration names them for, else the names AWS's own examples use.
        let named = ref.config.repositories.first { $0.secretPattern != nil && !$0.environments.isEmpty }
        let env = named?.environments.first ?? ""
        let idSecret = named?.secret(env) ?? "AWS_ACCESS_KEY_ID"
        let keys = ref.keysStep(
            idSecret: idSecret, keySecret: named?.secret(env, suffix: "_KEY_SECRET") ?? "AWS_SECRET_ACCESS_KEY",
            region: .string(ref.region))
        let pattern = named.map { r in
            " This is the pattern of \(r.name)'s workflows (`\(r.secret(env)!.replacingOccurrences(of: env.uppercased(), with: "<ENV>"))`)."
        } ?? ""
        var links: [String] = []
        if ref.config.lambdaPage != nil { links.append("see [\(LambdaOIDCPage.title)](page:\(LambdaOIDCPage.id)) for the whole setup") }
        if let r = ref.config.migrationRepositories.first {
            links.append("[\(MigrationPage.title(r))](page:\(MigrationPage.id(r))) for a per-environment plan")
        }
        let seeAlso = links.isEmpty ? "" : ": " + links.joined(separator: " and ")
        return FailureMode(
            entry: TroubleshootingEntry(
                id: id, title: "The workflow still uses stored access keys",
                symptomGroup: "Credentials could not be loaded",
                symptoms: [],
                cause: Prose.blocks("""
                    The step passes `aws-access-key-id` and `aws-secret-access-key` from repository secrets, and there is \
                    no `role-to-assume`.\(pattern) While the keys exist it works, which is the problem: \
                    the keys never expire, need rotation every 90 days, and anyone who can read the secret or a leaked \
                    log can use them from anywhere.

                    It fails the day someone deletes the secrets or deactivates the IAM user's key before the workflow \
                    was moved to a role. A secret that does not exist expands to an empty string, the action sees no \
                    keys and no OIDC token, and reports that no credentials could be loaded.
                    """),
                confirm: Prose.blocks("""
                    Search the workflows: `grep -rn "aws-access-key-id" .github/workflows`. For each key the secrets \
                    name, `aws iam list-access-keys --user-name USER` shows its `Status`, and \
                    `aws iam get-access-key-last-used --access-key-id AKIA...` shows when it was last used. In \
                    CloudTrail, calls made with the key show `userIdentity.type` `IAMUser` and the `accessKeyId`, \
                    not an assumed role.
                    """),
                fix: Prose.blocks("""
                    Move the step to a role: grant the job `id-token: write`, replace the two key inputs with \
                    `role-to-assume` (a full role ARN) and a `role-session-name`, and use the current action major. \
                    The role needs the GitHub OIDC provider in its account and a trust policy scoped to the \
                    repository\(seeAlso).

                    After one green run, delete the secrets, then deactivate and delete the IAM user's access key \
                    (`aws iam update-access-key --status Inactive`, then `aws iam delete-access-key`), so a copy \
                    of the key is worthless.
                    """),
                rule: "long-lived-aws-keys",
                sources: [Source.ccaReadme, Source.githubAWS, Source.ccaIssue(512)]),
            symptoms: [
                .reproduced(
                    LogLine(couldNotLoadCredentialsLine.text,
                            printedBy: """
                                aws-actions/configure-aws-credentials once the key secrets are deleted and the job has no \
                                `id-token: write`: the deleted secrets expand to empty inputs and the action falls back to \
                                the SDK's credential chain, which is empty on a hosted runner
                                """,
                            source: clientSource),
                    scenario: "key-secrets-deleted", .from("v3.0.2")),
            ],
            before: workflowSnippet(
                id, before: true, title: "Before: keys from repository secrets",
                oidcWorkflow(ref, permissions: .scopes([PermissionGrant(.contents, .read)]), steps: [keys])),
            after: workflowSnippet(
                id, before: false, title: "After: a role assumed with the job's OIDC token",
                oidcWorkflow(ref, steps: [credentials(ref), ref.callerIdentityStep]),
                comments: [SnippetComment(["jobs", deployJob, "steps", "1", "with", "role-to-assume"], "replaces both key inputs; nothing stored in secrets")]))
    }
}
