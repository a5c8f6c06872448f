/// One run of configure-aws-credentials as data: the step's inputs, what the job grants and already holds,
/// the token's claims, and what STS answers. Its assertion is the action's output: the troubleshooting
/// entries that cite the scenario's id quote the lines it must print, and the fields below add what the
/// scenario itself proves (the STS calls made, lines that must be absent, session tags sent or not).
struct Scenario: Sendable {
    /// Which of the two token-request variables the job's process sees (`id-token: write` gives both).
    enum IDToken: Sendable { case granted, none, onlyRequestToken, onlyRequestURL }

    var id: String
    var inputs: [String: String]
    var idToken: IDToken = .granted
    /// Variables the job already has: exported by an earlier step, set in `env:`, or the runner's own.
    var env: [String: String] = [:]
    var repository = "octo-org/octo-repo"
    var actor = "octocat"
    var claims: [String: String] = Scenario.claims()
    /// The STS answer for each Query API `Action`; an action not listed gets STS's `InvalidAction`.
    var sts: [String: STSAnswer] = [:]
    /// The STS actions the run must call, in order (nil: not checked).
    var stsCalls: [String]? = nil
    /// Whether the `AssumeRole`/`AssumeRoleWithWebIdentity` request must carry session tags.
    var tagsSent: Bool? = nil
    /// Lines the run must print (for scenarios that prove a fix), and lines it must not.
    var expect: [String] = []
    var absent: [String] = []
    /// For scenarios no entry cites (fix proofs): the versions they hold for, as `from` tags.
    var proofFrom: String? = nil

    static func claims(sub: String = "repo:octo-org/octo-repo:ref:refs/heads/main",
                       iss: String = "https://token.actions.githubusercontent.com") -> [String: String] {
        ["iss": iss, "aud": "sts.amazonaws.com", "sub": sub, "repository": "octo-org/octo-repo", "ref": "refs/heads/main",
         "repository_owner": "octo-org", "event_name": "push", "job_workflow_ref": "octo-org/octo-repo/.github/workflows/deploy.yml@refs/heads/main"]
    }
}

/// A documented STS response: HTTP status and body, with where the body's shape and message come from.
struct STSAnswer: Sendable {
    var status: Int
    var body: String
    var source: String
}

/// STS Query API responses, in the shapes the API reference documents.
enum STS {
    static let namespace = "https://sts.amazonaws.com/doc/2011-06-15/"

    /// `<ErrorResponse>` as STS returns it; the codes are STS's (API reference, common errors), the messages
    /// are those quoted in the issue threads the catalog cites.
    static func error(_ code: String, _ message: String, type: String = "Sender", status: Int = 400, source: String) -> STSAnswer {
        STSAnswer(status: status, body: """
            <ErrorResponse xmlns="\(namespace)"><Error><Type>\(type)</Type><Code>\(code)</Code><Message>\(message)</Message></Error>\
            <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ErrorResponse>
            """, source: source)
    }

    static let credentials = """
        <Credentials><AccessKeyId>ASIAIOSFODNN7EXAMPLE</AccessKeyId><SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY</SecretAccessKey>\
        <SessionToken>AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI</SessionToken>\
        <Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>
        """

    /// https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html (example response)
    static func webIdentity(roleARN: String, roleID: String = "AROACLKWSDQRAOEXAMPLE", session: String) -> STSAnswer {
        let account = roleARN.split(separator: ":", omittingEmptySubsequences: false)[4], name = roleARN.split(separator: "/").last!
        return STSAnswer(status: 200, body: """
            <AssumeRoleWithWebIdentityResponse xmlns="\(namespace)"><AssumeRoleWithWebIdentityResult>\
            <SubjectFromWebIdentityToken>repo:octo-org/octo-repo:ref:refs/heads/main</SubjectFromWebIdentityToken>\
            <Audience>sts.amazonaws.com</Audience>\
            <AssumedRoleUser><Arn>arn:aws:sts::\(account):assumed-role/\(name)/\(session)</Arn><AssumedRoleId>\(roleID):\(session)</AssumedRoleId></AssumedRoleUser>\
            \(credentials)<Provider>arn:aws:iam::\(account):oidc-provider/token.actions.githubusercontent.com</Provider>\
            </AssumeRoleWithWebIdentityResult><ResponseMetadata><RequestId>ad4156e9-bce1-11e2-82e6-6b6efEXAMPLE</RequestId></ResponseMetadata>\
            </AssumeRoleWithWebIdentityResponse>
            """, source: "https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html")
    }

    /// https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html (example response)
    static func assumeRole(roleARN: String, roleID: String = "AROA3XFRBF535PLBIFPI4", session: String) -> STSAnswer {
        let account = roleARN.split(separator: ":", omittingEmptySubsequences: false)[4], name = roleARN.split(separator: "/").last!
        return STSAnswer(status: 200, body: """
            <AssumeRoleResponse xmlns="\(namespace)"><AssumeRoleResult>\
            <AssumedRoleUser><Arn>arn:aws:sts::\(account):assumed-role/\(name)/\(session)</Arn><AssumedRoleId>\(roleID):\(session)</AssumedRoleId></AssumedRoleUser>\
            \(credentials)<PackedPolicySize>6</PackedPolicySize></AssumeRoleResult>\
            <ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ResponseMetadata></AssumeRoleResponse>
            """, source: "https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html")
    }

    /// https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html (example response)
    static func callerIdentity(arn: String, userID: String) -> STSAnswer {
        let account = arn.split(separator: ":", omittingEmptySubsequences: false)[4]
        return STSAnswer(status: 200, body: """
            <GetCallerIdentityResponse xmlns="\(namespace)"><GetCallerIdentityResult>\
            <Arn>\(arn)</Arn><UserId>\(userID)</UserId><Account>\(account)</Account>\
            </GetCallerIdentityResult><ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId></ResponseMetadata>\
            </GetCallerIdentityResponse>
            """, source: "https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html")
    }
}

extension Scenario {
    static let role = "arn:aws:iam::111122223333:role/deploy"
    static let session = "github-actions-deploy"
    static let step: [String: String] = ["role-to-assume": role, "aws-region": "us-east-1", "role-session-name": session]
    /// Credentials an earlier step exported (or the runner's own): AWS's documentation example keys.
    static let heldKeys = ["AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE", "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                           "AWS_SESSION_TOKEN": "FwoGZXIvYXdzEXAMPLE", "AWS_REGION": "us-east-1"]
    static let firstRoleIdentity = STS.callerIdentity(arn: "arn:aws:sts::111122223333:assumed-role/ci-role/github-actions-deploy",
                                                      userID: "AROACLKWSDQRAOEXAMPLE:github-actions-deploy")

    static func refusedWebIdentity(_ code: String, _ message: String, status: Int = 400, source: String) -> [String: STSAnswer] {
        ["AssumeRoleWithWebIdentity": STS.error(code, message, status: status, source: source)]
    }

    static let notAuthorized = refusedWebIdentity("AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity", status: 403,
                                                  source: "https://github.com/aws-actions/configure-aws-credentials/issues/1446")
    static let admitted: [String: STSAnswer] = [
        "AssumeRoleWithWebIdentity": STS.webIdentity(roleARN: role, session: session),
        "GetCallerIdentity": STS.callerIdentity(arn: "arn:aws:sts::111122223333:assumed-role/deploy/\(session)", userID: "AROACLKWSDQRAOEXAMPLE:\(session)"),
    ]
    static let hint = "It looks like you might be trying to authenticate with OIDC. Did you mean to set the `id-token` permission? If you are not trying to authenticate with OIDC and the action is working successfully, you can ignore this message."
    static let couldNotLoad = "Error: Credentials could not be loaded, please check your action inputs: Could not load credentials from any providers"

    static let all: [Scenario] = [
        Scenario(id: "oidc-trust-refused", inputs: step, sts: notAuthorized, stsCalls: ["AssumeRoleWithWebIdentity"], tagsSent: false),
        Scenario(id: "oidc-admitted", inputs: step, sts: admitted),
        Scenario(id: "no-id-token", inputs: step, idToken: .none, stsCalls: []),
        Scenario(id: "bare-role-name", inputs: step.merging(["role-to-assume": "deploy"]) { $1 }, stsCalls: []),
        Scenario(id: "audience-incorrect", inputs: step,
                 sts: refusedWebIdentity("InvalidIdentityToken", "Incorrect token audience",
                                         source: "https://github.com/aws-actions/configure-aws-credentials/issues/1309")),
        Scenario(id: "provider-missing", inputs: step,
                 sts: refusedWebIdentity("InvalidIdentityToken", "No OpenIDConnect provider found in your account for https://token.actions.githubusercontent.com",
                                         source: "https://github.com/aws-actions/configure-aws-credentials/issues/721")),
        Scenario(id: "ghes-provider-missing", inputs: step, claims: claims(iss: "https://github.example.com/_services/token"),
                 sts: refusedWebIdentity("InvalidIdentityToken", "No OpenIDConnect provider found in your account for https://github.example.com/_services/token",
                                         source: "https://github.com/aws-actions/configure-aws-credentials/issues/727")),
        Scenario(id: "duration-exceeds-max", inputs: step.merging(["role-duration-seconds": "14400"]) { $1 },
                 sts: refusedWebIdentity("ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.",
                                         source: "https://github.com/kreuzwerker/awsu/issues/27")),
        Scenario(id: "role-arn-invalid", inputs: step.merging(["role-to-assume": "arn:aws:sts::111122223333:assumed-role/deploy/github-actions-deploy"]) { $1 },
                 sts: refusedWebIdentity("ValidationError", "Request ARN is invalid",
                                         source: "https://github.com/CircleCI-Public/aws-ecr-orb/issues/211")),
        Scenario(id: "sts-throttled", inputs: step,
                 sts: refusedWebIdentity("Throttling", "Rate exceeded",
                                         source: "https://github.com/jlevers/selling-partner-api/issues/278")),
        Scenario(id: "thumbprint-mismatch", inputs: step,
                 sts: refusedWebIdentity("InvalidIdentityToken", "OpenIDConnect provider's HTTPS certificate doesn't match configured thumbprint",
                                         source: "https://github.com/aws-actions/configure-aws-credentials/issues/357")),
        Scenario(id: "verification-key-unreachable", inputs: step,
                 sts: refusedWebIdentity("InvalidIdentityToken", "Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements",
                                         source: "https://github.com/aws-actions/configure-aws-credentials/issues/299")),
        Scenario(id: "session-name-invalid", inputs: step.merging(["role-session-name": "deploy-feature/login"]) { $1 }, stsCalls: []),
        Scenario(id: "session-name-short", inputs: step.merging(["role-session-name": "x"]) { $1 }, stsCalls: []),
        // The key secrets were deleted: both inputs expand to empty strings, the job has no id-token.
        Scenario(id: "key-secrets-deleted", inputs: ["aws-access-key-id": "", "aws-secret-access-key": "", "aws-region": "us-east-1"],
                 idToken: .none, stsCalls: []),
        // `role-to-assume: ${{ secrets.X }}` in a run that cannot see the secret (Dependabot, a fork): empty.
        Scenario(id: "empty-role-to-assume", inputs: step.merging(["role-to-assume": ""]) { $1 }, actor: "dependabot[bot]",
                 stsCalls: [], absent: [hint]),
        Scenario(id: "token-url-missing", inputs: step, idToken: .onlyRequestToken, stsCalls: []),
        Scenario(id: "token-request-token-missing", inputs: step, idToken: .onlyRequestURL, stsCalls: [], expect: [couldNotLoad]),
        // The first step exported keys; the second names another role and no role-chaining.
        Scenario(id: "second-step-oidc-again", inputs: step, env: heldKeys, sts: notAuthorized,
                 stsCalls: ["AssumeRoleWithWebIdentity"]),
        Scenario(id: "region-only-default-region", inputs: step.filter { $0.key != "aws-region" }, env: ["AWS_DEFAULT_REGION": "us-east-1"],
                 stsCalls: []),
        Scenario(id: "region-invalid", inputs: step.merging(["aws-region": "US-EAST-1"]) { $1 }, stsCalls: []),
        Scenario(id: "chained-duration-over-hour", inputs: step.merging(["role-chaining": "true", "role-duration-seconds": "7200"]) { $1 },
                 env: heldKeys,
                 sts: ["GetCallerIdentity": firstRoleIdentity,
                       "AssumeRole": STS.error("ValidationError", "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.",
                                               source: "https://github.com/99designs/aws-vault/issues/263")]),
        Scenario(id: "chained-tagsession-denied", inputs: step.merging(["role-chaining": "true"]) { $1 }, env: heldKeys,
                 sts: ["GetCallerIdentity": firstRoleIdentity,
                       "AssumeRole": STS.error("AccessDenied", "User: arn:aws:sts::111122223333:assumed-role/ci-role/github-actions-deploy is not authorized to perform: sts:TagSession on resource: \(role)",
                                               status: 403, source: "https://github.com/aws-actions/configure-aws-credentials/issues/54")],
                 tagsSent: true, absent: [hint]),
        // A self-hosted runner whose credentials come from the SDK's chain (here its environment).
        Scenario(id: "self-hosted-oidc-preferred", inputs: step, env: heldKeys, sts: notAuthorized, stsCalls: ["AssumeRoleWithWebIdentity"]),
        Scenario(id: "force-skip-oidc-without-keys", inputs: step.merging(["force-skip-oidc": "true"]) { $1 }, stsCalls: []),
        Scenario(id: "allowed-account-mismatch", inputs: step.merging(["role-to-assume": "arn:aws:iam::444455556666:role/deploy",
                                                                      "allowed-account-ids": "111122223333"]) { $1 },
                 sts: ["AssumeRoleWithWebIdentity": STS.webIdentity(roleARN: "arn:aws:iam::444455556666:role/deploy", session: session),
                       "GetCallerIdentity": STS.callerIdentity(arn: "arn:aws:sts::444455556666:assumed-role/deploy/\(session)",
                                                               userID: "AROACLKWSDQRAOEXAMPLE:\(session)")]),

        // Fix proofs: no entry quotes them, they show that the fix an entry gives works.
        Scenario(id: "region-from-aws-region-env", inputs: step.filter { $0.key != "aws-region" }, env: ["AWS_REGION": "us-east-1"],
                 sts: admitted, expect: ["Authenticated as assumedRoleId AROACLKWSDQRAOEXAMPLE:github-actions-deploy"],
                 absent: ["Error: Input required and not supplied: aws-region"], proofFrom: "v4.2.0"),
        Scenario(id: "chained-skip-session-tagging", inputs: step.merging(["role-chaining": "true", "role-skip-session-tagging": "true"]) { $1 },
                 env: heldKeys,
                 sts: ["GetCallerIdentity": firstRoleIdentity, "AssumeRole": STS.assumeRole(roleARN: role, session: session)],
                 tagsSent: false, expect: ["Authenticated as assumedRoleId AROA3XFRBF535PLBIFPI4:github-actions-deploy"], proofFrom: "v3.0.0"),
        Scenario(id: "self-hosted-role-chaining", inputs: step.merging(["role-chaining": "true"]) { $1 }, env: heldKeys,
                 sts: ["GetCallerIdentity": firstRoleIdentity, "AssumeRole": STS.assumeRole(roleARN: role, session: session)],
                 expect: ["Authenticated as assumedRoleId AROA3XFRBF535PLBIFPI4:github-actions-deploy"], absent: [hint], proofFrom: "v3.0.0"),
        Scenario(id: "allowed-account-match", inputs: step.merging(["allowed-account-ids": "111122223333"]) { $1 }, sts: admitted,
                 expect: ["Authenticated as assumedRoleId AROACLKWSDQRAOEXAMPLE:github-actions-deploy"], proofFrom: "v5.0.0"),
    ]

    static func named(_ id: String) -> Scenario? { all.first { $0.id == id } }
}
