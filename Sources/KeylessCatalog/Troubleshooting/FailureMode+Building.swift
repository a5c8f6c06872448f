import KeylessSyntax
import KeylessIaC
import KeylessDocs
import KeylessGenerator
import KeylessModel

/// Sources, log lines and snippet builders that several troubleshooting entries share, so a URL or a
/// verbatim message is written once.
extension FailureMode {
    enum Source {
        static func ccaIssue(_ n: Int) -> Link {
            Link("aws-actions/configure-aws-credentials issue #\(n)", "https://github.com/aws-actions/configure-aws-credentials/issues/\(n)")
        }
        static func ccaFile(_ path: String, at tag: String = "main") -> Link {
            Link("aws-actions/configure-aws-credentials \(path) at \(tag)",
                 "https://github.com/aws-actions/configure-aws-credentials/blob/\(tag)/\(path)")
        }
        static let ccaReadme = Link("aws-actions/configure-aws-credentials README", "https://github.com/aws-actions/configure-aws-credentials#readme")
        static let githubOIDC = Link("GitHub: OpenID Connect reference", "https://docs.github.com/en/actions/reference/security/oidc")
        static let githubAWS = Link(
            "GitHub: configuring OpenID Connect in Amazon Web Services",
            "https://docs.github.com/en/actions/deployment/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services")
        static let githubReusable = Link(
            "GitHub: using OpenID Connect with reusable workflows",
            "https://docs.github.com/en/actions/deployment/security-hardening-your-deployments/using-openid-connect-with-reusable-workflows")
        static let iamConditionOperators = Link(
            "IAM: condition operators", "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html")
        static let stsWebIdentity = Link(
            "AWS STS API reference: AssumeRoleWithWebIdentity", "https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html")
        static let iamOIDCProvider = Link(
            "IAM: create an OpenID Connect identity provider", "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc.html")
    }

    /// Where v6.2.3 builds the messages the harness reproduces (the same texts are in v4.3.1's bundle).
    static let assumeRoleSource = Source.ccaFile("src/assumeRole.ts", at: "v6.2.3")
    static let clientSource = Source.ccaFile("src/CredentialsClient.ts", at: "v6.2.3")
    static let indexSource = Source.ccaFile("src/index.ts", at: "v6.2.3")

    /// STS's trust-policy refusal behind the prefix the action adds from v3.0.0 on.
    static func notAuthorizedV3(issue: Int = 1446) -> Symptom {
        .reproduced(
            LogLine("Error: Could not assume role with OIDC: Not authorized to perform sts:AssumeRoleWithWebIdentity",
                    printedBy: "aws-actions/configure-aws-credentials v3.0.0 and later: the action's prefix `Could not assume role with OIDC:`, then the message of STS's `AccessDenied`",
                    source: assumeRoleSource),
            scenario: "oidc-trust-refused", .from("v3.0.0"))
    }

    /// The same refusal from v1 and v2, which did not wrap STS errors.
    static func notAuthorizedV1(issue: Int = 318) -> Symptom {
        .quoted(LogLine("Error: Not authorized to perform sts:AssumeRoleWithWebIdentity",
                        printedBy: "aws-actions/configure-aws-credentials v1.6.0 (the first with OIDC) to v2.2.0, which printed STS's message unwrapped",
                        source: Source.ccaIssue(issue)),
                versions: "v1.6.0 to v2.2.0 (quoted from a run of v1 in the issue)")
    }

    /// What the action prints when it finds no OIDC token and no other credentials: v1.4.0 to v2.2.0 and
    /// again from v3.0.2 (v3.0.0 and v3.0.1 stopped earlier with `Could not determine how to assume credentials`).
    static let couldNotLoadCredentialsLine = LogLine(
        "Error: Credentials could not be loaded, please check your action inputs: Could not load credentials from any providers",
        printedBy: "aws-actions/configure-aws-credentials v1.4.0 to v2.2.0 and v3.0.2 and later (the inner text is the AWS SDK's credential chain; v3.0.0 and v3.0.1 print `Could not determine how to assume credentials. Please check your inputs and try again.` instead)",
        source: clientSource)

    /// That line, reproduced with the job's `id-token` permission missing.
    static let couldNotLoadCredentials = Symptom.reproduced(couldNotLoadCredentialsLine, scenario: "no-id-token", .from("v3.0.2"))

    /// v3.0.1 and later say this with `core.info` before the error when the job has no token to request
    /// (v3.0.0 printed only its first two sentences).
    static let didYouMeanIDToken = Symptom.reproduced(
        LogLine(
            "It looks like you might be trying to authenticate with OIDC. Did you mean to set the `id-token` permission? If you are not trying to authenticate with OIDC and the action is working successfully, you can ignore this message.",
            printedBy: "aws-actions/configure-aws-credentials v3.0.1 and later, as a plain information line before the error, whenever `role-to-assume` is set and `ACTIONS_ID_TOKEN_REQUEST_TOKEN` is not",
            source: indexSource),
        scenario: "no-id-token", .from("v3.0.1"))

    /// `v3.0.0` and `v3.0.1` stop before the SDK's chain when they find neither a token nor keys.
    static let couldNotDetermine = Symptom.quoted(
        LogLine("Error: Could not determine how to assume credentials. Please check your inputs and try again.",
                printedBy: "aws-actions/configure-aws-credentials v3.0.0 and v3.0.1 only",
                source: Source.ccaFile("src/index.ts", at: "v3.0.1")),
        versions: "v3.0.0 and v3.0.1 (read in the source at both tags; v3.0.2 replaced it with the SDK's chain)")

    /// The success line: `Authenticated as assumedRoleId` then the role id and the session name.
    static let authenticatedLine = Symptom.reproduced(
        LogLine("Authenticated as assumedRoleId AROACLKWSDQRAOEXAMPLE:github-actions-deploy",
                printedBy: "aws-actions/configure-aws-credentials on success (the role id and session name after `assumedRoleId` are your role's); the symptom is that jobs you did not mean to admit print it",
                source: indexSource),
        scenario: "oidc-admitted", .from("v3.0.0"))

    // MARK: Snippets

    static let deployJob = "deploy"

    /// A complete workflow in the reference style: `permissions: {}` at the top, the job asks for
    /// `contents: read` and `id-token: write`, checkout without persisted credentials, then `steps`.
    static func oidcWorkflow(
        _ ref: Reference, name: String = "Deploy", triggers: [Trigger] = [.push(EventFilter(branches: ["main"]))],
        jobName: String = "Deploy", condition: Expression? = nil, environment: JobEnvironment? = nil,
        permissions: Permissions? = Reference.oidcPermissions, steps: [Step]
    ) -> Workflow {
        Workflow(
            name: name, triggers: triggers, permissions: .scopes([]),
            concurrency: Concurrency(group: "${{ github.workflow }}-${{ github.ref }}", cancelInProgress: false),
            jobs: [
                Job(
                    id: deployJob, name: jobName, runsOn: "ubuntu-latest", condition: condition, environment: environment,
                    permissions: permissions, timeoutMinutes: 15, steps: [ref.checkoutStep] + steps)
            ])
    }

    /// The credentials step with extra inputs after the standard three.
    static func credentials(_ ref: Reference, role: String? = nil, sessionName: String = "github-actions-deploy",
                            extra: [KeyValue] = [], name: String = "Configure AWS credentials (OIDC)") -> Step {
        var step = ref.credentialsStep(role: .string(ref.roleARN(role ?? ref.exampleRole.id)), sessionName: sessionName, name: name)
        step.with += extra
        return step
    }

    /// `Snippets/troubleshooting/ID/[before/]FILE` with id `ts-ID-before` or `ts-ID-after`.
    static func snippet(_ entry: String, before: Bool, file: String, title: String, _ content: Snippet.Content,
                        comments: [SnippetComment] = []) -> Snippet {
        Snippet(
            id: "ts-\(entry)-\(before ? "before" : "after")",
            path: "Snippets/troubleshooting/\(entry)/\(before ? "before/" : "")\(file)",
            title: title, content: content, comments: comments)
    }

    /// A whole workflow: the fixed form also gets the comments that explain each job permission.
    static func workflowSnippet(_ entry: String, before: Bool, title: String, _ w: Workflow, comments: [SnippetComment] = []) -> Snippet {
        let standard = before ? [] : Reference.permissionComments(job: deployJob)
        return snippet(entry, before: before, file: "workflow.yml", title: title, .workflow(w), comments: standard + comments)
    }

    static func policySnippet(_ entry: String, before: Bool, title: String, _ p: PolicyDocument) -> Snippet {
        snippet(entry, before: before, file: "trust-policy.json", title: title, .policy(p))
    }

    /// A one-statement trust policy with the given conditions, for the wrong forms the helper
    /// `Reference.trustPolicy` would never build.
    static func trust(_ ref: Reference, action: String = "sts:AssumeRoleWithWebIdentity", principal: ARN? = nil,
                      _ conditions: [Condition]) -> PolicyDocument {
        PolicyDocument(statements: [
            Statement(
                sid: "GitHubActionsOIDC", principal: .federated(principal ?? ref.config.providerARN),
                actions: .action([action]), conditions: conditions)
        ])
    }

    /// `repo:ORG/REPO:CONTEXT` for the configured organisation and (by default) the example repository.
    static func sub(_ ref: Reference, _ context: SubjectClaim.Context, repo: String? = nil) -> String {
        SubjectClaim(repository: ref.repoName(repo ?? ref.exampleName), context: context).description
    }

    static func audCondition(_ ref: Reference) -> Condition {
        Condition(.stringEquals, ref.audKey, ref.config.provider.audiences)
    }

    /// The manual way to see a job's claims, linked from the entries that need it.
    static let printClaims = Prose.blocks("""
        To see the claims a job presents, add this step to the failing job (it needs `id-token: write`, \
        which it has). It prints the token's payload only, never the signed token:

        ```bash
        curl -sS -H "Authorization: bearer $ACTIONS_ID_TOKEN_REQUEST_TOKEN" \\
          "$ACTIONS_ID_TOKEN_REQUEST_URL&audience=sts.amazonaws.com" \\
          | python3 -c 'import base64, json, sys; p = json.load(sys.stdin)["value"].split(".")[1]; print(json.dumps(json.loads(base64.urlsafe_b64decode(p + "=" * (-len(p) % 4))), indent=2))'
        ```

        Compare `sub` (and `aud`, `iss`) with the values in the role's trust policy, character for character. \
        `aws iam get-role --role-name NAME --query Role.AssumeRolePolicyDocument` prints the policy.
        """)

    /// The doctor command, which needs the workflow and the trust policy together.
    static let doctorCheck = Prose.blocks("""
        No rule sees this from one file: it needs the workflow and the trust policy together. \
        `keyless doctor WORKFLOW.yml --policy TRUST.json --repo OWNER/REPO` predicts each job's `sub` and evaluates \
        the trust policy against it (`keyless claims` prints the predicted claims alone). Run it before you merge, \
        or print the real claims as shown under *How to confirm*.
        """)
}
