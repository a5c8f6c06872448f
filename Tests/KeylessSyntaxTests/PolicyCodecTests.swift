import KeylessTestSupport
import KeylessSyntax
import KeylessModel
import Testing

@Suite struct PolicyCodecTests {
    @Test func roundTripWithEveryElement() throws {
        let p = PolicyDocument(id: "x", statements: [
            Statement(sid: "A", effect: .deny, principal: .anyone, actions: .notAction(["s3:*"]), resources: .notResource(["arn:aws:s3:::b/*", "arn:aws:s3:::b"]),
                      conditions: [Condition(ConditionOperator(.stringLike, qualifier: .forAnyValue, ifExists: true), "k", ["a*", "b?"]),
                                   Condition(.stringEquals, "aud", ["sts.amazonaws.com"]), Condition(ConditionOperator(.null), "x", ["true"])]),
            Statement(principal: .federated(.oidcProvider(host: "token.actions.githubusercontent.com", account: .placeholder("ACCOUNT_ID"))),
                      actions: .action(["sts:AssumeRoleWithWebIdentity"])),
        ])
        let text = PolicyCodec.text(p)
        #expect(try PolicyCodec.decode(text) == p)
        #expect(text.hasPrefix("{\n  \"Version\": \"2012-10-17\",\n  \"Id\": \"x\",\n  \"Statement\": ["))
    }

    @Test func operatorsParse() {
        #expect(ConditionOperator(parsing: "ForAllValues:StringEqualsIgnoreCaseIfExists")?.description == "ForAllValues:StringEqualsIgnoreCaseIfExists")
        #expect(ConditionOperator(parsing: "StringEqual") == nil)
        #expect(ConditionOperator(parsing: "NullIfExists") == nil)
    }

    @Test(arguments: [
        ("[]", "a policy must be a JSON object"),
        ("{\"Statement\": 3}", "Statement must be an object or a list of objects"),
        ("{\"Statement\": [{\"Effect\": \"Maybe\", \"Action\": \"x\"}]}", "Statement[0].Effect must be \"Allow\" or \"Deny\""),
        ("{\"Statement\": [{\"Effect\": \"Allow\"}]}", "Statement[0] must have exactly one of Action and NotAction"),
        ("{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"x\", \"Condition\": {\"StringEqual\": {}}}]}", "Statement[0].Condition: unknown condition operator 'StringEqual'"),
        ("{\"Statment\": []}", "the policy: unknown element 'Statment'"),
    ])
    func shapeErrors(_ input: String, _ message: String) {
        #expect(throws: PolicyCodec.DecodeError.shape(message)) { try PolicyCodec.decode(input) }
    }

    @Test func syntaxErrorIsReported() {
        #expect(throws: PolicyCodec.DecodeError.self) { try PolicyCodec.decode("{\"Version\": ") }
    }

    @Test func subjectClaims() {
        let s = SubjectClaim(repository: RepositoryName(owner: "o", name: "r"), context: .environment("prod:eu"))
        #expect(s.description == "repo:o/r:environment:prod%3Aeu")
        #expect(SubjectClaim(parsing: s.description) == s)
        #expect(SubjectClaim(parsing: "repo:o@1/r@2:ref:refs/heads/main")?.repository.repositoryID == "2")
        #expect(SubjectClaim(parsing: "repo:o/r:*")?.context == .any)
        #expect(SubjectClaim(parsing: "nope") == nil)
    }
}
