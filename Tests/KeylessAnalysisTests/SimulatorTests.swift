import KeylessTestSupport
import KeylessAnalysis
import KeylessModel
import Testing

/// Documentation pages the cases rest on.
enum Doc {
    static let operators = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html"
    static let multiValue = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html"
    static let setOperators = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html"
    static let evaluation = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html"
    static let action = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html"
    static let notAction = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html"
    static let condition = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html"
    static let oidcProvider = "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc.html"
    static let githubSub = "https://docs.github.com/en/actions/reference/security/oidc#example-subject-claims"
}

let host = "token.actions.githubusercontent.com"
let sub = "\(host):sub"
let aud = "\(host):aud"
let provider = "arn:aws:iam::123456789012:oidc-provider/\(host)"
let mainSub = "repo:honeyhiveai/python-sdk:ref:refs/heads/main"

/// A token for honeyhiveai/python-sdk with the given sub (and any extra claims).
func token(_ subject: String? = mainSub, _ extra: TokenClaims = [:]) -> TokenClaims {
    var c: TokenClaims = ["iss": .string("https://\(host)"), "aud": "sts.amazonaws.com", "repository": "honeyhiveai/python-sdk"]
    if let subject { c["sub"] = .string(subject) }
    return c.merging(extra) { _, new in new }
}

func allow(
    _ conditions: [Condition], actions: ActionList = .action(["sts:AssumeRoleWithWebIdentity"]),
    principal: Principal? = .federated(ARN(parsing: provider)!), sid: String? = nil
) -> Statement {
    Statement(sid: sid, effect: .allow, principal: principal, actions: actions, conditions: conditions)
}

func deny(_ conditions: [Condition]) -> Statement {
    Statement(sid: "Deny", effect: .deny, principal: .federated(ARN(parsing: provider)!),
              actions: .action(["sts:AssumeRoleWithWebIdentity"]), conditions: conditions)
}

func op(_ text: String) -> ConditionOperator { ConditionOperator(parsing: text)! }

struct SimCase: CustomTestStringConvertible, Sendable {
    var name: String
    /// The documentation page the expected decision rests on.
    var source: String
    var statements: [Statement]
    var claims: TokenClaims
    var expected: SimulationResult.Decision
    var testDescription: String { name }
}

let simCases: [SimCase] = [
    // Exact, case-sensitive match under StringEquals (Doc.operators, "String condition operators").
    SimCase(name: "StringEquals exact sub", source: Doc.operators,
            statements: [allow([Condition(op("StringEquals"), sub, [mainSub])])], claims: token(), expected: .allow),
    // StringEquals is case-sensitive (Doc.operators).
    SimCase(name: "StringEquals is case-sensitive", source: Doc.operators,
            statements: [allow([Condition(op("StringEquals"), sub, [mainSub])])],
            claims: token("repo:HoneyHiveAI/Python-SDK:ref:refs/heads/main"), expected: .deny),
    // StringEquals has no wildcards: `*` is compared literally (Doc.operators: only StringLike lists `*` and `?`).
    SimCase(name: "StringEquals treats * literally", source: Doc.operators,
            statements: [allow([Condition(op("StringEquals"), sub, ["repo:honeyhiveai/python-sdk:*"])])], claims: token(), expected: .deny),
    // ... and a token whose sub really is `…:*` matches it (Doc.operators).
    SimCase(name: "StringEquals matches a literal *", source: Doc.operators,
            statements: [allow([Condition(op("StringEquals"), sub, ["repo:honeyhiveai/python-sdk:*"])])],
            claims: token("repo:honeyhiveai/python-sdk:*"), expected: .allow),
    // StringLike supports `*` anywhere (Doc.operators).
    SimCase(name: "StringLike * matches any ref", source: Doc.operators,
            statements: [allow([Condition(op("StringLike"), sub, ["repo:honeyhiveai/python-sdk:*"])])],
            claims: token("repo:honeyhiveai/python-sdk:pull_request"), expected: .allow),
    // `repo:OWNER/REPO:*` does not admit a lookalike repository whose name only starts the same (Doc.operators).
    SimCase(name: "StringLike does not admit a lookalike repository", source: Doc.operators,
            statements: [allow([Condition(op("StringLike"), sub, ["repo:honeyhiveai/python-sdk:*"])])],
            claims: token("repo:honeyhiveai/python-sdk-evil:ref:refs/heads/main"), expected: .deny),
    // `?` matches exactly one character (Doc.operators).
    SimCase(name: "StringLike ? matches one character", source: Doc.operators,
            statements: [allow([Condition(op("StringLike"), sub, ["repo:honeyhiveai/python-sdk:ref:refs/heads/v?"])])],
            claims: token("repo:honeyhiveai/python-sdk:ref:refs/heads/v1"), expected: .allow),
    SimCase(name: "StringLike ? does not match two characters", source: Doc.operators,
            statements: [allow([Condition(op("StringLike"), sub, ["repo:honeyhiveai/python-sdk:ref:refs/heads/v?"])])],
            claims: token("repo:honeyhiveai/python-sdk:ref:refs/heads/v10"), expected: .deny),
    // StringLike is case-sensitive (Doc.operators).
    SimCase(name: "StringLike is case-sensitive", source: Doc.operators,
            statements: [allow([Condition(op("StringLike"), sub, ["repo:honeyhiveai/python-sdk:*"])])],
            claims: token("repo:HoneyHiveAI/Python-SDK:ref:refs/heads/main"), expected: .deny),
    // StringEqualsIgnoreCase ignores case (Doc.operators).
    SimCase(name: "StringEqualsIgnoreCase ignores case", source: Doc.operators,
            statements: [allow([Condition(op("StringEqualsIgnoreCase"), sub, [mainSub])])],
            claims: token("repo:HoneyHiveAI/Python-SDK:ref:refs/heads/MAIN"), expected: .allow),
    // StringNotEquals: negated matching (Doc.operators).
    SimCase(name: "StringNotEquals with a different value", source: Doc.operators,
            statements: [allow([Condition(op("StringNotEquals"), sub, ["repo:honeyhiveai/python-sdk:pull_request"])])],
            claims: token(), expected: .allow),
    // Several values of a negated operator are NORed: any equal value makes it false (Doc.multiValue).
    SimCase(name: "StringNotEquals values are NORed", source: Doc.multiValue,
            statements: [allow([Condition(op("StringNotEquals"), sub, ["repo:honeyhiveai/python-sdk:pull_request", mainSub])])],
            claims: token(), expected: .deny),
    // StringNotEqualsIgnoreCase (Doc.operators).
    SimCase(name: "StringNotEqualsIgnoreCase matches regardless of case", source: Doc.operators,
            statements: [allow([Condition(op("StringNotEqualsIgnoreCase"), sub, [mainSub.uppercased()])])],
            claims: token(), expected: .deny),
    // StringNotLike with a matching pattern is false (Doc.operators).
    SimCase(name: "StringNotLike excludes a pattern", source: Doc.operators,
            statements: [allow([Condition(op("StringNotLike"), sub, ["*:pull_request"])])],
            claims: token("repo:honeyhiveai/python-sdk:pull_request"), expected: .deny),
    // Values of one key are ORed (Doc.multiValue).
    SimCase(name: "values of one key are ORed", source: Doc.multiValue,
            statements: [allow([Condition(op("StringEquals"), sub, [mainSub, "repo:honeyhiveai/python-sdk:environment:production"])])],
            claims: token("repo:honeyhiveai/python-sdk:environment:production"), expected: .allow),
    // Keys under one operator are ANDed: a right sub with a wrong aud is refused (Doc.multiValue).
    SimCase(name: "keys are ANDed", source: Doc.multiValue,
            statements: [allow([Condition(op("StringEquals"), sub, [mainSub]), Condition(op("StringEquals"), aud, ["sts.amazonaws.com"])])],
            claims: token(mainSub, ["aud": "https://github.com/honeyhiveai"]), expected: .deny),
    // Operators are ANDed too (Doc.multiValue).
    SimCase(name: "operators are ANDed", source: Doc.multiValue,
            statements: [allow([Condition(op("StringEquals"), aud, ["sts.amazonaws.com"]), Condition(op("StringLike"), sub, ["repo:honeyhiveai/other:*"])])],
            claims: token(), expected: .deny),
    // A missing key makes a positive operator false (Doc.operators, "Important").
    SimCase(name: "missing claim under StringEquals", source: Doc.operators,
            statements: [allow([Condition(op("StringEquals"), "\(host):environment", ["production"])])],
            claims: token(), expected: .deny),
    // A missing key makes a negated operator true (Doc.operators, "Important": StringNotLike with the key absent is true).
    SimCase(name: "missing claim under StringNotEquals", source: Doc.operators,
            statements: [allow([Condition(op("StringNotEquals"), "\(host):environment", ["staging"])])],
            claims: token(), expected: .allow),
    // IfExists is true when the key is absent (Doc.operators, "…IfExists condition operators").
    SimCase(name: "StringEqualsIfExists on a missing claim", source: Doc.operators,
            statements: [allow([Condition(op("StringEqualsIfExists"), "\(host):environment", ["production"])])],
            claims: token(), expected: .allow),
    // IfExists evaluates normally when the key is present (Doc.operators).
    SimCase(name: "StringEqualsIfExists on a present, different claim", source: Doc.operators,
            statements: [allow([Condition(op("StringEqualsIfExists"), "\(host):environment", ["production"])])],
            claims: token(mainSub, ["environment": "staging"]), expected: .deny),
    // ForAllValues is true when the key is absent (Doc.setOperators: "It also returns true if there are no context keys").
    SimCase(name: "ForAllValues on a missing claim admits", source: Doc.setOperators,
            statements: [allow([Condition(op("ForAllValues:StringEquals"), "\(host):environment", ["production"])])],
            claims: token(), expected: .allow),
    // ForAnyValue is false when the key is absent (Doc.setOperators).
    SimCase(name: "ForAnyValue on a missing claim refuses", source: Doc.setOperators,
            statements: [allow([Condition(op("ForAnyValue:StringEquals"), "\(host):environment", ["production"])])],
            claims: token(), expected: .deny),
    // ForAllValues: every value of a list claim must match one policy value (Doc.setOperators).
    SimCase(name: "ForAllValues with one unlisted value", source: Doc.setOperators,
            statements: [allow([Condition(op("ForAllValues:StringEquals"), aud, ["sts.amazonaws.com"])])],
            claims: token(mainSub, ["aud": .list(["sts.amazonaws.com", "other"])]), expected: .deny),
    // ForAnyValue: one matching value of a list claim is enough (Doc.setOperators).
    SimCase(name: "ForAnyValue with one listed value", source: Doc.setOperators,
            statements: [allow([Condition(op("ForAnyValue:StringEquals"), aud, ["sts.amazonaws.com"])])],
            claims: token(mainSub, ["aud": .list(["other", "sts.amazonaws.com"])]), expected: .allow),
    // Null "true" holds when the key is absent (Doc.operators, "Condition operator to check existence of condition keys").
    SimCase(name: "Null true on a missing claim", source: Doc.operators,
            statements: [allow([Condition(op("Null"), "\(host):environment", ["true"])])],
            claims: token(), expected: .allow),
    // Null "false" holds only when the key is present (Doc.operators).
    SimCase(name: "Null false on a missing claim", source: Doc.operators,
            statements: [allow([Condition(op("Null"), "\(host):environment", ["false"])])],
            claims: token(), expected: .deny),
    // An explicit Deny overrides any Allow (Doc.evaluation).
    SimCase(name: "explicit Deny wins", source: Doc.evaluation,
            statements: [allow([Condition(op("StringLike"), sub, ["repo:honeyhiveai/python-sdk:*"])]),
                         deny([Condition(op("StringEquals"), sub, ["repo:honeyhiveai/python-sdk:pull_request"])])],
            claims: token("repo:honeyhiveai/python-sdk:pull_request"), expected: .deny),
    // A Deny whose condition does not match leaves the Allow in force (Doc.evaluation).
    SimCase(name: "non-matching Deny does not refuse", source: Doc.evaluation,
            statements: [allow([Condition(op("StringLike"), sub, ["repo:honeyhiveai/python-sdk:*"])]),
                         deny([Condition(op("StringEquals"), sub, ["repo:honeyhiveai/python-sdk:pull_request"])])],
            claims: token(), expected: .allow),
    // Without a matching Allow the request is implicitly denied (Doc.evaluation).
    SimCase(name: "no statement is an implicit deny", source: Doc.evaluation,
            statements: [], claims: token(), expected: .deny),
    // Action names are case-insensitive (Doc.action).
    SimCase(name: "action is case-insensitive", source: Doc.action,
            statements: [allow([], actions: .action(["STS:assumerolewithwebidentity"]))], claims: token(), expected: .allow),
    // Wildcards in actions (Doc.action).
    SimCase(name: "action wildcard sts:AssumeRole*", source: Doc.action,
            statements: [allow([], actions: .action(["sts:AssumeRole*"]))], claims: token(), expected: .allow),
    SimCase(name: "action wildcard sts:AssumeRole? does not cover the longer name", source: Doc.action,
            statements: [allow([], actions: .action(["sts:AssumeRole?"]))], claims: token(), expected: .deny),
    // A statement for another action does not apply (Doc.action).
    SimCase(name: "other action does not apply", source: Doc.action,
            statements: [allow([], actions: .action(["sts:AssumeRole"]))], claims: token(), expected: .deny),
    // NotAction covers every action it does not list (Doc.notAction).
    SimCase(name: "NotAction listing another action covers it", source: Doc.notAction,
            statements: [allow([], actions: .notAction(["sts:AssumeRole"]))], claims: token(), expected: .allow),
    // A Federated principal for another provider host does not apply (Doc.oidcProvider).
    SimCase(name: "wrong provider host", source: Doc.oidcProvider,
            statements: [allow([Condition(op("StringEquals"), sub, [mainSub])],
                               principal: .federated(ARN(parsing: "arn:aws:iam::123456789012:oidc-provider/gitlab.com")!))],
            claims: token(), expected: .deny),
    // The condition key prefix must be the issuer host: a key for another provider is not in the request (Doc.condition).
    SimCase(name: "condition key of another provider", source: Doc.condition,
            statements: [allow([Condition(op("StringEquals"), "gitlab.com:sub", [mainSub])])], claims: token(), expected: .deny),
    // Condition key names are not case-sensitive (Doc.condition).
    SimCase(name: "condition key name is case-insensitive", source: Doc.condition,
            statements: [allow([Condition(op("StringEquals"), "Token.Actions.GitHubUserContent.com:SUB", [mainSub])])],
            claims: token(), expected: .allow),
    // The environment claim with `%3A` for `:` in the name (Doc.githubSub).
    SimCase(name: "environment with an escaped colon", source: Doc.githubSub,
            statements: [allow([Condition(op("StringEquals"), sub, ["repo:honeyhiveai/python-sdk:environment:prod%3Aeu"])])],
            claims: token("repo:honeyhiveai/python-sdk:environment:prod%3Aeu"), expected: .allow),
]

@Suite struct SimulatorTests {
    @Test(arguments: simCases)
    func decision(_ c: SimCase) {
        #expect(c.source.hasPrefix("https://"))
        let r = TrustSimulator().evaluate(PolicyDocument(statements: c.statements), claims: c.claims)
        #expect(r.decision == c.expected, "\(c.name): \(r.reason)")
    }

    @Test func tableIsLargeEnough() {
        #expect(simCases.count >= 30)
        #expect(Set(simCases.map(\.name)).count == simCases.count)
    }

    @Test func reasonNamesTheFailingCondition() {
        let policy = PolicyDocument(statements: [allow([Condition(op("StringEquals"), sub, [mainSub])], sid: "GitHub")])
        let r = TrustSimulator().evaluate(policy, claims: token("repo:honeyhiveai/python-sdk:environment:staging"))
        #expect(r.decision == .deny)
        #expect(r.statements.count == 1 && r.statements[0].matched == false)
        #expect(r.statements[0].failedCondition == Condition(op("StringEquals"), sub, [mainSub]))
        #expect(r.reason.contains("`repo:honeyhiveai/python-sdk:environment:staging` is not `\(mainSub)`"), "\(r.reason)")
        #expect(r.reason.contains("Sid \"GitHub\""))
    }

    @Test func wildcardUnderStringEqualsIsExplained() {
        let policy = PolicyDocument(statements: [allow([Condition(op("StringEquals"), sub, ["repo:honeyhiveai/python-sdk:*"])])])
        let r = TrustSimulator().evaluate(policy, claims: token())
        #expect(r.reason.contains("StringEquals compares `*` literally"), "\(r.reason)")
    }

    @Test func tokenWithoutIssuerIsRefused() {
        var claims = token()
        claims["iss"] = nil
        let r = TrustSimulator().evaluate(PolicyDocument(statements: [allow([])]), claims: claims)
        #expect(r.decision == .deny)
        #expect(r.reason.contains("no iss claim"))
    }

    @Test func unknownClaimKeyAddsANote() {
        let policy = PolicyDocument(statements: [allow([Condition(op("StringEquals"), "\(host):repository_owner", ["honeyhiveai"])])])
        let r = TrustSimulator().evaluate(policy, claims: token(mainSub, ["repository_owner": "honeyhiveai"]))
        #expect(r.notes.contains { $0.contains("repository_owner") })
    }

    @Test func claimsFileDecodesListsNumbersAndBooleans() throws {
        let c = try ClaimsCodec.decode(#"{"aud": ["a", "b"], "repository_id": 123, "ref_protected": true, "sub": "x", "environment": null}"#)
        #expect(c["aud"] == .list(["a", "b"]))
        #expect(c["repository_id"] == .string("123"))
        #expect(c["ref_protected"] == .string("true"))
        #expect(c["sub"] == .string("x"))
        #expect(c["environment"] == nil)
        #expect(throws: ClaimsCodec.DecodeError.self) { try ClaimsCodec.decode("[1]") }
        #expect(throws: ClaimsCodec.DecodeError.self) { try ClaimsCodec.decode("{") }
    }
}
