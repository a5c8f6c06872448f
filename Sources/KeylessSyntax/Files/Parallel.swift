import Dispatch
import Foundation

/// Work spread over the cores for commands whose inputs are independent (files to check or audit).
/// Results come back in input order, so the output is the same bytes whatever the scheduling.
public enum Parallel {
    /// The number of workers: `requested` when given (1 = sequential), else the active cores.
    public static func workers(_ requested: Int? = nil) -> Int {
        max(1, requested ?? ProcessInfo.processInfo.activeProcessorCount)
    }

    /// `body` over every element with up to `workers` threads; element `i` of the result is `body(items[i])`.
    /// Memory in flight is one element per worker: each result is stored as soon as it is made.
    public static func map<T: Sendable, R: Sendable>(_ items: [T], workers: Int, _ body: @Sendable (T) -> R) -> [R] {
        guard workers > 1, items.count > 1 else { return items.map(body) }
        let slots = Slots<R>(count: items.count)
        let next = Counter()
        DispatchQueue.concurrentPerform(iterations: min(workers, items.count)) { _ in
            // Each worker takes the next unclaimed index, so a slow file does not hold up a fixed share.
            while true {
                let i = next.take()
                guard i < items.count else { return }
                slots.set(i, body(items[i]))
            }
        }
        return slots.values()
    }
}

/// One slot per result, each written by exactly one worker.
private final class Slots<R>: @unchecked Sendable {
    private var storage: [R?]
    private let lock = NSLock()
    init(count: Int) { storage = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ value: R) {
        lock.lock()
        storage[i] = value
        lock.unlock()
    }
    func values() -> [R] { storage.map { $0! } }
}

/// The next index to work on, shared by the workers.
private final class Counter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()
    func take() -> Int {
        lock.lock()
        defer { value += 1; lock.unlock() }
        return value
    }
}
