import KeylessSyntax
import KeylessIaC
import KeylessDocs
import KeylessGenerator
import KeylessModel

/// "OIDC for the Lambda tests" (`pages: - kind: lambda`): one job that deploys and tests a SAM Lambda stack,
/// moved from stored keys to a role, correcting the migration of the status analysis of 2025-11-12.
enum LambdaOIDCPage {
    static let id = "lambda-oidc"
    static let title = "OIDC for the Lambda tests"

    static func page(_ ref: Reference, _ lib: SnippetLibrary, _ snippets: LambdaSnippets) throws(DiagnosticError) -> Page {
        let repo = snippets.repo
        let ci = snippets.role
        let ciName = ci.name
        let p = ref.config.provider
        var truth = TruthTable(ref: ref, repository: repo)
        truth.environments = Array(ref.config.environments.map(\.name).prefix(2))
        let ciPolicy = try TrustPolicyExamples(ref).checkedPolicy(RoleSnippets.trustID(ci), lib)
        return Page(
            id: id, title: title,
            summary: "Move the \(repo.name) Lambda tests from stored AWS keys to a role assumed with OIDC.",
            intro: Prose.blocks("""
                The job `\(snippets.job)` in `\(snippets.workflowPath)` deploys and tests Lambda functions in a real AWS \
                account. Today it signs in with an access key stored as a repository secret. This page replaces \
                the key with an IAM role that the job assumes through GitHub's OIDC provider.
                """),
            sections: [
                Section(id: "benefits", title: "Why OIDC", blocks: Prose.blocks("""
                    - **No stored secret.** Nothing long-lived sits in GitHub Secrets, so nothing can leak from \
                    there or from a log.
                    - **Short-lived credentials.** STS issues credentials for one session, one hour by default \
                    (`role-duration-seconds`). They expire on their own; they are not revoked when the job ends.
                    - **No rotation.** There is no key to rotate every 90 days and no expiry to track.
                    - **Audit trail.** CloudTrail records each `AssumeRoleWithWebIdentity` call with the role \
                    session name, so calls map back to a workflow run.
                    - **Scoped trust.** The trust policy decides which repository, branch or environment may \
                    assume the role, so main and pull requests can get different roles.

                    The status analysis of 2025-11-12 said OIDC reduces risk "if GitHub is compromised". It does \
                    not: a compromised GitHub could mint tokens. It removes the stored key, which is the common way \
                    keys leak.
                    """)),
                IAMSetupSection.flowSection(ref),
                Section(id: "provider", title: "Create the OIDC identity provider", blocks: Prose.blocks("""
                    Create the provider once per AWS account. In the IAM console choose *Identity providers*, \
                    *Add provider*, *OpenID Connect*, and enter:
                    """) + [
                    .table(Table(header: [["Field"], ["Value"]], rows: [
                        [["Provider URL"], [.code(p.url)]],
                        [["Audience"], [.code(p.audiences.joined(separator: ", "))]],
                    ])),
                    .paragraph(["Or with the AWS CLI:"]),
                    try lib.block("provider-cli"),
                ] + Prose.blocks("""
                    IAM no longer needs a certificate thumbprint for GitHub's provider: it trusts GitHub's \
                    certificate authority directly ([AWS: create an OIDC provider](https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc.html)).
                    """)),
                Section(id: "role", title: "Create the role and its trust policy", blocks: Prose.blocks("""
                    The trust policy of the status analysis of 2025-11-12 admits any ref of the repository with \
                    `StringLike` and `:*`:
                    """) + [try lib.block("trust-seed-any-ref")] + Prose.blocks("""
                    That admits every branch, tag, pull request and environment of the repository. The job runs \
                    only on `\(repo.defaultBranch)` and on the schedule (which runs on the default branch), so \
                    the role `\(ciName)` trusts exactly that:
                    """) + [try lib.block(RoleSnippets.trustID(ci))] + Prose.blocks("""
                    What it admits and refuses, computed by the trust simulator from the policy above. \
                    `keyless trust \(snippets.workflowPath) --repo \(ref.org)/\(repo.name)` derives the least-privilege \
                    policy from the workflow's own triggers; compare the two before you create the role:
                    """) + [.table(truth.table(for: ciPolicy))] + Prose.blocks("""
                    See [Trust policy examples](page:trust-policies) for what each form admits.
                    """)),
                try permissionsSection(ref, lib, prefix: snippets.prefix),
                try IAMSetupSection.section(ref, lib),
                Section(id: "workflow", title: "Update the workflow", blocks: Prose.blocks("Change the credentials step from stored keys:") + [
                    try lib.block("lambda-keys-step"),
                ] + Prose.blocks("""
                    The status analysis of 2025-11-12 proposed this replacement. It grants `id-token: write` to \
                    every job, adds `actions: read` that nothing uses, and keeps `@v4` tags, which run on Node.js 20:
                    """) + [
                    try lib.block("lambda-seed-oidc-workflow"),
                ] + Prose.blocks("""
                    The reference form grants permissions per job with a reason each, pins every action to a \
                    commit SHA with its version in a comment, stops `actions/checkout` from keeping the token in \
                    `.git/config`, and proves the role with `aws sts get-caller-identity`:
                    """) + [
                    try lib.block("lambda-oidc-workflow"),
                    .admonition(.warning, Prose.blocks("""
                        `role-to-assume` must be the full role ARN. With OIDC the action has no account to build \
                        an ARN from a bare name.
                        """)),
                ]),
            ] + (try branchSections(ref, lib, snippets)) + [
                Section(id: "checklist", title: "Implementation checklist", subsections: Checklists.lambda(ref, repo: repo, workflow: snippets.workflowPath, roleName: ciName)),
                Section(id: "resources", title: "Resources", blocks: [
                    .list(ordered: false, items: [
                        [.paragraph([.link(url: "https://docs.github.com/en/actions/how-tos/secure-your-work/security-harden-deployments/oidc-in-aws", ["GitHub: configuring OpenID Connect in Amazon Web Services"])])],
                        [.paragraph([.link(url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc.html", ["AWS: creating OIDC identity providers"])])],
                        [.paragraph([.link(url: "https://github.com/aws-actions/configure-aws-credentials", ["aws-actions/configure-aws-credentials"])])],
                    ])
                ]),
            ])
    }

    /// "One role per branch" and "The stricter trust policy", when the page names `branch-roles`.
    static func branchSections(_ ref: Reference, _ lib: SnippetLibrary, _ snippets: LambdaSnippets) throws(DiagnosticError) -> [Section] {
        guard let roles = snippets.branchRoles else { return [] }
        return [
                Section(id: "per-environment-roles", title: "One role per branch", blocks: Prose.blocks("""
                    For more isolation, main gets a production role and other refs a test role. The workflow \
                    picks the role with an expression, and `github.run_id` in the session name ties CloudTrail \
                    events to one run:
                    """) + [try lib.block("lambda-per-branch-workflow")] + Prose.blocks("""
                    The expression only chooses; it does not protect. Anyone who can push a branch can edit the \
                    expression, so each role's trust policy must admit only its own refs. The \(roles.main.name) role:
                    """) + [try lib.block(RoleSnippets.trustID(roles.main))] + Prose.blocks("The \(roles.other.name) role, for \(roles.other.subjects.map(IaCSnippets.describe).joined(separator: ", ")):") + [
                    try lib.block(RoleSnippets.trustID(roles.other)),
                ]),
                Section(id: "stricter-trust-policy", title: "The stricter trust policy", blocks: Prose.blocks("""
                    Step 4 of the status analysis of 2025-11-12 showed only the `Condition` block. As a whole policy it is the \
                    \(roles.main.name) role's trust policy above: `StringEquals` on \(roles.main.subjects.map { "`\(SubjectClaim(repository: ref.repoName(snippets.repo.name), context: $0).contextText)`" }.joined(separator: " or ")), \
                    and the audience. A job that declares an environment presents the environment, not the branch, \
                    which is why both kinds of subject are listed.
                    """)),
        ]
    }
}

/// The implementation checklist of the status analysis of 2025-11-12, as data: item text and whether it is done.
enum Checklists {
    static func lambda(_ ref: Reference, repo: RepositoryConfig, workflow: String, roleName: String) -> [Section] {
        func list(_ items: [String]) -> [Block] {
            [.checklist(Checklist(items: items.map { ChecklistItem(Prose.inlines($0)) }))]
        }
        return [
            Section(id: "checklist-aws", title: "AWS infrastructure", blocks: list([
                "Create the GitHub OIDC identity provider in AWS IAM",
                "Create the IAM role `\(roleName)`",
                "Configure its trust policy for `\(ref.org)/\(repo.name)` on `\(repo.defaultBranch)`",
                "Attach the least-privilege Lambda, CloudFormation and S3 permissions policy",
                "Record the role ARN where the workflow reads it",
            ]) + Prose.blocks("""
                The status analysis of 2025-11-12 listed "test OIDC authentication from the local AWS CLI". A GitHub OIDC token exists \
                only inside a workflow run, so test with a `workflow_dispatch` run instead (below).
                """)),
            Section(id: "checklist-github", title: "GitHub Actions", blocks: list([
                "Grant `id-token: write` on the job in `\(workflow)`, not on the workflow",
                "Replace `aws-access-key-id` and `aws-secret-access-key` with `role-to-assume`",
                "Set `role-session-name` for the audit trail",
                "Pin every action to a commit SHA",
                "Delete the `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY` secrets after a green run, then deactivate the IAM user's key",
            ])),
            Section(id: "checklist-testing", title: "Testing", blocks: list([
                "Run the workflow with `workflow_dispatch` and check `aws sts get-caller-identity` shows the role",
                "Find the `AssumeRoleWithWebIdentity` event in CloudTrail and check its role session name",
                "Confirm the Lambda deployment works",
                "Confirm the cleanup step deletes the stack",
                "Record any failure with its log line (see [Troubleshooting](page:troubleshooting))",
            ])),
            Section(id: "checklist-docs", title: "Documentation", blocks: list([
                "Update the repository's Lambda testing page with the OIDC setup (`keyless inject` keeps it in step with this guide)",
                "Link the troubleshooting pages",
                "Document the role ARN and who owns it",
                "Add OIDC to the CI/CD integration page",
            ])),
        ]
    }
}
