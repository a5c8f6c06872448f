import Foundation

/// Time spent per named stage, for `generate --timings` and the benchmarks. Accumulates across calls,
/// so the time inside libcmark or the parse-back readers is summed over every page and snippet.
public final class Timings: @unchecked Sendable {
    public static let shared = Timings()

    private let lock = NSLock()
    private var totals: [String: Double] = [:]
    private var order: [String] = []

    /// Runs `body` and adds its duration to `name`; typed throws, so `Never` for plain closures.
    public func measure<T, E: Error>(_ name: String, _ body: () throws(E) -> T) throws(E) -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        defer { add(name, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9) }
        return try body()
    }

    public func add(_ name: String, _ seconds: Double) {
        lock.lock()
        defer { lock.unlock() }
        if totals[name] == nil { order.append(name) }
        totals[name, default: 0] += seconds
    }

    /// `timing: NAME SECONDSs` lines in first-seen order.
    public func report() -> String {
        lock.lock()
        defer { lock.unlock() }
        return order.map { "timing: \($0) \(String(format: "%.4f", totals[$0] ?? 0))s\n" }.joined()
    }
}
