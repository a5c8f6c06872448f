import Foundation
import KeylessSyntax
import KeylessModel
import Yams

/// The IAM rules, over the decoded policy; positions come from reading the same JSON with Yams.
struct PolicyRules {
    let linter: Linter
    let path: String
    var findings: [Diagnostic] = []
    var root: Node = .scalar(.init(""))
    /// `"Statement": {…}` rather than a list: paths then have no index.
    var singleStatement = false

    init(linter: Linter, path: String) {
        self.linter = linter
        self.path = path
    }

    static let githubHost = "token.actions.githubusercontent.com"
    static let standardAudiences = ["sts.amazonaws.com", "sts.amazonaws.com.cn"]

    mutating func report(_ rule: String, _ at: [PathItem], _ message: String) {
        findings.append(Rules.finding(rule, path: path, root: root, at: at, message))
    }

    mutating func run(_ text: String) -> ([Diagnostic], Bool) {
        var any: Any
        do {
            any = try JSONSerialization.jsonObject(with: Data(text.utf8))
        } catch {
            let message = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
            return ([Diagnostic(at: SourceLocation(path: path), "invalid JSON: \(message)", rule: "json-syntax")], false)
        }
        // JSON is YAML 1.2 flow syntax, so Yams gives the positions Foundation does not.
        root = (try? Yams.compose(yaml: text.replacingOccurrences(of: "\t", with: " "), .basic)) ?? root
        any = stripUnknownOperators(any)
        let policy: PolicyDocument
        do {
            policy = try PolicyCodec.decode(any)
        } catch {
            return (findings + [Diagnostic(at: SourceLocation(path: path), error.description, rule: "policy-shape")], false)
        }
        check(policy)
        return (findings, true)
    }

    /// Reports operators IAM does not define and removes them, so the other rules still run.
    mutating func stripUnknownOperators(_ any: Any) -> Any {
        guard var doc = any as? [String: Any] else { return any }
        let single = doc["Statement"] is [String: Any]
        singleStatement = single
        guard var statements = single ? [doc["Statement"]!] : doc["Statement"] as? [Any] else { return any }
        for (i, s) in statements.enumerated() {
            guard var st = s as? [String: Any], var cond = st["Condition"] as? [String: Any] else { continue }
            for op in cond.keys.sorted() where ConditionOperator(parsing: op) == nil {
                report("policy-unknown-condition-operator", [.key("Statement")] + (single ? [] : [.index(i)]) + [.key("Condition"), .key(op)],
                       "'\(op)' is not an IAM condition operator")
                cond[op] = nil
            }
            st["Condition"] = cond
            statements[i] = st
        }
        doc["Statement"] = single ? statements[0] : statements
        return doc
    }

    mutating func check(_ p: PolicyDocument) {
        if p.version != PolicyDocument.currentVersion {
            report("policy-version", p.version == nil ? [] : [.key("Version")],
                   p.version.map { "Version '\($0)' is the old policy language; use 2012-10-17" } ?? "the policy has no Version; add \"Version\": \"2012-10-17\"")
        }
        for (i, s) in p.statements.enumerated() {
            let at: [PathItem] = [.key("Statement")] + (singleStatement ? [] : [.index(i)])
            checkConditions(s, at: at)
            if isGitHubTrust(s) { checkTrust(s, at: at) } else { checkPermissions(s, at: at) }
        }
    }

    func isGitHubTrust(_ s: Statement) -> Bool {
        (s.principal?.values(ofType: "Federated") ?? []).contains { $0.hasSuffix("oidc-provider/\(Self.githubHost)") || $0 == Self.githubHost }
    }

    func condition(_ s: Statement, claim: String) -> [Condition] {
        s.conditions.filter { $0.key.lowercased().hasSuffix(":" + claim) }
    }

    mutating func checkConditions(_ s: Statement, at: [PathItem]) {
        for c in s.conditions {
            let cAt = at + [.key("Condition"), .key(c.op.description), .key(c.key)]
            let literal: Set<ConditionOperator.Base> = [.stringEquals, .stringNotEquals, .stringEqualsIgnoreCase, .stringNotEqualsIgnoreCase]
            let wildcard = c.values.filter { $0.contains("*") || $0.contains("?") }
            if literal.contains(c.op.base), let v = wildcard.first {
                report("trust-stringequals-wildcard", cAt, "\(c.op) compares '\(v)' literally: the wildcard never matches; use StringLike")
            }
            if [.stringLike, .stringNotLike].contains(c.op.base), wildcard.isEmpty {
                report("trust-stringlike-without-wildcard", cAt, "\(c.op) on \(c.key) has no wildcard; StringEquals says the same")
            }
            if c.op.qualifier == .forAllValues, s.effect == .allow {
                report("trust-forallvalues-allow", cAt, "ForAllValues: in an Allow statement is true when \(c.key) is missing from the request")
            }
        }
    }

    mutating func checkTrust(_ s: Statement, at: [PathItem]) {
        guard s.effect == .allow else { return }
        let allowed: Set<String> = ["sts:assumerolewithwebidentity", "sts:tagsession"]
        if case .notAction = s.actions {
            report("trust-wrong-action", at + [.key("NotAction")], "a trust statement for the GitHub OIDC provider must use Action, not NotAction")
        } else if let bad = s.actions.values.first(where: { !allowed.contains($0.lowercased()) }) {
            report("trust-wrong-action", at + [.key("Action")], "'\(bad)' is not sts:AssumeRoleWithWebIdentity")
        }
        let subs = condition(s, claim: "sub") + condition(s, claim: "job_workflow_ref")
        if subs.isEmpty {
            report("trust-missing-sub", at, "the statement trusts the GitHub OIDC provider without a condition on sub: any repository on GitHub can assume the role")
        }
        for c in condition(s, claim: "sub") where [.stringLike, .stringEquals, .stringEqualsIgnoreCase].contains(c.op.base) {
            for v in c.values where Self.isOverbroad(v) {
                report("trust-overbroad-subject", at + [.key("Condition"), .key(c.op.description), .key(c.key)],
                       "subject '\(v)' admits workflows of other repositories")
            }
        }
        let auds = condition(s, claim: "aud")
        if auds.isEmpty {
            report("trust-missing-aud", at, "the statement does not check the token's audience (token.actions.githubusercontent.com:aud)")
        }
        for c in auds {
            for v in c.values where !(Self.standardAudiences + linter.extraAudiences).contains(v) {
                report("trust-unknown-audience", at + [.key("Condition"), .key(c.op.description), .key(c.key)],
                       "audience '\(v)' is not sts.amazonaws.com; configure-aws-credentials requests that unless its audience input is set")
            }
        }
    }

    /// `*`, `repo:*`, `repo:ORG/*`: the repository part holds a wildcard.
    static func isOverbroad(_ sub: String) -> Bool {
        guard sub.hasPrefix("repo:") else { return sub == "*" || sub.hasPrefix("*") }
        let repoPart = sub.dropFirst(5).prefix { $0 != ":" }
        return repoPart.contains("*") || repoPart.contains("?")
    }

    mutating func checkPermissions(_ s: Statement, at: [PathItem]) {
        guard s.effect == .allow, case .action(let actions) = s.actions else { return }
        for a in actions where a == "*" || a.hasSuffix(":*") {
            report("policy-service-wildcard", at + [.key("Action")], "'\(a)' grants every action of \(a == "*" ? "every service" : "the service")")
        }
        guard case .resource(let resources)? = s.resources, !resources.contains("*") else { return }
        for a in actions {
            guard let need = ResourceTypes.required(for: a) else { continue }
            if !resources.contains(where: { need.matches($0) }) {
                report("policy-action-resource-mismatch", at + [.key("Action")],
                       "'\(a)' applies to \(need.description) resources, and no Resource of the statement is one")
            }
        }
    }
}

/// Which resource type an action needs, for the actions Keyless knows (from the Service Authorization Reference).
enum ResourceTypes {
    struct Need {
        var description: String
        var matches: (String) -> Bool
    }

    static let lambdaFunction: Set<String> = [
        "createfunction", "deletefunction", "getfunction", "getfunctionconfiguration", "invokefunction",
        "updatefunctioncode", "updatefunctionconfiguration", "publishversion", "addpermission", "removepermission",
    ]
    static let lambdaLayer: Set<String> = ["publishlayerversion", "getlayerversion", "deletelayerversion", "addlayerversionpermission", "removelayerversionpermission"]
    static let s3Object: Set<String> = ["getobject", "putobject", "deleteobject", "getobjectversion", "abortmultipartupload", "getobjectacl", "putobjectacl"]
    static let s3Bucket: Set<String> = ["listbucket", "getbucketlocation", "deletebucket", "listbucketmultipartuploads", "getbucketpolicy", "putbucketpolicy"]

    static func required(for action: String) -> Need? {
        let parts = action.lowercased().split(separator: ":", maxSplits: 1)
        guard parts.count == 2, !parts[1].contains("*") else { return nil }
        let (service, name) = (String(parts[0]), String(parts[1]))
        func arn(_ s: String) -> ARN? { ARN(parsing: s) }
        switch service {
        case "lambda" where lambdaFunction.contains(name):
            return Need(description: "Lambda function (`function:`)") { arn($0)?.resource.hasPrefix("function:") ?? false }
        case "lambda" where lambdaLayer.contains(name):
            return Need(description: "Lambda layer (`layer:`)") { arn($0)?.resource.hasPrefix("layer:") ?? false }
        case "s3" where s3Object.contains(name):
            return Need(description: "S3 object (`bucket/key`)") { arn($0).map { $0.service == "s3" && $0.resource.contains("/") } ?? false }
        case "s3" where s3Bucket.contains(name):
            return Need(description: "S3 bucket (no `/key`)") { arn($0).map { $0.service == "s3" && !$0.resource.contains("/") } ?? false }
        default:
            return nil
        }
    }
}
