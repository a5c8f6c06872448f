import KeylessSyntax
/// What a value handed to an AWS credential slot really is: the one definition of a stored long-lived
/// key that `check` and `audit` share.
public enum CredentialValue: Hashable, Sendable {
    /// A stored long-lived key: from `secrets.*` / `vars.*`, a literal that looks like a real key, or an
    /// input fed from those. `reference` is what it came from (`secrets.AWS_ACCESS_KEY_ID`, `a literal key`).
    case storedKey(reference: String)
    /// Session credentials an earlier step produced (`${{ env.AWS_ACCESS_KEY_ID }}` after a credentials
    /// step, `${{ steps.x.outputs.aws-access-key-id }}`): they expire, so they are not a stored key.
    case session
    /// A dummy for moto, LocalStack or MinIO, or AWS's documented example keys.
    case dummy
    /// A key for a service that is not AWS (Cloudflare R2, MinIO, …), told by the secret's name.
    case nonAWS
    /// Anything else: an expression the repository cannot resolve (`matrix.*`, `inputs.*` of a workflow).
    case unknown

    /// True for the values `long-lived-aws-keys` reports and the audit counts as keys.
    public var isStoredKey: Bool {
        if case .storedKey = self { return true }
        return false
    }
}

/// The rules that decide a `CredentialValue`, each small and named.
public enum KeyValueRules {
    /// AWS's documented example key pair (https://docs.aws.amazon.com/IAM/latest/UserGuide/security-creds.html).
    public static let exampleKeys: Set<String> = ["AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"]

    /// Name parts that mark a key for a service other than AWS (S3-compatible stores, other clouds).
    static let nonAWSMarkers: Set<String> = [
        "R2", "CF", "CLOUDFLARE", "MINIO", "LOCALSTACK", "MOTO", "ALIYUN", "ALIBABA", "OSS", "AZURE", "GCP", "GCS",
        "GOOGLE", "DO", "DIGITALOCEAN", "SPACES", "WASABI", "B2", "BACKBLAZE", "HUAWEI", "OBS", "TENCENT", "COS",
        "QINIU", "SCALEWAY", "SCW", "LINODE", "HETZNER", "OVH", "IBM", "ORACLE", "OCI", "STORJ", "FILEBASE", "TIGRIS",
    ]

    /// A secret, variable or environment name that holds an AWS access key or its secret:
    /// `AWS_ACCESS_KEY_ID`, `…_AWS_USER_KEY_ID`, `…_AWS_…_KEY_SECRET`, `S3_SECRET_ACCESS_KEY`.
    public static func namesAWSKey(_ name: String) -> Bool {
        isKeyShaped(name) && !namesOtherService(name)
    }

    /// A name shaped like an access key's (`…ACCESS_KEY…`, `AWS_…KEY_ID`, `AWS_…SECRET_KEY`), whatever the service.
    public static func isKeyShaped(_ name: String) -> Bool {
        // An ASCII name (nearly all) is searched as bytes; `uppercased()` of other text can change its length.
        if let u = normalizedASCII(name) {
            return u.withUnsafeBufferPointer { b -> Bool in
                func has(_ w: String) -> Bool { ASCIILine.withBytes(w) { ASCIILine.find($0, in: b, lowering: false) } }
                guard has("AWS") || has("ACCESS_KEY") else { return false }
                return has("ACCESS_KEY") || has("KEY_ID") || has("KEY_SECRET") || has("SECRET_KEY") || (has("AWS") && has("ACCESS_ID"))
            }
        }
        return isKeyShapedUnicode(name)
    }

    /// `isKeyShaped` for any text, by Character (what the byte path must agree with).
    static func isKeyShapedUnicode(_ name: String) -> Bool {
        let u = name.uppercased().replacingAll("-", with: "_")
        guard u.contains("AWS") || u.contains("ACCESS_KEY") else { return false }
        return u.contains("ACCESS_KEY") || u.contains("KEY_ID") || u.contains("KEY_SECRET") || u.contains("SECRET_KEY")
            || (u.contains("AWS") && u.contains("ACCESS_ID"))
    }

    /// An ASCII name in capitals with `-` as `_` (what `isKeyShaped` searches); nil for any other text.
    static func normalizedASCII(_ name: String) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(name.utf8.count)
        for b in name.utf8 {
            guard b < 0x80 else { return nil }
            out.append(b >= 97 && b <= 122 ? b - 32 : b == 45 ? 95 : b)
        }
        return out
    }

    /// A name whose parts say the key is for another service (`R2_ACCESS_KEY_ID`, `MINIO_SECRET_KEY`).
    public static func namesOtherService(_ name: String) -> Bool {
        if let u = normalizedASCII(name) {
            // Parts are split at `_` (and `-`, already `_`) and `.`; parts this short are small strings.
            return u.split(whereSeparator: { $0 == 95 || $0 == 46 }).contains { nonAWSMarkers.contains(String(decoding: $0, as: UTF8.self)) }
        }
        return namesOtherServiceUnicode(name)
    }

    /// `namesOtherService` for any text, by Character.
    static func namesOtherServiceUnicode(_ name: String) -> Bool {
        let parts = name.uppercased().split { $0 == "_" || $0 == "-" || $0 == "." }.map(String.init)
        return parts.contains { nonAWSMarkers.contains($0) }
    }

    /// Services named in free text (a step's name) that mark its keys as not AWS; only names that are
    /// not ordinary words.
    static let otherServicesInText: Set<String> = ["r2", "minio", "cloudflare", "localstack", "moto", "wasabi", "backblaze", "digitalocean", "hetzner"]

    static let otherServiceNames: [[UInt8]] = otherServicesInText.sorted().map { Array($0.utf8) }

    /// A step name such as `Configure AWS CLI for R2`.
    public static func mentionsOtherService(_ text: String) -> Bool {
        if text.isEmpty { return false }
        if let found = ASCIILine.withBytes(text, { b -> Bool? in
            guard !b.contains(where: { $0 >= 0x80 }) else { return nil }
            // ASCII letters and digits are what `isLetter || isNumber` keeps of ASCII text; each word is
            // compared, lowered, with the names of its length (nothing is allocated).
            func lower(_ x: UInt8) -> UInt8 { x >= 65 && x <= 90 ? x + 32 : x }
            func isWord(_ x: UInt8) -> Bool { (x >= 48 && x <= 57) || (x >= 65 && x <= 90) || (x >= 97 && x <= 122) }
            var i = 0
            while i < b.count {
                guard isWord(b[i]) else { i += 1; continue }
                var j = i
                while j < b.count, isWord(b[j]) { j += 1 }
                let word = b[i..<j]
                if otherServiceNames.contains(where: { $0.count == word.count && zip($0, word).allSatisfy { $0 == lower($1) } }) { return true }
                i = j
            }
            return false
        }) { return found }
        return mentionsOtherServiceUnicode(text)
    }

    /// `mentionsOtherService` for any text, by Character.
    static func mentionsOtherServiceUnicode(_ text: String) -> Bool {
        text.lowercased().split { !($0.isLetter || $0.isNumber) }.contains { otherServicesInText.contains(String($0)) }
    }

    /// The slots an AWS SDK or CLI reads an access key or its secret from (not the session token).
    public static func isKeySlot(_ name: String) -> Bool {
        // An ASCII name is one of them only with 17 or 21 bytes; `uppercased()` is for the others.
        let n = name.utf8.count
        if n != 17 && n != 21, !name.utf8.contains(where: { $0 >= 0x80 }) { return false }
        return ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS-ACCESS-KEY-ID", "AWS-SECRET-ACCESS-KEY"].contains(name.uppercased())
    }

    /// An access key id (`AKIA`/`ASIA` and 16 more) that is not AWS's documented example.
    public static func isRealLookingKeyID(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard u.count == 20, s.hasPrefix("AKIA") || s.hasPrefix("ASIA") else { return false }
        return !exampleKeys.contains(s) && !s.contains("EXAMPLE")
            && u.allSatisfy { (48...57).contains($0) || (65...90).contains($0) }
    }

    /// A 40-character secret access key that is not AWS's documented example.
    public static func isRealLookingSecret(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard u.count == 40, !exampleKeys.contains(s), !s.uppercased().contains("EXAMPLE") else { return false }
        // A commit SHA or a digest is hex; a secret access key is base64.
        guard !u.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) || (65...70).contains($0) }) else { return false }
        let base64 = u.allSatisfy { (48...57).contains($0) || (65...90).contains($0) || (97...122).contains($0) || $0 == 47 || $0 == 43 }
        // Real secrets mix cases and digits; `xxxxxxxx…` or one repeated word is a placeholder.
        let kinds = [u.contains { (48...57).contains($0) }, u.contains { (65...90).contains($0) }, u.contains { (97...122).contains($0) }]
        return base64 && kinds.filter { $0 }.count >= 2 && Set(u).count >= 12
    }

    /// A literal value: a real-looking key is stored; anything else (`test`, `minioadmin`, the example) is a dummy.
    public static func classifyLiteral(_ s: String) -> CredentialValue {
        // A key id has 20 bytes and a secret 40; trimming only makes a value shorter.
        if s.utf8.count < 20 { return .dummy }
        let t = s.trimmingCharacters(in: [" ", "\"", "'"])
        if isRealLookingKeyID(t) || isRealLookingSecret(t) { return .storedKey(reference: "a literal key") }
        return .dummy
    }
}

extension String {
    func replacingAll(_ a: Character, with b: Character) -> String { String(map { $0 == a ? b : $0 }) }
    func trimmingCharacters(in set: Set<Character>) -> String {
        guard let s = firstIndex(where: { !set.contains($0) }), let e = lastIndex(where: { !set.contains($0) }) else { return "" }
        return String(self[s...e])
    }
}
