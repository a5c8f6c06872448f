import KeylessSyntax
import KeylessIaC
import KeylessDocs
import KeylessGenerator
import KeylessModel

/// The configuration plus the building blocks every page and snippet shares, so a value such as the
/// provider ARN or the checkout step is written in one place.
struct Reference {
    let config: KeylessConfig
    let pins: ActionPins
    /// Truth tables made so far with this reference (one generation run).
    let truthTables = TruthTableCache()

    init(config: KeylessConfig, pins: ActionPins) {
        self.config = config
        self.pins = pins
    }

    var org: String { config.organization }
    var region: String { config.region }

    /// A repository the configuration declares (the decoder checks every reference; an id no entry has is
    /// a programming error, shown as the id itself rather than a made-up repository).
    func repository(_ id: String) -> RepositoryConfig {
        config.repository(id) ?? RepositoryConfig(id: id, name: id)
    }

    /// The repository and role the general pages show (`examples:`, by default the first of each).
    var exampleRepository: RepositoryConfig { repository(config.exampleRepository) }
    var exampleRole: RoleConfig {
        config.role(config.exampleRole)
            ?? RoleConfig(id: config.exampleRole, name: config.exampleRole, repository: config.exampleRepository, subjects: [], sessionName: "github-actions", maxSessionDuration: 3600)
    }
    /// A role of the example repository that admits pull requests, else the example role.
    var pullRequestRole: RoleConfig {
        config.roles(of: config.exampleRepository).first { $0.subjects.contains(.pullRequest) } ?? exampleRole
    }
    /// The page with the IAM setup as code: the Lambda page when there is one, else the trust-policy examples.
    var iamSetupPage: (id: String, title: String) {
        config.lambdaPage != nil ? (LambdaOIDCPage.id, LambdaOIDCPage.title) : (TrustPolicyExamples.pageID, TrustPolicyExamples.pageTitle)
    }

    /// The example repository's name (for `repo:ORG/NAME:...` in examples).
    var exampleName: String { exampleRepository.name }

    func repoName(_ repo: String) -> RepositoryName { RepositoryName(owner: org, name: repo) }

    /// The `aud` condition key, `token.actions.githubusercontent.com:aud`.
    var audKey: String { "\(config.provider.host):aud" }
    var subKey: String { "\(config.provider.host):sub" }

    /// A trust policy admitting exactly these subjects of one repository. `StringLike` only when a
    /// subject has a wildcard: `StringEquals` compares `*` literally.
    func trustPolicy(repository: String, subjects: [SubjectClaim.Context], sid: String = "GitHubActionsOIDC", account: AccountID? = nil) -> PolicyDocument {
        let subs = subjects.map { SubjectClaim(repository: repoName(repository), context: $0).description }
        let wildcard = subs.contains { $0.contains("*") || $0.contains("?") }
        return PolicyDocument(statements: [
            Statement(
                sid: sid, effect: .allow, principal: .federated(config.providerARN(in: account ?? config.account)),
                actions: .action(["sts:AssumeRoleWithWebIdentity"]),
                conditions: [
                    Condition(.stringEquals, audKey, config.provider.audiences),
                    Condition(wildcard ? .stringLike : .stringEquals, subKey, subs),
                ])
        ])
    }

    func trustPolicy(_ role: RoleConfig) -> PolicyDocument {
        trustPolicy(repository: repository(role.repository).name, subjects: role.subjects, account: config.account(of: role))
    }

    func roleARN(_ id: String) -> String {
        config.role(id).map { config.roleARN($0).description } ?? "arn:aws:iam::\(config.account):role/\(id)"
    }

    // MARK: Steps

    func pinned(_ repository: String) -> ActionRef {
        pins.pin(repository)?.ref ?? ActionRef(parsing: "\(repository)@main")!
    }

    /// Checkout without leaving the token in `.git/config` (zizmor's artipacked audit).
    var checkoutStep: Step {
        Step(name: "Check out the repository", uses: pinned("actions/checkout"), with: [KeyValue("persist-credentials", .bool(false))])
    }

    func credentialsStep(role: ScalarValue, sessionName: String, region: String? = nil, name: String = "Configure AWS credentials (OIDC)") -> Step {
        Step(
            name: name, uses: pinned("aws-actions/configure-aws-credentials"),
            with: [
                KeyValue("role-to-assume", role),
                KeyValue("role-session-name", ScalarValue(stringLiteral: sessionName)),
                KeyValue("aws-region", .string(region ?? self.region)),
            ])
    }

    var callerIdentityStep: Step {
        Step(name: "Show the assumed role", run: "aws sts get-caller-identity\n")
    }

    /// Job-level permissions for a job that assumes a role: only what it uses.
    static let oidcPermissions = Permissions.scopes([PermissionGrant(.contents, .read), PermissionGrant(.idToken, .write)])

    /// The comments that say why each job-level permission is there.
    static func permissionComments(job: String) -> [SnippetComment] {
        [
            SnippetComment(["jobs", job, "permissions", "contents"], "actions/checkout reads the repository"),
            SnippetComment(["jobs", job, "permissions", "id-token"], "lets the job request an OIDC token for sts:AssumeRoleWithWebIdentity"),
            SnippetComment(["permissions"], "nothing at workflow level; each job asks for what it uses"),
        ]
    }

    /// The seed's step with long-lived keys from the named secrets (the "before" picture).
    func keysStep(idSecret: String, keySecret: String, region: ScalarValue) -> Step {
        Step(
            name: "Configure AWS credentials", uses: ActionRef(owner: "aws-actions", repo: "configure-aws-credentials", ref: "v4"),
            with: [
                KeyValue("aws-access-key-id", .expression(Expression("secrets.\(idSecret)"))),
                KeyValue("aws-secret-access-key", .expression(Expression("secrets.\(keySecret)"))),
                KeyValue("aws-region", region),
            ])
    }
}

/// A cited source (the model's `Reference`, renamed here because `Reference` is the catalog's context).
typealias Link = KeylessModel.Reference
