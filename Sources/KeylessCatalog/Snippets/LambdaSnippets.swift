import KeylessSyntax
import KeylessIaC
import KeylessDocs
import KeylessGenerator
import KeylessModel

/// The Lambda page's snippets (`pages: - kind: lambda`): before (long-lived keys, the OIDC proposal of the
/// status analysis of 2025-11-12) and after (hardened), and the role's SAM permissions.
struct LambdaSnippets {
    let ref: Reference
    let page: LambdaPageConfig
    let repo: RepositoryConfig
    let role: RoleConfig
    let prefix: String

    /// The configuration's Lambda page, or nil when it publishes none (the decoder checked its references).
    init?(_ ref: Reference) {
        guard let page = ref.config.lambdaPage, let repo = ref.config.repository(page.repository),
            let role = ref.config.role(page.role), case .samLambda(let prefix)? = role.permissions
        else { return nil }
        self.ref = ref
        self.page = page
        self.repo = repo
        self.role = role
        self.prefix = prefix
    }

    var job: String { repo.job ?? "" }
    var workflowPath: String { repo.workflow ?? "" }
    /// `lambda-tests` for `.github/workflows/lambda-tests.yml`: the snippets' file names.
    var stem: String {
        let name = workflowPath.split(separator: "/").last.map(String.init) ?? workflowPath
        return name.hasSuffix(".yaml") ? String(name.dropLast(5)) : name.hasSuffix(".yml") ? String(name.dropLast(4)) : name
    }
    var branchRoles: (main: RoleConfig, other: RoleConfig)? {
        guard page.branchRoles.count == 2, let a = ref.config.role(page.branchRoles[0]), let b = ref.config.role(page.branchRoles[1]) else { return nil }
        return (a, b)
    }

    var all: [Snippet] {
        [keysStep, seedOIDCWorkflow, afterWorkflow] + (branchRoles == nil ? [] : [perBranchWorkflow]) + [seedPermissions, permissions]
    }

    // MARK: Workflows

    /// The seed's "change from": keys from repository secrets, action major v4 (node20).
    var keysStep: Snippet {
        Snippet(
            id: "lambda-keys-step", path: "Snippets/workflows/before/\(stem)-keys-step.yml",
            title: "Before: long-lived keys from secrets",
            content: .steps([ref.keysStep(idSecret: "AWS_ACCESS_KEY_ID", keySecret: "AWS_SECRET_ACCESS_KEY", region: .string(ref.region))]))
    }

    var triggers: [Trigger] {
        [.push(EventFilter(branches: [repo.defaultBranch])), .schedule(["0 6 * * 1-5"]), .workflowDispatch(inputs: [])]
    }

    var condition: Expression {
        Expression("github.ref == 'refs/heads/\(repo.defaultBranch)' || github.event_name == 'schedule'")
    }

    /// The seed's "to", made into a whole file: workflow-level permissions with `actions: read`, `@v4` tags.
    var seedOIDCWorkflow: Snippet {
        let w = Workflow(
            name: "Lambda tests", triggers: triggers,
            permissions: .scopes([
                PermissionGrant(.idToken, .write), PermissionGrant(.contents, .read), PermissionGrant(.actions, .read),
            ]),
            jobs: [
                Job(
                    id: job, name: "Real AWS environment", runsOn: "ubuntu-latest", condition: condition,
                    steps: [
                        Step(name: "Checkout code", uses: ActionRef(owner: "actions", repo: "checkout", ref: "v4")),
                        Step(
                            name: "Configure AWS credentials via OIDC",
                            uses: ActionRef(owner: "aws-actions", repo: "configure-aws-credentials", ref: "v4"),
                            with: [
                                KeyValue("role-to-assume", .string(ref.roleARN(role.id))),
                                KeyValue("role-session-name", .string(role.sessionName)),
                                KeyValue("aws-region", .string(ref.region)),
                            ]),
                    ])
            ])
        return Snippet(
            id: "lambda-seed-oidc-workflow", path: "Snippets/workflows/before/\(stem)-status-analysis-oidc.yml",
            title: "The OIDC proposal of the status analysis of 2025-11-12, as a whole file", content: .workflow(w),
            comments: [
                SnippetComment(["permissions", "id-token"], "Required for OIDC"),
                SnippetComment(["permissions", "contents"], "Required for checkout"),
                SnippetComment(["permissions", "actions"], "not needed: no step reads workflow runs"),
            ])
    }

    func hardened(name: String, role: ScalarValue, sessionName: String) -> Workflow {
        Workflow(
            name: name, triggers: triggers, permissions: .scopes([]),
            concurrency: Concurrency(group: "${{ github.workflow }}-${{ github.ref }}", cancelInProgress: false),
            jobs: [
                Job(
                    id: job, name: "Real AWS environment", runsOn: "ubuntu-latest", condition: condition,
                    permissions: Reference.oidcPermissions, timeoutMinutes: 30,
                    steps: [
                        ref.checkoutStep,
                        ref.credentialsStep(role: role, sessionName: sessionName),
                        ref.callerIdentityStep,
                    ])
            ])
    }

    var afterWorkflow: Snippet {
        Snippet(
            id: "lambda-oidc-workflow", path: "Snippets/workflows/after/\(stem).yml",
            title: "After: \(workflowPath) with OIDC",
            content: .workflow(hardened(name: "Lambda tests", role: .string(ref.roleARN(role.id)), sessionName: role.sessionName)),
            comments: Reference.permissionComments(job: job) + [
                SnippetComment(["jobs", job, "steps", "1", "with", "role-to-assume"], "a full ARN: the action needs the account to call STS")
            ])
    }

    /// Step 3 of the seed: the role chosen per branch. The trust policies, not this expression, enforce it.
    var perBranchWorkflow: Snippet {
        let (main, other) = branchRoles!
        let expr = Expression(
            "github.ref == 'refs/heads/\(repo.defaultBranch)' && '\(ref.roleARN(main.id))' || '\(ref.roleARN(other.id))'")
        let session = main.sessionName
        var w = hardened(name: "Lambda tests (role per branch)", role: .expression(expr), sessionName: session)
        w.triggers = [.push(EventFilter(branches: [repo.defaultBranch])), .pullRequest(EventFilter(branches: [repo.defaultBranch])), .workflowDispatch(inputs: [])]
        // Fork pull requests and Dependabot runs get no OIDC token: skip the job there.
        w.jobs[0].condition = Expression(
            "github.event_name != 'pull_request' || (github.event.pull_request.head.repo.full_name == github.repository && github.actor != 'dependabot[bot]')")
        return Snippet(
            id: "lambda-per-branch-workflow", path: "Snippets/workflows/after/\(stem)-role-per-branch.yml",
            title: "After: one role per branch", content: .workflow(w),
            comments: Reference.permissionComments(job: job) + [
                SnippetComment(["jobs", job, "steps", "1", "with", "role-to-assume"], "main gets the prod role; the trust policies enforce it"),
                SnippetComment(["jobs", job, "steps", "1", "with", "role-session-name"], "the run id ties CloudTrail events to one run"),
            ])
    }

    // MARK: IAM

    var account: String { ref.config.account(of: role).description }

    /// The seed's permissions policy, defects included (see the guide for each).
    var seedPermissions: Snippet {
        let r = ref.region
        return Snippet(
            id: "permissions-seed", path: "Snippets/iam/before/lambda-permissions-status-analysis.json",
            title: "Before: the Lambda permissions policy of the status analysis of 2025-11-12",
            content: .policy(PolicyDocument(statements: [
                Statement(actions: .action([
                    "lambda:CreateFunction", "lambda:DeleteFunction", "lambda:UpdateFunctionCode",
                    "lambda:UpdateFunctionConfiguration", "lambda:InvokeFunction", "lambda:GetFunction",
                    "lambda:PublishLayerVersion", "lambda:DeleteLayerVersion",
                ]), resources: .resource(["arn:aws:lambda:\(r):*:function:\(prefix)*"])),
                Statement(actions: .action([
                    "iam:CreateRole", "iam:DeleteRole", "iam:GetRole", "iam:PassRole", "iam:AttachRolePolicy",
                    "iam:DetachRolePolicy", "iam:PutRolePolicy",
                ]), resources: .resource(["arn:aws:iam::*:role/\(prefix)lambda-*"])),
                Statement(actions: .action(["cloudformation:*"]), resources: .resource(["arn:aws:cloudformation:\(r):*:stack/\(prefix)*"])),
                Statement(actions: .action(["s3:*"]), resources: .resource(["arn:aws:s3:::aws-sam-cli-managed-*"])),
                Statement(actions: .action([
                    "ecr:GetAuthorizationToken", "ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer",
                    "ecr:BatchGetImage",
                ]), resources: .resource(["*"])),
            ])))
    }

    /// The corrected least-privilege policy: each action on the resource type it applies to.
    var permissions: Snippet {
        Snippet(
            id: "permissions-lambda", path: "Snippets/iam/permissions/\(role.name).json",
            title: "After: least-privilege permissions for the Lambda tests",
            content: .policy(Self.permissionDocument(prefix: prefix, region: ref.region, account: account)))
    }

    /// The document of `permissions`, also the inline policy of every Lambda role in the IaC forms.
    ///
    /// Sufficient for `sam deploy` / `aws lambda invoke` / `sam delete` of a one-function zip template
    /// with `resolve_s3` (the job's shape), proven against moto by Tests/KeylessPolicyProofTests; each
    /// statement's source is in `proof` and on the page.
    static func permissionDocument(prefix: String, region r: String, account a: String) -> PolicyDocument {
        let managedBucket = "arn:aws:s3:::\(managedStack)-samclisourcebucket-*"
        return PolicyDocument(statements: [
                Statement(sid: "SamStacks", actions: .action([
                    "cloudformation:CreateChangeSet", "cloudformation:DeleteStack", "cloudformation:DescribeChangeSet",
                    "cloudformation:DescribeStackEvents", "cloudformation:DescribeStacks", "cloudformation:ExecuteChangeSet",
                    "cloudformation:GetTemplate",
                ]), resources: .resource(["arn:aws:cloudformation:\(r):\(a):stack/\(prefix)*/*"])),
                Statement(sid: "SamServerlessTransform", actions: .action(["cloudformation:CreateChangeSet"]),
                          resources: .resource(["arn:aws:cloudformation:\(r):aws:transform/Serverless-2016-10-31"])),
                Statement(sid: "SamManagedStack", actions: .action([
                    "cloudformation:CreateChangeSet", "cloudformation:DescribeChangeSet", "cloudformation:DescribeStacks",
                    "cloudformation:ExecuteChangeSet",
                ]), resources: .resource(["arn:aws:cloudformation:\(r):\(a):stack/\(managedStack)/*"])),
                Statement(sid: "SamManagedBucketSetup", actions: .action([
                    "s3:CreateBucket", "s3:GetBucketPolicy", "s3:PutBucketPolicy", "s3:PutBucketPublicAccessBlock",
                    "s3:PutBucketTagging", "s3:PutBucketVersioning", "s3:PutEncryptionConfiguration",
                ]), resources: .resource([managedBucket])),
                Statement(sid: "SamArtifactBucket", actions: .action(["s3:ListBucket"]), resources: .resource([managedBucket])),
                Statement(sid: "SamArtifactObjects", actions: .action(["s3:DeleteObject", "s3:GetObject", "s3:PutObject"]),
                          resources: .resource([managedBucket + "/*"])),
                Statement(sid: "LambdaFunctions", actions: .action([
                    "lambda:CreateFunction", "lambda:DeleteFunction", "lambda:GetFunction", "lambda:GetFunctionCodeSigningConfig",
                    "lambda:GetFunctionRecursionConfig", "lambda:GetRuntimeManagementConfig", "lambda:InvokeFunction",
                    "lambda:TagResource", "lambda:UpdateFunctionCode", "lambda:UpdateFunctionConfiguration",
                ]), resources: .resource(["arn:aws:lambda:\(r):\(a):function:\(prefix)*"])),
                Statement(sid: "FunctionRoles", actions: .action([
                    "iam:CreateRole", "iam:DeleteRole", "iam:GetRole", "iam:ListAttachedRolePolicies", "iam:ListRolePolicies",
                    "iam:TagRole",
                ]), resources: .resource(["arn:aws:iam::\(a):role/\(prefix)lambda-*"])),
                Statement(sid: "FunctionRoleBasicExecutionOnly", actions: .action(["iam:AttachRolePolicy", "iam:DetachRolePolicy"]),
                          resources: .resource(["arn:aws:iam::\(a):role/\(prefix)lambda-*"]),
                          conditions: [Condition(ConditionOperator(.arnEquals), "iam:PolicyARN", [basicExecutionPolicy])]),
                Statement(sid: "PassRoleToLambdaOnly", actions: .action(["iam:PassRole"]),
                          resources: .resource(["arn:aws:iam::\(a):role/\(prefix)lambda-*"]),
                          conditions: [Condition(.stringEquals, "iam:PassedToService", ["lambda.amazonaws.com"])]),
            ])
    }

    /// The stack `sam deploy --resolve-s3` creates once per account and region for its artifact bucket.
    static let managedStack = "aws-sam-cli-managed-default"
    /// The only managed policy SAM attaches to a function role when the function lists no `Policies`.
    static let basicExecutionPolicy = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
}
