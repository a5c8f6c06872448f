import KeylessSyntax
import KeylessModel

/// The setup as Terraform: the provider, one `aws_iam_role` per role with its trust policy through
/// `jsonencode`, one `aws_iam_role_policy` per inline policy, variables and outputs.
public enum TerraformIAM {
    static let providerResource = "aws_iam_openid_connect_provider.github"

    public static func roleResource(_ role: Role) -> String { IaCParameters.snake(role.name) }
    static func repoVariable(_ repo: String) -> String { "repository_" + IaCParameters.snake(repo) }

    public static func text(_ setup: IAMSetup) -> String {
        let params = IaCParameters(setup)
        var out = """
            # \(Banner.text)
            # GitHub Actions OIDC for AWS: the identity provider, the roles and their inline policies.

            terraform {
              required_providers {
                aws = {
                  source = "hashicorp/aws"
                  # thumbprint_list is optional from 5.81.0: IAM trusts GitHub's certificate authority.
                  version = ">= 5.81.0"
                }
              }
            }

            variable "account_id" {
              description = "The AWS account the roles live in (12 digits)."
              type        = string
              validation {
                condition     = can(regex("^[0-9]{12}$", var.account_id))
                error_message = "account_id must be 12 digits."
              }
            }

            variable "github_organization" {
              description = "The GitHub organisation whose workflows may assume the roles."
              type        = string
              default     = \(quote(setup.organization))
            }

            """
        for repo in setup.repositories {
            out += """

                variable "\(repoVariable(repo))" {
                  description = "The repository name the trust policies admit."
                  type        = string
                  default     = \(quote(repo))
                }

                """
        }
        out += """

            resource "aws_iam_openid_connect_provider" "github" {
              url            = \(quote(setup.provider.url))
              client_id_list = [\(setup.provider.audiences.map(quote).joined(separator: ", "))]

            """
        if !setup.provider.thumbprints.isEmpty {
            out += "  thumbprint_list = [\(setup.provider.thumbprints.map(quote).joined(separator: ", "))]\n"
        }
        out += "}\n"
        for role in setup.roles {
            let id = roleResource(role)
            out += "\nresource \"aws_iam_role\" \"\(id)\" {\n"
            out += "  name                 = \(quote(role.name))\n"
            out += "  path                 = \(quote(role.path))\n"
            if let d = role.description { out += "  description          = \(quote(d))\n" }
            out += "  max_session_duration = \(role.maxSessionDuration)\n"
            out += "  assume_role_policy = jsonencode(\(hcl(params.policy(role.trustPolicy), indent: 2)))\n"
            out += "}\n"
            for p in role.permissionPolicies {
                out += "\nresource \"aws_iam_role_policy\" \"\(id)_\(IaCParameters.snake(p.name))\" {\n"
                out += "  name   = \(quote(p.name))\n"
                out += "  role   = aws_iam_role.\(id).id\n"
                out += "  policy = jsonencode(\(hcl(params.policy(p.document), indent: 2)))\n"
                out += "}\n"
            }
        }
        out += "\noutput \"oidc_provider_arn\" {\n  value = \(providerResource).arn\n}\n"
        for role in setup.roles {
            let id = roleResource(role)
            out += "\noutput \"\(id)_arn\" {\n  description = \"role-to-assume for \(role.name)\"\n  value       = aws_iam_role.\(id).arn\n}\n"
        }
        return out
    }

    /// An HCL string literal: JSON-style escapes, and `${` / `%{` doubled so they stay literal.
    static func quote(_ s: String) -> String {
        JSONEmitter.quote(s).replacingAll("${", with: "$${").replacingAll("%{", with: "%%{")
    }

    static func template(_ parts: [IaCPart]) -> String {
        var body = ""
        for p in parts {
            switch p {
            case .text(let t): body += String(quote(t).dropFirst().dropLast())
            case .account: body += "${var.account_id}"
            case .organization: body += "${var.github_organization}"
            case .repository(let r): body += "${var.\(repoVariable(r))}"
            }
        }
        return "\"" + body + "\""
    }

    static func key(_ k: String) -> String {
        let plain = k.first.map { $0.isASCII && $0.isLetter } == true && k.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
        return plain ? k : quote(k)
    }

    static func hcl(_ v: IaCValue, indent: Int) -> String {
        let pad = String(repeating: " ", count: indent + 2), end = String(repeating: " ", count: indent)
        switch v {
        case .string(let parts): return template(parts)
        case .providerARN: return "\(providerResource).arn"
        case .int(let i): return String(i)
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        case .array(let items):
            if items.isEmpty { return "[]" }
            return "[\n" + items.map { pad + hcl($0, indent: indent + 2) + ",\n" }.joined() + end + "]"
        case .object(let members):
            if members.isEmpty { return "{}" }
            return "{\n" + members.map { pad + key($0.key) + " = " + hcl($0.value, indent: indent + 2) + "\n" }.joined() + end + "}"
        }
    }

    // MARK: Parse-back

    /// Reads text written by `text(_:)` back into a setup. `account` stands for `var.account_id`,
    /// which has no default; the organisation and repositories come from the variables' defaults.
    public static func parse(_ text: String, account: AccountID, partition: String = "aws") throws(IaCParseError) -> IAMSetup {
        var parser = HCLParser(text)
        let body = try parser.parseBody()
        var vars: [String: String] = [:]
        var repoVars: [(String, String)] = []
        for b in body.blocks where b.type == "variable" {
            guard let name = b.labels.first else { throw IaCParseError(line: b.line, "variable without a name") }
            if case .template(let parts)? = b.body.attribute("default") {
                let value = try literal(parts, line: b.line)
                vars[name] = value
                if name.hasPrefix("repository_") { repoVars.append((name, value)) }
            }
        }
        guard let org = vars["github_organization"] else { throw IaCParseError("variable github_organization has no default") }
        vars["account_id"] = account.description
        let resources = body.blocks.filter { $0.type == "resource" && $0.labels.count == 2 }
        guard let p = resources.first(where: { $0.labels == ["aws_iam_openid_connect_provider", "github"] }) else {
            throw IaCParseError("no aws_iam_openid_connect_provider.github")
        }
        func str(_ v: HCLValue?, _ what: String, _ line: Int) throws(IaCParseError) -> String {
            guard case .template(let parts)? = v else { throw IaCParseError(line: line, "\(what) must be a string") }
            return try resolve(parts, vars, line)
        }
        func strings(_ v: HCLValue?, _ what: String, _ line: Int) throws(IaCParseError) -> [String] {
            guard let v else { return [] }
            guard case .tuple(let items) = v else { throw IaCParseError(line: line, "\(what) must be a list") }
            var out: [String] = []
            for i in items { out.append(try str(i, what, line)) }
            return out
        }
        let provider = OIDCProvider(
            url: try str(p.body.attribute("url"), "url", p.line),
            audiences: try strings(p.body.attribute("client_id_list"), "client_id_list", p.line),
            thumbprints: try strings(p.body.attribute("thumbprint_list"), "thumbprint_list", p.line))
        var refs = vars.reduce(into: [String: String]()) { $0["var." + $1.key] = $1.value }
        refs["\(providerResource).arn"] = provider.arn(account: account, partition: partition).description
        var roles: [Role] = []
        var roleIndex: [String: Int] = [:]
        for r in resources where r.labels[0] == "aws_iam_role" {
            let name = try str(r.body.attribute("name"), "name", r.line)
            var description: String?
            if r.body.attribute("description") != nil { description = try str(r.body.attribute("description"), "description", r.line) }
            guard case .number(let duration)? = r.body.attribute("max_session_duration") else { throw IaCParseError(line: r.line, "max_session_duration must be a number") }
            let trust = try policy(r.body.attribute("assume_role_policy"), refs, r.line)
            roleIndex["aws_iam_role.\(r.labels[1]).id"] = roles.count
            roles.append(Role(name: name, path: try str(r.body.attribute("path"), "path", r.line), description: description,
                              maxSessionDuration: duration, trustPolicy: trust))
        }
        for r in resources where r.labels[0] == "aws_iam_role_policy" {
            guard case .traversal(let target)? = r.body.attribute("role"), let i = roleIndex[target] else {
                throw IaCParseError(line: r.line, "role must refer to an aws_iam_role's id")
            }
            roles[i].permissionPolicies.append(NamedPolicy(
                name: try str(r.body.attribute("name"), "name", r.line), document: try policy(r.body.attribute("policy"), refs, r.line)))
        }
        return IAMSetup(account: account, partition: partition, provider: provider, roles: roles, organization: org,
                        repositories: repoVars.map(\.1))
    }

    static func literal(_ parts: [HCLTemplatePart], line: Int) throws(IaCParseError) -> String {
        var s = ""
        for p in parts {
            guard case .text(let t) = p else { throw IaCParseError(line: line, "a default must be a literal string") }
            s += t
        }
        return s
    }

    static func resolve(_ parts: [HCLTemplatePart], _ vars: [String: String], _ line: Int) throws(IaCParseError) -> String {
        var s = ""
        for p in parts {
            switch p {
            case .text(let t): s += t
            case .interpolation(let expr):
                let name = expr.hasPrefix("var.") ? String(expr.dropFirst(4)) : expr
                guard let v = vars[name] ?? vars[expr] else { throw IaCParseError(line: line, "unknown reference ${\(expr)}") }
                s += v
            }
        }
        return s
    }

    static func policy(_ v: HCLValue?, _ refs: [String: String], _ line: Int) throws(IaCParseError) -> PolicyDocument {
        guard case .call("jsonencode", let args)? = v, args.count == 1 else { throw IaCParseError(line: line, "a policy must be jsonencode({...})") }
        let json = try toJSON(args[0], refs, line)
        do { return try PolicyCodec.decode(json) } catch { throw IaCParseError(line: line, error.description) }
    }

    /// An HCL value as Foundation JSON objects, references resolved, for `PolicyCodec.decode`.
    static func toJSON(_ v: HCLValue, _ refs: [String: String], _ line: Int) throws(IaCParseError) -> Any {
        switch v {
        case .template(let parts):
            var vars: [String: String] = [:]
            for (k, x) in refs { vars[k] = x }
            return try resolve(parts, vars, line)
        case .number(let n): return n
        case .bool(let b): return b
        case .null: return NSNullMarker.null
        case .traversal(let path):
            guard let x = refs[path] else { throw IaCParseError(line: line, "unknown reference \(path)") }
            return x
        case .call(let name, _): throw IaCParseError(line: line, "unexpected function call \(name)() inside a policy")
        case .tuple(let items):
            var out: [Any] = []
            for i in items { out.append(try toJSON(i, refs, line)) }
            return out
        case .object(let members):
            var out: [String: Any] = [:]
            for (k, x) in members {
                guard out[k] == nil else { throw IaCParseError(line: line, "duplicate key \(k)") }
                out[k] = try toJSON(x, refs, line)
            }
            return out
        }
    }
}

/// A stand-in for JSON null (policies have none; PolicyCodec rejects it with a message).
enum NSNullMarker { case null }
