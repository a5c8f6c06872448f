import KeylessSyntax
import Testing

/// The byte search `check` and `audit` use on script lines gives what `lowercased().contains` gives.
@Suite struct ASCIILineTests {
    @Test func findsWordsWhateverTheirCase() throws {
        let line = try #require(ASCIILine("  AWS CONFIGURE SET aws_access_key_id $KEY  # Github_Env"))
        for word in ["aws configure set", "aws_access_key_id", "github_env", "$key", " "] { #expect(line.contains(word), "\(word)") }
        for word in ["aws_secret_access_key", "export", "configure  set", "github_env2"] { #expect(!line.contains(word), "\(word)") }
        #expect(line.contains(""))
        #expect(!(ASCIILine("ab")!.contains("abc")))
    }

    /// Every word and line agrees with the Unicode path (a word at the start, the end, overlapping prefixes).
    @Test func agreesWithLowercasedContains() throws {
        let lines = ["aaab", "echo $AWS_ACCESS_KEY_ID >> $GITHUB_ENV", "sts assume-role-with-web-identity", "x", ""]
        let words = ["aab", "ab", "github_env", "sts assume-role", "assume-role-with-web-identity", "x", "y"]
        for l in lines {
            let a = try #require(ASCIILine(l))
            for w in words { #expect(a.contains(w) == l.lowercased().contains(w), "\(l) / \(w)") }
        }
    }

    /// A non-ASCII line is left to the Unicode path, so the result is the same for every input.
    @Test func nonASCIILinesAreNotHandled() {
        #expect(ASCIILine("echo déjà") == nil)
        #expect(ASCIILine.tokens("clé AKIAIOSFODNN7EXAMPLE", minimumLength: 1) { _ in true } == nil)
    }

    @Test func tokensAreTheRunsOfTokenBytesLongEnough() {
        let isKeyByte: (UInt8) -> Bool = { b in (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 47 || b == 43 }
        #expect(ASCIILine.tokens("id=AKIAABCDEFGHIJKLMNOP; s=ab", minimumLength: 20, isTokenByte: isKeyByte) == ["AKIAABCDEFGHIJKLMNOP"])
        #expect(ASCIILine.tokens("a-bb-ccc", minimumLength: 2, isTokenByte: isKeyByte) == ["bb", "ccc"])
    }

    @Test func searchesInPlace() {
        #expect(ASCIILine.containsIgnoringCase("AWS-Actions/Configure-AWS-Credentials@v4", "configure-aws-credentials") == true)
        #expect(ASCIILine.containsIgnoringCase("actions/checkout@v4", "configure-aws-credentials") == false)
        #expect(ASCIILine.containsIgnoringCase("déjà", "a") == nil)
        #expect(ASCIILine.containsBytes("echo ${{ secrets.X }}", "${{"))
        #expect(!ASCIILine.containsBytes("echo $ {{", "${{"))
        #expect(ASCIILine.containsBytes("x", ""))
        #expect(!ASCIILine.containsBytes("", "x"))
    }
}
