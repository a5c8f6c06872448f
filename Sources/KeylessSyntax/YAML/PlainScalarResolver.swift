import Yams

/// YAML 1.1 implicit typing of plain scalars, by hand. It classifies exactly as Yams's default
/// resolver rules (bool, int, float, null, timestamp, merge, value), whose patterns it mirrors, but
/// without a regular-expression match per scalar: that cost dominated `keyless check` on large
/// repositories. `Tests/KeylessCoreTests/PlainScalarResolverTests` compares the two on many strings.
enum PlainScalarResolver {
    static let bools: Set<String> = ["yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF"]
    static let nulls: Set<String> = ["~", "null", "Null", "NULL", ""]

    static func tag(_ s: String) -> Tag.Name {
        if nulls.contains(s) { return .null }
        let b = Array(s.utf8)
        // Only these first bytes can start a non-string: digits, sign, dot, and the words above.
        guard let f = b.first else { return .null }
        if bools.contains(s) { return .bool }
        if s == "<<" { return .merge }
        if s == "=" { return .value }
        guard isDigit(f) || f == UInt8(ascii: "-") || f == UInt8(ascii: "+") || f == UInt8(ascii: ".") else { return .str }
        if isInt(b) { return .int }
        if isFloat(b) { return .float }
        if isTimestamp(b) { return .timestamp }
        return .str
    }

    static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }

    /// `[-+]?` then the rest.
    static func unsigned(_ b: [UInt8]) -> ArraySlice<UInt8> {
        if let f = b.first, f == UInt8(ascii: "-") || f == UInt8(ascii: "+") { return b[1...] }
        return b[...]
    }

    static func all(_ s: ArraySlice<UInt8>, _ ok: (UInt8) -> Bool) -> Bool { !s.isEmpty && s.allSatisfy(ok) }

    static func isInt(_ b: [UInt8]) -> Bool {
        let u = unsigned(b)
        guard let f = u.first else { return false }
        let us = UInt8(ascii: "_")
        if u.starts(with: Array("0b".utf8)) { return all(u.dropFirst(2)) { $0 == 48 || $0 == 49 || $0 == us } }
        if u.starts(with: Array("0x".utf8)) { return all(u.dropFirst(2)) { isDigit($0) || (65...70).contains($0) || (97...102).contains($0) || $0 == us } }
        if u.starts(with: Array("0o".utf8)), all(u.dropFirst(2), { (48...55).contains($0) || $0 == us }) { return true }
        // 0[0-7_]+ (the `o` is optional in the pattern)
        if f == 48, u.count > 1, all(u.dropFirst(), { (48...55).contains($0) || $0 == us }) { return true }
        if u.count == 1 && f == 48 { return true }
        if (49...57).contains(f) {
            // [1-9][0-9_]* or sexagesimal [1-9][0-9_]*(:[0-5]?[0-9])+
            var i = u.startIndex + 1
            while i < u.endIndex, isDigit(u[i]) || u[i] == us { i += 1 }
            if i == u.endIndex { return true }
            return isSexagesimalTail(u[i...])
        }
        return false
    }

    /// `(:[0-5]?[0-9])+`
    static func isSexagesimalTail(_ s: ArraySlice<UInt8>) -> Bool {
        var i = s.startIndex
        var groups = 0
        while i < s.endIndex {
            guard s[i] == UInt8(ascii: ":") else { return false }
            i += 1
            var digits = 0
            let start = i
            while i < s.endIndex, isDigit(s[i]), digits < 2 { i += 1; digits += 1 }
            if digits == 0 { return false }
            if digits == 2, !(48...53).contains(s[start]) { return false }
            groups += 1
        }
        return groups > 0
    }

    static func isFloat(_ b: [UInt8]) -> Bool {
        let s = String(decoding: b, as: UTF8.self)
        let u = unsigned(b)
        let us = UInt8(ascii: "_"), dot = UInt8(ascii: ".")
        if [".inf", ".Inf", ".INF"].contains(String(decoding: u, as: UTF8.self)) { return true }
        if [".nan", ".NaN", ".NAN"].contains(s) { return true }
        // [-+]?[0-9][0-9_]*(\.[0-9_]*)?([eE][-+]?[0-9]+)?
        var i = u.startIndex
        if i < u.endIndex, isDigit(u[i]) {
            while i < u.endIndex, isDigit(u[i]) || u[i] == us { i += 1 }
            if i < u.endIndex, u[i] == dot {
                i += 1
                while i < u.endIndex, isDigit(u[i]) || u[i] == us { i += 1 }
            }
            if i == u.endIndex { return true }
            if u[i] == UInt8(ascii: "e") || u[i] == UInt8(ascii: "E") {
                i += 1
                if i < u.endIndex, u[i] == UInt8(ascii: "-") || u[i] == UInt8(ascii: "+") { i += 1 }
                return all(u[i...], isDigit)
            }
            // sexagesimal float: [0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]*
            if u[i] == UInt8(ascii: ":"), let d = u[i...].lastIndex(of: dot), isSexagesimalTail(u[i..<d]) {
                return u[(d + 1)...].allSatisfy { isDigit($0) || $0 == us }
            }
            return false
        }
        // \.[0-9_]+([eE][-+][0-9]+)? — unsigned only
        if b.first == dot, b.count > 1 {
            var j = 1
            while j < b.count, isDigit(b[j]) || b[j] == us { j += 1 }
            if j == 1 { return false }
            if j == b.count { return true }
            guard b[j] == UInt8(ascii: "e") || b[j] == UInt8(ascii: "E"), j + 2 < b.count + 1 else { return false }
            j += 1
            guard j < b.count, b[j] == UInt8(ascii: "-") || b[j] == UInt8(ascii: "+") else { return false }
            return all(b[(j + 1)...], isDigit)
        }
        return false
    }

    static func isTimestamp(_ b: [UInt8]) -> Bool {
        // Cheap prefilter: YYYY-M?M-D?D…; anything else is not a timestamp.
        guard b.count >= 8, b[0...3].allSatisfy(isDigit), b[4] == UInt8(ascii: "-") else { return false }
        // Rare: defer to Yams's own rule for the full pattern.
        return Resolver.default.resolveTag(of: .scalar(.init(String(decoding: b, as: UTF8.self)))) == .timestamp
    }
}
