import KeylessIaC
import KeylessDocs
import KeylessGenerator
import KeylessTestSupport
import Foundation
import KeylessSyntax
import KeylessModel
import Testing

/// The IAM setup as code (Snippets/iac/): real validators, a real HCL parser, and the CLI script run
/// twice against moto's IAM API with the machine's `aws` command.
@Suite(.serialized) struct IaCTests {
    static let root = TestPaths.packageRoot
    static let terraform = "Snippets/iac/terraform/github-oidc.tf"
    static let cloudFormation = "Snippets/iac/cloudformation/github-oidc.yml"
    static let script = "Snippets/iac/cli/setup-github-oidc.sh"


    func setup() throws -> IAMSetup {
        let out = try generateShipped()
        let s = try #require(out.snippets.first { $0.snippet.path == Self.terraform })
        guard case .terraform(let setup) = s.snippet.content else { throw IaCParseError("not a Terraform snippet") }
        return setup
    }

    /// A document of the catalog (Snippets/iam/…) as Foundation JSON, the account filled in.
    func catalogJSON(_ doc: PolicyDocument, account: String) throws -> NSObject {
        let text = PolicyCodec.text(doc).replacingOccurrences(of: ":ACCOUNT_ID:", with: ":\(account):")
        return try JSONSerialization.jsonObject(with: Data(text.utf8)) as! NSObject
    }

    func json(_ text: String) throws -> NSObject {
        try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) as! NSObject
    }

    @Test(.enabled(if: Tools.available("cfn-lint"), "cfn-lint not installed (make bootstrap)")) func cloudFormationPassesCfnLint() throws {
        let cfn = try Tools.require("cfn-lint")
        let r = try run(cfn, [Self.cloudFormation], cwd: Self.root, timeout: 300)
        #expect(r.status == 0 && r.stdout.isEmpty, "\(r.stdout)\(r.stderr)")
        // And cfn-lint does find a broken one: a role without a trust policy.
        let dir = try TestPaths.tempDir("cfn")
        let broken = TestPaths.read(Self.root.appendingPathComponent(Self.cloudFormation)).replacingOccurrences(of: "AssumeRolePolicyDocument:", with: "AssumeRolePolicy:")
        try broken.write(to: dir.appendingPathComponent("t.yml"), atomically: true, encoding: .utf8)
        let b = try run(cfn, ["t.yml"], cwd: dir, timeout: 300)
        #expect(b.status != 0, "cfn-lint accepted a role without AssumeRolePolicyDocument")
    }

    @Test(.enabled(if: Tools.available("shellcheck"), "shellcheck not installed (make bootstrap)")) func cliScriptPassesShellcheck() throws {
        let sc = try Tools.require("shellcheck")
        let r = try run(sc, ["--shell=bash", "--severity=style", Self.script], cwd: Self.root)
        #expect(r.status == 0 && r.stdout.isEmpty, "\(r.stdout)")
        let text = TestPaths.read(Self.root.appendingPathComponent(Self.script))
        #expect(text.hasPrefix("#!/usr/bin/env bash\n"))
        #expect(text.contains("\nset -euo pipefail\n"))
    }

    /// The parse-back rejects a template that says something else (so the check in generation can fail).
    @Test func parseBackNoticesAChangedSubject() throws {
        let setup = try setup()
        let cfn = TestPaths.read(Self.root.appendingPathComponent(Self.cloudFormation))
        #expect(try CloudFormationIAM.parse(cfn, account: setup.account) == setup)
        #expect(try CloudFormationIAM.parse(cfn.replacingOccurrences(of: "refs/heads/main", with: "refs/heads/*"), account: setup.account) != setup)
        #expect(throws: IaCParseError.self) {
            try CloudFormationIAM.parse(cfn.replacingOccurrences(of: "!Ref GitHubOIDCProvider", with: "!Ref GitHubProvider"), account: setup.account)
        }
        let tf = TestPaths.read(Self.root.appendingPathComponent(Self.terraform))
        #expect(try TerraformIAM.parse(tf, account: setup.account) == setup)
        #expect(try TerraformIAM.parse(tf.replacingOccurrences(of: "lambda:GetFunction", with: "lambda:*"), account: setup.account) != setup)
    }

    /// python-hcl2 reads the Terraform; each `jsonencode` document, its references resolved from the
    /// variables' defaults, equals the catalog's policy as JSON.
    @Test(.enabled(if: Tools.available("python"), "python not installed (make bootstrap)")) func terraformParsesWithPythonHCL2AndMatchesTheModel() throws {
        let python = try Tools.require("python")
        let setup = try setup()
        let program = #"""
            import json, re, sys, hcl2
            doc = hcl2.load(open(sys.argv[1]))
            def unquote(s):
                return s[1:-1] if isinstance(s, str) and len(s) >= 2 and s[0] == '"' and s[-1] == '"' else s
            variables = {}
            for block in doc.get("variable", []):
                for name, body in block.items():
                    variables[unquote(name)] = unquote(body.get("default")) if "default" in body else None
            variables["account_id"] = sys.argv[2]
            provider_arn = sys.argv[3]
            def resolve(s):
                if s == "${aws_iam_openid_connect_provider.github.arn}":
                    return provider_arn
                s = unquote(s)
                s = re.sub(r"\$\{var\.([a-z_]+)\}", lambda m: variables[m.group(1)], s)
                assert "${" not in s, s
                return s
            def decode(v):
                if isinstance(v, dict):
                    return {unquote(k): decode(x) for k, x in v.items() if not k.startswith("__")}
                if isinstance(v, list):
                    return [decode(x) for x in v]
                if isinstance(v, str):
                    return resolve(v)
                return v
            def jsonencoded(expr):
                m = re.fullmatch(r"\$\{jsonencode\((.*)\)\}", expr, re.S)
                assert m, expr
                return decode(hcl2.loads("x = " + m.group(1) + "\n")["x"])
            out = {"provider": None, "roles": {}, "policies": {}}
            for block in doc.get("resource", []):
                for rtype, items in block.items():
                    for rname, body in items.items():
                        rtype_, rname_ = unquote(rtype), unquote(rname)
                        if rtype_ == "aws_iam_openid_connect_provider":
                            out["provider"] = {"url": unquote(body["url"]), "client_id_list": [unquote(x) for x in body["client_id_list"]]}
                        elif rtype_ == "aws_iam_role":
                            out["roles"][unquote(body["name"])] = {"trust": jsonencoded(body["assume_role_policy"]),
                                "max_session_duration": body["max_session_duration"], "resource": rname_}
                        elif rtype_ == "aws_iam_role_policy":
                            out["policies"][rname_] = {"name": unquote(body["name"]), "role": body["role"], "policy": jsonencoded(body["policy"])}
            print(json.dumps(out))
            """#
        let account = setup.account.description
        let r = try run(python, ["-c", program, Self.terraform, account, setup.providerARN.description], cwd: Self.root, timeout: 120)
        try #require(r.status == 0, "\(r.stderr)")
        let decoded = try #require(try json(r.stdout) as? [String: Any])
        let provider = try #require(decoded["provider"] as? [String: Any])
        #expect(provider["url"] as? String == setup.provider.url)
        #expect(provider["client_id_list"] as? [String] == setup.provider.audiences)
        let roles = try #require(decoded["roles"] as? [String: [String: Any]])
        let policies = try #require(decoded["policies"] as? [String: [String: Any]])
        #expect(roles.count == setup.roles.count)
        for role in setup.roles {
            let got = try #require(roles[role.name], "role \(role.name) missing")
            #expect((got["trust"] as? NSObject) == (try catalogJSON(role.trustPolicy, account: account)), "trust policy of \(role.name)")
            #expect(got["max_session_duration"] as? Int == role.maxSessionDuration)
            for p in role.permissionPolicies {
                let resource = TerraformIAM.roleResource(role) + "_" + IaCParameters.snake(p.name)
                let gotPolicy = try #require(policies[resource], "policy \(resource) missing")
                #expect(gotPolicy["name"] as? String == p.name)
                #expect((gotPolicy["policy"] as? NSObject) == (try catalogJSON(p.document, account: account)), "policy \(p.name) of \(role.name)")
            }
        }
        // The trust policy files the guide shows are the same documents.
        let ci = try #require(setup.roles.first { $0.name == "honeyhive-python-sdk-lambda-ci" })
        let file = TestPaths.read(Self.root.appendingPathComponent("Snippets/iam/trust/\(ci.name).json"))
        #expect((roles[ci.name]?["trust"] as? NSObject) == (try json(file)))
    }

    // MARK: moto

    /// A free TCP port on 127.0.0.1 (bound, read, released).
    func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) == 0 && getsockname(fd, $0, &len) == 0 }
        }
        guard ok else { throw POSIXError(.EADDRINUSE) }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    func accepts(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }

    /// Runs the generated script twice against moto and reads the state back after each run.
    @Test(.enabled(if: Tools.available("moto_server", "aws", "bash"), "moto_server, aws, bash not installed (make bootstrap)")) func cliScriptSetsUpTheRolesInMotoTwice() throws {
        let moto = try Tools.require("moto_server")
        let aws = try Tools.require("aws")
        let bash = try Tools.require("bash")
        let setup = try setup()
        let port = try freePort()
        let dir = try TestPaths.tempDir("moto")
        defer { try? FileManager.default.removeItem(at: dir) }
        let log = dir.appendingPathComponent("moto.log")
        let server = try BackgroundProcess(moto.path, ["-H", "127.0.0.1", "-p", String(port)], env: BackgroundProcess.inheritedEnvironment(),
                                           stdout: log, stderr: log, ownGroup: true)
        defer { server.stop() }
        let deadline = Date().addingTimeInterval(60)
        while !accepts(port: port) {
            guard Date() < deadline else {
                Issue.record("moto_server did not listen on \(port): \(TestPaths.read(dir.appendingPathComponent("moto.log")))")
                return
            }
            usleep(100_000)
        }
        let endpoint = "http://127.0.0.1:\(port)"
        // The machine's `aws` only: a venv `aws` is not installed (VALIDATORS.md), and HOME is isolated
        // so no profile or credentials file of the machine is read.
        let env = ["AWS_ENDPOINT_URL": endpoint, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                   "AWS_DEFAULT_REGION": "us-east-1", "AWS_REGION": "us-east-1", "AWS_PROFILE": "", "AWS_SESSION_TOKEN": "",
                   "AWS_ACCOUNT_ID": "", "AWS_CONFIG_FILE": dir.appendingPathComponent("config").path,
                   "AWS_SHARED_CREDENTIALS_FILE": dir.appendingPathComponent("credentials").path, "AWS_PAGER": ""]
        func awsJSON(_ args: [String]) throws -> NSObject {
            let r = try run(aws, ["--endpoint-url", endpoint, "--output", "json"] + args, env: env, timeout: 120)
            guard r.status == 0 else { throw IaCParseError("aws \(args.joined(separator: " ")): \(r.stderr)") }
            return try json(r.stdout)
        }
        func state() throws -> [NSObject] {
            var out: [NSObject] = [try awsJSON(["iam", "list-open-id-connect-providers"])]
            for role in setup.roles {
                out.append(try awsJSON(["iam", "get-role", "--role-name", role.name, "--query",
                                        "Role.[RoleName,Path,Description,MaxSessionDuration,AssumeRolePolicyDocument]"]))
                for p in role.permissionPolicies {
                    out.append(try awsJSON(["iam", "get-role-policy", "--role-name", role.name, "--policy-name", p.name]))
                }
            }
            return out
        }
        var states: [[NSObject]] = []
        for attempt in 1...2 {
            let r = try run(bash, [Self.script], cwd: Self.root, env: env, timeout: 300)
            try #require(r.status == 0, "run \(attempt): \(r.stdout)\(r.stderr)")
            states.append(try state())
        }
        #expect(states[0] == states[1], "the second run changed the state")

        let account = try #require(try awsJSON(["sts", "get-caller-identity", "--query", "Account"]) as? String)
        let providers = try #require((try awsJSON(["iam", "list-open-id-connect-providers"]) as? [String: Any])?["OpenIDConnectProviderList"] as? [[String: Any]])
        let providerARN = "arn:aws:iam::\(account):oidc-provider/\(setup.provider.host)"
        #expect(providers.compactMap { $0["Arn"] as? String } == [providerARN])
        let provider = try #require(try awsJSON(["iam", "get-open-id-connect-provider", "--open-id-connect-provider-arn", providerARN]) as? [String: Any])
        #expect(provider["Url"] as? String == setup.provider.host)
        #expect(provider["ClientIDList"] as? [String] == setup.provider.audiences)
        for role in setup.roles {
            let trust = try awsJSON(["iam", "get-role", "--role-name", role.name, "--query", "Role.AssumeRolePolicyDocument"])
            #expect(trust == (try catalogJSON(role.trustPolicy, account: account)), "trust policy of \(role.name)")
            let duration = try awsJSON(["iam", "get-role", "--role-name", role.name, "--query", "Role.MaxSessionDuration"])
            #expect(duration as? Int == role.maxSessionDuration)
            for p in role.permissionPolicies {
                let doc = try awsJSON(["iam", "get-role-policy", "--role-name", role.name, "--policy-name", p.name, "--query", "PolicyDocument"])
                #expect(doc == (try catalogJSON(p.document, account: account)), "policy \(p.name) of \(role.name)")
            }
        }
    }
}
