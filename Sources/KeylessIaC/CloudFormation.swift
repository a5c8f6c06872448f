import KeylessSyntax
import Foundation
import KeylessModel
import Yams

/// The setup as a CloudFormation YAML template: parameters for the organisation and repositories,
/// `AWS::IAM::OIDCProvider`, one `AWS::IAM::Role` per role with its inline policies, and outputs.
/// The account comes from the `AWS::AccountId` pseudo parameter, the provider ARN from `!Ref`.
public enum CloudFormationIAM {
    static let providerID = "GitHubOIDCProvider"

    public static func roleID(_ role: Role) -> String { IaCParameters.camel(role.name) + "Role" }
    static func repoParameter(_ repo: String) -> String { "Repository" + IaCParameters.camel(repo) }

    /// The template as the YAML emitter's tree: `.map` keeps members in the order built.
    typealias Node = YAMLValue

    public static func text(_ setup: IAMSetup) -> String {
        let params = IaCParameters(setup)
        var parameters: [(String, Node)] = [
            ("GitHubOrganization", .map([
                ("Type", .str("String")), ("Default", .str(setup.organization)),
                ("Description", .str("The GitHub organisation whose workflows may assume the roles.")),
            ]))
        ]
        for repo in setup.repositories {
            parameters.append((repoParameter(repo), .map([
                ("Type", .str("String")), ("Default", .str(repo)),
                ("Description", .str("The repository name the trust policies admit.")),
            ])))
        }
        var providerProps: [(String, Node)] = [
            ("Url", .str(setup.provider.url)), ("ClientIdList", .seq(setup.provider.audiences.map(Node.str))),
        ]
        if !setup.provider.thumbprints.isEmpty { providerProps.append(("ThumbprintList", .seq(setup.provider.thumbprints.map(Node.str)))) }
        var resources: [(String, Node)] = [(providerID, .map([("Type", .str("AWS::IAM::OIDCProvider")), ("Properties", .map(providerProps))]))]
        var outputs: [(String, Node)] = [
            ("OIDCProviderArn", .map([("Description", .str("The GitHub OIDC provider")), ("Value", .tagged("!Ref", providerID))]))
        ]
        for role in setup.roles {
            var props: [(String, Node)] = [("RoleName", .str(role.name)), ("Path", .str(role.path))]
            if let d = role.description { props.append(("Description", .str(d))) }
            props.append(("MaxSessionDuration", .int(role.maxSessionDuration)))
            props.append(("AssumeRolePolicyDocument", node(params.policy(role.trustPolicy))))
            if !role.permissionPolicies.isEmpty {
                props.append(("Policies", .seq(role.permissionPolicies.map {
                    .map([("PolicyName", .str($0.name)), ("PolicyDocument", node(params.policy($0.document)))])
                })))
            }
            resources.append((roleID(role), .map([("Type", .str("AWS::IAM::Role")), ("Properties", .map(props))])))
            outputs.append((roleID(role) + "Arn", .map([
                ("Description", .str("role-to-assume for \(role.name)")), ("Value", .tagged("!GetAtt", roleID(role) + ".Arn")),
            ])))
        }
        let root: Node = .map([
            ("AWSTemplateFormatVersion", .str("2010-09-09")),
            ("Description", .str("GitHub Actions OIDC: the identity provider, the roles and their inline policies")),
            ("Parameters", .map(parameters)), ("Resources", .map(resources)), ("Outputs", .map(outputs)),
        ])
        return YAMLEmitter(header: [Banner.text]).emit(root)
    }

    static func node(_ v: IaCValue) -> Node {
        switch v {
        case .string(let parts):
            if parts.allSatisfy({ if case .text = $0 { return true } else { return false } }) {
                return .str(parts.map { if case .text(let t) = $0 { return t } else { return "" } }.joined())
            }
            return .tagged("!Sub", parts.map(sub).joined())
        case .providerARN: return .tagged("!Ref", providerID)
        case .int(let i): return .int(i)
        case .bool(let b): return .str(b ? "true" : "false")
        case .null: return .str("")
        case .array(let a): return .seq(a.map(node))
        case .object(let m): return .map(m.map { ($0.key, node($0.value)) })
        }
    }

    /// One part of a `!Sub` string; a literal `${` is written `${!` as Fn::Sub requires.
    static func sub(_ p: IaCPart) -> String {
        switch p {
        case .text(let t): return t.replacingAll("${", with: "${!")
        case .account: return "${AWS::AccountId}"
        case .organization: return "${GitHubOrganization}"
        case .repository(let r): return "${\(repoParameter(r))}"
        }
    }

    // MARK: Parse-back

    /// Reads a template back through Yams, resolving `!Ref`, `!Sub` and `!GetAtt` against the
    /// parameters' defaults, `AWS::AccountId` = `account` and the provider's ARN.
    public static func parse(_ text: String, account: AccountID, partition: String = "aws") throws(IaCParseError) -> IAMSetup {
        let root: Yams.Node
        do {
            guard let r = try Yams.compose(yaml: text) else { throw IaCParseError("empty template") }
            root = r
        } catch let e as IaCParseError {
            throw e
        } catch {
            throw IaCParseError("YAML: \(error)")
        }
        func line(_ n: Yams.Node?) -> Int { n?.mark?.line ?? 1 }
        func map(_ n: Yams.Node?, _ what: String) throws(IaCParseError) -> [(String, Yams.Node)] {
            guard let n, case .mapping(let m) = n else { throw IaCParseError(line: line(n), "\(what) must be a mapping") }
            var out: [(String, Yams.Node)] = []
            for (k, v) in m {
                guard let ks = k.scalar?.string else { throw IaCParseError(line: line(k), "keys must be strings") }
                guard !out.contains(where: { $0.0 == ks }) else { throw IaCParseError(line: line(k), "duplicate key \(ks)") }
                out.append((ks, v))
            }
            return out
        }
        func field(_ m: [(String, Yams.Node)], _ k: String) -> Yams.Node? { m.first { $0.0 == k }?.1 }
        let top = try map(root, "the template")
        var refs: [String: String] = ["AWS::AccountId": account.description, "AWS::Partition": partition]
        var organization = "", repositories: [String] = []
        for (name, p) in try map(field(top, "Parameters"), "Parameters") {
            let pm = try map(p, "parameter \(name)")
            guard let d = field(pm, "Default")?.scalar?.string else { throw IaCParseError(line: line(p), "parameter \(name) has no default") }
            refs[name] = d
            if name == "GitHubOrganization" { organization = d }
            if name.hasPrefix("Repository") { repositories.append(d) }
        }
        let resources = try map(field(top, "Resources"), "Resources")
        guard let pres = resources.first(where: { $0.0 == providerID }) else { throw IaCParseError("no \(providerID) resource") }
        let pprops = try map(field(try map(pres.1, providerID), "Properties"), "\(providerID).Properties")
        func strings(_ n: Yams.Node?) throws(IaCParseError) -> [String] {
            guard let n else { return [] }
            guard case .sequence(let s) = n else { throw IaCParseError(line: line(n), "expected a list") }
            var out: [String] = []
            for x in s {
                guard let v = try resolve(x, refs) as? String else { throw IaCParseError(line: line(x), "expected a string") }
                out.append(v)
            }
            return out
        }
        guard let url = try field(pprops, "Url").map({ (n) throws(IaCParseError) in try resolve(n, refs) }) as? String else {
            throw IaCParseError(line: line(pres.1), "the provider has no Url")
        }
        let provider = OIDCProvider(url: url, audiences: try strings(field(pprops, "ClientIdList")), thumbprints: try strings(field(pprops, "ThumbprintList")))
        refs[providerID] = provider.arn(account: account, partition: partition).description
        var roles: [Role] = []
        for (id, r) in resources where id != providerID {
            let rm = try map(r, id)
            guard field(rm, "Type")?.scalar?.string == "AWS::IAM::Role" else { throw IaCParseError(line: line(r), "\(id): unexpected resource type") }
            let props = try map(field(rm, "Properties"), "\(id).Properties")
            func str(_ k: String) throws(IaCParseError) -> String? {
                guard let n = field(props, k) else { return nil }
                guard let s = try resolve(n, refs) as? String else { throw IaCParseError(line: line(n), "\(id).\(k) must be a string") }
                return s
            }
            func doc(_ n: Yams.Node?) throws(IaCParseError) -> PolicyDocument {
                guard let n else { throw IaCParseError(line: line(r), "\(id): missing policy document") }
                do { return try PolicyCodec.decode(try resolve(n, refs)) } catch let e as IaCParseError { throw e } catch {
                    throw IaCParseError(line: line(n), "\(id): \(error)")
                }
            }
            guard let name = try str("RoleName"), let durationText = field(props, "MaxSessionDuration")?.scalar?.string,
                  let duration = Int(durationText) else { throw IaCParseError(line: line(r), "\(id): RoleName and MaxSessionDuration are required") }
            var role = Role(name: name, path: try str("Path") ?? "/", description: try str("Description"), maxSessionDuration: duration,
                            trustPolicy: try doc(field(props, "AssumeRolePolicyDocument")))
            if let policies = field(props, "Policies") {
                guard case .sequence(let items) = policies else { throw IaCParseError(line: line(policies), "\(id).Policies must be a list") }
                for item in items {
                    let pm = try map(item, "\(id).Policies[]")
                    guard let pname = field(pm, "PolicyName")?.scalar?.string else { throw IaCParseError(line: line(item), "PolicyName is required") }
                    role.permissionPolicies.append(NamedPolicy(name: pname, document: try doc(field(pm, "PolicyDocument"))))
                }
            }
            roles.append(role)
            refs[id + ".Arn"] = role.arn(account: account, partition: partition).description
        }
        // Outputs must refer to resources that exist.
        for (name, o) in try map(field(top, "Outputs"), "Outputs") {
            _ = try resolve(field(try map(o, name), "Value") ?? o, refs)
        }
        return IAMSetup(account: account, partition: partition, provider: provider, roles: roles, organization: organization, repositories: repositories)
    }

    /// A node as Foundation JSON objects with the intrinsic functions applied.
    static func resolve(_ n: Yams.Node, _ refs: [String: String]) throws(IaCParseError) -> Any {
        let line = n.mark?.line ?? 1
        let tag = n.tag.rawValue
        switch n {
        case .scalar(let s):
            switch tag {
            case "!Ref", "!GetAtt":
                guard let v = refs[s.string] else { throw IaCParseError(line: line, "\(tag) \(s.string): no such parameter or resource") }
                return v
            case "!Sub": return try substitute(s.string, refs, line)
            default:
                guard !tag.hasPrefix("!") else { throw IaCParseError(line: line, "unsupported tag \(tag)") }
                return s.string
            }
        case .sequence(let items):
            guard !tag.hasPrefix("!") else { throw IaCParseError(line: line, "unsupported tag \(tag) on a list") }
            var out: [Any] = []
            for x in items { out.append(try resolve(x, refs)) }
            return out
        case .mapping(let m):
            guard !tag.hasPrefix("!") else { throw IaCParseError(line: line, "unsupported tag \(tag) on a mapping") }
            var out: [String: Any] = [:]
            for (k, v) in m {
                guard let ks = k.scalar?.string, out[ks] == nil else { throw IaCParseError(line: line, "bad or duplicate key") }
                out[ks] = try resolve(v, refs)
            }
            return out
        case .alias:
            throw IaCParseError(line: line, "aliases are not used in templates")
        }
    }

    /// Fn::Sub: `${Name}` replaced, `${!Literal}` kept as `${Literal}`.
    static func substitute(_ s: String, _ refs: [String: String], _ line: Int) throws(IaCParseError) -> String {
        var out = ""
        var rest = Substring(s)
        while let r = rest.range(of: "${") {
            out += rest[..<r.lowerBound]
            rest = rest[r.upperBound...]
            guard let close = rest.firstIndex(of: "}") else { throw IaCParseError(line: line, "unclosed ${ in !Sub") }
            let name = String(rest[..<close])
            rest = rest[rest.index(after: close)...]
            if name.hasPrefix("!") {
                out += "${" + name.dropFirst() + "}"
            } else {
                guard let v = refs[name] else { throw IaCParseError(line: line, "!Sub ${\(name)}: no such parameter or resource") }
                out += v
            }
        }
        return out + rest
    }
}

extension YAMLValue {
    /// Builders that read like the template: `.map([("Type", .str("AWS::IAM::Role"))])`.
    static func map(_ members: [(String, YAMLValue)]) -> YAMLValue { .mapping(members.map { YAMLEntry($0.0, $0.1) }) }
    static func seq(_ items: [YAMLValue]) -> YAMLValue { .sequence(items) }
    static func str(_ s: String) -> YAMLValue { .string(s) }
}
