@testable import KeylessCredentials
@testable import KeylessLint
@testable import KeylessModel
@testable import KeylessSyntax
import Foundation
import Testing

/// The byte paths `check` and `audit` take for ASCII text (issue #14) give what the Character paths give.
/// Each test runs both on inputs chosen to reach the edges: case, separators, empty parts, `\r`, lengths
/// one off, and non-ASCII text (which must take the Character path).
@Suite struct FastPathTests {
    static let names = [
        "AWS_ACCESS_KEY_ID", "aws-secret-access-key", "Aws_Secret_Access_Key", "R2_ACCESS_KEY_ID", "r2.access-key",
        "MINIO_SECRET_KEY", "S3_SECRET_ACCESS_KEY", "PROD_AWS_USER_KEY_ID", "AWS_KEY_SECRET", "AWS_ACCESS_ID", "ACCESS_KEY",
        "AWS_REGION", "GITHUB_TOKEN", "", "_", "-", "..", "AWS__ACCESS__KEY", "do_access_key", "DO-ACCESS-KEY", "aws-access-key-i",
        "AWS_ACCESS_KEY_IDX", "AWS-SECRET-ACCESS-KEY", "aws_secret_access_key_", "cloudflare_r2_key_id", "gcs.hmac.secret_key",
        "AWS_ACCESS_KEY_ıD", "clé_aws_access_key", "ÄWS_KEY_ID",
    ]

    @Test func keyNamesAgreeWithTheCharacterPath() {
        for n in Self.names {
            #expect(KeyValueRules.isKeyShaped(n) == KeyValueRules.isKeyShapedUnicode(n), "\(n)")
            #expect(KeyValueRules.namesOtherService(n) == KeyValueRules.namesOtherServiceUnicode(n), "\(n)")
            let slots = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS-ACCESS-KEY-ID", "AWS-SECRET-ACCESS-KEY"]
            #expect(KeyValueRules.isKeySlot(n) == slots.contains(n.uppercased()), "\(n)")
        }
    }

    @Test func stepNamesAgreeWithTheCharacterPath() {
        let texts = ["Configure AWS CLI for R2", "r2", "R2!", "upload to MinIO", "minio2", "Moto server", "motorcycle",
                     "Deploy", "", "  ", "digitalocean-spaces", "DigitalOcean\r\nSpaces", "déployer sur R2", "localstack_up",
                     "wasabi/backblaze", "hetzner1", "cloud flare"]
        for t in texts {
            #expect(KeyValueRules.mentionsOtherService(t) == KeyValueRules.mentionsOtherServiceUnicode(t), "\(t)")
        }
    }

    @Test func credentialsActionAgreesWithTheSplit() {
        let uses = ["aws-actions/configure-aws-credentials@v4", "AWS-Actions/Configure-AWS-Credentials@v6", "aws-actions/configure-aws-credentials",
                    "aws-actions/configure-aws-credentials/sub@v1", "aws-actions//configure-aws-credentials@v4", "/aws-actions/configure-aws-credentials@v4",
                    "@aws-actions/configure-aws-credentials", "aws-actions/configure-aws-credentialsx@v4", "aws-actions/configure-aws-credentials-x@v4",
                    "someone/configure-aws-credentials@v1", "aws-actions/configure-aws-credentials@", "./configure-aws-credentials",
                    "aws-actions/configure-aws-credentials/", "actions/checkout@v4", "aws-actions/configure-aws-credentials@v4@x",
                    "aws-actionś/configure-aws-credentials@v4"]
        for u in uses {
            #expect(CredentialsAnalyzer.isCredentialsAction(u) == (CredentialsAnalyzer.repository(of: u) == CredentialsAnalyzer.credentialsAction), "\(u)")
        }
    }

    @Test func expressionBodiesAgreeWithTheCharacterPath() {
        let bodies = ["secrets.AWS_KEY", "secrets['AWS_KEY']", "secrets[\"A-B\"]", "steps.creds.outputs.aws-access-key-id", "env.X || vars.Y",
                      "inputs.key", "format('{0}', secrets.K)", "secrets.", ".secrets.X", "a.secrets.X", "secrets['unterminated", "x['a'] ]", "",
                      "steps.a.outputs", "github.event.inputs.x", "secrets.K1 && secrets.K_2"]
        for b in bodies {
            #expect(References.parse(Substring(b)) == References.parseCharacters(Substring(b)), "\(b)")
        }
        #expect(References.parse("secrets.CLÉ") == [.secret("CLÉ")])
    }

    @Test func wrappedExpressionsAgreeWithTheCharacterPath() {
        let texts = ["${{ secrets.X }}", "  ${{ a }}\n", "${{a}}", "${{}}", "${{ }}", "${{ a }}-${{ b }}", "x ${{ a }}", "${{ a }} x", "${{ a }",
                     "${ { a }}", "$", "${{ a }}\r\n", "\t${{ a == '}' }}", "${{ '}}' }}", "${{ a }}}", "${{{ a }}"]
        for t in texts {
            let fast = Expression(wrapped: t)?.source
            #expect(fast == Expression.innerUnicode(t).map { Expression($0).source }, "\(t)")
        }
    }

    @Test func guardsNormalizeAsTheCharacterPath() {
        let conditions = ["github.event.pull_request.head.repo.full_name == github.repository", "${{ github.actor != \"dependabot[bot]\" }}",
                          "$${{{{ x }}}}", "A\tB\nC", "}}${{", "", "!github.event.pull_request.head.repo.fork"]
        for c in conditions { #expect(Guards.normalized(c) == Guards.normalizedUnicode(c), "\(c)") }
    }

    @Test func lineIndentationAgreesWithCharacters() {
        for l in ["    run: x", "", "   ", " \t ", "\t  x", "  x  ", "x", "  \u{301}x", "   é"] {
            let s = Substring(l)
            let m = FileText.measure(s)
            #expect(m.indent == s.prefix { $0 == " " }.count, "\(l)")
            #expect(m.blank == s.allSatisfy { $0 == " " || $0 == "\t" }, "\(l)")
        }
    }

    @Test func fileLinesAreSplitOnTheByte() {
        let f = FileText("a\r\nbb\n\nc\r")
        #expect(f.count == 4)
        #expect((1...4).map { String(f.line($0)) } == ["a", "bb", "", "c"])
    }

    @Test func plainDecimalsAreRead() {
        for s in ["0", "7", "30", "360", "123456789012345678"] { #expect(YAMLReader.decimal(s) == Int(s), "\(s)") }
        // Octal in YAML 1.1, signed, separated, too long or not a number: left to Yams.
        for s in ["030", "-1", "+1", "1_000", "0x10", "1234567890123456789", "", "1.5", "١٢"] { #expect(YAMLReader.decimal(s) == nil, "\(s)") }
    }

    @Test func filesAreReadAsFoundationReadsThem() {
        let inputs: [[UInt8]] = [[], [0x61], [0xEF, 0xBB, 0xBF, 0x61], [0xEF, 0xBB, 0xBF], [0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF, 0x61],
                                 [0x61, 0xC3], [0xC3, 0xA9, 0x0A], [0xEF, 0xBB], [0xFF], Array("clé: é\r\n".utf8)]
        for bytes in inputs {
            let data = Data(bytes)
            #expect(InputFile.utf8Text(data) == String(data: data, encoding: .utf8), "\(bytes)")
        }
        #expect(InputFile.lineOfNUL("a\nb\n\u{0}c") == 3)
        #expect(InputFile.lineOfNUL("a\nb") == nil)
    }

    @Test func actionReferencesAgreeWithTheCharacterPath() {
        let uses = ["actions/checkout@v4", "aws-actions/configure-aws-credentials@0123456789abcdef0123456789abcdef01234567", "o/r/p/q@main",
                    "o/r@", "o@v1", "/r@v1", "o//r@v1", "o/r@v1@v2", "./local", "docker://alpine:3", "o/r", "", "@", "o/r/@x", "Ö/r@v1"]
        for u in uses { #expect(ActionRef(parsing: u) == ActionRef.parsingCharacters(u), "\(u)") }
    }

    @Test func trailingNewlinesAreDroppedAsCharacters() {
        func byCharacters(_ t: String) -> String {
            var s = Substring(t)
            while s.hasSuffix("\n") { s.removeLast() }
            return String(s)
        }
        for t in ["", "\n", "a", "a\n", "a\n\n\n", "a\r\n", "a\r\n\n", "a\n\r\n", "é\n", "\n\na", "a\u{301}\n"] {
            #expect(t.droppingTrailingNewlines() == byCharacters(t), "\(Array(t.utf8))")
        }
    }

    /// A line the gate passes over holds nothing `script` looks for: no word any of its tests contains,
    /// in any case, and no literal key; and each kind of line that does hold one is not quiet.
    @Test func quietScriptLinesHoldNothingTheScriptSeeks() {
        let words = ["aws", "github_env", "${{", "assume-role", "get-session-token"]
        let quiet = ["npm ci", "make test", "", "   ", "echo done\r", "cd infra && terraform init", "pytest -q tests/",
                     "echo ABCDEFGHIJKLMNOPQRS", "a/b+c/d+e/f+g/h+i/j", "echo AW S", "get-session", "assume_role", "$ {{ x }}"]
        let loud = ["aws s3 ls", "  AWS_REGION=us-east-1", "echo \"KEY=${{ secrets.K }}\"", "echo x >> $GITHUB_ENV",
                    "Get-Session-Token", "sts Assume-Role --role-arn r", "AKIAIOSFODNN7EXAMPLE", "echo ABCDEFGHIJKLMNOPQRST",
                    "echo 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'", "déployer", "echo ñ", "xaws", "${{"]
        for line in quiet + loud {
            let isQuiet = ScriptGate.isQuiet(Substring(line))
            #expect(isQuiet == quiet.contains(line), "\(line)")
            if isQuiet {
                let lower = line.lowercased()
                #expect(!words.contains(where: lower.contains), "\(line)")
                #expect(!CredentialsAnalyzer.containsLiteralKey(line, mentionsKey: true), "\(line)")
            }
        }
    }
}
