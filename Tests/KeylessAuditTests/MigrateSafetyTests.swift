import Foundation
import KeylessLint
import KeylessModel
import KeylessSyntax
import KeylessTestSupport
import Testing

@testable import KeylessAudit

/// `keyless migrate` changes only what holds stored keys, keeps CRLF, says "nothing to change" for
/// files without keys (aliases or not), proves its own edit, and refuses with the consumer's name.
@Suite struct MigrateSafetyTests {
    static let options = MigrateOptions(role: "arn:aws:iam::111122223333:role/deploy", region: nil, sessionName: "deploy-${{ github.run_id }}")

    static func migrate(_ text: String, path: String = "w.yml", siblings: [WorkflowSource] = []) throws(DiagnosticError) -> Migration {
        try Migrator.migrate(WorkflowSource(path: path, text: text), options: options, siblings: siblings)
    }

    /// The refusal's one message, or a failure when it migrated.
    static func refusal(_ text: String, path: String = "w.yml", siblings: [WorkflowSource] = []) -> String {
        do {
            let m = try migrate(text, path: path, siblings: siblings)
            return "migrated:\n\(m.diff)"
        } catch {
            return error.diagnostics.map(\.description).joined(separator: "\n")
        }
    }

    // MARK: 1. Only the steps that use stored keys

    /// One step signs in with keys; nine steps assume their own roles (one beside it, seven in another
    /// job, one whose session a chained step passes on, with a role-chaining step after it).
    static let tenSteps = """
        on: push
        jobs:
          legacy:
            runs-on: ubuntu-latest
            steps:
              - uses: aws-actions/configure-aws-credentials@v4
                with:
                  aws-access-key-id: ${{ secrets.AWS_ACCESS_KEY_ID }}
                  aws-secret-access-key: ${{ secrets.AWS_SECRET_ACCESS_KEY }}
                  aws-region: us-east-1
              - run: aws s3 ls
              - uses: aws-actions/configure-aws-credentials@v4
                with:
                  role-to-assume: arn:aws:iam::111122223333:role/r1
                  aws-region: us-east-1
          oidc:
            runs-on: ubuntu-latest
            permissions:
              id-token: write
            steps:
        \((2...8).map { "      - uses: aws-actions/configure-aws-credentials@v4\n        with:\n          role-to-assume: arn:aws:iam::111122223333:role/r\($0)\n          aws-region: eu-west-1\n" }.joined())\
          chained:
            runs-on: ubuntu-latest
            permissions:
              id-token: write
            steps:
              - id: creds
                uses: aws-actions/configure-aws-credentials@v4
                with:
                  role-to-assume: arn:aws:iam::111122223333:role/r9
                  aws-region: us-east-1
                  output-credentials: true
              - uses: aws-actions/configure-aws-credentials@v4
                with:
                  aws-access-key-id: ${{ steps.creds.outputs.aws-access-key-id }}
                  aws-secret-access-key: ${{ steps.creds.outputs.aws-secret-access-key }}
                  aws-session-token: ${{ steps.creds.outputs.aws-session-token }}
                  role-to-assume: arn:aws:iam::444455556666:role/target
                  aws-region: us-east-1
              - uses: aws-actions/configure-aws-credentials@v4
                with:
                  role-to-assume: arn:aws:iam::444455556666:role/next
                  role-chaining: true
                  aws-region: us-east-1

        """

    static let tenStepsDiff = """
        --- a/w.yml
        +++ b/w.yml
        @@ -2,10 +2,13 @@
         jobs:
           legacy:
             runs-on: ubuntu-latest
        +    permissions:
        +      contents: read
        +      id-token: write
             steps:
               - uses: aws-actions/configure-aws-credentials@v4
                 with:
        -          aws-access-key-id: ${{ secrets.AWS_ACCESS_KEY_ID }}
        -          aws-secret-access-key: ${{ secrets.AWS_SECRET_ACCESS_KEY }}
        +          role-to-assume: arn:aws:iam::111122223333:role/deploy
        +          role-session-name: deploy-${{ github.run_id }}
                   aws-region: us-east-1
               - run: aws s3 ls

        """

    @Test func onlyTheStepWithStoredKeysChanges() throws {
        let m = try Self.migrate(Self.tenSteps)
        #expect(m.diff == Self.tenStepsDiff)
        #expect(m.notes == ["job 'legacy': the new permissions block grants only contents: read and id-token: write; add any other scope the job used from the default token"])
        // Every role of the original is there, once, as it was.
        for r in (1...9).map({ "arn:aws:iam::111122223333:role/r\($0)" }) + ["arn:aws:iam::444455556666:role/target", "arn:aws:iam::444455556666:role/next"] {
            #expect(m.migrated.components(separatedBy: "role-to-assume: \(r)\n").count == 2, "\(r)")
        }
    }

    /// A step that signs in with keys and already names a role keeps that role: only the keys go.
    @Test func aStepThatAlreadyNamesARoleKeepsIt() throws {
        let text = """
            on: push
            permissions:
              contents: read
              id-token: write
            jobs:
              build:
                runs-on: ubuntu-latest
                steps:
                  - id: esc
                    uses: pulumi/esc-action@v1
                  - uses: aws-actions/configure-aws-credentials@v4
                    with:
                      aws-access-key-id: ${{ steps.esc.outputs.AWS_ACCESS_KEY_ID }}
                      aws-region: us-west-2
                      aws-secret-access-key: ${{ steps.esc.outputs.AWS_SECRET_ACCESS_KEY }}
                      role-duration-seconds: 7200
                      role-to-assume: ${{ steps.esc.outputs.AWS_CI_ROLE_ARN }}

            """
        let m = try Self.migrate(text)
        #expect(m.diff == """
            --- a/w.yml
            +++ b/w.yml
            @@ -10,9 +10,7 @@
                     uses: pulumi/esc-action@v1
                   - uses: aws-actions/configure-aws-credentials@v4
                     with:
            -          aws-access-key-id: ${{ steps.esc.outputs.AWS_ACCESS_KEY_ID }}
                       aws-region: us-west-2
            -          aws-secret-access-key: ${{ steps.esc.outputs.AWS_SECRET_ACCESS_KEY }}
                       role-duration-seconds: 7200
                       role-to-assume: ${{ steps.esc.outputs.AWS_CI_ROLE_ARN }}
             

            """)
        #expect(m.notes == ["job 'build': the credentials step keeps its role-to-assume ${{ steps.esc.outputs.AWS_CI_ROLE_ARN }} (line 17); that role's trust policy must now trust GitHub's OIDC provider instead of the IAM user"])
    }

    // MARK: 2. CRLF

    static let crlf = [
        "on: push", "jobs:", "  deploy:", "    runs-on: ubuntu-latest", "    steps:",
        "      - uses: aws-actions/configure-aws-credentials@v4", "        with:",
        "          aws-access-key-id: ${{ secrets.AWS_ACCESS_KEY_ID }}",
        "          aws-secret-access-key: ${{ secrets.AWS_SECRET_ACCESS_KEY }}",
        "          aws-region: us-east-1", "      - run: aws sts get-caller-identity", "",
    ].joined(separator: "\r\n")

    @Test func crlfFilesMigrateAndKeepCRLFOnEveryLine() throws {
        let m = try Self.migrate(Self.crlf)
        let expected = [
            "on: push", "jobs:", "  deploy:", "    runs-on: ubuntu-latest",
            "    permissions:", "      contents: read", "      id-token: write",
            "    steps:",
            "      - uses: aws-actions/configure-aws-credentials@v4", "        with:",
            "          role-to-assume: arn:aws:iam::111122223333:role/deploy",
            "          role-session-name: deploy-${{ github.run_id }}",
            "          aws-region: us-east-1", "      - run: aws sts get-caller-identity", "",
        ].joined(separator: "\r\n")
        #expect(m.migrated == expected)
        // The same file with LF migrates to the same text with LF.
        let lf = try Self.migrate(Self.crlf.replacingOccurrences(of: "\r\n", with: "\n"))
        #expect(lf.migrated == expected.replacingOccurrences(of: "\r\n", with: "\n"))
    }

    // MARK: 3. Nothing to change, aliases or not

    static let aliasesWithoutKeys = """
        on: push
        jobs:
          a:
            runs-on: &runner ubuntu-latest
            steps:
              - &checkout
                uses: actions/checkout@v4
          b:
            runs-on: *runner
            steps:
              - *checkout
              - run: make test

        """

    @Test func noKeysIsNothingToChangeEvenWithAliases() throws {
        let m = try Self.migrate(Self.aliasesWithoutKeys)
        #expect(!m.changed)
        #expect(m.migrated == Self.aliasesWithoutKeys)
        #expect(m.diff == "")
        // Keys for another provider, as the file shows (Cloudflare R2 under AWS_* names for the CLI), are not AWS keys.
        let r2 = """
            on: push
            jobs:
              cache:
                runs-on: ubuntu-latest
                env:
                  AWS_ACCESS_KEY_ID: ${{ secrets.R2_ACCESS_KEY_ID }}
                  AWS_SECRET_ACCESS_KEY: ${{ secrets.R2_SECRET_ACCESS_KEY }}
                steps:
                  - run: aws s3 sync cache s3://bucket --endpoint-url ${{ vars.R2_ENDPOINT }}

            """
        #expect(try !Self.migrate(r2).changed)
    }

    @Test func aliasesRefusedOnlyWhereTheEditGoes() throws {
        // Aliases in a job without keys, keys in a job without aliases: migrated.
        let elsewhere = Self.aliasesWithoutKeys + """
              deploy:
                runs-on: ubuntu-latest
                steps:
                  - uses: aws-actions/configure-aws-credentials@v4
                    with:
                      aws-access-key-id: ${{ secrets.AWS_ACCESS_KEY_ID }}
                      aws-secret-access-key: ${{ secrets.AWS_SECRET_ACCESS_KEY }}
                      aws-region: us-east-1

            """
        let m = try Self.migrate(elsewhere)
        #expect(m.changed && m.changedLines == [18, 19])
        // An alias inside the job that must change: refused, with the line of the alias's node.
        let inside = Self.aliasesWithoutKeys + """
              deploy:
                runs-on: *runner
                steps:
                  - uses: aws-actions/configure-aws-credentials@v4
                    with:
                      aws-access-key-id: ${{ secrets.AWS_ACCESS_KEY_ID }}
                      aws-secret-access-key: ${{ secrets.AWS_SECRET_ACCESS_KEY }}
                      aws-region: us-east-1

            """
        #expect(Self.refusal(inside) == "w.yml:4:14: error: cannot migrate safely: job 'deploy' uses YAML aliases, anchors or merge keys (the edit would change several places); edit this by hand [migrate-refused]")
    }

    // MARK: 4. The proof

    /// The edit of `tenSteps`, and the proof it is checked against.
    static func tenStepsProof() throws -> (MigrationProof, String) {
        var e = try Migrator.Edit(WorkflowSource(path: "w.yml", text: tenSteps), options: options, siblings: [])
        try e.run()
        return (e.proof(), e.edits.apply())
    }

    static func failure(_ proof: MigrationProof, _ text: String) -> String {
        do { try proof.verify(text); return "verified" } catch { return "\(error.line): \(error.message)" }
    }

    @Test func theProofHoldsForTheEdit() throws {
        let (proof, out) = try Self.tenStepsProof()
        #expect(Self.failure(proof, out) == "verified")
    }

    @Test(arguments: [
        // A role ARN of a step the edit does not own.
        ("role/r3\n", "role/r3x\n", "1: the role ARN arn:aws:iam::111122223333:role/r3 is gone or changed"),
        // A step not meant to change, in a job the edit touches.
        ("      - run: aws s3 ls\n", "      - run: aws s3 ls --recursive\n", "1: step 2 of job 'legacy' changed although the edit did not mean to touch it"),
        // A job the edit does not touch.
        ("          aws-region: eu-west-1\n", "          aws-region: eu-west-2\n", "1: job 'oidc' changed although the edit did not mean to touch it"),
        // Its text only (a comment the model cannot see).
        ("          aws-region: eu-west-1\n", "          aws-region: eu-west-1 # moved\n", "1: the text of job 'oidc' changed although the edit did not mean to touch it"),
        // A line outside every job.
        ("on: push\n", "on:  push\n", "1: line 1 changed or moved although the edit did not mean to touch it"),
        // The result does not parse.
        ("  chained:\n", "  chained: [\n", "54: the edited file would not parse: YAML syntax error: while parsing a flow sequence did not find expected ',' or ']'"),
    ])
    func theProofRefusesAnEditThatTouchedMore(_ from: String, _ to: String, _ message: String) throws {
        let (proof, out) = try Self.tenStepsProof()
        let range = try #require(out.range(of: from))
        #expect(Self.failure(proof, out.replacingCharacters(in: range, with: to)) == message)
    }

    @Test func theProofComparesStepsOneByOne() throws {
        let (proof, out) = try Self.tenStepsProof()
        // Two steps of a job the edit left, swapped: every line and every ARN is still there, the steps are not.
        let r2 = "      - uses: aws-actions/configure-aws-credentials@v4\n        with:\n          role-to-assume: arn:aws:iam::111122223333:role/r2\n          aws-region: eu-west-1\n"
        let r3 = r2.replacingOccurrences(of: "role/r2", with: "role/r3")
        let swapped = out.replacingOccurrences(of: r2 + r3, with: r3 + r2)
        #expect(swapped != out)
        #expect(Self.failure(proof, swapped) == "1: job 'oidc' step 1: role-to-assume arn:aws:iam::111122223333:role/r2 changed")
        // The pieces compared: a step of a job the edit left is its lines, whole.
        let a = MigrationProof.pieces(proof.originalRoot, TextEdits(Self.tenSteps))
        #expect(a.contains { $0.0 == ("oidc", 6) && $0.1 == ["      - uses: aws-actions/configure-aws-credentials@v4", "        with:", "          role-to-assume: arn:aws:iam::111122223333:role/r8", "          aws-region: eu-west-1"] })
    }

    // MARK: Refusals name the consumer

    static func job(_ body: String) -> String {
        "on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n" + body
    }

    static let keyStep = """
              - uses: aws-actions/configure-aws-credentials@v4
                with:
                  aws-access-key-id: ${{ secrets.AWS_ACCESS_KEY_ID }}
                  aws-secret-access-key: ${{ secrets.AWS_SECRET_ACCESS_KEY }}
                  aws-region: us-east-1

        """

    @Test func refusalsNameTheConsumer() {
        // A script that reads the key itself.
        #expect(Self.refusal(Self.job("    steps:\n" + Self.keyStep + "      - name: Velero\n        run: echo \"aws_access_key_id=${{ secrets.AWS_ACCESS_KEY_ID }}\" > creds\n"))
            == "w.yml:12:9: error: cannot migrate safely: step 'Velero' of job 'deploy' reads secrets.AWS_ACCESS_KEY_ID in its script (run:); the script consumes the key itself, so no credentials step can stand in for it; edit this by hand [migrate-refused]")
        // A local composite action's inputs.
        #expect(Self.refusal(Self.job("    steps:\n      - uses: ./.github/actions/start-runner\n        with:\n          aws-access-key-id: ${{ secrets.AWS_ACCESS_KEY_ID }}\n"))
            == "w.yml:8:11: error: cannot migrate safely: step 1 of job 'deploy' passes secrets.AWS_ACCESS_KEY_ID to the inputs of the local composite action (aws-access-key-id); that action uses the key itself, so it must change (a role input) before this file can; edit this by hand [migrate-refused]")
        // A third-party action's other inputs.
        #expect(Self.refusal(Self.job("    steps:\n      - uses: docker/login-action@v3\n        with:\n          registry: 111122223333.dkr.ecr.us-east-1.amazonaws.com\n          username: ${{ secrets.ECR_ACCESS_KEY_ID }}\n          password: ${{ secrets.ECR_SECRET_ACCESS_KEY }}\n"))
            == "w.yml:9:11: error: cannot migrate safely: step 1 of job 'deploy' passes secrets.ECR_ACCESS_KEY_ID to the inputs of the action docker/login-action (username); that action uses the key itself, so it must change (a role input) before this file can; edit this by hand [migrate-refused]")
        // Keys under another name for the tests.
        #expect(Self.refusal(Self.job("    env:\n      GT_S3_ACCESS_KEY_ID: ${{ secrets.AWS_CI_TEST_ACCESS_KEY_ID }}\n    steps:\n      - run: cargo test\n"))
            == "w.yml:6:7: error: cannot migrate safely: job 'deploy' hands secrets.AWS_CI_TEST_ACCESS_KEY_ID to its scripts as env: GT_S3_ACCESS_KEY_ID; a role's session credentials would not reach that variable; edit this by hand [migrate-refused]")
        // Keys in env: with no credentials step.
        #expect(Self.refusal(Self.job("    env:\n      AWS_ACCESS_KEY_ID: ${{ secrets.AWS_ACCESS_KEY_ID }}\n    steps:\n      - run: ./deploy.sh\n"))
            == "w.yml:8:9: error: cannot migrate safely: step 1 of job 'deploy' runs a script with the AWS keys of env: before any credentials step; the script consumes the key itself; edit this by hand [migrate-refused]")
        // A remote reusable workflow.
        #expect(Self.refusal("on: push\njobs:\n  deploy:\n    uses: acme/pipelines/.github/workflows/deploy.yml@v1\n    secrets:\n      AWS_ACCESS_KEY_ID: ${{ secrets.AWS_ACCESS_KEY_ID }}\n")
            == "w.yml:5:5: error: cannot migrate safely: job 'deploy' hands the AWS key secrets AWS_ACCESS_KEY_ID to the remote reusable workflow acme/pipelines/.github/workflows/deploy.yml@v1; that workflow must move to OIDC first, then this job stops passing them; edit this by hand [migrate-refused]")
        // A local reusable workflow that is refused itself.
        let callee = WorkflowSource(path: "callee.yml", text: "on:\n  workflow_call:\n    secrets:\n      AWS_ACCESS_KEY_ID:\n        required: true\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: sed -i s/KEY/${{ secrets.AWS_ACCESS_KEY_ID }}/ vars.tf\n")
        #expect(Self.refusal("on: push\njobs:\n  deploy:\n    uses: ./.github/workflows/callee.yml\n    secrets:\n      AWS_ACCESS_KEY_ID: ${{ secrets.AWS_ACCESS_KEY_ID }}\n", siblings: [callee])
            == "w.yml:5:5: error: cannot migrate safely: job 'deploy' passes the AWS key secrets AWS_ACCESS_KEY_ID to the local reusable workflow ./.github/workflows/callee.yml, which cannot be migrated on its own (step 1 of job 't' reads secrets.AWS_ACCESS_KEY_ID in its script (run:); the script consumes the key itself, so no credentials step can stand in for it); the caller cannot be migrated without it; edit this by hand [migrate-refused]")
    }

    /// A key read in another job: that job is refused (it holds the key itself).
    @Test func aKeyReadInAnotherJobIsRefused() {
        let text = Self.job("    steps:\n" + Self.keyStep) + "  notify:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: acme/notify@v1\n        with:\n          token: ${{ secrets.AWS_SECRET_ACCESS_KEY }}\n"
        #expect(Self.refusal(text) == "w.yml:16:11: error: cannot migrate safely: step 1 of job 'notify' passes secrets.AWS_SECRET_ACCESS_KEY to the inputs of the action acme/notify (token); that action uses the key itself, so it must change (a role input) before this file can; edit this by hand [migrate-refused]")
    }

    /// A key whose name does not say AWS, read by a script of another job: only the proof can see that
    /// the secret the edit removed from the credentials step is still used.
    @Test func theProofFindsAKeyStillReadElsewhere() {
        let text = """
            on: push
            jobs:
              read:
                runs-on: ubuntu-latest
                steps:
                  - uses: aws-actions/configure-aws-credentials@v3
                    with:
                      aws-access-key-id: ${{ secrets.READER_ID }}
                      aws-secret-access-key: ${{ secrets.READER_SECRET }}
                      aws-region: us-east-1
              other:
                runs-on: ubuntu-latest
                steps:
                  - run: ./fetch.sh "${{ secrets.READER_SECRET }}"

            """
        #expect(Self.refusal(text) == "w.yml:14:1: error: cannot migrate safely: secrets.READER_SECRET is still read at line 14, outside the steps this edit replaces (a script, an action's inputs or another job); that consumer needs the key itself; edit this by hand [migrate-refused]")
    }
}

/// The one place that decides which credentials steps hold stored keys (to be switched to the shared model).
@Suite struct StoredKeysTests {
    static func step(_ with: [(String, String)], id: String? = nil) -> Step {
        Step(id: id, uses: ActionRef(parsing: "aws-actions/configure-aws-credentials@v4"), with: with.map { KeyValue($0.0, ScalarValue(stringLiteral: $0.1)) })
    }

    @Test(arguments: [
        ("${{ secrets.AWS_ACCESS_KEY_ID }}", nil, true),
        ("${{ vars.CI_KEY_ID }}", nil, true),
        ("AKIAABCDEFGHIJKLMNOP", nil, true),
        ("AKIAIOSFODNN7EXAMPLE", nil, false),          // AWS's documented example key
        ("test", nil, false),                          // a LocalStack dummy
        ("${{ secrets.R2_ACCESS_KEY_ID }}", nil, false), // another provider, by name
        ("${{ env.AWS_ACCESS_KEY_ID }}", nil, false),    // an earlier step's session, exported at run time
        ("${{ steps.creds.outputs.aws-access-key-id }}", nil, false), // a credentials step's outputs
        ("${{ steps.esc.outputs.AWS_ACCESS_KEY_ID }}", nil, true),    // a secret store's export, no token
        ("${{ steps.esc.outputs.AWS_ACCESS_KEY_ID }}", "${{ steps.esc.outputs.AWS_SESSION_TOKEN }}", false),
    ] as [(String, String?, Bool)])
    func aKeyInputIsStoredOrNot(_ value: String, _ token: String?, _ stored: Bool) {
        var with = [("aws-access-key-id", value), ("aws-secret-access-key", value.replacingOccurrences(of: "KEY_ID", with: "SECRET").replacingOccurrences(of: "key-id", with: "secret"))]
        if let token { with.append(("aws-session-token", token)) }
        let creds = Self.step([("role-to-assume", "arn:aws:iam::111122223333:role/a"), ("output-credentials", "true")], id: "creds")
        let s = Self.step(with)
        let job = Job(id: "j", steps: [creds, Step(id: "esc", uses: ActionRef(parsing: "pulumi/esc-action@v1")), s])
        let keys = StoredKeys(Workflow(triggers: [], jobs: [job]))
        #expect(keys.holdsStoredKeys(s, in: job) == stored, "\(value)")
    }

    @Test func roleChainingIsNeverStoredKeys() {
        let s = Self.step([("aws-access-key-id", "${{ secrets.AWS_ACCESS_KEY_ID }}"), ("role-chaining", "true")])
        let job = Job(id: "j", steps: [s])
        #expect(!StoredKeys(Workflow(triggers: [], jobs: [job])).holdsStoredKeys(s, in: job))
    }

    /// The file shows another provider: the secret is handed to an R2_ name somewhere.
    @Test func aSecretGivenAnotherProvidersNameIsNotAnAWSKey() {
        let w = Workflow(triggers: [], jobs: [Job(id: "j", env: [KeyValue("R2_ACCESS_KEY_ID", "${{ secrets.HELM_PUBLISH_ACCESS_KEY_ID }}")])])
        let keys = StoredKeys(w)
        #expect(!keys.isAWSKeyName("HELM_PUBLISH_ACCESS_KEY_ID"))
        #expect(keys.isAWSKeyName("AWS_CI_TEST_ACCESS_KEY_ID"))
        #expect(!keys.isStoredKeyEnv(KeyValue("AWS_ACCESS_KEY_ID", "${{ secrets.HELM_PUBLISH_ACCESS_KEY_ID }}")))
    }
}
