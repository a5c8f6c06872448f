import Foundation
import KeylessTestSupport
import KeylessCatalog
import KeylessSyntax
import KeylessIaC
import KeylessDocs
import KeylessGenerator
import Testing

/// Issue 11, item 5: the reference permissions policy of the python-sdk Lambda tests role is
/// sufficient for what the job does, by use. The real `sam` CLI (aws-sam-cli 1.170.0, `.venv-sam`)
/// runs `sam build`, `sam deploy`, the job's `aws lambda invoke` and `sam delete` of a template shaped
/// like the job's (Fixtures/lambda-tests-sam) against moto_server on 127.0.0.1 with IAM enforcement
/// (INITIAL_NO_AUTH_ACTION_COUNT), with the credentials of a role whose only policy is the generated
/// one. Fixtures/moto_proof_server.py says what moto does not do and what the launcher does instead.
///
/// `make test` sets KEYLESS_REQUIRE_VALIDATORS=1: a missing tool then fails these tests; otherwise they
/// are reported skipped.
@Suite(.serialized, .enabled(if: SAMProof.tools != nil || SAMProof.required, "needs .venv (moto[server] 5.2.5, cfn-lint), .venv-sam (aws-sam-cli 1.170.0) and the aws CLI: run scripts/bootstrap.sh"))
struct SAMDeployTests {
    /// The whole job, with exactly the generated policy: every step succeeds, the function exists
    /// between deploy and delete, and the server refused nothing.
    @Test func referencePolicyDeploysInvokesAndDeletes() throws {
        let tools = try SAMProof.requireTools()
        let policy = try SAMProof.generatedPolicy()
        let run = try SAMProof.Run(tools: tools, policy: policy)
        defer { run.stop() }

        let deploy = try run.sam(["deploy", "--no-confirm-changeset", "--no-fail-on-empty-changeset"])
        #expect(deploy.status == 0, "sam deploy failed:\n\(deploy.stdout)\(deploy.stderr)\n--- server ---\n\(run.proofLog)")
        #expect(deploy.stdout.contains("Successfully created/updated stack - \(SAMProof.stack)"), "\(deploy.stdout)")

        // The function the Serverless transform produced exists, as the job's invoke expects.
        let fn = try run.aws(["lambda", "get-function", "--function-name", SAMProof.function], as: .admin)
        #expect(fn.status == 0 && fn.stdout.contains("\"Runtime\": \"python3.11\""), "\(fn.stdout)\(fn.stderr)")
        // Its role is the one the transform generated, named after the stack (so `role/honeyhive-lambda-*` covers it).
        #expect(fn.stdout.contains("\"Role\": \"arn:aws:iam::\(run.account):role/\(SAMProof.stack)-"), "\(fn.stdout)")
        // moto does not keep the tags of functions CloudFormation creates: the tag that needs
        // lambda:TagResource and iam:TagRole is read from the stack's (expanded) template.
        let template = try run.aws(["cloudformation", "get-template", "--stack-name", SAMProof.stack], as: .admin)
        #expect(template.stdout.components(separatedBy: "lambda:createdBy").count == 3, "function and role tagged: \(template.stdout)")

        let invoke = try run.aws(["lambda", "invoke", "--function-name", SAMProof.function, "response.json"], as: .role)
        #expect(invoke.status == 0 && invoke.stdout.contains("\"StatusCode\": 200"), "\(invoke.stdout)\(invoke.stderr)")

        let delete = try run.sam(["delete", "--no-prompts"])
        #expect(delete.status == 0 && delete.stdout.contains("Deleted successfully"), "sam delete failed:\n\(delete.stdout)\(delete.stderr)\n--- server ---\n\(run.proofLog)")
        let gone = try run.aws(["lambda", "get-function", "--function-name", SAMProof.function], as: .admin)
        #expect(gone.status != 0 && gone.stderr.contains("ResourceNotFoundException"), "\(gone.stdout)\(gone.stderr)")

        let log = run.proofLog
        #expect(!log.contains("keyless-proof: denied"), "\(log)")
        #expect(log.contains("keyless-proof: every on-behalf action is a handler permission in cfn-lint's resource schemas"))
        // Every call the page lists as proven was authorized in this run.
        for call in PolicyProof.calls(region: SAMProof.region, prefix: SAMProof.resourcePrefix) {
            let line = "keyless-proof: allowed \(call.action) on " + SAMProof.prefix(call.resource, account: run.account)
            #expect(log.contains(line), "the page lists \(call.action) on \(call.resource) as proven, but the run did not check it\n\(log)")
        }
    }

    /// The status analysis of 2025-11-12's policy, run the same way, stops at the managed stack.
    @Test func statusAnalysisPolicyCannotDeploy() throws {
        let tools = try SAMProof.requireTools()
        let seed = try String(contentsOf: SAMProof.root.appendingPathComponent("Snippets/iam/before/lambda-permissions-status-analysis.json"), encoding: .utf8)
        let run = try SAMProof.Run(tools: tools, policy: seed)
        defer { run.stop() }
        let deploy = try run.sam(["deploy", "--no-confirm-changeset", "--no-fail-on-empty-changeset"])
        #expect(deploy.status != 0)
        #expect((deploy.stdout + deploy.stderr).contains(PolicyProof.statusAnalysisFailure), "\(deploy.stdout)\(deploy.stderr)")
        #expect(run.proofLog.contains("keyless-proof: denied cloudformation:CreateChangeSet on arn:aws:cloudformation:us-east-1:\(run.account):stack/aws-sam-cli-managed-default/"), "\(run.proofLog)")
    }

    /// One action removed: the job fails at the step that needs it, with AccessDenied for that action
    /// (on the resource of the statement it was removed from, where the launcher decides).
    @Test(arguments: PolicyProof.counters.indices) func policyWithoutOneRequiredActionFails(_ i: Int) throws {
        let c = PolicyProof.counters[i]
        let tools = try SAMProof.requireTools()
        let generated = try SAMProof.generatedPolicy()
        let (policy, resource) = try SAMProof.removing(c.action, fromStatement: c.statement, in: generated)
        let run = try SAMProof.Run(tools: tools, policy: policy)
        defer { run.stop() }

        let deploy = try run.sam(["deploy", "--no-confirm-changeset", "--no-fail-on-empty-changeset"])
        let failed: RunResult
        if c.failingStep == "sam deploy" {
            failed = deploy
        } else {
            #expect(deploy.status == 0, "\(deploy.stdout)\(deploy.stderr)")
            failed = try run.aws(["lambda", "invoke", "--function-name", SAMProof.function, "response.json"], as: .role)
        }
        #expect(failed.status != 0, "\(c.failingStep) succeeded without \(c.action)")
        var said = failed.stdout + failed.stderr
        if c.inStackEvents {
            // CloudFormation's own calls fail the stack; the reason is in its events, where a user finds it.
            #expect(said.contains("ROLLBACK_COMPLETE"), "\(said)")
            let events = try run.aws(["cloudformation", "describe-stack-events", "--stack-name", SAMProof.stack], as: .admin)
            said = events.stdout + events.stderr
            #expect(said.contains("CREATE_FAILED"), "\(said)")
        }
        #expect(said.contains(c.message), "without \(c.action): expected «\(c.message)» in:\n\(said)\n--- server ---\n\(run.proofLog)")
        if c.launcherLogs {
            let line = "keyless-proof: denied \(c.action) on " + SAMProof.prefix(resource, account: run.account)
            #expect(run.proofLog.contains(line), "expected «\(line)» in:\n\(run.proofLog)")
        }
    }
}

enum SAMProof {
    /// The shipped configuration's `resource-prefix` for the Lambda roles (`docs-src/keyless.yml`), which
    /// the fixture's samconfig.toml names its stack after.
    static let resourcePrefix = "honeyhive-"
    static let stack = PolicyProof.stack(prefix: resourcePrefix)
    static let function = PolicyProof.function(prefix: resourcePrefix)
    static let region = "us-east-1"
    static let policyPath = "Snippets/iam/permissions/honeyhive-python-sdk-lambda-ci.json"
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static var required: Bool { Tools.requireValidators }

    struct ProofTools {
        var motoPython: URL, sam: URL, samBin: URL, samPython: URL, aws: URL, schemas: URL
    }

    static let tools: ProofTools? = {
        let fm = FileManager.default
        let venv = root.appendingPathComponent(".venv/bin"), samVenv = root.appendingPathComponent(".venv-sam/bin")
        let site = (try? fm.contentsOfDirectory(atPath: root.appendingPathComponent(".venv/lib").path))?.sorted().last
        guard let site, let aws = Tools.find("aws") else { return nil }
        let t = ProofTools(
            motoPython: venv.appendingPathComponent("python"), sam: samVenv.appendingPathComponent("sam"), samBin: samVenv,
            samPython: samVenv.appendingPathComponent("python"), aws: aws,
            schemas: root.appendingPathComponent(".venv/lib/\(site)/site-packages/cfnlint/data/schemas"))
        let ok = [t.motoPython, t.sam, t.samPython].allSatisfy { fm.isExecutableFile(atPath: $0.path) }
            && fm.fileExists(atPath: venv.appendingPathComponent("moto_server").path)
            && fm.fileExists(atPath: t.schemas.appendingPathComponent("providers/us-east-1.json").path)
        return ok ? t : nil
    }()

    static func requireTools() throws -> ProofTools {
        guard let t = tools else {
            Issue.record("KEYLESS_REQUIRE_VALIDATORS=1 but moto/sam/aws are missing: run scripts/bootstrap.sh")
            throw Missing()
        }
        return t
    }

    struct Missing: Error {}


    /// The policy as the model emits it (never a hand copy), checked against the committed snippet.
    static func generatedPolicy() throws -> String {
        let config = try ConfigLoader.load(root.appendingPathComponent("docs-src/keyless.yml").path)
        let out = try Generator(catalog: KeylessCatalog(), renderers: []).generate(config, formats: [])
        guard let text = out.snippets.first(where: { $0.snippet.path == policyPath })?.text else {
            Issue.record("the model emits no \(policyPath)")
            throw Missing()
        }
        let committed = (try? String(contentsOf: root.appendingPathComponent(policyPath), encoding: .utf8)) ?? ""
        #expect(committed == text, "\(policyPath) differs from the model: run `swift run keyless generate`")
        return text
    }

    /// The literal part of a resource pattern (up to its first `*` or `…`), with the run's account.
    static func prefix(_ resource: String, account: String) -> String {
        String(resource.replacingOccurrences(of: "ACCOUNT_ID", with: account).prefix { $0 != "*" && $0 != "…" })
    }

    /// The policy without one action of one statement (the statement goes when it had only that
    /// action), and that statement's first resource.
    static func removing(_ action: String, fromStatement sid: String, in policy: String) throws -> (String, String) {
        var doc = try #require(try JSONSerialization.jsonObject(with: Data(policy.utf8)) as? [String: Any])
        var statements = try #require(doc["Statement"] as? [[String: Any]])
        let i = try #require(statements.firstIndex { $0["Sid"] as? String == sid }, "no statement \(sid)")
        let actions = (statements[i]["Action"] as? [String]) ?? [(statements[i]["Action"] as? String) ?? ""]
        try #require(actions.contains(action), "\(sid) has no \(action)")
        let rest = actions.filter { $0 != action }
        let resource = (statements[i]["Resource"] as? String) ?? ((statements[i]["Resource"] as? [String])?.first ?? "")
        if rest.isEmpty { statements.remove(at: i) } else { statements[i]["Action"] = rest }
        doc["Statement"] = statements
        return (String(decoding: try JSONSerialization.data(withJSONObject: doc, options: [.sortedKeys]), as: UTF8.self), resource)
    }

    /// One moto_server with IAM enforcement, an admin user, and the role under test with only `policy`.
    final class Run {
        enum Who { case admin, role }
        let tools: ProofTools
        let dir: URL
        let server: BackgroundProcess
        let endpoint: String
        let log: URL
        var admin: (String, String) = ("", "")
        var role: (String, String, String) = ("", "", "")
        var account = ""
        var project: URL { dir.appendingPathComponent("project") }
        /// The launcher's `keyless-proof:` lines: every authorization it decided.
        var proofLog: String {
            TestPaths.read(log).split(separator: "\n").filter { $0.hasPrefix("keyless-proof:") }.joined(separator: "\n")
        }

        init(tools: ProofTools, policy: String) throws {
            self.tools = tools
            dir = FileManager.default.temporaryDirectory.appendingPathComponent("keyless-sam-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            log = dir.appendingPathComponent("moto.log")
            // The first three requests (the admin's user, policy and key) are let through unsigned;
            // every later one is authenticated and authorized.
            (server, endpoint) = try Self.startServer(tools: tools, log: log, env: [
                "INITIAL_NO_AUTH_ACTION_COUNT": "3",
                "KEYLESS_SAM_PYTHON": tools.samPython.path,
                "KEYLESS_CFN_SCHEMAS": tools.schemas.path,
            ])
            do { try setUp(policy: policy) } catch { stop(); throw error }
        }

        func setUp(policy: String) throws {
            try FileManager.default.copyItem(at: SAMProof.fixtures.appendingPathComponent("lambda-tests-sam"), to: project)
            func json(_ r: RunResult) throws -> [String: Any] {
                guard r.status == 0, let o = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any] else {
                    throw SetupFailed(message: r.stdout + r.stderr + "\n" + TestPaths.read(log).suffix(3000))
                }
                return o
            }
            admin = ("AKIAIOSFODNN7EXAMPLE", "unused")  // unsigned phase: any key
            _ = try json(aws(["iam", "create-user", "--user-name", "admin"], as: .admin))
            let allowAll = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#
            let put = try aws(["iam", "put-user-policy", "--user-name", "admin", "--policy-name", "admin", "--policy-document", allowAll], as: .admin)
            guard put.status == 0 else { throw SetupFailed(message: put.stderr) }
            let key = try json(aws(["iam", "create-access-key", "--user-name", "admin"], as: .admin))["AccessKey"] as? [String: Any]
            admin = (key?["AccessKeyId"] as? String ?? "", key?["SecretAccessKey"] as? String ?? "")
            account = try json(aws(["sts", "get-caller-identity"], as: .admin))["Account"] as? String ?? ""
            // moto checks the trust policy of AssumeRole: this role trusts the admin. The OIDC exchange
            // itself is the action harness's subject; here the permissions policy is.
            let trust = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::\#(account):user/admin"},"Action":"sts:AssumeRole"}]}"#
            let roleName = "honeyhive-python-sdk-lambda-ci"
            _ = try json(aws(["iam", "create-role", "--role-name", roleName, "--assume-role-policy-document", trust], as: .admin))
            // ACCOUNT_ID is the guide's placeholder (docs-src/keyless.yml): the role's account here.
            let concrete = policy.replacingOccurrences(of: "ACCOUNT_ID", with: account)
            let attach = try aws(["iam", "put-role-policy", "--role-name", roleName, "--policy-name", "lambda-tests", "--policy-document", concrete], as: .admin)
            guard attach.status == 0 else { throw SetupFailed(message: attach.stderr) }
            let creds = try json(aws(["sts", "assume-role", "--role-arn", "arn:aws:iam::\(account):role/\(roleName)",
                                      "--role-session-name", "github-actions-lambda-test"], as: .admin))["Credentials"] as? [String: Any]
            role = (creds?["AccessKeyId"] as? String ?? "", creds?["SecretAccessKey"] as? String ?? "", creds?["SessionToken"] as? String ?? "")
            let who = try json(aws(["sts", "get-caller-identity"], as: .role))["Arn"] as? String ?? ""
            guard who.hasSuffix(":assumed-role/\(roleName)/github-actions-lambda-test") else { throw SetupFailed(message: "caller is \(who)") }
            let build = try sam(["build"])
            guard build.status == 0 else { throw SetupFailed(message: "sam build: " + build.stdout + build.stderr) }
        }

        struct SetupFailed: Error, CustomStringConvertible { var message: String; var description: String { message } }

        /// Only the variables the tools need: nothing of the machine's AWS configuration leaks in.
        func env(_ who: Who) -> [String: String] {
            var e: [String: String] = [
                "AWS_ENDPOINT_URL": endpoint, "AWS_DEFAULT_REGION": SAMProof.region, "AWS_REGION": SAMProof.region,
                "AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null", "AWS_PROFILE": "",
                "AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "", "AWS_SESSION_TOKEN": "", "AWS_ROLE_ARN": "",
                "AWS_WEB_IDENTITY_TOKEN_FILE": "", "AWS_CONTAINER_CREDENTIALS_FULL_URI": "", "AWS_EC2_METADATA_DISABLED": "true",
                "SAM_CLI_TELEMETRY": "0", "SAM_CLI_DISABLE_VERSION_CHECK": "1", "NO_PROXY": "127.0.0.1", "HTTP_PROXY": "", "HTTPS_PROXY": "",
                // sam build finds python3.11 first in the SAM venv.
                "PATH": tools.samBin.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"),
            ]
            switch who {
            case .admin: (e["AWS_ACCESS_KEY_ID"], e["AWS_SECRET_ACCESS_KEY"]) = admin
            case .role: (e["AWS_ACCESS_KEY_ID"], e["AWS_SECRET_ACCESS_KEY"], e["AWS_SESSION_TOKEN"]) = role
            }
            return e
        }

        func aws(_ args: [String], as who: Who) throws -> RunResult {
            try run(tools.aws, args, cwd: project, env: env(who), timeout: 120)
        }

        /// `sam` as the role under test, in the copy of the fixture.
        func sam(_ args: [String]) throws -> RunResult {
            try run(tools.sam, args, cwd: project, env: env(.role), timeout: 300)
        }

        /// Ends the server this run started (by its pid) and removes the run's folder.
        func stop() {
            defer { try? FileManager.default.removeItem(at: dir) }
            server.stop()
        }

        /// Starts the launcher on 127.0.0.1 with an ephemeral port and reads the port from its log.
        static func startServer(tools: ProofTools, log: URL, env extra: [String: String]) throws -> (BackgroundProcess, String) {
            let script = SAMProof.fixtures.appendingPathComponent("moto_proof_server.py").path
            let server = try BackgroundProcess(tools.motoPython.path, [script, "-H", "127.0.0.1", "-p", "0"],
                                               env: BackgroundProcess.inheritedEnvironment(extra), stdout: log, stderr: log)
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline {
                if let r = TestPaths.read(log).range(of: #"Running on http://127\.0\.0\.1:[0-9]+"#, options: .regularExpression) {
                    return (server, String(TestPaths.read(log)[r].dropFirst("Running on ".count)))
                }
                if let status = server.exitedStatus() {
                    throw SetupFailed(message: "moto_proof_server exited (\(status)):\n" + TestPaths.read(log))
                }
                usleep(100_000)
            }
            server.stop()
            throw SetupFailed(message: "moto_proof_server did not start in 60 s:\n" + TestPaths.read(log))
        }
    }
}
