import KeylessModel

/// Evaluates a role's trust policy against the claims of one OIDC token, the way AWS documents it.
///
/// Sources, each cited again where the rule is applied:
/// - evaluation: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
/// - operators: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
/// - several keys and values: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html
/// - set operators: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
/// - actions: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
public struct TrustSimulator: Sendable {
    /// The one action a GitHub token is exchanged through.
    public static let action = "sts:AssumeRoleWithWebIdentity"

    /// Claims STS documents as condition keys for every OIDC provider.
    public static let standardClaimKeys: Set<String> = ["aud", "sub", "amr"]
    /// Claims STS accepts as keys for GitHub since 2026, as listed by secondary sources (see
    /// docs-src/research/oidc-failure-modes.md); not yet confirmed on the AWS page, so a key outside both
    /// lists is still evaluated, with a note.
    public static let githubClaimKeys: Set<String> = [
        "actor", "actor_id", "job_workflow_ref", "repository", "repository_id", "workflow", "ref", "environment",
        "enterprise_id",
    ]

    public init() {}

    /// The decision for one token, with the outcome of every statement.
    public func evaluate(_ policy: PolicyDocument, claims: TokenClaims) -> SimulationResult {
        let issuer = claims["iss"]?.values.first.map(Self.issuerHost)
        var notes: [String] = []
        var results: [StatementResult] = []
        for (i, s) in policy.statements.enumerated() {
            results.append(evaluate(s, index: i, issuer: issuer, claims: claims, notes: &notes))
        }
        // An explicit Deny overrides any Allow; without a matching Allow the request is implicitly denied
        // (reference_policies_evaluation-logic.html).
        let decision: SimulationResult.Decision
        let reason: String
        if let deny = results.first(where: { $0.effect == .deny && $0.matched }) {
            decision = .deny
            reason = "Explicit deny: \(deny.label) matches the token, and an explicit Deny overrides every Allow."
        } else if let allow = results.first(where: { $0.effect == .allow && $0.matched }) {
            decision = .allow
            reason = "Allowed by \(allow.label): \(allow.detail)."
        } else if issuer == nil {
            decision = .deny
            reason = "Implicit deny: the token has no iss claim, so no Federated principal can match it."
        } else if let closest = results.first(where: { $0.effect == .allow && $0.applies }) {
            decision = .deny
            reason = "Implicit deny: \(closest.label) does not match because \(closest.detail)."
        } else if let first = results.first(where: { $0.effect == .allow }) {
            decision = .deny
            reason = "Implicit deny: no Allow statement applies; \(first.label) \(first.detail)."
        } else {
            decision = .deny
            reason = "Implicit deny: the policy has no Allow statement."
        }
        var seen = Set<String>()
        return SimulationResult(decision: decision, statements: results, reason: reason, notes: notes.filter { seen.insert($0).inserted })
    }

    func evaluate(_ s: Statement, index: Int, issuer: String?, claims: TokenClaims, notes: inout [String]) -> StatementResult {
        var result = StatementResult(index: index, sid: s.sid, effect: s.effect, applies: false, matched: false, detail: "")
        guard actionMatches(s.actions) else {
            result.detail = "does not cover \(Self.action)"
            return result
        }
        if let problem = principalProblem(s, issuer: issuer) {
            result.detail = problem
            return result
        }
        result.applies = true
        // Every operator, and every key under one operator, must be true: they are ANDed
        // (reference_policies_multi-value-conditions.html).
        for c in s.conditions {
            let outcome = evaluate(c, issuer: issuer ?? "", claims: claims, notes: &notes)
            if !outcome.holds {
                result.failedCondition = c
                result.detail = outcome.explanation
                return result
            }
        }
        result.matched = true
        result.detail = s.conditions.isEmpty
            ? "it has no conditions"
            : "every condition holds (\(s.conditions.map { "\($0.op) `\($0.key)`" }.joined(separator: ", ")))"
        return result
    }

    /// Action names are case-insensitive and may use `*` and `?` (reference_policies_elements_action.html);
    /// `NotAction` covers every action it does not list (reference_policies_elements_notaction.html).
    func actionMatches(_ actions: ActionList) -> Bool {
        let hit = actions.values.contains { Wildcard.matches(Self.action, pattern: $0, ignoringCase: true) }
        switch actions {
        case .action: return hit
        case .notAction: return !hit
        }
    }

    /// Nil when the statement's principal covers the token's issuer; otherwise why not.
    func principalProblem(_ s: Statement, issuer: String?) -> String? {
        if let not = s.notPrincipal {
            let listed = issuer.map { iss in not.values(ofType: "Federated").contains { Self.providerHost($0) == iss } } ?? false
            return listed ? "excludes the provider of \(issuer ?? "") with NotPrincipal" : nil
        }
        guard let principal = s.principal else { return "has no Principal" }
        if case .anyone = principal { return nil }
        let federated = principal.values(ofType: "Federated")
        guard !federated.isEmpty else { return "names no Federated principal" }
        guard let issuer else { return "cannot match: the token has no iss claim" }
        // The provider ARN ends with the issuer URL without `https://`
        // (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc.html).
        if federated.contains(where: { Self.providerHost($0) == issuer }) { return nil }
        return "trusts \(federated.joined(separator: ", ")), not the token's issuer \(issuer)"
    }

    /// `https://token.actions.githubusercontent.com/` → `token.actions.githubusercontent.com`.
    static func issuerHost(_ iss: String) -> String {
        var h = Substring(iss)
        if h.hasPrefix("https://") { h = h.dropFirst(8) }
        while h.hasSuffix("/") { h = h.dropLast() }
        return String(h)
    }

    /// The host (and path) of an `arn:…:oidc-provider/HOST` ARN, nil for any other principal.
    static func providerHost(_ arnText: String) -> String? {
        guard let arn = ARN(parsing: arnText), arn.service == "iam", arn.resource.hasPrefix("oidc-provider/") else { return nil }
        return String(arn.resource.dropFirst("oidc-provider/".count))
    }

    // MARK: Conditions

    struct Outcome {
        var holds: Bool
        var explanation: String
    }

    /// The token's values for a condition key, or nil when the key is not in the request context.
    func contextValues(_ key: String, issuer: String, claims: TokenClaims, notes: inout [String]) -> [String]? {
        // Condition key names are not case-sensitive (reference_policies_elements_condition.html).
        guard let colon = key.lastIndex(of: ":"), key[..<colon].lowercased() == issuer.lowercased() else {
            notes.append("Keyless does not model the key \(key); it is treated as absent from the request.")
            return nil
        }
        let claim = key[key.index(after: colon)...].lowercased()
        if !Self.standardClaimKeys.contains(claim) && !Self.githubClaimKeys.contains(claim) {
            notes.append("STS may not expose the claim '\(claim)' as a condition key; Keyless evaluates it as if it did.")
        }
        guard let value = claims.first(where: { $0.key.lowercased() == claim })?.value else { return nil }
        return value.values
    }

    func evaluate(_ c: Condition, issuer: String, claims: TokenClaims, notes: inout [String]) -> Outcome {
        let values = contextValues(c.key, issuer: issuer, claims: claims, notes: &notes)
        let shown = values.map { $0.count == 1 ? "`\($0[0])`" : "[\($0.map { "`\($0)`" }.joined(separator: ", "))]" }
        let wanted = c.values.count == 1 ? "`\(c.values[0])`" : "one of \(c.values.map { "`\($0)`" }.joined(separator: ", "))"
        let op = c.op

        // Null tests presence only: "true" means the key is absent, "false" that it is present.
        if op.base == .null {
            let absent = values?.isEmpty ?? true
            let holds = c.values.contains { $0.lowercased() == (absent ? "true" : "false") }
            return Outcome(holds: holds, explanation: "Null `\(c.key)` is \(absent ? "true (the claim is absent)" : "false (the claim is present)"), the policy wants \(wanted)")
        }
        guard let match = Self.matcher(op.base) else {
            notes.append("Keyless does not evaluate \(op.base.rawValue) conditions; such a condition is treated as not holding.")
            return Outcome(holds: false, explanation: "\(op) \(c.key) cannot be evaluated by Keyless")
        }
        let negated = Self.isNegated(op.base)

        guard let values, !values.isEmpty else {
            // An absent key: IfExists makes the condition true; ForAllValues is true and ForAnyValue false
            // (single-vs-multi-valued context keys); otherwise a positive operator is false and a negated
            // one true (condition_operators.html, "Important").
            let holds: Bool
            let why: String
            if op.ifExists { holds = true; why = "IfExists is true when the claim is absent" }
            else if op.qualifier == .forAllValues { holds = true; why = "ForAllValues is true when the claim is absent" }
            else if op.qualifier == .forAnyValue { holds = false; why = "ForAnyValue is false when the claim is absent" }
            else if negated { holds = true; why = "a negated operator is true when the claim is absent" }
            else { holds = false; why = "the claim is absent" }
            return Outcome(holds: holds, explanation: "\(op) `\(c.key)`: \(why)")
        }

        // Values of one key are ORed; for a negated operator they are NORed (multi-value-conditions.html).
        let one: (String) -> Bool = { v in
            let any = c.values.contains { match(v, $0) }
            return negated ? !any : any
        }
        let holds: Bool
        switch op.qualifier {
        case .forAllValues?: holds = values.allSatisfy(one)
        case .forAnyValue?: holds = values.contains(where: one)
        case nil:
            if values.count > 1 {
                notes.append("\(c.key) has several values but \(op) has no ForAnyValue/ForAllValues; Keyless treats it as ForAnyValue.")
            }
            holds = values.contains(where: one)
        }
        let like = op.base == .stringLike || op.base == .stringNotLike
        let verb = negated ? (like ? "must not match" : "must not be") : (like ? "does not match" : "is not")
        let explanation = holds
            ? "\(op) `\(c.key)` holds for \(shown ?? "")"
            : "\(op) `\(c.key)`: \(shown ?? "") \(verb) \(wanted)\(Self.hint(op.base, c.values, values))"
        return Outcome(holds: holds, explanation: explanation)
    }

    /// A hint for the two mistakes users make most: a wildcard under StringEquals, and letter case.
    static func hint(_ base: ConditionOperator.Base, _ wanted: [String], _ actual: [String]) -> String {
        if base == .stringEquals, wanted.contains(where: { $0.contains("*") || $0.contains("?") }),
            actual.contains(where: { a in wanted.contains { Wildcard.matches(a, pattern: $0) } })
        {
            return " (StringEquals compares `*` literally; StringLike would match)"
        }
        if base == .stringEquals || base == .stringLike,
            actual.contains(where: { a in wanted.contains { a.lowercased() == $0.lowercased() || Wildcard.matches(a, pattern: $0, ignoringCase: true) } })
        {
            return " (the comparison is case-sensitive)"
        }
        return ""
    }

    static func isNegated(_ base: ConditionOperator.Base) -> Bool {
        switch base {
        case .stringNotEquals, .stringNotEqualsIgnoreCase, .stringNotLike, .numericNotEquals, .arnNotEquals, .arnNotLike:
            return true
        default:
            return false
        }
    }

    /// The positive comparison behind each operator (its negation is applied by the caller), nil for
    /// operators Keyless does not evaluate.
    static func matcher(_ base: ConditionOperator.Base) -> ((String, String) -> Bool)? {
        switch base {
        // StringEquals is exact and case-sensitive: `*` is a literal character.
        case .stringEquals, .stringNotEquals: return { $0 == $1 }
        case .stringEqualsIgnoreCase, .stringNotEqualsIgnoreCase: return { $0.lowercased() == $1.lowercased() }
        // StringLike is case-sensitive and supports `*` and `?` anywhere.
        case .stringLike, .stringNotLike: return { Wildcard.matches($0, pattern: $1) }
        case .bool: return { $0.lowercased() == $1.lowercased() }
        case .numericEquals, .numericNotEquals: return numeric(==)
        case .numericLessThan: return numeric(<)
        case .numericLessThanEquals: return numeric(<=)
        case .numericGreaterThan: return numeric(>)
        case .numericGreaterThanEquals: return numeric(>=)
        default: return nil
        }
    }

    static func numeric(_ compare: @escaping (Double, Double) -> Bool) -> (String, String) -> Bool {
        { a, b in
            guard let x = Double(a), let y = Double(b) else { return false }
            return compare(x, y)
        }
    }
}
