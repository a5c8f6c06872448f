import KeylessCredentials
import Testing

/// The one definition of a stored long-lived key, rule by rule.
@Suite struct KeyValueRulesTests {
    // Built at run time, so no key-shaped literal sits in the repository for secret scanners to trip on.
    static let keyID = "AKIA" + String(repeating: "Q7", count: 8)
    static let secret = "Zx9" + String(repeating: "aB3/kP+7", count: 4) + "mN1wQ"

    @Test func literalsThatLookRealAreStoredKeysAndTheDocumentedExamplesAreNot() {
        #expect(KeyValueRules.classifyLiteral(Self.keyID) == .storedKey(reference: "a literal key"))
        #expect(KeyValueRules.classifyLiteral(Self.secret) == .storedKey(reference: "a literal key"))
        #expect(KeyValueRules.classifyLiteral("AKIAIOSFODNN7EXAMPLE") == .dummy)
        #expect(KeyValueRules.classifyLiteral("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY") == .dummy)
        #expect(KeyValueRules.classifyLiteral("testing") == .dummy)
        #expect(KeyValueRules.classifyLiteral("minioadmin") == .dummy)
        // A commit SHA is 40 characters too, but hex.
        #expect(KeyValueRules.classifyLiteral("3d3c42e5aac5ba805825da76410c181273ba90b1") == .dummy)
    }

    @Test func namesSayWhetherAKeyIsAWSs() {
        #expect(KeyValueRules.namesAWSKey("HONEYHIVE_PRODUCTION_DEPLOYMENT_AWS_USER_KEY_ID"))
        #expect(KeyValueRules.namesAWSKey("S3_SECRET_ACCESS_KEY"))
        #expect(KeyValueRules.namesAWSKey("opensearch_aws_access_id"))
        #expect(!KeyValueRules.namesAWSKey("R2_ACCESS_KEY_ID"))
        #expect(!KeyValueRules.namesAWSKey("MINIO_SECRET_KEY"))
        #expect(!KeyValueRules.namesAWSKey("AWS_ROLE_ARN"))
        #expect(KeyValueRules.mentionsOtherService("Configure AWS CLI for R2"))
        #expect(!KeyValueRules.mentionsOtherService("Configure AWS credentials"))
    }

    @Test func aLiteralKeyInAScriptIsFoundAtItsLine() throws {
        let text = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          echo hi\n          aws configure set aws_access_key_id \(Self.keyID)\n"
        let c = try #require(CredentialsAnalyzer().analyze(path: "a.yml", text: text))
        let keys = try #require(c.job("a")).storedKeys
        #expect(keys.map(\.location.line) == [8])
        #expect(keys.map(\.channel) == [.script(.configureSet)])
    }
}
