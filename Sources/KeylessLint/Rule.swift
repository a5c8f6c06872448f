import KeylessCore
import KeylessModel

/// One lint rule: its id (the `[rule-id]` of every finding), severity, a one-paragraph explanation
/// and the source it rests on. The guide's "Rules" page is built from this registry, so the
/// documentation and the code cannot disagree.
public struct Rule: Hashable, Sendable {
    public enum Target: String, Sendable { case workflow, policy }

    public var id: String
    public var target: Target
    public var severity: Diagnostic.Severity
    public var title: String
    public var explanation: String
    public var source: KeylessModel.Reference

    public init(_ id: String, _ target: Target, _ severity: Diagnostic.Severity, title: String, explanation: String, source: KeylessModel.Reference) {
        self.id = id
        self.target = target
        self.severity = severity
        self.title = title
        self.explanation = explanation
        self.source = source
    }
}

/// The registry: every rule `keyless check` knows, in the order the guide lists them.
public enum Rules {
    static let oidcDoc = KeylessModel.Reference("GitHub: OpenID Connect reference", "https://docs.github.com/en/actions/reference/security/oidc")
    static let awsDoc = KeylessModel.Reference("GitHub: configuring OIDC in Amazon Web Services", "https://docs.github.com/en/actions/how-tos/secure-your-work/security-harden-deployments/oidc-in-aws")
    static let action = KeylessModel.Reference("aws-actions/configure-aws-credentials README", "https://github.com/aws-actions/configure-aws-credentials#readme")
    static let sts = KeylessModel.Reference("AWS STS API: AssumeRoleWithWebIdentity", "https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html")
    static let operators = KeylessModel.Reference("AWS IAM: condition operators", "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html")
    static let multiValue = KeylessModel.Reference("AWS IAM: multivalued context keys", "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html")
    static let hardening = KeylessModel.Reference("GitHub: security hardening, using third-party actions", "https://docs.github.com/en/actions/reference/security/secure-use#using-third-party-actions")
    static let lambdaSAR = KeylessModel.Reference("Service Authorization Reference: AWS Lambda", "https://docs.aws.amazon.com/service-authorization/latest/reference/list_awslambda.html")
    static let s3SAR = KeylessModel.Reference("Service Authorization Reference: Amazon S3", "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html")
    static let grammar = KeylessModel.Reference("AWS IAM: Version element", "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html")

    public static let all: [Rule] = [
        Rule("long-lived-aws-keys", .workflow, .error, title: "Long-lived AWS access keys",
             explanation: "The workflow passes an AWS access key from a secret: through the action's `aws-access-key-id` / `aws-secret-access-key` inputs, through `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` in `env:`, or as a secret of a reusable workflow. Such a key never expires and works from anywhere. Assume a role with OIDC instead.",
             source: awsDoc),
        Rule("missing-id-token", .workflow, .error, title: "Job assumes a role without `id-token: write`",
             explanation: "A job that assumes a role with OIDC needs `id-token: write` in its effective permissions. A job-level `permissions:` block replaces the workflow-level one, and the default token permissions never include `id-token`, so the action fails with \"Credentials could not be loaded\".",
             source: oidcDoc),
        Rule("id-token-at-workflow-level", .workflow, .warning, title: "`id-token: write` granted to every job",
             explanation: "Granting `id-token: write` at workflow level lets every job, including ones that run untrusted code, request a token. Grant it on the job that assumes the role and set `permissions: {}` at the top.",
             source: oidcDoc),
        Rule("role-session-name-invalid", .workflow, .error, title: "Invalid role session name",
             explanation: "STS accepts a `RoleSessionName` of 2 to 64 characters from `[\\w+=,.@-]`. Spaces, slashes and colons are refused. Parts written as `${{ }}` are counted as at least one character.",
             source: sts),
        Rule("role-duration-out-of-range", .workflow, .error, title: "Session duration out of range",
             explanation: "`role-duration-seconds` must be between 900 and 43200, and no more than the role's MaxSessionDuration (3600 by default).",
             source: sts),
        Rule("role-to-assume-not-arn", .workflow, .error, title: "Role given by name with OIDC",
             explanation: "With OIDC the action has no account to build an ARN from, so `role-to-assume` must be the full role ARN. A bare name fails with \"Source Account ID is needed if the Role Name is provided and not the Role Arn.\"",
             source: action),
        Rule("missing-aws-region", .workflow, .error, title: "No AWS region",
             explanation: "The action requires `aws-region`; from v4.2.0 an `AWS_REGION` environment variable also satisfies it, `AWS_DEFAULT_REGION` does not (the action copies only `AWS_REGION` into the input). Without either the step fails with \"Input required and not supplied: aws-region\".",
             source: KeylessModel.Reference("aws-actions/configure-aws-credentials src/helpers.ts at v4.2.0 (translateEnvVariables)",
                                            "https://github.com/aws-actions/configure-aws-credentials/blob/v4.2.0/src/helpers.ts")),
        Rule("unpinned-action", .workflow, .warning, title: "Action not pinned to a commit",
             explanation: "A tag or branch can be moved to other code. Pin `uses:` to a full 40-character commit SHA and keep the version in a comment.",
             source: hardening),
        Rule("deprecated-action-runtime", .workflow, .warning, title: "Action major runs on a deprecated Node.js runtime",
             explanation: "The action's major version declares a Node.js runtime that GitHub has deprecated on its runners (node12, node16, node20). Move to the major that runs on node24; Keyless's table lists each major's `runs.using`, read from the action's release tags.",
             source: KeylessModel.Reference("GitHub: deprecation of Node 20 on Actions runners", "https://github.blog/changelog/2025-09-19-deprecation-of-node-20-on-github-actions-runners/")),
        Rule("pull-request-oidc-without-fork-guard", .workflow, .warning, title: "Pull-request job assumes a role without a fork guard",
             explanation: "Pull requests from forks and runs started by Dependabot get no OIDC token, so a job that assumes a role fails there. Guard it, for example with `if: github.event.pull_request.head.repo.full_name == github.repository && github.actor != 'dependabot[bot]'`.",
             source: oidcDoc),
        Rule("trust-missing-sub", .policy, .error, title: "Trust policy without a subject condition",
             explanation: "Without a condition on `sub` (or `job_workflow_ref`) any workflow of any repository on GitHub can assume the role: every GitHub token has the audience `sts.amazonaws.com`. IAM now refuses new trust policies for this provider without one.",
             source: awsDoc),
        Rule("trust-missing-aud", .policy, .warning, title: "Trust policy without an audience condition",
             explanation: "Check `token.actions.githubusercontent.com:aud` equals `sts.amazonaws.com`, so tokens minted for other audiences are refused.",
             source: awsDoc),
        Rule("trust-stringequals-wildcard", .policy, .error, title: "Wildcard under StringEquals",
             explanation: "`StringEquals` and `StringNotEquals` compare `*` and `?` literally, so the pattern matches no real token. Use `StringLike` for patterns.",
             source: operators),
        Rule("trust-stringlike-without-wildcard", .policy, .note, title: "StringLike without a wildcard",
             explanation: "`StringLike` with no `*` or `?` works like `StringEquals`; use `StringEquals` to say what is meant.",
             source: operators),
        Rule("trust-forallvalues-allow", .policy, .error, title: "ForAllValues in an Allow statement",
             explanation: "`ForAllValues:` is true when the key is missing from the request, so an Allow statement with it can admit tokens that lack the claim entirely. Use `ForAnyValue:` or a single-valued operator.",
             source: multiValue),
        Rule("trust-overbroad-subject", .policy, .error, title: "Subject admits other repositories",
             explanation: "A `sub` pattern such as `*`, `repo:*` or `repo:ORG/*` admits workflows of repositories the role was not meant for, including ones created later. Name the repository, and the branch or environment.",
             source: awsDoc),
        Rule("trust-wrong-action", .policy, .error, title: "Wrong action for an OIDC principal",
             explanation: "A trust statement for the GitHub OIDC provider must allow `sts:AssumeRoleWithWebIdentity` (and optionally `sts:TagSession`), nothing broader.",
             source: sts),
        Rule("trust-unknown-audience", .policy, .warning, title: "Unexpected audience",
             explanation: "configure-aws-credentials requests tokens for `sts.amazonaws.com` (`sts.amazonaws.com.cn` in China) unless its `audience` input says otherwise. Any other value matches only a custom audience; declare it with `--audience`.",
             source: action),
        Rule("policy-action-resource-mismatch", .policy, .error, title: "Action cannot apply to the resource",
             explanation: "Each action applies to certain resource types: Lambda layer actions to `layer:` ARNs, function actions to `function:` ARNs, S3 object actions to `bucket/key` ARNs and bucket actions to the bucket ARN. A statement that pairs them otherwise never matches, so the call is denied.",
             source: lambdaSAR),
        Rule("policy-service-wildcard", .policy, .warning, title: "Every action of a service",
             explanation: "`service:*` grants every present and future action of the service, including destructive and permission-changing ones. List the actions the workflow calls.",
             source: s3SAR),
        Rule("policy-unknown-condition-operator", .policy, .error, title: "Unknown condition operator",
             explanation: "IAM rejects a policy whose condition operator it does not define; check the spelling and the `ForAnyValue:` / `ForAllValues:` prefixes and the `IfExists` suffix.",
             source: operators),
        Rule("policy-version", .policy, .warning, title: "Missing or old policy version",
             explanation: "Without `\"Version\": \"2012-10-17\"` IAM uses the 2008 language, which has no policy variables.",
             source: grammar),
    ]

    public static func rule(_ id: String) -> Rule? { all.first { $0.id == id } }
}
